/**
 * The finite-size side of notebook 04: each DMFT setting simulated over several seeds (over Deno
 * workers, dmft_simulation_tasks.ts) and averaged, so that the notebook and the tests compare the
 * same curves. The averages do not depend on the worker count.
 */
import type { DeepLinearSimulation } from "../models/deep_linear_network.ts";
import type { OnlineSgdSimulation } from "../models/random_feature_sgd.ts";
import { runSweep, type SweepOptions } from "../parallel/sweep.ts";
import type { RandomFeatureGdProblem } from "../theory/dmft/random_feature_gd_dmft.ts";

/** How many draws of which size. */
export interface SimulationSize {
  dimension: number;
  seeds: number;
  /** first seed; draws use seed, seed + 1, … */
  seed: number;
}

/** The pointwise mean of equal-length curves. */
export function meanCurve(curves: readonly Float64Array[]): Float64Array {
  if (curves.length === 0) throw new RangeError("no curves to average");
  return Float64Array.from(
    { length: curves[0].length },
    (_, t) => curves.reduce((a, c) => a + c[t], 0) / curves.length,
  );
}

/** The standard error over draws of each point of equal-length curves. */
export function standardErrorCurve(curves: readonly Float64Array[]): Float64Array {
  const n = curves.length;
  if (n < 2) throw new RangeError("a standard error needs at least 2 curves");
  const m = meanCurve(curves);
  return m.map((mu, t) =>
    Math.sqrt(curves.reduce((a, c) => a + (c[t] - mu) ** 2, 0) / (n - 1) / n)
  );
}

/** Index of the smallest value. */
export function argmin(curve: ArrayLike<number>): number {
  let best = 0;
  for (let t = 1; t < curve.length; t++) if (curve[t] < curve[best]) best = t;
  return best;
}

const seedsOf = (s: SimulationSize) => Array.from({ length: s.seeds }, (_, k) => s.seed + k);
const TASKS = new URL("./dmft_simulation_tasks.ts", import.meta.url);

/** The seeds of a setting over workers (default: one per core); the result is the same for any count. */
function overSeeds<P, R>(
  exportName: string,
  problem: P,
  size: SimulationSize,
  options: SweepOptions,
  extra = {},
) {
  const tasks = seedsOf(size).map((seed) => ({
    problem,
    dimension: size.dimension,
    seed,
    ...extra,
  }));
  return runSweep<typeof tasks[0], R>(TASKS, exportName, tasks, { progress: false, ...options });
}

/** Mean test, train and Hermitian-counterpart losses of GD on the random-feature model. */
export async function simulateRandomFeatureMean(
  p: RandomFeatureGdProblem,
  size: SimulationSize,
  options: SweepOptions = {},
) {
  const runs = await overSeeds<
    RandomFeatureGdProblem,
    { test: Float64Array; train: Float64Array; hermitian: Float64Array }
  >(
    "randomFeatureTask",
    p,
    size,
    options,
  );
  return {
    test: meanCurve(runs.map((r) => r.test)),
    train: meanCurve(runs.map((r) => r.train)),
    hermitian: meanCurve(runs.map((r) => r.hermitian)),
  };
}

/**
 * Mean cross-overlaps of models that share β* and the data (different features), or the features
 * (different data), and the test loss of a K-model feature ensemble, with the per-draw curves.
 */
export async function simulateEnsemblesMean(
  p: RandomFeatureGdProblem,
  size: SimulationSize,
  members = 4,
  options: SweepOptions = {},
) {
  type Draw = { sharedData: Float64Array; sharedFeatures: Float64Array; ensemble: Float64Array };
  const runs = await overSeeds<RandomFeatureGdProblem, Draw>("ensembleTask", p, size, options, {
    members,
  });
  const perSeed = {
    sharedData: runs.map((r) => r.sharedData),
    sharedFeatures: runs.map((r) => r.sharedFeatures),
    ensemble: runs.map((r) => r.ensemble),
  };
  return {
    sharedData: meanCurve(perSeed.sharedData),
    sharedFeatures: meanCurve(perSeed.sharedFeatures),
    ensemble: meanCurve(perSeed.ensemble),
    perSeed,
  };
}

/** Mean test loss of online SGD. */
export async function simulateOnlineSgdMean(
  p: Omit<OnlineSgdSimulation, "dimension" | "seed">,
  size: SimulationSize,
  options: SweepOptions = {},
): Promise<Float64Array> {
  return meanCurve(await overSeeds<typeof p, Float64Array>("onlineSgdTask", p, size, options));
}

/** Mean test and train losses of multi-pass SGD. */
export async function simulateMultiPassSgdMean(
  p: RandomFeatureGdProblem & { batchFraction: number },
  size: SimulationSize,
  options: SweepOptions = {},
) {
  const runs = await overSeeds<typeof p, { testLoss: Float64Array; trainLoss: Float64Array }>(
    "multiPassSgdTask",
    p,
    size,
    options,
  );
  return {
    test: meanCurve(runs.map((r) => r.testLoss)),
    train: meanCurve(runs.map((r) => r.trainLoss)),
  };
}

/** Mean curves of the deep linear network: test loss, L/L(0), train loss and |w|²/N (and per draw). */
export async function simulateDeepLinearMean(
  p: Omit<DeepLinearSimulation, "dimension" | "seed">,
  size: SimulationSize,
  options: SweepOptions = {},
) {
  type Draw = { testLoss: Float64Array; trainLoss: Float64Array; readoutNorm: Float64Array };
  const runs = await overSeeds<typeof p, Draw>("deepLinearTask", p, size, options);
  const normalised = runs.map((r) => r.testLoss.map((v) => v / r.testLoss[0]));
  return {
    test: meanCurve(runs.map((r) => r.testLoss)),
    normalised: meanCurve(normalised),
    train: meanCurve(runs.map((r) => r.trainLoss)),
    readoutNorm: meanCurve(runs.map((r) => r.readoutNorm)),
    perSeed: { normalised, readoutNorm: runs.map((r) => r.readoutNorm) },
  };
}
