/**
 * Matrix products on the active backend: gemm (C ← α·op(A)·op(B) + β·C) and gemv, in f64 or f32
 * (both operands and the output share one element type).
 */
import { linalgBackend } from "./backend.ts";
import { DenseMatrix, type FloatArray } from "./dense_matrix.ts";
import { LinalgError } from "./linalg_error.ts";
import { assertFinite, assertFiniteArray } from "./validate.ts";

/** Options of gemm. */
export interface GemmOptions<T extends FloatArray> {
  /** use Aᵀ (default false) */
  transA?: boolean;
  /** use Bᵀ (default false) */
  transB?: boolean;
  /** α (default 1) */
  alpha?: number;
  /** β (default 0; β ≠ 0 needs `out`, whose contents are then accumulated into) */
  beta?: number;
  /** where to write C (m×n, same element type); a new matrix when omitted */
  out?: DenseMatrix<T>;
  /** scan the inputs for NaN/Inf first (default true; O(size), off only in hot loops) */
  checkFinite?: boolean;
}

function overlaps(x: FloatArray, y: FloatArray): boolean {
  if (x.buffer !== y.buffer) return false;
  const x0 = x.byteOffset, x1 = x0 + x.byteLength;
  const y0 = y.byteOffset, y1 = y0 + y.byteLength;
  return x0 < y1 && y0 < x1;
}

function sameType(x: FloatArray, y: FloatArray): boolean {
  return (x instanceof Float32Array) === (y instanceof Float32Array);
}

/** C = α·op(A)·op(B) + β·C; op(A) is m×k, op(B) k×n, C m×n. */
export function gemm<T extends FloatArray>(
  a: DenseMatrix<T>,
  b: DenseMatrix<T>,
  options: GemmOptions<T> = {},
): DenseMatrix<T> {
  const { transA = false, transB = false, alpha = 1, beta = 0, checkFinite = true } = options;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  const shape = (x: DenseMatrix<FloatArray>, t: boolean) => `${x.rows}×${x.cols}${t ? "ᵀ" : ""}`;
  if (k !== kb) {
    throw new LinalgError(
      "gemm",
      `inner dimensions differ: op(A) = ${shape(a, transA)}, op(B) = ${shape(b, transB)}`,
    );
  }
  if (!sameType(a.data, b.data)) throw new LinalgError("gemm", `A is ${a.dtype}, B is ${b.dtype}`);
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) {
    throw new LinalgError("gemm", `alpha and beta must be finite, got ${alpha}, ${beta}`);
  }
  if (beta !== 0 && !options.out) throw new LinalgError("gemm", "beta ≠ 0 needs an `out` matrix");
  const out = options.out ??
    new DenseMatrix(
      m,
      n,
      (a.dtype === "f32" ? new Float32Array(m * n) : new Float64Array(m * n)) as T,
    );
  if (out.rows !== m || out.cols !== n) {
    throw new LinalgError("gemm", `out is ${out.rows}×${out.cols}, the product is ${m}×${n}`);
  }
  if (!sameType(out.data, a.data)) {
    throw new LinalgError("gemm", `out is ${out.dtype}, A is ${a.dtype}`);
  }
  if (overlaps(out.data, a.data) || overlaps(out.data, b.data)) {
    throw new LinalgError("gemm", "out shares storage with A or B");
  }
  if (checkFinite) {
    assertFinite("gemm", "A", a);
    assertFinite("gemm", "B", b);
    if (beta !== 0) assertFinite("gemm", "C", out);
  }
  if (m === 0 || n === 0) return out;
  const backend = linalgBackend();
  if (a.data instanceof Float32Array) {
    backend.sgemm(
      transA,
      transB,
      m,
      n,
      k,
      alpha,
      a.data,
      a.cols,
      b.data as Float32Array,
      b.cols,
      beta,
      out.data as Float32Array,
      n,
    );
  } else {
    backend.dgemm(
      transA,
      transB,
      m,
      n,
      k,
      alpha,
      a.data as Float64Array,
      a.cols,
      b.data as Float64Array,
      b.cols,
      beta,
      out.data as Float64Array,
      n,
    );
  }
  return out;
}

/** A·B (shorthand for gemm with defaults). */
export function matmul<T extends FloatArray>(a: DenseMatrix<T>, b: DenseMatrix<T>): DenseMatrix<T> {
  return gemm(a, b);
}

/** Options of gemv. */
export interface GemvOptions<V extends FloatArray> {
  /** use Aᵀ (default false) */
  trans?: boolean;
  alpha?: number;
  /** β (default 0; β ≠ 0 needs `out`) */
  beta?: number;
  out?: V;
  checkFinite?: boolean;
}

/** y = α·op(A)·x + β·y for an m×n matrix A. */
export function gemv<T extends FloatArray>(
  a: DenseMatrix<T>,
  x: T,
  options: GemvOptions<T> = {},
): T {
  const { trans = false, alpha = 1, beta = 0, checkFinite = true } = options;
  const inLength = trans ? a.rows : a.cols;
  const outLength = trans ? a.cols : a.rows;
  if (x.length !== inLength) {
    throw new LinalgError(
      "gemv",
      `x has ${x.length} entries, op(A) = ${a.rows}×${a.cols}${trans ? "ᵀ" : ""} needs ${inLength}`,
    );
  }
  if (!sameType(a.data, x)) throw new LinalgError("gemv", `A is ${a.dtype}, x is not`);
  if (beta !== 0 && !options.out) throw new LinalgError("gemv", "beta ≠ 0 needs an `out` vector");
  const y = options.out ??
    ((x instanceof Float32Array ? new Float32Array(outLength) : new Float64Array(outLength)) as T);
  if (y.length !== outLength || !sameType(y, x)) {
    throw new LinalgError("gemv", `out must be a ${a.dtype} vector of length ${outLength}`);
  }
  if (overlaps(y, a.data) || overlaps(y, x)) {
    throw new LinalgError("gemv", "out shares storage with A or x");
  }
  if (checkFinite) {
    assertFinite("gemv", "A", a);
    assertFiniteArray("gemv", "x", x);
  }
  if (outLength === 0) return y;
  const backend = linalgBackend();
  if (x instanceof Float32Array) {
    backend.sgemv(trans, a.rows, a.cols, alpha, a.data as Float32Array, x, beta, y as Float32Array);
  } else {
    backend.dgemv(
      trans,
      a.rows,
      a.cols,
      alpha,
      a.data as Float64Array,
      x as Float64Array,
      beta,
      y as Float64Array,
    );
  }
  return y;
}
