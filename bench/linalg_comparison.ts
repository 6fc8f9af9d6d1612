/**
 * `deno task bench` (part 2): lib/linalg's native backend (the library it chose, with the verdicts
 * on every library found) against numpy at its best (bench/python_reference.ts) and against the
 * pure-TS fallback, measured in the same run at the same OpenBLAS thread count (LINALG_THREADS,
 * default 1). Native and numpy alternate in five rounds per case (three for runs over a second),
 * and the ratio is the median over rounds of each round's ratio, so a change in machine load
 * affects both sides of the ratio alike. Prints a table of median times, effective GFLOP/s and
 * ratios, and the target (native within 1.1× numpy's time for n ≥ 500), and writes it all to
 * data/bench/linalg.json.
 *
 *   deno run -A bench/linalg_comparison.ts [--full-fallback] [--no-numpy]
 *
 * The fallback is slow (20 s for one n = 2000 eigendecomposition), so by default it runs eigen
 * up to n = 1000 and SVD up to n = 500; --full-fallback runs every size.
 */
import { join } from "node:path";
import { cpus } from "node:os";
import {
  linalgBackendDescription,
  linalgThreads,
  nativeLibraryChoice,
  nativeLibraryVerdicts,
  nativeUnavailableReason,
  setLinalgThreads,
  withLinalgBackend,
} from "../lib/linalg/backend.ts";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import {
  type BenchCase,
  benchCases,
  median,
  prepareCase,
  timeMedian,
  timeRuns,
} from "./linalg_cases.ts";
import { NumpyReference } from "./numpy_reference.ts";
import { unsetDescription } from "./python_reference.ts";

const BUDGET_MS = 1500;
const MAX_RUNS = 15;
/** The target: native within this factor of numpy's time for n ≥ TARGET_FROM (issue 24). */
const TARGET_RATIO = 1.1;
const TARGET_FROM = 500;

function fallbackRuns(c: BenchCase, full: boolean): boolean {
  if (full || c.op.startsWith("gemm")) return true;
  return c.op.startsWith("svd") ? c.n <= 500 : c.n <= 1000;
}

const fmt = (x: number | null, digits = 2) => (x === null ? "—" : x.toFixed(digits));

if (import.meta.main) {
  const full = Deno.args.includes("--full-fallback");
  const useNumpy = !Deno.args.includes("--no-numpy");
  const threads = Number(Deno.env.get("LINALG_THREADS") ?? 1);
  const nativeOk = nativeUnavailableReason() === "";
  if (nativeOk) setLinalgThreads(threads);
  const cases = benchCases();

  console.log(
    `linalg benchmark: ${threads} thread(s); ${cpus().length} cores (${cpus()[0]?.model})`,
  );
  if (nativeOk) {
    console.log(`native library: ${linalgBackendDescription()} — ${nativeLibraryChoice()}`);
    for (const v of nativeLibraryVerdicts()) {
      console.log(
        `  ${v.correct ? "correct" : "REJECTED"} ${v.config ?? ""} ${v.convention ?? ""} ` +
          `(${v.path})${v.correct ? `: speed score ${v.scoreMs} ms` : `: ${v.problems?.[0]}`}`,
      );
    }
  }
  const numpy = useNumpy ? await NumpyReference.start(threads) : "skipped (--no-numpy)";
  console.log(
    `numpy: ${typeof numpy === "string" ? numpy : numpy.version}; ${unsetDescription()}`,
  );

  const rows = [];
  const header =
    "op        shape            native ms  GFLOP/s   numpy ms  nat/np   js ms      js/nat";
  console.log(header);
  for (const c of cases) {
    let nativeMs: number | null = null;
    let numpyMs: number | null = null;
    let ratio: number | null = null;
    if (nativeOk) {
      const nativeTimes: number[] = [];
      const numpyTimes: number[] = [];
      const ratios: number[] = [];
      const { fn, first } = withLinalgBackend("native", () => {
        const fn = prepareCase(c);
        fn(); // warm-up
        return { fn, first: timeRuns(fn, 1)[0] };
      });
      const rounds = first > 1000 ? 3 : 5;
      const perRound = Math.max(1, Math.min(5, Math.floor(BUDGET_MS / rounds / first)));
      for (let round = 0; round < rounds; round++) {
        const ours = withLinalgBackend("native", () => timeRuns(fn, perRound));
        nativeTimes.push(...ours);
        if (typeof numpy !== "string") {
          const theirs = await numpy.time(c.op, c.n, perRound);
          numpyTimes.push(...theirs);
          ratios.push(median(ours) / median(theirs));
        }
      }
      nativeMs = median(nativeTimes);
      numpyMs = numpyTimes.length ? median(numpyTimes) : null;
      // the ratio within each round pairs runs made moments apart, so the machine's load
      // (shared machines: other processes come and go) cancels; its median over the rounds
      ratio = ratios.length ? median(ratios) : null;
    }
    const jsMs = fallbackRuns(c, full)
      ? withLinalgBackend("js", () => median(timeMedian(prepareCase(c), BUDGET_MS, MAX_RUNS)))
      : null;
    const row = {
      op: c.op,
      n: c.n,
      shape: c.shape,
      flops: c.flops,
      native_ms: nativeMs,
      js_ms: jsMs,
      numpy_ms: numpyMs,
      native_gflops: nativeMs ? c.flops / nativeMs / 1e6 : null,
      js_gflops: jsMs ? c.flops / jsMs / 1e6 : null,
      numpy_gflops: numpyMs ? c.flops / numpyMs / 1e6 : null,
      native_over_numpy: ratio,
      js_over_native: jsMs && nativeMs ? jsMs / nativeMs : null,
    };
    rows.push(row);
    console.log(
      `${c.op.padEnd(10)}${c.shape.padEnd(17)}${fmt(nativeMs).padStart(10)}` +
        `${fmt(row.native_gflops, 1).padStart(9)}${fmt(numpyMs).padStart(11)}` +
        `${fmt(row.native_over_numpy).padStart(8)}${fmt(jsMs, 0).padStart(10)}` +
        `${fmt(row.js_over_native, 1).padStart(10)}`,
    );
  }
  if (!full) {
    console.log("js: eigen beyond n = 1000 and SVD beyond n = 500 not run (--full-fallback)");
  }
  const targetRows = rows.filter((r) => r.n >= TARGET_FROM && r.native_over_numpy !== null);
  const missed = targetRows.filter((r) => r.native_over_numpy! > TARGET_RATIO);
  const target = targetRows.length === 0
    ? "not measured (no numpy)"
    : missed.length === 0
    ? `met: every case with n ≥ ${TARGET_FROM} within ${TARGET_RATIO}× numpy (` +
      `${Math.min(...targetRows.map((r) => r.native_over_numpy!)).toFixed(2)}–` +
      `${Math.max(...targetRows.map((r) => r.native_over_numpy!)).toFixed(2)}×)`
    : `missed: ${
      missed.map((r) => `${r.op} n = ${r.n} ${r.native_over_numpy!.toFixed(2)}×`)
        .join(", ")
    }`;
  console.log(`target (native ≤ ${TARGET_RATIO}× numpy's time for n ≥ ${TARGET_FROM}): ${target}`);

  const report = {
    date: new Date().toISOString(),
    deno: Deno.version.deno,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown" },
    threads: nativeOk ? linalgThreads() : null,
    native: nativeOk ? linalgBackendDescription() : nativeUnavailableReason(),
    native_choice: nativeOk ? nativeLibraryChoice() : null,
    libraries: nativeLibraryVerdicts(),
    numpy: typeof numpy === "string" ? numpy : numpy.version,
    numpy_environment: unsetDescription(),
    target,
    timing: "native and numpy: 5 alternating rounds (3 when one run takes > 1 s) of 1–5 runs " +
      "after a warm-up; times are medians over all runs, native/numpy the median over rounds of " +
      "the ratio of the round's medians; " +
      `js: median of ≥ 3 runs after a warm-up (1 run when one takes > ${BUDGET_MS} ms)`,
    rows,
  };
  if (typeof numpy !== "string") await numpy.close();
  const path = join(repositoryRoot, "data", "bench", "linalg.json");
  await writeTextAtomically(path, JSON.stringify(report, null, 2) + "\n");
  console.log(`written ${path}`);
}
