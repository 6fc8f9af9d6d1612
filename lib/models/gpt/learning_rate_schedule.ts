/**
 * Linear warm-up, then cosine decay to a floor (nanoGPT's get_lr): for step s (from 0) of S,
 *   s < W:  lr = lr₀·(s+1)/(W+1)
 *   else:   lr = lr_min + ½(1 + cos(π(s−W)/(S−W)))·(lr₀ − lr_min)
 */

/** The schedule's parameters. */
export interface LearningRateSchedule {
  learningRate: number;
  minLearningRate: number;
  warmupSteps: number;
  /** total steps S */
  steps: number;
}

/** Throws a RangeError naming the bad field. */
export function validateSchedule(s: LearningRateSchedule): void {
  if (!(s.learningRate > 0 && Number.isFinite(s.learningRate))) {
    throw new RangeError(`learningRate must be positive, got ${s.learningRate}`);
  }
  if (!(s.minLearningRate >= 0 && s.minLearningRate <= s.learningRate)) {
    throw new RangeError(`minLearningRate must be in [0, learningRate], got ${s.minLearningRate}`);
  }
  if (!Number.isInteger(s.steps) || s.steps < 1) {
    throw new RangeError(`steps must be ≥ 1, got ${s.steps}`);
  }
  if (!Number.isInteger(s.warmupSteps) || s.warmupSteps < 0 || s.warmupSteps >= s.steps) {
    throw new RangeError(`warmupSteps must be an integer in [0, steps), got ${s.warmupSteps}`);
  }
}

/** The learning rate at `step`. */
export function learningRateAt(s: LearningRateSchedule, step: number): number {
  if (step < s.warmupSteps) return (s.learningRate * (step + 1)) / (s.warmupSteps + 1);
  const ratio = Math.min(1, (step - s.warmupSteps) / (s.steps - s.warmupSteps));
  return s.minLearningRate +
    0.5 * (1 + Math.cos(Math.PI * ratio)) * (s.learningRate - s.minLearningRate);
}
