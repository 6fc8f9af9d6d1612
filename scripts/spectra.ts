/**
 * `deno task spectra PATH [--out DIR] [--seed N]`: the per-layer spectral metrics of a trained
 * model (a weight file or a model folder; lib/experiments/model_spectra.ts) as a table on the
 * console and a CSV file, by default build/spectra/<name>.csv (written atomically). Progress is
 * printed per layer.
 */
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { analyseWeights, metricsCsv } from "../lib/experiments/model_spectra.ts";

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { out: { type: "string" }, seed: { type: "string", default: "0" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error(
      "usage: deno task spectra PATH [--out DIR] [--seed N]  (a weight file or a model folder)",
    );
    Deno.exit(2);
  }
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    console.error(`spectra: --seed must be a non-negative integer, got ${values.seed}`);
    Deno.exit(2);
  }
  const path = positionals[0];
  const t0 = performance.now();
  try {
    const result = await analyseWeights(path, {
      seed,
      onLayer: (done, total, name) =>
        console.log(
          `  layer ${done}/${total} ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
        ),
    });
    const fixed = (v: number | null, d = 3) => (v === null ? "—" : v.toFixed(d));
    console.table(result.layers.map((l) => ({
      layer: l.name,
      shape: `${l.rows}×${l.cols}`,
      "MP s²": l.mpVariance.toPrecision(3),
      spikes: l.spikes,
      α: fixed(l.alpha, 2),
      "±": fixed(l.alphaError, 2),
      "α̂": fixed(l.alphaHat, 2),
      "stable rank": fixed(l.stableRank, 1),
      entropy: fixed(l.entropy),
      traps: l.correlationTraps,
      "⟨r̃⟩": fixed(l.meanTildeRatio),
    })));
    if (result.skipped.length > 0) {
      console.log(`skipped (a side < 3): ${result.skipped.join(", ")}`);
    }
    const out = values.out ?? join(repositoryRoot, "build", "spectra");
    await Deno.mkdir(out, { recursive: true });
    const csv = join(out, `${basename(path).replace(/\.[^.]+$/, "") || "model"}.csv`);
    await writeTextAtomically(csv, metricsCsv(result.layers));
    console.log(`${result.layers.length} layers -> ${csv}`);
  } catch (error) {
    console.error(`spectra: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
