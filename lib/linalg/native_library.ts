/**
 * Opening one CBLAS + LAPACK shared library with Deno.dlopen, whatever its symbol convention.
 *
 * LAPACK symbols follow the Fortran convention: every argument by pointer ("buffer"),
 * column-major storage, and a hidden string-length argument (usize) per character argument,
 * appended at the end. Libraries differ in two ways, both handled by a `SymbolConvention`:
 * - integer width: LP64 (32-bit integers: Debian's libopenblas, Accelerate, MKL's default) or
 *   ILP64 (64-bit: the OpenBLAS that numpy ≥ 2 wheels bundle, Debian's libopenblas64);
 * - symbol names: plain (`cblas_dgemm`, `dsyevd_`), suffixed (`cblas_dgemm64_`, `dsyevd_64_`:
 *   Debian's libopenblas64), or prefixed and suffixed (`scipy_cblas_dgemm64_`,
 *   `scipy_dsyevd_64_`: numpy's `scipy-openblas64`; `scipy_cblas_dgemm`: `scipy-openblas32`).
 * CBLAS enum arguments (order, transpose) stay C ints in every convention.
 */

/** How a library names its symbols and how wide its integers are. */
export interface SymbolConvention {
  /** e.g. "LP64", "ILP64 (scipy-openblas64)" */
  readonly label: string;
  /** prepended to every symbol ("scipy_" in the scipy-openblas builds) */
  readonly prefix: string;
  /** appended to every symbol ("64_" in ILP64 builds with symbol suffixes) */
  readonly suffix: string;
  /** 64-bit integer arguments */
  readonly ilp64: boolean;
}

/** The conventions tried, in order (the file name's hint first, see conventionsFor). */
export const SYMBOL_CONVENTIONS: readonly SymbolConvention[] = [
  { label: "LP64", prefix: "", suffix: "", ilp64: false },
  { label: "ILP64 (scipy-openblas64)", prefix: "scipy_", suffix: "64_", ilp64: true },
  { label: "LP64 (scipy-openblas32)", prefix: "scipy_", suffix: "", ilp64: false },
  { label: "ILP64 (64_ suffix)", prefix: "", suffix: "64_", ilp64: true },
];

const B = "buffer" as const;
const E = "i32" as const; // CBLAS enums are C ints in every convention
const LEN = "usize" as const; // hidden Fortran string length

/** The symbol table of one convention (integer type `I`). */
function symbolTable<I extends "i32" | "i64">(I: I) {
  return {
    cblas_dgemm: {
      parameters: [E, E, E, I, I, I, "f64", B, I, B, I, "f64", B, I],
      result: "void",
    },
    cblas_sgemm: {
      parameters: [E, E, E, I, I, I, "f32", B, I, B, I, "f32", B, I],
      result: "void",
    },
    cblas_dasum: { parameters: [I, B, I], result: "f64" },
    cblas_sasum: { parameters: [I, B, I], result: "f32" },
    cblas_dgemv: { parameters: [E, E, I, I, "f64", B, I, B, I, "f64", B, I], result: "void" },
    cblas_sgemv: { parameters: [E, E, I, I, "f32", B, I, B, I, "f32", B, I], result: "void" },
    // dsyevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info)
    dsyevd_: { parameters: [B, B, B, B, B, B, B, B, B, B, B, LEN, LEN], result: "void" },
    // dgesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info)
    dgesdd_: { parameters: [B, B, B, B, B, B, B, B, B, B, B, B, B, B, LEN], result: "void" },
    // dgeev(jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr, work, lwork, info)
    dgeev_: { parameters: [B, B, B, B, B, B, B, B, B, B, B, B, B, B, LEN, LEN], result: "void" },
    // dgetrf(m, n, a, lda, ipiv, info)
    dgetrf_: { parameters: [B, B, B, B, B, B], result: "void" },
    // dgetrs(trans, n, nrhs, a, lda, ipiv, b, ldb, info)
    dgetrs_: { parameters: [B, B, B, B, B, B, B, B, B, LEN], result: "void" },
    // dgetri(n, a, lda, ipiv, work, lwork, info)
    dgetri_: { parameters: [B, B, B, B, B, B, B], result: "void" },
    // dgecon(norm, n, a, lda, anorm, rcond, work, iwork, info)
    dgecon_: { parameters: [B, B, B, B, B, B, B, B, B, LEN], result: "void" },
    // dpotrf(uplo, n, a, lda, info)
    dpotrf_: { parameters: [B, B, B, B, B, LEN], result: "void" },
    // dpotrs(uplo, n, nrhs, a, lda, b, ldb, info)
    dpotrs_: { parameters: [B, B, B, B, B, B, B, B, LEN], result: "void" },
    // dpocon(uplo, n, a, lda, anorm, rcond, work, iwork, info)
    dpocon_: { parameters: [B, B, B, B, B, B, B, B, B, LEN], result: "void" },
    // OpenBLAS only (Accelerate and MKL have their own thread control); the argument is a C int
    openblas_set_num_threads: { parameters: [E], result: "void", optional: true },
    openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
    openblas_get_config: { parameters: [], result: "pointer", optional: true },
    openblas_get_corename: { parameters: [], result: "pointer", optional: true },
  } as const satisfies Deno.ForeignLibraryInterface;
}

/** The symbol names as one library exports them (`name` maps our key to its symbol). */
function namedSymbols(convention: SymbolConvention) {
  const table = symbolTable(convention.ilp64 ? "i64" : "i32");
  const named: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(table)) {
    named[key] = { ...definition, name: convention.prefix + key + convention.suffix };
  }
  return named as typeof table;
}

/**
 * An opened library's functions, typed with 32-bit integers. An ILP64 library is opened with
 * i64 parameters (Deno accepts a number for them) and `FortranIntegers` gives its LAPACK calls
 * 64-bit integer buffers, so the same calls serve both widths.
 */
export type NativeSymbols = Deno.DynamicLibrary<ReturnType<typeof symbolTable<"i32">>>["symbols"];

/** A library opened under one convention. */
export interface OpenedLibrary {
  path: string;
  convention: SymbolConvention;
  symbols: NativeSymbols;
  /** the library's version line, e.g. "OpenBLAS 0.3.31.188.0" */
  config: string;
  /** OpenBLAS's core type ("Haswell", "Cooperlake"; OPENBLAS_CORETYPE changes it) */
  kernel: string;
}

/** The conventions to try for a file, the one its name suggests first. */
export function conventionsFor(path: string): SymbolConvention[] {
  const name = path.split("/").at(-1) ?? path;
  const hint = /scipy_openblas64/.test(name)
    ? 1
    : /scipy_openblas/.test(name)
    ? 2
    : /openblas64/.test(name)
    ? 3
    : 0;
  return [SYMBOL_CONVENTIONS[hint], ...SYMBOL_CONVENTIONS.filter((_, i) => i !== hint)];
}

function describe(path: string, symbols: NativeSymbols): { config: string; kernel: string } {
  const configPointer = symbols.openblas_get_config?.() ?? null;
  const accelerate = path.includes("Accelerate");
  const config = configPointer
    ? Deno.UnsafePointerView.getCString(configPointer).split(" ").slice(0, 2).join(" ")
    : accelerate
    ? "Apple Accelerate"
    : /mkl/i.test(path)
    ? "Intel MKL"
    : "CBLAS/LAPACK";
  // the core whose kernels OpenBLAS runs (OPENBLAS_CORETYPE overrides its CPU detection)
  const corePointer = symbols.openblas_get_corename?.() ?? null;
  const kernel = corePointer
    ? Deno.UnsafePointerView.getCString(corePointer)
    : accelerate
    ? "Accelerate"
    : "native";
  return { config, kernel };
}

/**
 * Opens `path` under the first convention whose symbols it exports all of; a string says why it
 * could not ("missing file", or each convention's first missing symbol).
 */
export function openLibraryAt(path: string): OpenedLibrary | string {
  const failures: string[] = [];
  for (const convention of conventionsFor(path)) {
    try {
      const library = Deno.dlopen(path, namedSymbols(convention));
      // ILP64 libraries are called through the i32-typed view (see NativeSymbols)
      const symbols = library.symbols as unknown as NativeSymbols;
      return { path, convention, symbols, ...describe(path, symbols) };
    } catch (error) {
      const message = (error as Error).message.split("\n")[0];
      if (/no such file|cannot open|image not found/i.test(message)) return message;
      failures.push(`${convention.label}: ${message}`);
    }
  }
  return `not a CBLAS + LAPACK library (${failures.join("; ")})`;
}
