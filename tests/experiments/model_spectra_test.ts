/**
 * analyseWeights and analyseModel on committed files: real torch, numpy and Hugging Face
 * safetensors fixtures, and this project's quick GPT run (a checkpoint series); the typed table
 * (CSV and parquet) and the offline report.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import pl from "nodejs-polars";
import { analyseModel, analyseWeights } from "../../lib/experiments/model_spectra.ts";
import { findCheckpoints } from "../../lib/experiments/checkpoint_series.ts";
import { spectraReportHtml } from "../../lib/experiments/spectra_report.ts";
import {
  SPECTRA_COLUMNS,
  spectraCsv,
  writeSpectraTable,
} from "../../lib/experiments/spectra_table.ts";
import { openWeights } from "../../lib/rmt/weight_files.ts";
import { planLayers } from "../../lib/rmt/layer_plan.ts";
import { writeNanoGptStyleCheckpoint } from "../../lib/experiments/project_gpt_run.ts";
import { encodeSafetensors } from "../../lib/rmt/safetensors_format.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

const fixtures = new URL("../fixtures/weights/", import.meta.url).pathname;
/**
 * A run folder in this project's layout (checkpoints.json and checkpoints/step-*.safetensors):
 * per step, iid 32×128 "heads" and a 128×96 matrix carrying a rank-one signal that grows with
 * the step, so the spike count rises from 0.
 */
async function writeRunFolder(dir: string, steps: number[]): Promise<void> {
  await Deno.mkdir(join(dir, "checkpoints"), { recursive: true });
  const entries = [];
  for (const step of steps) {
    const rng = Rng.fromSeed(5, step);
    const gaussian = (m: number, n: number) =>
      new DenseMatrix(m, n, rng.fillNormal(new Float64Array(m * n), 0, 0.02));
    const signal = gaussian(128, 96);
    const u = rng.fillNormal(new Float64Array(128), 0, 1),
      v = rng.fillNormal(new Float64Array(96), 0, 1);
    const d = 0.004 * step; // the BBP threshold is 0.02·(128·96)^{1/4}/(|u||v|) ≈ 0.0019 here
    for (let i = 0; i < 128; i++) {
      for (let j = 0; j < 96; j++) signal.data[i * 96 + j] += d * u[i] * v[j];
    }
    const file = `step-${String(step).padStart(7, "0")}.safetensors`;
    await Deno.writeFile(
      join(dir, "checkpoints", file),
      encodeSafetensors({ "layer0.head0.key": gaussian(32, 128), "layer0.mlp.fc": signal }),
    );
    entries.push({ step, path: file });
  }
  await Deno.writeTextFile(join(dir, "checkpoints.json"), JSON.stringify(entries.reverse()));
}

Deno.test("analyseWeights: nanoGPT's fused c_attn split into query, key, value; progress per layer", async () => {
  const seen: string[] = [];
  const r = await analyseWeights(`${fixtures}ckpt.pt`, {
    onLayer: (_, __, name) => void seen.push(name),
  });
  assert.deepEqual(r.layers.map((l) => [l.name, l.rows, l.cols]), [
    ["transformer.h.0.attn.c_attn.weight[query]", 3, 3],
    ["transformer.h.0.attn.c_attn.weight[key]", 3, 3],
    ["transformer.h.0.attn.c_attn.weight[value]", 3, 3],
    ["lm_head.weight", 5, 3],
  ]);
  assert.deepEqual(seen, r.layers.map((l) => l.name));
  const npz = await analyseWeights(`${fixtures}arrays_compressed.npz`);
  assert.deepEqual(npz.skipped.map((s) => s.name), ["half", "conv"]);
  assert.ok(npz.layers.every((l) => Number.isFinite(l.stableRank) && l.stableRank >= 1));
  const again = await analyseWeights(`${fixtures}arrays_compressed.npz`);
  assert.deepEqual(again.layers, npz.layers, "the same seed, the same metrics");
});

Deno.test("a sharded GPT-2 folder written by safetensors: Conv1D c_attn split by columns", async () => {
  const folder = join(fixtures, "gpt2_sharded");
  const lazy = await openWeights(folder);
  try {
    assert.deepEqual(lazy.skipped, ["h.0.attn.bias"], "the uint8 mask is not a weight");
    const wte = await lazy.load("wte.weight");
    assert.ok(
      Math.abs(wte[1 * 6 + 2] - (2 * 0.5 - 2 / 3)) < 1e-6,
      "entry (1, 2) by the closed form",
    );
  } finally {
    lazy.close();
  }
  const r = await analyseWeights(folder);
  assert.deepEqual(r.layers.map((l) => [l.name, l.rows, l.cols]), [
    ["h.0.attn.c_attn.weight[query]", 6, 6],
    ["h.0.attn.c_attn.weight[key]", 6, 6],
    ["h.0.attn.c_attn.weight[value]", 6, 6],
    ["h.0.mlp.c_fc.weight", 6, 24],
    ["wte.weight", 11, 6],
  ]);
  const heads = await analyseWeights(folder, { attention: "heads", heads: 2 });
  assert.equal(heads.layers.filter((l) => l.role === "key").length, 2);
});

Deno.test("a checkpoint series: this project's run layout and step-numbered files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = join(dir, "run");
    await writeRunFolder(run, [0, 10, 100]);
    const listed = await findCheckpoints(run);
    assert.deepEqual(listed?.map((c) => c.step), [0, 10, 100], "sorted by step");
    assert.equal(
      await findCheckpoints(join(fixtures, "gpt2_sharded")),
      null,
      "one model, no series",
    );
    const loose = join(dir, "loose");
    await Deno.mkdir(loose);
    const picks = listed!;
    for (const c of picks) await Deno.copyFile(c.path, join(loose, `ckpt-${c.step}.safetensors`));
    await Deno.writeTextFile(join(loose, "notes.txt"), "not a checkpoint");
    assert.deepEqual((await findCheckpoints(loose))?.map((c) => c.step), [0, 10, 100]);
    const study = await analyseModel(loose, { keepSpectra: true, nullDraws: 40 });
    assert.deepEqual(study.checkpoints.map((c) => c.step), picks.map((c) => c.step));
    const perCheckpoint = study.checkpoints[0].spectra.layers.length;
    assert.equal(study.rows.length, 3 * perCheckpoint);
    const key = study.rows.filter((r) => r.name === "layer0.head0.key");
    assert.deepEqual(key.map((r) => r.step), picks.map((c) => c.step));
    assert.deepEqual(key.map((r) => r.spikes), [0, 0, 0], "iid heads stay MP");
    const fc = study.rows.filter((r) => r.name === "layer0.mlp.fc").map((r) => r.spikes);
    assert.deepEqual(fc, [0, 1, 1], "the planted signal leaves the bulk once above threshold");
    // the table: one row per layer and checkpoint, typed columns, nulls where undefined
    const csv = spectraCsv(study.rows).trim().split("\n");
    assert.equal(csv.length, study.rows.length + 1);
    assert.equal(csv[0], SPECTRA_COLUMNS.map(([c]) => c).join(","));
    const paths = await writeSpectraTable(study.rows, join(dir, "table"));
    const frame = pl.readParquet(paths.parquet);
    assert.equal(frame.height, study.rows.length);
    assert.equal(String(frame.getColumn("step").dtype), "DataType(Int64)");
    assert.equal(String(frame.getColumn("alpha").dtype), "DataType(Float64)");
    assert.equal(String(frame.getColumn("tailSupported").dtype), "DataType(Bool)");
    assert.equal(
      frame.getColumn("alpha").nullCount(),
      study.rows.filter((r) => r.alpha === null).length,
    );
    // the report: one page, no script or remote resource, a figure per layer of the last step
    const html = spectraReportHtml(study, "test");
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
    assert.equal((html.match(/<details class="layer">/g) ?? []).length, perCheckpoint);
    assert.match(html, /Over training/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every weight fixture is analysed, and every damaged or malicious one refused by name", async () => {
  const readable = [
    "arrays.npz",
    "arrays_compressed.npz",
    "ckpt.pt",
    "state_dict.pt",
    "gpt2_sharded",
  ];
  for (const name of readable) {
    const r = await analyseWeights(join(fixtures, name));
    assert.ok(r.layers.length > 0, `${name}: no layer analysed`);
  }
  for (const analyse of [analyseWeights, analyseModel]) {
    await assert.rejects(
      () => analyse(join(fixtures, "no_such_model.safetensors")),
      /no_such_model.safetensors: no such file or folder/,
    );
  }
  const refused: [string, RegExp][] = [
    ["legacy.pt", /legacy \(pre-1.6, non-zip\) format/],
    ["malicious.pt", /refused: the pickle asks for posix.system/],
    ["truncated.pt", /not a zip archive/],
    ["short_storage.pt", /has 32 bytes, 16 × 4 expected/],
  ];
  for (const [name, message] of refused) {
    await assert.rejects(() => analyseWeights(join(fixtures, name)), (e: Error) => {
      assert.match(e.message, new RegExp(name.replace(".", "\\.")));
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("this project's checkpoint in nanoGPT's layout: the per-head split gives back every head", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rng = Rng.fromSeed(12);
    const m = (rows: number, cols: number) =>
      new DenseMatrix(rows, cols, rng.fillNormal(new Float32Array(rows * cols), 0, 1));
    const tensors: Record<string, DenseMatrix<Float32Array>> = {};
    for (let l = 0; l < 2; l++) {
      for (let h = 0; h < 3; h++) {
        for (const role of ["query", "key", "value"]) {
          tensors[`layer${l}.head${h}.${role}`] = m(4, 12);
        }
      }
      tensors[`layer${l}.attn.proj`] = m(12, 12);
      tensors[`layer${l}.mlp.fc`] = m(48, 12);
      tensors[`layer${l}.mlp.proj`] = m(12, 48);
    }
    const source = join(dir, "step.safetensors");
    await Deno.writeFile(source, encodeSafetensors(tensors));
    const target = join(dir, "nano.safetensors");
    assert.deepEqual(await writeNanoGptStyleCheckpoint(source, target), {
      layers: 2,
      heads: 3,
      width: 12,
    });
    const lazy = await openWeights(target);
    try {
      const plan = planLayers(lazy.tensors, { attention: "heads", heads: 3 });
      for (const layer of plan.layers.filter((p) => p.head !== null)) {
        const l = layer.tensor.match(/h\.(\d+)\./)![1];
        const block = layer.extract(await lazy.load(layer.tensor));
        assert.deepEqual(
          block.data,
          tensors[`layer${l}.head${layer.head}.${layer.role}`].data,
          layer.name,
        );
      }
    } finally {
      lazy.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
