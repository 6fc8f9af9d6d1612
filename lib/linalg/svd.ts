/**
 * Singular value decomposition on the active backend (f64; f32 input is promoted): LAPACK
 * dgesdd (divide and conquer) natively, Golub–Kahan–Reinsch in the fallback.
 */
import { linalgBackend } from "./backend.ts";
import { DenseMatrix, type FloatArray } from "./dense_matrix.ts";
import { LinalgError } from "./linalg_error.ts";
import { scratchCopy } from "./scratch_copy.ts";
import { assertFinite } from "./validate.ts";

function checked(operation: string, a: DenseMatrix<FloatArray>): Float64Array {
  if (a.rows === 0 || a.cols === 0) {
    throw new LinalgError(operation, `A is empty (${a.rows}×${a.cols})`);
  }
  assertFinite(operation, "A", a);
  // LAPACK overwrites its copy, and U, S, Vᵀ are separate arrays: a reused buffer
  return scratchCopy(a.data);
}

/** Singular values of the m×n matrix A, descending (min(m, n) of them). */
export function singularValues(a: DenseMatrix<FloatArray>): Float64Array {
  return linalgBackend().svd(checked("singularValues", a), a.rows, a.cols, false).s;
}

/** Thin SVD A = U·diag(s)·Vᵀ with k = min(m, n). */
export interface ThinSvd {
  /** m×k, orthonormal columns */
  u: DenseMatrix<Float64Array>;
  /** k singular values, descending */
  s: Float64Array;
  /** k×n, orthonormal rows */
  vt: DenseMatrix<Float64Array>;
}

/** The thin SVD of the m×n matrix A. */
export function svd(a: DenseMatrix<FloatArray>): ThinSvd {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const r = linalgBackend().svd(checked("svd", a), m, n, true);
  return { u: new DenseMatrix(m, k, r.u!), s: r.s, vt: new DenseMatrix(k, n, r.vt!) };
}
