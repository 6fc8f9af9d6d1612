/**
 * Which dense linear-algebra backend this process uses, chosen once on first use:
 * - `LINALG_BACKEND=native` forces OpenBLAS/LAPACK through FFI (an error if it cannot load),
 * - `LINALG_BACKEND=js` forces the pure-TypeScript fallback,
 * - unset: native when a library loads and the ffi permission is granted, else the fallback.
 * Which native library: the fastest one found that agrees with the fallback (library_choice.ts;
 * `LINALG_LIBRARY` names one). The choice is printed once (main thread) and notebooks record it
 * in metrics.json.
 *
 * Threads: OpenBLAS's thread count is process-wide. `LINALG_THREADS` sets it for the main
 * thread; inside workers it is 1 (the machines are shared, and two-thread OpenBLAS collapsed
 * by 10–70× under contention, measured on our 2-core machines); `restoreLinalgThreads()` puts
 * the main thread's count back after a sweep.
 */
import { jsBackend } from "./js_backend.ts";
import type { LinalgBackend } from "./linalg_backend.ts";
import { LinalgError } from "./linalg_error.ts";
import { NativeBackend } from "./native_backend.ts";
import { chooseNativeLibrary, type LibraryVerdict } from "./library_choice.ts";
import { environmentVariable } from "./environment_variable.ts";

/** Backend names. */
export type LinalgBackendName = "native" | "js";

let native: NativeBackend | null | undefined; // undefined: not probed yet
let nativeReason = "";
let nativeChoice = "";
let verdicts: LibraryVerdict[] = [];
let active: LinalgBackend | null = null;
let mainThreads: number | null = null;

/** True inside a Web Worker (where OpenBLAS runs on one thread). */
export function inWorker(): boolean {
  const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown })
    .WorkerGlobalScope;
  return scope !== undefined && globalThis instanceof scope;
}

function parseThreads(text: string, source: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new LinalgError("linalg", `${source} must be a positive integer, got ${text}`);
  }
  return n;
}

/** The native backend if a library loads here, else null (see nativeUnavailableReason). */
export function nativeBackend(): NativeBackend | null {
  if (native !== undefined) return native;
  const choice = chooseNativeLibrary(inWorker());
  verdicts = choice.verdicts;
  if (!choice.ok) {
    native = null;
    nativeReason = choice.reason;
    return null;
  }
  native = choice.backend;
  nativeChoice = choice.reason;
  if (inWorker()) {
    native.setThreads(1);
  } else {
    const requested = environmentVariable("LINALG_THREADS");
    if (requested) native.setThreads(parseThreads(requested, "LINALG_THREADS"));
    mainThreads = native.threads();
  }
  return native;
}

/** The verdicts on every library considered (empty before the first probe or without ffi). */
export function nativeLibraryVerdicts(): LibraryVerdict[] {
  nativeBackend();
  return verdicts;
}

/** Why the native library in use was chosen ("LINALG_LIBRARY", "the fastest correct of 2 found"). */
export function nativeLibraryChoice(): string {
  nativeBackend();
  return nativeChoice;
}

/** Why the native backend is unavailable ("" when it is available or not yet probed). */
export function nativeUnavailableReason(): string {
  nativeBackend();
  return nativeReason;
}

/** The backend in use, chosen on first call from LINALG_BACKEND and what loads. */
export function linalgBackend(): LinalgBackend {
  if (active) return active;
  const forced = environmentVariable("LINALG_BACKEND");
  if (forced !== undefined && forced !== "native" && forced !== "js") {
    throw new LinalgError("linalg", `LINALG_BACKEND must be "native" or "js", got "${forced}"`);
  }
  if (forced === "js") {
    active = jsBackend;
  } else {
    const n = nativeBackend();
    if (!n && forced === "native") {
      throw new LinalgError("linalg", `LINALG_BACKEND=native, but ${nativeReason}`);
    }
    active = n ?? jsBackend;
  }
  if (!inWorker()) {
    const why = active === jsBackend
      ? (forced === "js" ? " (LINALG_BACKEND=js)" : ` (${nativeReason})`)
      : ` (${nativeChoice})`;
    console.log(`linalg backend: ${active.name} — ${active.description}${why}`);
  }
  return active;
}

/** "native" or "js": the backend that computes eigenvalues and products in this process. */
export function linalgBackendName(): LinalgBackendName {
  return linalgBackend().name;
}

/** One line naming the backend, library and threads (for metrics and benchmark reports). */
export function linalgBackendDescription(): string {
  const b = linalgBackend();
  return `${b.name}: ${b.description}`;
}

/** Switches this process to the named backend (an error if native is unavailable). */
export function useLinalgBackend(name: LinalgBackendName): LinalgBackend {
  if (name === "js") {
    active = jsBackend;
  } else {
    const n = nativeBackend();
    if (!n) throw new LinalgError("linalg", `native backend unavailable: ${nativeReason}`);
    active = n;
  }
  return active;
}

/** Runs `fn` with the named backend, then restores the previous one (synchronous code only). */
export function withLinalgBackend<T>(name: LinalgBackendName, fn: () => T): T {
  const previous = linalgBackend();
  useLinalgBackend(name);
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** OpenBLAS's current thread count (null without native OpenBLAS). */
export function linalgThreads(): number | null {
  return nativeBackend()?.threads() ?? null;
}

/** Sets OpenBLAS's thread count (process-wide); returns false where unsupported. */
export function setLinalgThreads(count: number): boolean {
  parseThreads(String(count), "thread count");
  const n = nativeBackend();
  if (!n || !n.setThreads(count)) return false;
  if (!inWorker()) mainThreads = count;
  return true;
}

/** Puts back the main thread's OpenBLAS thread count (workers set it to 1 process-wide). */
export function restoreLinalgThreads(): void {
  if (native && mainThreads !== null && !inWorker()) native.setThreads(mainThreads);
}

/**
 * The compute kernel this process's float results depend on: OpenBLAS's core name (e.g. "Zen",
 * "Haswell", "SkylakeX"; `OPENBLAS_CORETYPE` changes it) for the native backend, "js" for the
 * pure-TS fallback. Results from different kernels agree
 * only to rounding, so long runs (training) record it.
 */
export function linalgKernelName(): string {
  const b = linalgBackend();
  return b instanceof NativeBackend ? b.kernel : "js";
}
