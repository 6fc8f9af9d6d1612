/**
 * The spectra of any trained model: every weight matrix of a file or model folder that lib/rmt
 * reads (openWeights: .npy, .npz, .safetensors and Hugging Face folders, PyTorch
 * .pt/.pth/.bin/.ckpt), chosen and cut by planLayers (fused attention split into query, key and
 * value, per head on request; convolution kernels as [out, in·k…]) and analysed layer by layer
 * with lib/rmt/layer_metrics.ts — one tensor in memory at a time. A folder of checkpoints
 * (lib/experiments/checkpoint_series.ts) gives every metric against the training step.
 * `deno task spectra PATH` runs it; notebook 07 calls it.
 */
import type { FloatArray } from "../linalg/dense_matrix.ts";
import type { EsdAnalysis } from "../rmt/esd_analysis.ts";
import { analyseLayer, type LayerMetrics } from "../rmt/layer_metrics.ts";
import { type LayerPlanOptions, planLayers } from "../rmt/layer_plan.ts";
import type { LevelNullCache } from "../rmt/level_null_cache.ts";
import { openWeights } from "../rmt/weight_files.ts";
import { Rng } from "../random/rng.ts";
import { type Checkpoint, findCheckpoints } from "./checkpoint_series.ts";

/** Options of analyseWeights and analyseModel. */
export interface ModelSpectraOptions extends LayerPlanOptions {
  /** seed of the shuffled copies, the bootstrap and the level null; default 0 */
  seed?: number;
  /** resamples of the α bootstrap (default 100) */
  bootstrapDraws?: number;
  /** spectra of the level-statistics null per shape (default 100) */
  nullDraws?: number;
  /** keep each layer's ESD analysis (eigenvalues and fits) for figures (of the last checkpoint
   * of a series); default false */
  keepSpectra?: boolean;
  /** called after each layer with its index (from 1), the layer count and the layer's name */
  onLayer?: (done: number, total: number, name: string) => void | Promise<void>;
  /** called before each checkpoint of a series with its index (from 1), count and label */
  onCheckpoint?: (done: number, total: number, label: string) => void | Promise<void>;
}

/** One row of the table: a layer of a checkpoint. */
export type SpectraRow = LayerMetrics & {
  /** the checkpoint's label ("model" for a single file) and training step (null if unknown) */
  checkpoint: string;
  step: number | null;
};

/** The analysis of one model file or folder. */
export interface ModelSpectra {
  path: string;
  layers: LayerMetrics[];
  /** tensors not analysed, with the reason */
  skipped: { name: string; reason: string }[];
  /** remarks of the layer plan (a fused projection kept whole, …) */
  notes: string[];
  /** ESD analyses by layer name, when keepSpectra */
  spectra: Map<string, EsdAnalysis>;
}

/** Analyses every weight matrix of `path` (a file or a model folder). */
export async function analyseWeights(
  path: string,
  options: ModelSpectraOptions = {},
  nullCache: LevelNullCache = new Map(),
): Promise<ModelSpectra> {
  const seed = options.seed ?? 0;
  const lazy = await openWeights(path);
  try {
    const plan = planLayers(lazy.tensors, options);
    const out: ModelSpectra = {
      path,
      layers: [],
      skipped: [
        ...plan.skipped,
        ...lazy.skipped.map((name) => ({ name, reason: "not a float tensor" })),
      ],
      notes: plan.notes,
      spectra: new Map(),
    };
    let loaded = null as { tensor: string; data: FloatArray } | null;
    for (const [i, layer] of plan.layers.entries()) {
      if (loaded?.tensor !== layer.tensor) {
        loaded = null; // drop the previous tensor before reading the next
        loaded = { tensor: layer.tensor, data: await lazy.load(layer.tensor) };
      }
      // each layer its own stream, so one layer's numbers do not depend on the layers before it
      const { metrics, spectrum } = analyseLayer(
        layer.name,
        layer.extract(loaded.data),
        Rng.fromSeed(seed, i),
        {
          tensor: layer.tensor,
          role: layer.role,
          head: layer.head,
          bootstrapDraws: options.bootstrapDraws,
          nullDraws: options.nullDraws,
          nullSeed: seed,
          nullCache,
        },
      );
      out.layers.push(metrics);
      if (options.keepSpectra) out.spectra.set(layer.name, spectrum);
      await options.onLayer?.(i + 1, plan.layers.length, layer.name);
    }
    return out;
  } finally {
    lazy.close();
  }
}

/** The analysis of a model, or of each checkpoint of a training run. */
export interface SpectraStudy {
  path: string;
  /** one entry per checkpoint (one, labelled "model", for a single model) */
  checkpoints: (Checkpoint & { spectra: ModelSpectra })[];
  rows: SpectraRow[];
}

/**
 * Analyses `path`: a folder of checkpoints (findCheckpoints) checkpoint by checkpoint, or else one
 * model file or folder. The level nulls are shared between checkpoints (same shapes).
 */
export async function analyseModel(
  path: string,
  options: ModelSpectraOptions = {},
): Promise<SpectraStudy> {
  const series = await findCheckpoints(path);
  const checkpoints: Checkpoint[] = series ?? [{ label: "model", step: null, path }];
  const cache: LevelNullCache = new Map();
  const study: SpectraStudy = { path, checkpoints: [], rows: [] };
  for (const [i, c] of checkpoints.entries()) {
    await options.onCheckpoint?.(i + 1, checkpoints.length, c.label);
    // ESD analyses are kept for the last checkpoint only (the report's per-layer figures)
    const keepSpectra = options.keepSpectra === true && i === checkpoints.length - 1;
    const spectra = await analyseWeights(c.path, { ...options, keepSpectra }, cache);
    study.checkpoints.push({ ...c, spectra });
    for (const l of spectra.layers) study.rows.push({ checkpoint: c.label, step: c.step, ...l });
  }
  return study;
}
