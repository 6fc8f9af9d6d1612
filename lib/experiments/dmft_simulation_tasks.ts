/**
 * One seed of each DMFT simulation as a sweep task (lib/parallel/sweep.ts), so that the seeds run
 * over Deno workers. Each task is deterministic in its arguments; results are plain typed arrays.
 */
import { type DeepLinearSimulation, simulateDeepLinear } from "../models/deep_linear_network.ts";
import { crossOverlap, simulateRandomFeatureGd } from "../models/random_feature_gd.ts";
import {
  type OnlineSgdSimulation,
  simulateMultiPassSgd,
  simulateOnlineSgd,
} from "../models/random_feature_sgd.ts";
import type { RandomFeatureGdProblem } from "../theory/dmft/random_feature_gd_dmft.ts";

/** A setting without its size and seed, which each task supplies. */
type Setting<T> = Omit<T, "dimension" | "seed">;

/** A seed of a random-feature setting. */
export interface RandomFeatureTask {
  problem: RandomFeatureGdProblem;
  dimension: number;
  seed: number;
}

/** GD curves of one draw. */
export function randomFeatureTask(t: RandomFeatureTask) {
  const r = simulateRandomFeatureGd({ dimension: t.dimension, ...t.problem, seed: t.seed });
  return { test: r.testLoss, train: r.trainLoss, hermitian: r.hermitianLoss };
}

/**
 * One draw of the ensemble study: `members` models sharing β* and the data (different features),
 * plus one sharing β* and the features of the first (different data). Returns the cross-overlaps
 * and the test loss of the `members`-model feature ensemble (its residual is the mean residual).
 */
export function ensembleTask(t: RandomFeatureTask & { members: number }) {
  const D = t.dimension, T = t.problem.steps;
  const run = (dataSeed: number, featureSeed: number) =>
    simulateRandomFeatureGd({
      dimension: D,
      ...t.problem,
      seed: t.seed,
      dataSeed,
      featureSeed,
      keepResiduals: true,
    });
  const team = Array.from(
    { length: t.members },
    (_, k) => run(1000 + t.seed, 2000 + 100 * t.seed + k),
  );
  const ensemble = Float64Array.from({ length: T }, (_, s) => {
    let sum = 0;
    for (let i = 0; i < D; i++) {
      let m = 0;
      for (const r of team) m += r.residuals![s * D + i];
      sum += (m / t.members) ** 2;
    }
    return sum / D + t.problem.noise ** 2;
  });
  return {
    sharedData: crossOverlap(team[0], team[1], D),
    sharedFeatures: crossOverlap(team[0], run(3000 + t.seed, 2000 + 100 * t.seed), D),
    ensemble,
  };
}

/** Online-SGD test loss of one draw. */
export function onlineSgdTask(
  t: {
    problem: Setting<OnlineSgdSimulation>;
    dimension: number;
    seed: number;
  },
): Float64Array {
  return simulateOnlineSgd({ dimension: t.dimension, ...t.problem, seed: t.seed });
}

/** Multi-pass SGD curves of one draw. */
export function multiPassSgdTask(
  t: {
    problem: RandomFeatureGdProblem & { batchFraction: number };
    dimension: number;
    seed: number;
  },
) {
  return simulateMultiPassSgd({ dimension: t.dimension, ...t.problem, seed: t.seed });
}

/** Deep-linear curves of one draw. */
export function deepLinearTask(
  t: {
    problem: Setting<DeepLinearSimulation>;
    dimension: number;
    seed: number;
  },
) {
  const r = simulateDeepLinear({ dimension: t.dimension, ...t.problem, seed: t.seed });
  return { testLoss: r.testLoss, trainLoss: r.trainLoss, readoutNorm: r.readoutNorm };
}
