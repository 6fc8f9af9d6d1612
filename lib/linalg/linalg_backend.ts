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
  /** C ← alpha·op(A)·op(B) + beta·C; op(A) m×k, op(B) k×n, C m×n; ld* are row strides. */
  dgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float64Array,
    lda: number,
    b: Float64Array,
    ldb: number,
    beta: number,
    c: Float64Array,
    ldc: number,
  ): void;
  /** single-precision gemm, same arguments as dgemm */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /** y ← alpha·op(A)·x + beta·y with A m×n row-major */
  dgemv(
    trans: boolean,
    m: number,
    n: number,
    alpha: number,
    a: Float64Array,
    x: Float64Array,
    beta: number,
    y: Float64Array,
  ): void;
  /** single-precision gemv */
  sgemv(
    trans: boolean,
    m: number,
    n: number,
    alpha: number,
    a: Float32Array,
    x: Float32Array,
    beta: number,
    y: Float32Array,
  ): void;
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
