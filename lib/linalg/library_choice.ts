/**
 * Choosing the native library: the fastest candidate that computes correctly on this machine.
 *
 * - `LINALG_LIBRARY=/path/to/lib` names the one library to use (it is still checked);
 * - otherwise every candidate found (library_candidates.ts) is checked against the pure-TypeScript
 *   backend (library_verification.ts) and timed, and the fastest correct one is used (a tie within
 *   10 % goes to the first found: the system's library before a Python wheel's).
 * Verdicts are cached per library file (path, size, modification time) and machine (host, CPU,
 * architecture, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, which change OpenBLAS's kernels) in
 * `$XDG_CACHE_HOME/rmt-weight-dynamics/linalg-libraries.json` (default `~/.cache/...`), so the
 * check runs once per machine (about a second per library) and the choice is stable there.
 * `LINALG_LIBRARY_CACHE` names another cache file; "off" checks every time and caches nothing.
 */
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { jsBackend } from "./js_backend.ts";
import { findLibraryCandidates } from "./library_candidates.ts";
import { speedScore, verifyBackend } from "./library_verification.ts";
import { NativeBackend } from "./native_backend.ts";
import { openLibraryAt } from "./native_library.ts";
import { environmentVariable } from "./environment_variable.ts";

/** The cached verdict on one library file on one machine. */
export interface LibraryVerdict {
  path: string;
  /** the library's version line, when it opened */
  config?: string;
  kernel?: string;
  convention?: string;
  /** true when every check passed */
  correct: boolean;
  /** why not (the first problems found, or why it did not open) */
  problems?: string[];
  /** the speed score in ms (lower is faster), for correct libraries */
  scoreMs?: number;
  /** when the verdict was reached */
  checked: string;
}

/** The outcome: a backend over the chosen library, or why there is none. */
export type LibraryChoice =
  | {
    ok: true;
    backend: NativeBackend;
    /** why this one: "LINALG_LIBRARY", or "fastest correct of N" */
    reason: string;
    verdicts: LibraryVerdict[];
  }
  | { ok: false; reason: string; verdicts: LibraryVerdict[] };

function ffiAllowed(): boolean {
  try {
    return typeof Deno.dlopen === "function" &&
      Deno.permissions.querySync({ name: "ffi" }).state === "granted";
  } catch {
    return false;
  }
}

/** What a verdict depends on besides the file: the host, its CPU and OpenBLAS's kernel settings. */
export function machineKey(): string {
  let host = "unknown-host", cpu = "unknown-cpu";
  try {
    host = Deno.hostname();
  } catch { /* no --allow-sys */ }
  try {
    const list = cpus();
    cpu = `${list[0]?.model ?? "?"} ×${list.length}`;
  } catch { /* no --allow-sys */ }
  const coretype = environmentVariable("OPENBLAS_CORETYPE") ?? "-";
  const l2 = environmentVariable("OPENBLAS_L2_SIZE") ?? "-";
  return `${host} | ${cpu} | ${Deno.build.arch}-${Deno.build.os} | ` +
    `OPENBLAS_CORETYPE=${coretype} OPENBLAS_L2_SIZE=${l2}`;
}

function fileKey(path: string): string | null {
  try {
    const info = Deno.statSync(path);
    return `${path} | ${info.size} | ${info.mtime?.getTime() ?? 0}`;
  } catch {
    return path.includes("Accelerate") ? path : null;
  }
}

/** The cache file, or null when caching is off or there is no home folder. */
export function verdictCacheFile(): string | null {
  const named = environmentVariable("LINALG_LIBRARY_CACHE");
  if (named === "off") return null;
  if (named) return named;
  const base = environmentVariable("XDG_CACHE_HOME") ??
    (environmentVariable("HOME") ? join(environmentVariable("HOME")!, ".cache") : undefined);
  return base ? join(base, "rmt-weight-dynamics", "linalg-libraries.json") : null;
}

type VerdictCache = Record<string, Record<string, LibraryVerdict>>; // machine → file → verdict

function readCache(file: string | null): VerdictCache {
  if (!file) return {};
  try {
    const parsed = JSON.parse(Deno.readTextFileSync(file));
    return parsed && typeof parsed === "object" ? parsed as VerdictCache : {};
  } catch {
    return {}; // missing or unreadable: check again
  }
}

/** Writes the cache whole (a temporary file renamed over it: never half-written). */
function writeCache(file: string | null, cache: VerdictCache): void {
  if (!file) return;
  try {
    Deno.mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    Deno.writeTextFileSync(temporary, JSON.stringify(cache, null, 2) + "\n");
    Deno.renameSync(temporary, file);
  } catch {
    // a read-only home: the verdicts are reached again next time
  }
}

/** Opens, checks and times one library; the backend when it opened. */
function judge(path: string): { verdict: LibraryVerdict; backend?: NativeBackend } {
  const checked = new Date().toISOString();
  const opened = openLibraryAt(path);
  if (typeof opened === "string") {
    return { verdict: { path, correct: false, problems: [opened], checked } };
  }
  const backend = new NativeBackend(opened);
  const threads = { get: () => backend.threads(), set: (n: number) => backend.setThreads(n) };
  const problems = verifyBackend(backend, jsBackend, threads);
  const verdict: LibraryVerdict = {
    path,
    config: opened.config,
    kernel: opened.kernel,
    convention: opened.convention.label,
    correct: problems.length === 0,
    checked,
  };
  if (problems.length > 0) verdict.problems = problems.slice(0, 5);
  else verdict.scoreMs = Math.round(speedScore(backend, threads) * 100) / 100;
  return { verdict, backend };
}

function say(line: string, quiet: boolean): void {
  if (!quiet) console.error(line);
}

/** Speed scores closer than this ratio count as a tie (the score's run-to-run spread is ~5 %). */
export const SPEED_TIE = 1.1;

/**
 * The fastest of the correct verdicts; among those within SPEED_TIE of the fastest, the first in
 * candidate order (system libraries before Python wheels), so that a tie does not make the choice
 * depend on timing noise or on whether a virtual environment happens to exist.
 */
export function fastest(correct: readonly LibraryVerdict[]): LibraryVerdict {
  const best = Math.min(...correct.map((v) => v.scoreMs ?? Infinity));
  return correct.find((v) => (v.scoreMs ?? Infinity) <= best * SPEED_TIE) ?? correct[0];
}

/**
 * Chooses the library (see the module comment). `quiet` silences the one-time report of the
 * checks (workers pass true).
 */
export function chooseNativeLibrary(quiet = false): LibraryChoice {
  if (!ffiAllowed()) {
    return {
      ok: false,
      reason: "the ffi permission is not granted (run with --allow-ffi or -A)",
      verdicts: [],
    };
  }
  const override = environmentVariable("LINALG_LIBRARY");
  const paths = override ? [override] : findLibraryCandidates();
  if (paths.length === 0) {
    return {
      ok: false,
      reason: "no CBLAS/LAPACK library found at the usual OpenBLAS/Accelerate/MKL paths or in " +
        "numpy's wheels; on Debian: apt-get install libopenblas0-pthread",
      verdicts: [],
    };
  }
  const cacheFile = verdictCacheFile();
  const cache = readCache(cacheFile);
  const machine = machineKey();
  const known = cache[machine] ?? {};
  const backends = new Map<string, NativeBackend>();
  const verdicts: LibraryVerdict[] = [];
  let changed = false;
  for (const path of paths) {
    const key = fileKey(path);
    if (key === null) {
      verdicts.push({ path, correct: false, problems: ["no such file"], checked: "" });
      continue;
    }
    if (known[key]) {
      verdicts.push(known[key]);
      continue;
    }
    say(`linalg: checking ${path} against the pure-TypeScript backend (once per machine)`, quiet);
    // a library that fails is left loaded: unloading OpenBLAS with its threads alive can crash
    const { verdict, backend } = judge(path);
    if (backend) backends.set(path, backend);
    known[key] = verdict;
    verdicts.push(verdict);
    changed = true;
    say(
      `linalg:   ${verdict.config ?? ""} ${verdict.convention ?? ""}: ` +
        (verdict.correct ? `correct, speed score ${verdict.scoreMs} ms` : verdict.problems![0]),
      quiet,
    );
  }
  if (changed) {
    cache[machine] = known;
    writeCache(cacheFile, cache);
  }
  const correct = verdicts.filter((v) => v.correct);
  if (correct.length === 0) {
    const why = verdicts.map((v) => `${v.path}: ${v.problems?.[0] ?? "?"}`).join("; ");
    const tried = override ? `LINALG_LIBRARY=${override}` : "every library found";
    return { ok: false, reason: `no usable CBLAS/LAPACK library (${tried}: ${why})`, verdicts };
  }
  const best = fastest(correct);
  let backend = backends.get(best.path);
  if (!backend) {
    const opened = openLibraryAt(best.path);
    if (typeof opened === "string") {
      return { ok: false, reason: `${best.path}: ${opened}`, verdicts };
    }
    backend = new NativeBackend(opened);
  }
  const reason = override
    ? "LINALG_LIBRARY"
    : correct.length === 1 && verdicts.length === 1
    ? "the only library found"
    : `the fastest correct of ${verdicts.length} found, ${
      verdicts.filter((v) => v.correct).map((v) => `${v.config} ${v.scoreMs} ms`).join(" / ")
    }`;
  return { ok: true, backend, reason, verdicts };
}
