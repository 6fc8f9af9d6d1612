/**
 * `deno task spectra PATH [--out DIR] [--seed N] [--attention split|heads|fused] [--heads H]`:
 * the per-layer spectral metrics of a trained model — a weight file, a model folder, or a folder
 * of checkpoints of one run (lib/experiments/model_spectra.ts) — as a table on the console and,
 * in DIR (default build/spectra/), `<name>.csv`, `<name>.parquet` and the offline HTML report
 * `<name>.html`, each written atomically. Progress is printed per layer.
 */
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { analyseModel } from "../lib/experiments/model_spectra.ts";
import { spectraReportHtml } from "../lib/experiments/spectra_report.ts";
import { writeSpectraTable } from "../lib/experiments/spectra_table.ts";
import type { AttentionSplit } from "../lib/rmt/layer_plan.ts";

const USAGE = "usage: deno task spectra PATH [--out DIR] [--seed N] " +
  "[--attention split|heads|fused] [--heads H]\n" +
  "  PATH: a weight file (.safetensors .npz .npy .pt .pth .bin .ckpt), a model folder, " +
  "or a folder of checkpoints";

function integerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    console.error(`spectra: --${name} must be an integer ≥ ${min}, got ${text}`);
    Deno.exit(2);
  }
  return value;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: {
      out: { type: "string" },
      seed: { type: "string", default: "0" },
      attention: { type: "string", default: "split" },
      heads: { type: "string" },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    Deno.exit(2);
  }
  const seed = integerOption("seed", values.seed, 0)!;
  const heads = integerOption("heads", values.heads, 1);
  if (!["split", "heads", "fused"].includes(values.attention!)) {
    console.error(`spectra: --attention must be split, heads or fused, got ${values.attention}`);
    Deno.exit(2);
  }
  const path = positionals[0];
  const t0 = performance.now();
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
  let series = false;
  try {
    const study = await analyseModel(path, {
      seed,
      attention: values.attention as AttentionSplit,
      heads,
      keepSpectra: true,
      onCheckpoint: (done, total, label) => {
        series = total > 1;
        if (series) console.log(`checkpoint ${done}/${total}: ${label} (${seconds()} s)`);
      },
      // a series prints one line per checkpoint, a single model one per layer
      onLayer: (done, total, name) =>
        series ? undefined : console.log(`  layer ${done}/${total} ${name} (${seconds()} s)`),
    });
    const last = study.checkpoints.at(-1)!;
    const fixed = (v: number | null, d = 3) => (v === null ? "—" : v.toFixed(d));
    console.table(
      study.rows.filter((r) => r.checkpoint === last.label).map((l) => ({
        layer: l.name,
        shape: `${l.rows}×${l.cols}`,
        "MP s²": l.mpVariance.toPrecision(3),
        spikes: l.spikes,
        α: fixed(l.alpha, 2),
        "±": fixed(l.alphaError, 2),
        "α̂": fixed(l.alphaHat, 2),
        "stable rank": fixed(l.stableRank, 1),
        traps: l.correlationTraps,
        "⟨r̃⟩": fixed(l.meanTildeRatio),
        levels: l.levelRepulsion ?? "—",
      })),
    );
    for (const s of last.spectra.skipped) console.log(`not analysed: ${s.name} (${s.reason})`);
    for (const n of last.spectra.notes) console.log(`note: ${n}`);
    const out = values.out ?? join(repositoryRoot, "build", "spectra");
    await Deno.mkdir(out, { recursive: true });
    const name = basename(resolve(path)).replace(/\.[^.]+$/, "") || "model";
    const table = await writeSpectraTable(study.rows, join(out, name));
    const html = join(out, `${name}.html`);
    await writeTextAtomically(html, spectraReportHtml(study, `Spectra of ${name}`));
    console.log(
      `${study.rows.length} rows in ${seconds()} s -> ${table.csv}, ${table.parquet}, ${html}`,
    );
  } catch (error) {
    console.error(`spectra: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
