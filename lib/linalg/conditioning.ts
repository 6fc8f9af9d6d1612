/**
 * Singularity guard shared by both backends: a solve or inverse whose matrix has reciprocal
 * condition number (1-norm) below machine epsilon returns numbers dominated by rounding, so it
 * is refused — the same test LAPACK's expert drivers (dgesvx) use for "singular to working
 * precision".
 */
import { LinalgError } from "./linalg_error.ts";

/** IEEE double machine epsilon, 2⁻⁵². */
export const EPSILON = 2 ** -52;

/** The 1-norm (largest absolute column sum) of the row-major n×n matrix a. */
export function oneNorm(a: Float64Array, n: number): number {
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) sums[j] += Math.abs(a[i * n + j]);
  }
  return sums.reduce((m, s) => Math.max(m, s), 0);
}

/** Throws when rcond < ε (or is NaN), naming the operation. */
export function assertWellConditioned(operation: string, rcond: number): void {
  if (!(rcond >= EPSILON)) {
    throw new LinalgError(
      operation,
      `matrix is singular to working precision (reciprocal condition number ${
        rcond.toExponential(2)
      } < 2.2e-16)`,
    );
  }
}
