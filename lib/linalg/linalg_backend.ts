/**
 * The contract between the public operations (eigen.ts, svd.ts, …) and a backend. Arguments
 * arrive checked (shapes, finiteness) and in row-major layout; arrays the contract says are
 * overwritten are private copies. Backends throw LinalgError for numerical failures.
 */

/** Symmetric eigendecomposition: ascending values; `vectorRows` row k = eigenvector k. */
export interface SymmetricEigenResult {
  values: Float64Array;
  vectorRows?: Float64Array;
}

/** Thin SVD of an m×n matrix, k = min(m, n): descending s, U m×k and Vᵀ k×n row-major. */
export interface SvdResult {
  s: Float64Array;
  u?: Float64Array;
  vt?: Float64Array;
}

/** Eigenvalues of a general real matrix, as real and imaginary parts (any order). */
export interface GeneralEigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/** C ← alpha·op(A)·op(B) + beta·C; op(A) m×k, op(B) k×n, C m×n; ld* are row strides. */
export type Gemm<T extends Float64Array | Float32Array> = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: T,
  lda: number,
  b: T,
  ldb: number,
  beta: number,
  c: T,
  ldc: number,
) => void;

/** y ← alpha·op(A)·x + beta·y with A m×n row-major. */
export type Gemv<T extends Float64Array | Float32Array> = (
  trans: boolean,
  m: number,
  n: number,
  alpha: number,
  a: T,
  x: T,
  beta: number,
  y: T,
) => void;

/** One dense linear-algebra implementation (native OpenBLAS/LAPACK, or pure TypeScript). */
export interface LinalgBackend {
  /** "native" or "js" */
  readonly name: "native" | "js";
  /** one line: library, version and threads, e.g. "OpenBLAS 0.3.21 …, 1 thread" */
  readonly description: string;

  /**
   * Whether every entry is finite: a fast screen (a vectorised Σ|x_i| is finite) that may also
   * answer false for finite data whose sum overflows; callers then locate the entry themselves.
   */
  allFinite(x: Float64Array | Float32Array): boolean;
  /** C ← alpha·op(A)·op(B) + beta·C in f64 (see Gemm) */
  dgemm: Gemm<Float64Array>;
  /** the same in f32 */
  sgemm: Gemm<Float32Array>;
  /** y ← alpha·op(A)·x + beta·y in f64 (see Gemv) */
  dgemv: Gemv<Float64Array>;
  /** the same in f32 */
  sgemv: Gemv<Float32Array>;
  /** eigen of the symmetric n×n `a` (overwritten) */
  symmetricEigen(a: Float64Array, n: number, vectors: boolean): SymmetricEigenResult;
  /** thin SVD of the m×n `a` (overwritten) */
  svd(a: Float64Array, m: number, n: number, vectors: boolean): SvdResult;
  /** eigenvalues of the general n×n `a` (overwritten) */
  generalEigenvalues(a: Float64Array, n: number): GeneralEigenvalues;
  /** X with A·X = B; `a` n×n and `b` n×nrhs are overwritten, X returned row-major */
  solve(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array;
  /** as solve, for symmetric positive-definite A */
  solveSpd(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array;
  /** lower-triangular L with A = L·Lᵀ (zeros above the diagonal); `a` is overwritten */
  cholesky(a: Float64Array, n: number): Float64Array;
  /** A⁻¹; `a` is overwritten */
  inverse(a: Float64Array, n: number): Float64Array;
}
