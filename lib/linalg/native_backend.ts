/**
 * The native backend: CBLAS gemm/gemv and LAPACK drivers from OpenBLAS (or Accelerate) through
 * Deno FFI.
 *
 * Layout bridge: our matrices are row-major, LAPACK's column-major, and a row-major buffer read
 * column-major is the transpose. So symmetric input needs nothing; SVD of A is computed as the
 * SVD of Aᵀ = V·S·Uᵀ, whose column-major factors read row-major are exactly U and Vᵀ; general
 * solves factor Aᵀ and call getrs with trans = "T"; the inverse of Aᵀ read row-major is A⁻¹.
 */
import { assertWellConditioned, oneNorm } from "./conditioning.ts";
import type {
  Gemm,
  Gemv,
  GeneralEigenvalues,
  LinalgBackend,
  SvdResult,
  SymmetricEigenResult,
} from "./linalg_backend.ts";
import { LinalgError } from "./linalg_error.ts";
import type { NativeSymbols, OpenedLibrary } from "./native_library.ts";

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const op = (trans: boolean) => (trans ? TRANS : NO_TRANS);
const ld = (stride: number) => Math.max(1, stride);
const char = (c: string) => new Uint8Array([c.charCodeAt(0)]);
const one = (v = 0) => new Float64Array([v]);

/** A Fortran integer array: 32-bit in LP64 libraries, 64-bit in ILP64 ones. */
type FortranIntegers = Int32Array | BigInt64Array;

/** Fortran integer buffers of one width. */
interface IntegerWidth {
  /** a one-element array holding v */
  scalar(v: number): FortranIntegers;
  /** n zeros */
  array(n: number): FortranIntegers;
}

const LP64: IntegerWidth = {
  scalar: (v) => new Int32Array([v]),
  array: (n) => new Int32Array(n),
};
const ILP64: IntegerWidth = {
  scalar: (v) => new BigInt64Array([BigInt(v)]),
  array: (n) => new BigInt64Array(n),
};

/** Throws for LAPACK info ≠ 0, with the routine's meaning of a positive info. */
function checkInfo(
  operation: string,
  routine: string,
  info: FortranIntegers,
  positive: string,
): void {
  const v = Number(info[0]);
  if (v < 0) {
    throw new LinalgError(operation, `${routine} rejected argument ${-v} (a bug in lib/linalg)`);
  }
  if (v > 0) throw new LinalgError(operation, `${positive} (${routine} info = ${v})`);
}

/** Row-major n×k ↔ column-major n×k (the same as a transpose of the buffer). */
function transposed(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j];
  }
  return out;
}

/** The native backend over an opened library. */
export class NativeBackend implements LinalgBackend {
  readonly name = "native" as const;
  readonly #lib: NativeSymbols;
  readonly #path: string;
  readonly #config: string;
  readonly #integers: IntegerWidth;
  /** the compute kernel (OpenBLAS core name, e.g. "Zen", "Haswell") */
  readonly kernel: string;
  /** the library file */
  readonly path: string;
  /** its symbol convention, e.g. "LP64", "ILP64 (scipy-openblas64)" */
  readonly convention: string;

  constructor(library: OpenedLibrary) {
    this.#lib = library.symbols;
    this.#path = library.path;
    this.#config = library.config;
    this.#integers = library.convention.ilp64 ? ILP64 : LP64;
    this.kernel = library.kernel;
    this.path = library.path;
    this.convention = library.convention.label;
  }

  /** the library's own version line (e.g. "OpenBLAS 0.3.21") */
  get library(): string {
    return this.#config;
  }

  get description(): string {
    const t = this.threads();
    const ilp64 = this.#integers === ILP64 ? ", ILP64" : "";
    return `${this.#config} (${this.kernel} kernels${ilp64}) via FFI (${this.#path})` +
      (t === null ? "" : `, ${t} thread${t === 1 ? "" : "s"}`);
  }

  #int(v: number): FortranIntegers {
    return this.#integers.scalar(v);
  }

  #work: Float64Array = new Float64Array(0);

  /**
   * LAPACK workspace of at least `length` doubles, reused between calls (one process thread uses
   * a backend at a time). A fresh array per call costs the page faults of zeroing new memory:
   * dgesdd asks for 56 MB at 1000×2000, dsyevd with vectors for 16 MB at n = 1000. Workspaces
   * above 64 MB are allocated per call, so that one large call does not pin them.
   */
  #workspace(length: number): Float64Array {
    if (length > 8 * 2 ** 20) return new Float64Array(length);
    if (this.#work.length < length) this.#work = new Float64Array(length);
    return this.#work.subarray(0, length);
  }

  /** OpenBLAS's thread count (process-wide), or null where the library has no such control. */
  threads(): number | null {
    return this.#lib.openblas_get_num_threads?.() ?? null;
  }

  /** Sets OpenBLAS's thread count for the whole process; false where unsupported. */
  setThreads(count: number): boolean {
    if (!this.#lib.openblas_set_num_threads) return false;
    this.#lib.openblas_set_num_threads(count);
    return true;
  }

  /**
   * Runs `fn` with OpenBLAS on one thread. OpenBLAS 0.3.21's threaded LU (getrf_parallel) keeps
   * large work arrays on the calling thread's stack and crashed (SIGSEGV) from 200×200 up when
   * called under `deno test`, whose test code runs on a thread with a smaller stack than a
   * script's main thread; single-threaded LU never did (eigh, SVD, eigvals and Cholesky at
   * n = 600–1000 ran fine threaded). LU is O(n³/3) and a small part of any run here.
   */
  #singleThreaded<T>(fn: () => T): T {
    const before = this.threads();
    if (before === null || before === 1) return fn();
    this.setThreads(1);
    try {
      return fn();
    } finally {
      this.setThreads(before);
    }
  }

  allFinite(x: Float64Array | Float32Array): boolean {
    if (x.length === 0) return true;
    // Σ|x_i| by BLAS: NaN and ±Inf propagate into the sum, at memory speed.
    const sum = x instanceof Float32Array
      ? this.#lib.cblas_sasum(x.length, x, 1)
      : this.#lib.cblas_dasum(x.length, x, 1);
    return Number.isFinite(sum);
  }

  // CBLAS in row-major order; leading dimensions must be ≥ 1 even for empty matrices.
  readonly dgemm: Gemm<Float64Array> = (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
    this.#lib.cblas_dgemm(
      ROW_MAJOR,
      op(ta),
      op(tb),
      m,
      n,
      k,
      alpha,
      a,
      ld(lda),
      b,
      ld(ldb),
      beta,
      c,
      ld(ldc),
    );
  readonly sgemm: Gemm<Float32Array> = (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
    this.#lib.cblas_sgemm(
      ROW_MAJOR,
      op(ta),
      op(tb),
      m,
      n,
      k,
      alpha,
      a,
      ld(lda),
      b,
      ld(ldb),
      beta,
      c,
      ld(ldc),
    );
  readonly dgemv: Gemv<Float64Array> = (t, m, n, alpha, a, x, beta, y) =>
    this.#lib.cblas_dgemv(ROW_MAJOR, op(t), m, n, alpha, a, ld(n), x, 1, beta, y, 1);
  readonly sgemv: Gemv<Float32Array> = (t, m, n, alpha, a, x, beta, y) =>
    this.#lib.cblas_sgemv(ROW_MAJOR, op(t), m, n, alpha, a, ld(n), x, 1, beta, y, 1);

  symmetricEigen(a: Float64Array, n: number, vectors: boolean): SymmetricEigenResult {
    const jobz = char(vectors ? "V" : "N");
    const uplo = char("L");
    const w = new Float64Array(n);
    const info = this.#int(0);
    const call = (work: Float64Array, lwork: number, iwork: FortranIntegers, liwork: number) =>
      this.#lib.dsyevd_(
        jobz,
        uplo,
        this.#int(n),
        a,
        this.#int(n),
        w,
        work,
        this.#int(lwork),
        iwork,
        this.#int(liwork),
        info,
        1n,
        1n,
      );
    const workQuery = one();
    const iworkQuery = this.#int(0);
    call(workQuery, -1, iworkQuery, -1);
    checkInfo("eigh", "dsyevd", info, "workspace query failed");
    const lwork = Math.ceil(workQuery[0]);
    const liwork = Number(iworkQuery[0]);
    call(this.#workspace(lwork), lwork, this.#integers.array(liwork), liwork);
    checkInfo("eigh", "dsyevd", info, "the eigenvalue algorithm did not converge");
    // Column-major eigenvectors, i.e. row k of the row-major buffer is eigenvector k.
    return vectors ? { values: w, vectorRows: a } : { values: w };
  }

  svd(a: Float64Array, m: number, n: number, vectors: boolean): SvdResult {
    // LAPACK sees the column-major n×m matrix Aᵀ.
    const k = Math.min(m, n);
    const s = new Float64Array(k);
    const uT = vectors ? new Float64Array(n * k) : one(); // column-major n×k: V of A
    const vtT = vectors ? new Float64Array(k * m) : one(); // column-major k×m: Uᵀ of A
    const info = this.#int(0);
    const iwork = this.#integers.array(8 * k);
    const call = (work: Float64Array, lwork: number) =>
      this.#lib.dgesdd_(
        char(vectors ? "S" : "N"),
        this.#int(n),
        this.#int(m),
        a,
        this.#int(n),
        s,
        uT,
        this.#int(vectors ? n : 1),
        vtT,
        this.#int(vectors ? k : 1),
        work,
        this.#int(lwork),
        iwork,
        info,
        1n,
      );
    const query = one();
    call(query, -1);
    checkInfo("svd", "dgesdd", info, "workspace query failed");
    const lwork = Math.ceil(query[0]);
    call(this.#workspace(lwork), lwork);
    checkInfo("svd", "dgesdd", info, "the SVD algorithm did not converge");
    // Read row-major, the column-major Uᵀ of A (k×m) is U (m×k) and V (n×k) is Vᵀ (k×n).
    return vectors ? { s, u: vtT, vt: uT } : { s };
  }

  generalEigenvalues(a: Float64Array, n: number): GeneralEigenvalues {
    // Aᵀ has the eigenvalues of A.
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    const info = this.#int(0);
    const dummy = one();
    const call = (work: Float64Array, lwork: number) =>
      this.#lib.dgeev_(
        char("N"),
        char("N"),
        this.#int(n),
        a,
        this.#int(n),
        re,
        im,
        dummy,
        this.#int(1),
        dummy,
        this.#int(1),
        work,
        this.#int(lwork),
        info,
        1n,
        1n,
      );
    const query = one();
    call(query, -1);
    checkInfo("eigvals", "dgeev", info, "workspace query failed");
    const lwork = Math.ceil(query[0]);
    call(this.#workspace(lwork), lwork);
    checkInfo("eigvals", "dgeev", info, "the QR algorithm did not converge");
    return { re, im };
  }

  /** LU of the column-major Aᵀ in place, then the rcond guard (∞-norm of Aᵀ = 1-norm of A). */
  #factorLu(operation: string, a: Float64Array, n: number): FortranIntegers {
    const anorm = oneNorm(a, n);
    const ipiv = this.#integers.array(n);
    const info = this.#int(0);
    this.#singleThreaded(() =>
      this.#lib.dgetrf_(this.#int(n), this.#int(n), a, this.#int(n), ipiv, info)
    );
    checkInfo(operation, "dgetrf", info, "matrix is singular (an exactly zero pivot)");
    const rcond = one();
    this.#lib.dgecon_(
      char("I"),
      this.#int(n),
      a,
      this.#int(n),
      one(anorm),
      rcond,
      new Float64Array(4 * n),
      this.#integers.array(n),
      info,
      1n,
    );
    checkInfo(operation, "dgecon", info, "condition estimate failed");
    assertWellConditioned(operation, rcond[0]);
    return ipiv;
  }

  solve(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array {
    const ipiv = this.#factorLu("solve", a, n);
    const x = transposed(b, n, nrhs); // column-major n×nrhs
    const info = this.#int(0);
    this.#lib.dgetrs_(
      char("T"),
      this.#int(n),
      this.#int(nrhs),
      a,
      this.#int(n),
      ipiv,
      x,
      this.#int(n),
      info,
      1n,
    );
    checkInfo("solve", "dgetrs", info, "back-substitution failed");
    return transposed(x, nrhs, n);
  }

  solveSpd(a: Float64Array, n: number, b: Float64Array, nrhs: number): Float64Array {
    const anorm = oneNorm(a, n);
    const info = this.#int(0);
    this.#lib.dpotrf_(char("L"), this.#int(n), a, this.#int(n), info, 1n);
    checkInfo("solveSpd", "dpotrf", info, "matrix is not positive definite");
    const rcond = one();
    this.#lib.dpocon_(
      char("L"),
      this.#int(n),
      a,
      this.#int(n),
      one(anorm),
      rcond,
      new Float64Array(3 * n),
      this.#integers.array(n),
      info,
      1n,
    );
    checkInfo("solveSpd", "dpocon", info, "condition estimate failed");
    assertWellConditioned("solveSpd", rcond[0]);
    const x = transposed(b, n, nrhs);
    this.#lib.dpotrs_(
      char("L"),
      this.#int(n),
      this.#int(nrhs),
      a,
      this.#int(n),
      x,
      this.#int(n),
      info,
      1n,
    );
    checkInfo("solveSpd", "dpotrs", info, "back-substitution failed");
    return transposed(x, nrhs, n);
  }

  cholesky(a: Float64Array, n: number): Float64Array {
    // Column-major upper U with A = UᵀU is, read row-major, the lower L = Uᵀ.
    const info = this.#int(0);
    this.#lib.dpotrf_(char("U"), this.#int(n), a, this.#int(n), info, 1n);
    checkInfo("cholesky", "dpotrf", info, "matrix is not positive definite");
    for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
    return a;
  }

  inverse(a: Float64Array, n: number): Float64Array {
    const ipiv = this.#factorLu("inverse", a, n);
    const info = this.#int(0);
    const query = one();
    this.#lib.dgetri_(this.#int(n), a, this.#int(n), ipiv, query, this.#int(-1), info);
    checkInfo("inverse", "dgetri", info, "workspace query failed");
    const lwork = Math.max(1, Math.ceil(query[0]));
    this.#singleThreaded(() =>
      this.#lib.dgetri_(
        this.#int(n),
        a,
        this.#int(n),
        ipiv,
        new Float64Array(lwork),
        this.#int(lwork),
        info,
      )
    );
    checkInfo("inverse", "dgetri", info, "matrix is singular");
    return a;
  }
}
