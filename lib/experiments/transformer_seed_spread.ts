/**
 * Seed-to-seed spread of the key-spectrum statistics of notebook 03: the same GPT config trained
 * with several seeds, under the compute kernel of this process (OpenBLAS core; rounding differs
 * between kernels, so long runs end in different networks). One JSON file per (kernel, seed), so
 * runs under other kernels (another machine, or `OPENBLAS_CORETYPE=Haswell`) add files beside
 * these, and an interrupted task keeps what it finished.
 */
import { join } from "node:path";
import { writeTextAtomically } from "../data/atomic_write.ts";
import { repositoryRoot } from "../data/project_paths.ts";
import { linalgBackendDescription, linalgKernelName } from "../linalg/backend.ts";
import type { GptRunConfig } from "./gpt_run_config.ts";
import { type TrainingText, trainTransformer } from "./transformer_training.ts";
import { checkpointSpectra } from "./transformer_spectra.ts";
import { pathExists as exists } from "../data/path_exists.ts";

/** Where the committed records live (in the repository, whatever the output root). */
export const SEED_SPREAD_DIRECTORY = join(
  repositoryRoot,
  "data",
  "03_transformer_spectra",
  "seed_spread",
);

/** The key-spectrum statistics of one checkpoint of one seeded run. */
export interface SeedCheckpointStatistics {
  step: number;
  validationLoss: number;
  /** head-averaged ⟨r̃⟩ (central 90 %) and the per-head values */
  meanTildeRatio: number;
  tildeRatios: number[];
  /** fitted MP entry variance s², KS distance to that MP law, λ_max and λ_max / x₊ (pooled) */
  variance: number;
  ks: number;
  lambdaMax: number;
  edgeRatio: number;
  spacingSecondMoment: number;
  ksWigner: number;
  ksPoisson: number;
}

/** One seeded run's record, as committed under data/. */
export interface SeedRunRecord {
  config: string;
  seed: number;
  /** OpenBLAS core name ("Haswell", "Cooperlake", ...) or "js" */
  kernel: string;
  backend: string;
  checkpoints: SeedCheckpointStatistics[];
}

/** Options of runSeedSpread. */
export interface SeedSpreadOptions {
  config: GptRunConfig;
  seeds: readonly number[];
  text: TrainingText;
  /** folder of the committed records: <kernel>/seed-<seed>.json */
  resultsDirectory: string;
  /** parent folder of the (large, uncommitted) training run folders */
  runsDirectory: string;
  onProgress?: (line: string) => void;
}

/** The record file of one (kernel, seed). */
export function seedRecordPath(resultsDirectory: string, kernel: string, seed: number): string {
  if (!/^[A-Za-z0-9_-]+$/.test(kernel)) throw new RangeError(`kernel name: ${kernel}`);
  return join(resultsDirectory, kernel, `seed-${seed}.json`);
}

/** Trains each seed not yet recorded for this process's kernel and writes its record. */
export async function runSeedSpread(options: SeedSpreadOptions): Promise<SeedRunRecord[]> {
  const kernel = linalgKernelName();
  const log = options.onProgress ?? (() => {});
  const out: SeedRunRecord[] = [];
  for (const seed of options.seeds) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seeds must be non-negative integers, got ${seed}`);
    }
    const path = seedRecordPath(options.resultsDirectory, kernel, seed);
    if (await exists(path)) {
      log(`${kernel} seed ${seed}: recorded already (${path})`);
      out.push(JSON.parse(await Deno.readTextFile(path)));
      continue;
    }
    const config = { ...options.config, seed };
    const t0 = performance.now();
    const run = await trainTransformer(config, options.text, {
      directory: join(options.runsDirectory, kernel),
    });
    const keys = await checkpointSpectra(run.checkpoints, "key");
    const record: SeedRunRecord = {
      config: config.name,
      seed,
      kernel,
      backend: linalgBackendDescription(),
      checkpoints: keys.map((k) => ({
        step: k.step,
        validationLoss: k.validationLoss,
        meanTildeRatio: k.summary.meanTildeRatio,
        tildeRatios: k.summary.tildeRatios,
        variance: k.summary.variance,
        ks: k.summary.ks,
        lambdaMax: k.summary.lambdaMax,
        edgeRatio: k.summary.edgeRatio,
        spacingSecondMoment: k.summary.spacingSecondMoment,
        ksWigner: k.summary.ksWigner,
        ksPoisson: k.summary.ksPoisson,
      })),
    };
    await writeTextAtomically(path, JSON.stringify(record, null, 1) + "\n");
    const end = record.checkpoints.at(-1)!;
    log(
      `${kernel} seed ${seed}: ${run.origin} in ${
        ((performance.now() - t0) / 1000).toFixed(0)
      } s;` +
        ` ⟨r̃⟩ at step ${end.step} = ${end.meanTildeRatio.toFixed(4)}`,
    );
    out.push(record);
  }
  return out;
}

/** Every committed record under `resultsDirectory` (all kernels), sorted by kernel and seed. */
export async function readSeedRecords(resultsDirectory: string): Promise<SeedRunRecord[]> {
  const out: SeedRunRecord[] = [];
  let kernels: Deno.DirEntry[];
  try {
    kernels = [...Deno.readDirSync(resultsDirectory)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const k of kernels.filter((e) => e.isDirectory)) {
    for (const f of Deno.readDirSync(join(resultsDirectory, k.name))) {
      if (!/^seed-\d+\.json$/.test(f.name)) continue;
      out.push(JSON.parse(await Deno.readTextFile(join(resultsDirectory, k.name, f.name))));
    }
  }
  return out.sort((a, b) => a.kernel.localeCompare(b.kernel) || a.seed - b.seed);
}

/** Spread over runs of one statistic at one checkpoint. */
export interface SpreadRow {
  step: number;
  runs: number;
  mean: number;
  /** sample standard deviation over runs */
  sd: number;
  min: number;
  max: number;
}

/**
 * Mean, sd, min and max over the records of `statistic` at each checkpoint step. Every record
 * must have the same checkpoint steps (the same config).
 */
export function seedSpread(
  records: readonly SeedRunRecord[],
  statistic: (c: SeedCheckpointStatistics) => number,
): SpreadRow[] {
  if (records.length === 0) return [];
  const steps = records[0].checkpoints.map((c) => c.step);
  for (const r of records) {
    const other = r.checkpoints.map((c) => c.step);
    if (other.join() !== steps.join()) {
      throw new RangeError(
        `seed spread: ${r.kernel} seed ${r.seed} has checkpoints ${other.join(", ")}, ` +
          `expected ${steps.join(", ")} (records of different configs cannot be pooled)`,
      );
    }
  }
  return steps.map((step, i) => {
    const v = records.map((r) => statistic(r.checkpoints[i]));
    const n = v.length;
    const mean = v.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
    return { step, runs: n, mean, sd, min: Math.min(...v), max: Math.max(...v) };
  });
}
