/**
 * The numeric environment: everything outside the code and the seed that changes the bits of a
 * float result here — the linear-algebra backend, its library and version, OpenBLAS's thread count
 * and its compute kernel (core type; `OPENBLAS_CORETYPE` changes it). Two runs that differ in it
 * agree only to rounding, and a long training run then ends in a different network. Every metrics
 * file, cache entry and training run records it; a training run refuses to resume under another
 * one (lib/experiments/transformer_training.ts), since that would splice two trajectories.
 */
import { linalgBackend, linalgThreads } from "./backend.ts";
import { NativeBackend } from "./native_backend.ts";

/** What the float results of this process depend on beyond code and seed. */
export interface NumericEnvironment {
  backend: "native" | "js";
  /** library and version, e.g. "OpenBLAS 0.3.21"; "pure TypeScript" for the fallback */
  library: string;
  /** OpenBLAS threads (null for the fallback) */
  threads: number | null;
  /** OpenBLAS core type, e.g. "Cooperlake", "Haswell"; "js" for the fallback */
  kernel: string;
}

/** This process's numeric environment now. */
export function numericEnvironment(): NumericEnvironment {
  const b = linalgBackend();
  if (b instanceof NativeBackend) {
    return { backend: "native", library: b.library, threads: linalgThreads(), kernel: b.kernel };
  }
  return { backend: "js", library: "pure TypeScript", threads: null, kernel: "js" };
}

/** One line, e.g. "native OpenBLAS 0.3.21, Cooperlake kernels, 2 threads". */
export function describeNumericEnvironment(e: NumericEnvironment): string {
  if (e.backend === "js") return "pure-TypeScript linear algebra";
  const t = e.threads === null ? "" : `, ${e.threads} thread${e.threads === 1 ? "" : "s"}`;
  return `native ${e.library}, ${e.kernel} kernels${t}`;
}

/** The fields in which `recorded` and `now` differ, as "threads 1 → 2" (empty when equal). */
export function numericEnvironmentChanges(
  recorded: Partial<NumericEnvironment>,
  now: NumericEnvironment,
): string[] {
  const keys: (keyof NumericEnvironment)[] = ["backend", "library", "threads", "kernel"];
  return keys.filter((k) => recorded[k] !== now[k]).map((k) => `${k} ${recorded[k]} → ${now[k]}`);
}
