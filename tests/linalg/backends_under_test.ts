/**
 * Test helpers: run a test body on every backend this machine has (js always; native when a
 * library loads), plus random matrices and reference computations independent of lib/linalg.
 */
import {
  type LinalgBackendName,
  nativeUnavailableReason,
  withLinalgBackend,
} from "../../lib/linalg/backend.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

/** Whether the native backend loads in this process. */
export const nativeAvailable = nativeUnavailableReason() === "";

/** Registers `name [backend]` for js and, when available, native. */
export function testOnBackends(name: string, body: (backend: LinalgBackendName) => void): void {
  for (const backend of ["js", "native"] as const) {
    Deno.test({
      name: `${name} [${backend}]`,
      ignore: backend === "native" && !nativeAvailable,
      fn: () => withLinalgBackend(backend, () => body(backend)),
    });
  }
}

/** An m×n f64 matrix of iid N(0, 1) entries from the seeded stream. */
export function gaussianMatrix(m: number, n: number, seed: number): DenseMatrix<Float64Array> {
  return new DenseMatrix(m, n, Rng.fromSeed(seed, m, n).fillNormal(new Float64Array(m * n), 0, 1));
}

/** A symmetric n×n matrix (G + Gᵀ)/2 with Gaussian G. */
export function symmetricMatrix(n: number, seed: number): DenseMatrix<Float64Array> {
  const g = gaussianMatrix(n, n, seed);
  const s = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s.data[i * n + j] = (g.get(i, j) + g.get(j, i)) / 2;
  }
  return s;
}

/** A symmetric positive-definite n×n matrix GᵀG/n + shift·I (reference product, no gemm). */
export function spdMatrix(n: number, seed: number, shift = 0.5): DenseMatrix<Float64Array> {
  const g = gaussianMatrix(n, n, seed);
  const s = naiveProduct(g, g, true, false);
  for (let i = 0; i < s.data.length; i++) s.data[i] /= n;
  for (let i = 0; i < n; i++) s.data[i * n + i] += shift;
  return s;
}

/** op(A)·op(B) by the textbook triple loop in f64: the oracle for gemm. */
export function naiveProduct(
  a: DenseMatrix<Float64Array | Float32Array>,
  b: DenseMatrix<Float64Array | Float32Array>,
  transA = false,
  transB = false,
): DenseMatrix<Float64Array> {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const out = DenseMatrix.zeros(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += (transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j));
      }
      out.data[i * n + j] = s;
    }
  }
  return out;
}

/** max |x_i − y_i| / max |y_i|. */
export function maxRelativeDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`lengths differ: ${x.length} vs ${y.length}`);
  let diff = 0, scale = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / (scale || 1);
}
