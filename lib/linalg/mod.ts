/**
 * lib/linalg: dense linear algebra on native OpenBLAS/LAPACK (Deno FFI) with a pure-TypeScript
 * fallback. Matrices are row-major DenseMatrix over Float64Array or Float32Array.
 */
export { DenseMatrix, type DType, type FloatArray } from "./dense_matrix.ts";
export { LinalgError } from "./linalg_error.ts";
export {
  linalgBackend,
  linalgBackendDescription,
  type LinalgBackendName,
  linalgBackendName,
  linalgThreads,
  nativeUnavailableReason,
  restoreLinalgThreads,
  setLinalgThreads,
  useLinalgBackend,
  withLinalgBackend,
} from "./backend.ts";
export { gemm, type GemmOptions, gemv, type GemvOptions, matmul } from "./products.ts";
export {
  type ComplexEigenvalues,
  eigh,
  eigvals,
  eigvalsh,
  type SymmetricEigen,
  symmetricEigenvalues,
} from "./eigen.ts";
export { singularValues, svd, type ThinSvd } from "./svd.ts";
export { cholesky, inverse, solve, solveSpd } from "./solve.ts";
export {
  type LyapunovOptions,
  solveContinuousLyapunov,
  solveDiscreteLyapunov,
  solveSymmetricLyapunov,
} from "./lyapunov.ts";
export { frobeniusDistance, frobeniusNorm } from "./norms.ts";
export { fitLine, fitLogLog, type LineFit } from "./line_fit.ts";
export {
  type PrincipalComponents,
  principalComponents,
  RunningMoments,
  trajectoryMoments,
} from "./sample_moments.ts";
export { GRAM_BLOCK_ELEMENTS, gramMatrix } from "./gram.ts";
export { tridiagonalEigenvalues } from "./tridiagonal_eigen.ts";
