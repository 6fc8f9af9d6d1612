/**
 * The pure-TypeScript backend: ml-matrix (6.15) for the decompositions — Householder
 * tridiagonalisation + QL for symmetric eigen, Golub–Kahan for SVD, Hessenberg + QR for general
 * eigenvalues, partial-pivoting LU and Cholesky for solves — and the cache-blocked gemm of
 * blocked_gemm.ts. Correct everywhere, 20–70× slower than LAPACK beyond n ≈ 500.
 */
import {
  CholeskyDecomposition,
  EigenvalueDecomposition,
  LuDecomposition,
  Matrix,
  SingularValueDecomposition,
} from "ml-matrix";
import { blockedGemm, plainGemv } from "./blocked_gemm.ts";
import { assertWellConditioned, oneNorm } from "./conditioning.ts";
import type {
  GeneralEigenvalues,
  LinalgBackend,
  SvdResult,
  SymmetricEigenResult,
} from "./linalg_backend.ts";
import { LinalgError } from "./linalg_error.ts";

function toMl(a: Float64Array, rows: number, cols: number): Matrix {
  return Matrix.from1DArray(rows, cols, a);
}

function fromMl(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) out.set(m.getRow(i), i * m.columns);
  return out;
}

/** Row-major copy of the first `k` columns of an ml-matrix Matrix. */
function leadingColumns(m: Matrix, k: number): Float64Array {
  const out = new Float64Array(m.rows * k);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < k; j++) out[i * k + j] = m.get(i, j);
  }
  return out;
}

/** LU of A with the singularity guard; the exact rcond needs A⁻¹, which the callers reuse. */
function guardedLu(operation: string, a: Float64Array, n: number) {
  const lu = new LuDecomposition(toMl(a, n, n));
  if (lu.isSingular()) {
    throw new LinalgError(operation, "matrix is singular (a zero pivot in its LU factorisation)");
  }
  const inverse = fromMl(lu.solve(Matrix.eye(n)));
  assertWellConditioned(operation, 1 / (oneNorm(a, n) * oneNorm(inverse, n)));
  return { lu, inverse };
}

/** The fallback backend (always available). */
export const jsBackend: LinalgBackend = {
  name: "js",
  description: "pure TypeScript (ml-matrix 6.15.1 + blocked gemm)",

  allFinite(x) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
    return true;
  },

  dgemm: blockedGemm,
  sgemm: blockedGemm,
  dgemv: plainGemv,
  sgemv: plainGemv,

  symmetricEigen(a, n, vectors): SymmetricEigenResult {
    const evd = new EigenvalueDecomposition(toMl(a, n, n), { assumeSymmetric: true });
    const raw = evd.realEigenvalues;
    const order = Array.from(raw.keys()).sort((i, j) => raw[i] - raw[j]);
    const values = Float64Array.from(order, (i) => raw[i]);
    if (!vectors) return { values };
    const v = evd.eigenvectorMatrix; // column k = eigenvector k
    const vectorRows = new Float64Array(n * n);
    order.forEach((col, k) => {
      for (let i = 0; i < n; i++) vectorRows[k * n + i] = v.get(i, col);
    });
    return { values, vectorRows };
  },

  svd(a, m, n, vectors): SvdResult {
    const k = Math.min(m, n);
    const svd = new SingularValueDecomposition(toMl(a, m, n), {
      computeLeftSingularVectors: vectors,
      computeRightSingularVectors: vectors,
      autoTranspose: true,
    });
    const s = Float64Array.from(svd.diagonal.slice(0, k));
    if (!vectors) return { s };
    const u = leadingColumns(svd.leftSingularVectors, k); // m×k
    const v = leadingColumns(svd.rightSingularVectors, k); // n×k
    const vt = new Float64Array(k * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) vt[j * n + i] = v[i * k + j];
    }
    return { s, u, vt };
  },

  generalEigenvalues(a, n): GeneralEigenvalues {
    const evd = new EigenvalueDecomposition(toMl(a, n, n), { assumeSymmetric: false });
    return {
      re: Float64Array.from(evd.realEigenvalues),
      im: Float64Array.from(evd.imaginaryEigenvalues),
    };
  },

  solve(a, n, b, nrhs) {
    const { lu } = guardedLu("solve", a, n);
    return fromMl(lu.solve(toMl(b, n, nrhs)));
  },

  solveSpd(a, n, b, nrhs) {
    const chol = new CholeskyDecomposition(toMl(a, n, n));
    if (!chol.isPositiveDefinite()) {
      throw new LinalgError("solveSpd", "matrix is not positive definite");
    }
    // The same exact-rcond guard as solve, from A⁻¹ through the Cholesky factor.
    const inverse = fromMl(chol.solve(Matrix.eye(n)));
    assertWellConditioned("solveSpd", 1 / (oneNorm(a, n) * oneNorm(inverse, n)));
    return fromMl(chol.solve(toMl(b, n, nrhs)));
  },

  cholesky(a, n) {
    const chol = new CholeskyDecomposition(toMl(a, n, n));
    if (!chol.isPositiveDefinite()) {
      throw new LinalgError("cholesky", "matrix is not positive definite");
    }
    return fromMl(chol.lowerTriangularMatrix);
  },

  inverse(a, n) {
    return guardedLu("inverse", a, n).inverse;
  },
};
