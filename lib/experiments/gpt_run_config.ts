/**
 * A training run of the character GPT as one JSON file (lib/experiments/gpt_configs/*.json):
 * model shape, AdamW and schedule, evaluation, checkpoint count and seed. The vocabulary size
 * comes from the corpus, not the file.
 */
import type { ConfigValue } from "../data/config_hash.ts";
import { validateAdamW } from "../models/gpt/adamw.ts";
import { type GptArchitecture, validateArchitecture } from "../models/gpt/gpt_architecture.ts";
import { validateSchedule } from "../models/gpt/learning_rate_schedule.ts";
import quick from "./gpt_configs/quick.json" with { type: "json" };
import full from "./gpt_configs/full.json" with { type: "json" };
import paper from "./gpt_configs/paper.json" with { type: "json" };

/** One run's settings. */
export interface GptRunConfig {
  name: string;
  description?: string;
  model: Omit<GptArchitecture, "vocab">;
  training: {
    batch: number;
    steps: number;
    learningRate: number;
    minLearningRate: number;
    warmupSteps: number;
    weightDecay: number;
    beta1: number;
    beta2: number;
    eps: number;
    gradClip: number;
  };
  /** loss on `batches` fixed batches of train and validation text every `interval` steps */
  evaluation: { interval: number; batches: number };
  /** number of checkpoints: step 0, then log-spaced up to the last step */
  checkpoints: number;
  seed: number;
}

/** The shipped configurations. */
export const GPT_CONFIGS: Readonly<Record<"quick" | "full" | "paper", GptRunConfig>> = {
  quick,
  full,
  paper,
};

/** Throws a RangeError naming the first invalid field. */
export function validateRunConfig(c: GptRunConfig, vocab = 2): void {
  validateArchitecture({ ...c.model, vocab });
  const t = c.training;
  validateSchedule(t);
  validateAdamW({ beta1: t.beta1, beta2: t.beta2, eps: t.eps, weightDecay: t.weightDecay });
  if (!Number.isInteger(t.batch) || t.batch < 1) {
    throw new RangeError(`batch must be ≥ 1, got ${t.batch}`);
  }
  if (!(t.gradClip > 0)) throw new RangeError(`gradClip must be positive, got ${t.gradClip}`);
  const e = c.evaluation;
  if (
    !Number.isInteger(e.interval) || e.interval < 1 || !Number.isInteger(e.batches) || e.batches < 1
  ) {
    throw new RangeError(
      `evaluation needs integer interval ≥ 1 and batches ≥ 1, got ${JSON.stringify(e)}`,
    );
  }
  if (!Number.isInteger(c.checkpoints) || c.checkpoints < 2) {
    throw new RangeError(`checkpoints must be an integer ≥ 2, got ${c.checkpoints}`);
  }
  if (!Number.isSafeInteger(c.seed) || c.seed < 0) {
    throw new RangeError(`seed must be a non-negative integer`);
  }
}

/**
 * Checkpoint steps: 0, then `count − 1` steps log-spaced from 10 (or 1 for short runs) to the
 * last step, rounded and deduplicated, so early changes are resolved.
 */
export function checkpointSteps(steps: number, count: number): number[] {
  const first = Math.min(10, steps);
  const out = new Set<number>([0, steps]);
  for (let i = 0; i < count - 1; i++) {
    const f = count === 2 ? 1 : i / (count - 2);
    out.add(Math.round(first * (steps / first) ** f));
  }
  return [...out].sort((a, b) => a - b);
}

/** The config as a plain JSON value (for hashing). */
export function runConfigValue(c: GptRunConfig): ConfigValue {
  return JSON.parse(JSON.stringify(c)) as ConfigValue;
}
