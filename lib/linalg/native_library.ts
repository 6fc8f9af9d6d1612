/**
 * Finding and opening a CBLAS + LAPACK shared library with Deno.dlopen.
 *
 * Probe order: $LINALG_LIBRARY (a path), then OpenBLAS where Debian/Ubuntu, Fedora, Arch and
 * Homebrew put it, then Apple Accelerate. LAPACK symbols follow the Fortran convention: every
 * argument by pointer ("buffer"), LP64 32-bit integers, column-major storage, and a hidden
 * string-length argument (usize) per character argument, appended at the end.
 */

/** Where a CBLAS/LAPACK library is looked for, in order (after $LINALG_LIBRARY). */
export const LIBRARY_CANDIDATES: readonly string[] = [
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib64/libopenblas.so.0",
  "/usr/lib64/libopenblasp.so.0",
  "/usr/lib/libopenblas.so.0",
  "/usr/lib/libopenblas.so",
  "/usr/local/lib/libopenblas.so.0",
  "/usr/local/lib/libopenblas.so",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
  "/usr/local/opt/openblas/lib/libopenblas.dylib",
  "/System/Library/Frameworks/Accelerate.framework/Accelerate",
];

const B = "buffer" as const;
const I = "i32" as const;
const LEN = "usize" as const; // hidden Fortran string length

/** The symbols the native backend uses. */
export const SYMBOLS = {
  cblas_dgemm: {
    parameters: [I, I, I, I, I, I, "f64", B, I, B, I, "f64", B, I],
    result: "void",
  },
  cblas_sgemm: {
    parameters: [I, I, I, I, I, I, "f32", B, I, B, I, "f32", B, I],
    result: "void",
  },
  cblas_dasum: { parameters: [I, B, I], result: "f64" },
  cblas_sasum: { parameters: [I, B, I], result: "f32" },
  cblas_dgemv: { parameters: [I, I, I, I, "f64", B, I, B, I, "f64", B, I], result: "void" },
  cblas_sgemv: { parameters: [I, I, I, I, "f32", B, I, B, I, "f32", B, I], result: "void" },
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
  // OpenBLAS only (Accelerate has its own thread control)
  openblas_set_num_threads: { parameters: [I], result: "void", optional: true },
  openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
  openblas_get_corename: { parameters: [], result: "pointer", optional: true },
} as const satisfies Deno.ForeignLibraryInterface;

/** An opened library. */
export type NativeSymbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

/** The outcome of probing: the library, or why there is none. */
export type OpenedLibrary =
  | { ok: true; path: string; symbols: NativeSymbols; config: string; kernel: string }
  | { ok: false; reason: string };

function environment(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

function ffiAllowed(): boolean {
  try {
    return typeof Deno.dlopen === "function" &&
      Deno.permissions.querySync({ name: "ffi" }).state === "granted";
  } catch {
    return false;
  }
}

/** Opens the first candidate library that exports every required symbol. */
export function openNativeLibrary(): OpenedLibrary {
  if (!ffiAllowed()) {
    return { ok: false, reason: "the ffi permission is not granted (run with --allow-ffi or -A)" };
  }
  const override = environment("LINALG_LIBRARY");
  const candidates = override ? [override] : LIBRARY_CANDIDATES;
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      const { symbols } = Deno.dlopen(path, SYMBOLS);
      const configPointer = symbols.openblas_get_config?.() ?? null;
      const config = configPointer
        ? Deno.UnsafePointerView.getCString(configPointer).split(" ").slice(0, 2).join(" ")
        : path.includes("Accelerate")
        ? "Apple Accelerate"
        : "CBLAS/LAPACK";
      // the core whose kernels OpenBLAS runs (OPENBLAS_CORETYPE overrides its CPU detection)
      const corePointer = symbols.openblas_get_corename?.() ?? null;
      const kernel = corePointer
        ? Deno.UnsafePointerView.getCString(corePointer)
        : path.includes("Accelerate")
        ? "Accelerate"
        : "native";
      return { ok: true, path, symbols, config, kernel };
    } catch (error) {
      const message = (error as Error).message.split("\n")[0];
      if (override || !/no such file|cannot open|image not found|not found/i.test(message)) {
        failures.push(`${path}: ${message}`);
      }
    }
  }
  const tried = override ? `LINALG_LIBRARY=${override}` : "the usual OpenBLAS/Accelerate paths";
  return {
    ok: false,
    reason: `no CBLAS/LAPACK library found at ${tried}` +
      (failures.length ? ` (${failures.join("; ")})` : "") +
      "; on Debian: apt-get install libopenblas0-pthread",
  };
}
