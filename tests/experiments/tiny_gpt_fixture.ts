/** A GPT run small enough for unit tests (a fraction of a second), and a text to train it on. */
import type { GptRunConfig } from "../../lib/experiments/gpt_run_config.ts";

export const tinyText = {
  source: "test",
  train: "the quick brown fox jumps over the lazy dog. ".repeat(30),
  validation: "a lazy dog sleeps; the fox jumps. ".repeat(10),
};

export const tinyGptConfig: GptRunConfig = {
  name: "test",
  model: { layers: 1, heads: 2, width: 8, context: 6, initStd: 0.1 },
  training: {
    batch: 4,
    steps: 24,
    learningRate: 2e-2,
    minLearningRate: 2e-3,
    warmupSteps: 2,
    weightDecay: 0.1,
    beta1: 0.9,
    beta2: 0.99,
    eps: 1e-8,
    gradClip: 1,
  },
  evaluation: { interval: 5, batches: 2 },
  checkpoints: 4,
  seed: 77,
};
