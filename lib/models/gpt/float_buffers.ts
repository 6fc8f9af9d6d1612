/**
 * The element type of the GPT's buffers: Float32Array for training (native sgemm), Float64Array
 * for the finite-difference gradient checks. One model never mixes the two.
 */
import { linalgBackend } from "../../linalg/backend.ts";
import type { Gemm } from "../../linalg/linalg_backend.ts";

/** A buffer of the model: all buffers of one model share the element type. */
export type Floats = Float32Array | Float64Array;

/** A zero buffer of the same element type as `like`. */
export function zerosLike(like: Floats, length: number): Floats {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/**
 * C ← alpha·op(A)·op(B) + beta·C on row-major views with row strides lda, ldb, ldc (subarray views
 * address a block inside a larger buffer), on the active backend in the buffers' precision.
 */
export const gemmView: Gemm<Floats> = (
  transA,
  transB,
  m,
  n,
  k,
  alpha,
  a,
  lda,
  b,
  ldb,
  beta,
  c,
  ldc,
) => {
  const backend = linalgBackend();
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    backend.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array) {
    backend.dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else {
    throw new TypeError("gemmView: A, B and C must share one element type");
  }
};
