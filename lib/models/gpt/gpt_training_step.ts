/** One optimisation step of the GPT: forward, backward, gradient clipping, AdamW. */
import { type AdamW, clipGradientNorm } from "./adamw.ts";
import type { Gpt } from "./gpt_model.ts";

/** What one step reports. */
export interface StepReport {
  loss: number;
  /** global gradient norm before clipping */
  gradNorm: number;
}

/** Updates `model` on one batch (row-major batch×time tokens and next-token targets). */
export function trainingStep(
  model: Gpt,
  optimiser: AdamW,
  batch: { tokens: ArrayLike<number>; targets: ArrayLike<number> },
  shape: { batch: number; time: number },
  learningRate: number,
  gradClip: number,
): StepReport {
  if (!(learningRate >= 0 && Number.isFinite(learningRate))) {
    throw new RangeError(`learning rate must be finite and ≥ 0, got ${learningRate}`);
  }
  if (!(gradClip > 0)) {
    throw new RangeError(`gradClip must be > 0 (Infinity turns clipping off), got ${gradClip}`);
  }
  const loss = model.forward(batch.tokens, batch.targets, shape.batch, shape.time);
  if (!Number.isFinite(loss)) {
    throw new RangeError(`training loss is ${loss}: the run diverged; lower the learning rate`);
  }
  model.backward();
  const gradNorm = clipGradientNorm(model.grads, gradClip);
  optimiser.update(model.params, model.grads, learningRate);
  return { loss, gradNorm };
}
