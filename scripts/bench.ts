/**
 * `deno task bench`: the micro-benchmarks in bench/*_bench.ts (deno bench; each group reports
 * ratios to its baseline), then the linalg comparison against numpy and the pure-TS fallback
 * (bench/linalg_comparison.ts, which also writes data/bench/linalg.json), then the RBM trainer's
 * throughput (bench/rbm_throughput.ts → data/bench/rbm.json), then the GPT's training steps per
 * second against PyTorch CPU when available (bench/gpt_throughput.ts → data/bench/gpt.json), then
 * the spectra analysis of a GPT-2-small-sized file (bench/model_spectra_gpt2.ts →
 * data/bench/spectra.json: time per layer and peak RSS against ≤ 2 min and ≤ 1.2 GB).
 * Extra arguments go to the linalg comparison (e.g. --full-fallback, --no-numpy).
 */
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { inherit } from "./setup/run_command.ts";

if (import.meta.main) {
  const micro = await inherit(Deno.execPath(), ["bench", "-A", "bench/"], { cwd: repositoryRoot });
  const linalg = await inherit(
    Deno.execPath(),
    ["run", "-A", "bench/linalg_comparison.ts", ...Deno.args],
    { cwd: repositoryRoot },
  );
  const rbm = await inherit(Deno.execPath(), ["run", "-A", "bench/rbm_throughput.ts"], {
    cwd: repositoryRoot,
  });
  const gpt = await inherit(Deno.execPath(), ["run", "-A", "bench/gpt_throughput.ts"], {
    cwd: repositoryRoot,
  });
  const spectra = await inherit(Deno.execPath(), ["run", "-A", "bench/model_spectra_gpt2.ts"], {
    cwd: repositoryRoot,
  });
  Deno.exit([micro, linalg, rbm, gpt, spectra].find((code) => code !== 0) ?? 0);
}
