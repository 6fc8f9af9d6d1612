/**
 * The one error type of lib/linalg: names the operation and the problem, e.g.
 * `eigh: matrix is not square (3×4)` or `solve: matrix is singular to working precision`.
 */
export class LinalgError extends Error {
  /** the operation that failed ("gemm", "eigh", "svd", "solve", …) */
  readonly operation: string;

  constructor(operation: string, problem: string) {
    super(`${operation}: ${problem}`);
    this.name = "LinalgError";
    this.operation = operation;
  }
}
