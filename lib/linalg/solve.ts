/**
 * Linear systems, Cholesky and inverse on the active backend (f64). Singular or numerically
 * singular matrices (reciprocal condition number < ε) are refused with an error, never solved
 * into noise.
 */
import { linalgBackend } from "./backend.ts";
import { DenseMatrix, float64Copy, type FloatArray } from "./dense_matrix.ts";
import { LinalgError } from "./linalg_error.ts";
import { assertFinite, assertFiniteArray, assertSquare, assertSymmetric } from "./validate.ts";

type RightHandSide = DenseMatrix<FloatArray> | Float64Array;

function prepare(operation: string, a: DenseMatrix<FloatArray>, b: RightHandSide) {
  assertSquare(operation, "A", a);
  assertFinite(operation, "A", a);
  const n = a.rows;
  const isVector = !(b instanceof DenseMatrix);
  const rows = isVector ? b.length : b.rows;
  const nrhs = isVector ? 1 : b.cols;
  if (rows !== n) {
    throw new LinalgError(operation, `A is ${n}×${n} but b has ${rows} rows`);
  }
  if (isVector) assertFiniteArray(operation, "b", b);
  else assertFinite(operation, "B", b);
  return { n, nrhs, isVector, bData: float64Copy(isVector ? b : b.data) };
}

/** x with A·x = b (b a vector), or X with A·X = B (B a matrix); A square, LU with pivoting. */
export function solve(a: DenseMatrix<FloatArray>, b: Float64Array): Float64Array;
export function solve(
  a: DenseMatrix<FloatArray>,
  b: DenseMatrix<FloatArray>,
): DenseMatrix<Float64Array>;
export function solve(a: DenseMatrix<FloatArray>, b: RightHandSide) {
  const { n, nrhs, isVector, bData } = prepare("solve", a, b);
  const x = linalgBackend().solve(float64Copy(a.data), n, bData, nrhs);
  return isVector ? x : new DenseMatrix(n, nrhs, x);
}

/** As solve, for symmetric positive-definite A (Cholesky; half the work of LU). */
export function solveSpd(a: DenseMatrix<FloatArray>, b: Float64Array): Float64Array;
export function solveSpd(
  a: DenseMatrix<FloatArray>,
  b: DenseMatrix<FloatArray>,
): DenseMatrix<Float64Array>;
export function solveSpd(a: DenseMatrix<FloatArray>, b: RightHandSide) {
  const { n, nrhs, isVector, bData } = prepare("solveSpd", a, b);
  assertSymmetric("solveSpd", "A", a);
  const x = linalgBackend().solveSpd(float64Copy(a.data), n, bData, nrhs);
  return isVector ? x : new DenseMatrix(n, nrhs, x);
}

/** The lower-triangular L with A = L·Lᵀ for symmetric positive-definite A. */
export function cholesky(a: DenseMatrix<FloatArray>): DenseMatrix<Float64Array> {
  assertSquare("cholesky", "A", a);
  assertFinite("cholesky", "A", a);
  assertSymmetric("cholesky", "A", a);
  return new DenseMatrix(
    a.rows,
    a.rows,
    linalgBackend().cholesky(float64Copy(a.data), a.rows),
  );
}

/** A⁻¹ (prefer solve when only A⁻¹·b is needed). */
export function inverse(a: DenseMatrix<FloatArray>): DenseMatrix<Float64Array> {
  assertSquare("inverse", "A", a);
  assertFinite("inverse", "A", a);
  return new DenseMatrix(
    a.rows,
    a.rows,
    linalgBackend().inverse(float64Copy(a.data), a.rows),
  );
}
