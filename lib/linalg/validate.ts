/** Input checks shared by the linalg operations: each failure names the operation and entry. */
import type { DenseMatrix, FloatArray } from "./dense_matrix.ts";
import { LinalgError } from "./linalg_error.ts";

/** Throws unless every entry of `values` is finite, naming the first bad one. */
export function assertFiniteArray(operation: string, what: string, values: FloatArray): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new LinalgError(operation, `${what} has a non-finite entry ${values[i]} at [${i}]`);
    }
  }
}

/** Throws unless every entry of the matrix is finite, naming the first bad one as (row, col). */
export function assertFinite(operation: string, what: string, m: DenseMatrix<FloatArray>): void {
  const { data, cols } = m;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const at = `(${Math.floor(i / cols)}, ${i % cols})`;
      throw new LinalgError(operation, `${what} has a non-finite entry ${data[i]} at ${at}`);
    }
  }
}

/** Throws unless the matrix is square and not empty. */
export function assertSquare(operation: string, what: string, m: DenseMatrix<FloatArray>): void {
  if (m.rows !== m.cols) {
    throw new LinalgError(operation, `${what} must be square, got ${m.rows}×${m.cols}`);
  }
  if (m.rows === 0) throw new LinalgError(operation, `${what} is empty (0×0)`);
}

/**
 * Throws unless the square matrix is symmetric to `relativeTolerance` × max|a_ij|. LAPACK's
 * symmetric routines read one triangle only, so an asymmetric input would otherwise give a
 * silently wrong answer; rounding in products like WᵀW stays far below the default 1e-8.
 */
export function assertSymmetric(
  operation: string,
  what: string,
  m: DenseMatrix<FloatArray>,
  relativeTolerance = 1e-8,
): void {
  const { data, rows: n } = m;
  let scale = 0;
  for (let i = 0; i < data.length; i++) scale = Math.max(scale, Math.abs(data[i]));
  let worst = 0;
  let at = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.abs(data[i * n + j] - data[j * n + i]);
      if (d > worst) [worst, at] = [d, [i, j]];
    }
  }
  if (worst > relativeTolerance * scale) {
    const [i, j] = at;
    throw new LinalgError(
      operation,
      `${what} is not symmetric: |a(${i},${j}) − a(${j},${i})| = ${worst.toExponential(2)} ` +
        `> ${relativeTolerance} × max|a| = ${(relativeTolerance * scale).toExponential(2)}`,
    );
  }
}
