/**
 * Eigenvalues of real symmetric matrices (pure-TS backend: ml-matrix's Householder
 * tridiagonalisation + QL). Matrices are dense, row-major Float64Array of size n·n.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/** Eigenvalues of the symmetric n×n matrix `a` (row-major), in ascending order. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`eigvalsh: bad size n = ${n}`);
  if (a.length !== n * n) {
    throw new RangeError(`eigvalsh: expected a square ${n}×${n} matrix, got ${a.length} entries`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new RangeError(
        `eigvalsh: non-finite entry ${a[i]} at (${Math.floor(i / n)}, ${i % n})`,
      );
    }
  }
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  }
  const values = new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues;
  return Float64Array.from(values).sort();
}
