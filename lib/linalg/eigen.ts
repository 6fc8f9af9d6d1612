/**
 * Eigenvalues and eigenvectors on the active backend (f64; f32 input is promoted).
 * Symmetric: LAPACK dsyevd (divide and conquer) natively, Householder + QL in the fallback.
 */
import { linalgBackend } from "./backend.ts";
import { DenseMatrix, type FloatArray } from "./dense_matrix.ts";
import { scratchCopy } from "./scratch_copy.ts";
import { assertFinite, assertSquare, assertSymmetric } from "./validate.ts";

function checkedSymmetric(operation: string, a: DenseMatrix<FloatArray>): void {
  assertSquare(operation, "A", a);
  assertFinite(operation, "A", a);
  assertSymmetric(operation, "A", a);
}

/** Eigenvalues of the symmetric matrix A, ascending. */
export function eigvalsh(a: DenseMatrix<FloatArray>): Float64Array {
  checkedSymmetric("eigvalsh", a);
  // LAPACK overwrites its copy, and only the values are kept: a reused buffer
  return linalgBackend().symmetricEigen(scratchCopy(a.data), a.rows, false).values;
}

/** Symmetric eigendecomposition A = V·diag(values)·Vᵀ. */
export interface SymmetricEigen {
  /** ascending eigenvalues */
  values: Float64Array;
  /** n×n orthogonal matrix whose column k is the eigenvector of values[k] */
  vectors: DenseMatrix<Float64Array>;
}

/** Eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric matrix A. */
export function eigh(a: DenseMatrix<FloatArray>): SymmetricEigen {
  const n = a.rows;
  checkedSymmetric("eigh", a);
  // LAPACK overwrites its copy with the eigenvectors (in rows), which the transpose below copies
  // into a fresh array: the working copy can be the reused buffer
  const { values, vectorRows } = linalgBackend().symmetricEigen(scratchCopy(a.data), n, true);
  return { values, vectors: new DenseMatrix(n, n, vectorRows!).transpose() };
}

/** Eigenvalues of a general real matrix: real and imaginary parts. */
export interface ComplexEigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/** Eigenvalues of the square matrix A, sorted by real part, then imaginary part. */
export function eigvals(a: DenseMatrix<FloatArray>): ComplexEigenvalues {
  assertSquare("eigvals", "A", a);
  assertFinite("eigvals", "A", a);
  const { re, im } = linalgBackend().generalEigenvalues(scratchCopy(a.data), a.rows);
  const order = Array.from(re.keys()).sort((i, j) => re[i] - re[j] || im[i] - im[j]);
  return { re: Float64Array.from(order, (i) => re[i]), im: Float64Array.from(order, (i) => im[i]) };
}

/** Eigenvalues (ascending) of a symmetric n×n matrix given as a row-major array. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  return eigvalsh(new DenseMatrix(n, n, a));
}
