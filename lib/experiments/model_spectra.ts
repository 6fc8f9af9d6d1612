/**
 * The spectra of any trained model (issue: spectra of any model, first part): every weight matrix
 * of a file or model folder that lib/rmt reads (readWeightMatrices: .npy, .npz, .safetensors and
 * Hugging Face folders, PyTorch .pt/.pth/.bin/.ckpt) analysed layer by layer with layerMetrics,
 * one matrix at a time, with a callback for progress. `deno task spectra PATH` runs it.
 */
import { Rng } from "../random/rng.ts";
import { type LayerMetrics, layerMetrics } from "../rmt/layer_metrics.ts";
import { readWeightMatrices } from "../rmt/weight_files.ts";

/** Options of analyseWeights. */
export interface ModelSpectraOptions {
  /** seed of the shuffled copies (correlation traps); default 0 */
  seed?: number;
  /** called after each layer with its index (from 1), the layer count and the layer's name */
  onLayer?: (done: number, total: number, name: string) => void | Promise<void>;
}

/** The metrics of every layer, and the tensors that are too small to analyse (min side < 3). */
export interface ModelSpectra {
  path: string;
  layers: LayerMetrics[];
  skipped: string[];
}

/** Analyses every weight matrix of `path` (a file or a model folder). */
export async function analyseWeights(
  path: string,
  options: ModelSpectraOptions = {},
): Promise<ModelSpectra> {
  const matrices = await readWeightMatrices(path);
  const names = [...matrices.keys()].sort();
  const usable = names.filter((n) => Math.min(matrices.get(n)!.rows, matrices.get(n)!.cols) >= 3);
  const layers: LayerMetrics[] = [];
  for (const [i, name] of usable.entries()) {
    // each layer its own stream, so one layer's traps do not depend on which layers came before
    layers.push(layerMetrics(name, matrices.get(name)!, Rng.fromSeed(options.seed ?? 0, i)));
    matrices.delete(name);
    await options.onLayer?.(i + 1, usable.length, name);
  }
  return { path, layers, skipped: names.filter((n) => !usable.includes(n)) };
}

/** The metrics as CSV: one row per layer, a header of the LayerMetrics field names. */
export function metricsCsv(layers: readonly LayerMetrics[]): string {
  if (layers.length === 0) return "";
  const fields = Object.keys(layers[0]) as (keyof LayerMetrics)[];
  const cell = (v: unknown) =>
    v === null ? "" : typeof v === "string" ? `"${v.replace(/"/g, '""')}"` : String(v);
  return [fields.join(","), ...layers.map((l) => fields.map((f) => cell(l[f])).join(","))].join(
    "\n",
  ) +
    "\n";
}
