/**
 * The finite-size side of notebook 04: each DMFT setting simulated over several seeds and averaged,
 * so that the notebook and the tests compare the same curves.
 */
import { simulateDeepLinear } from "../models/deep_linear_network.ts";
import { crossOverlap, simulateRandomFeatureGd } from "../models/random_feature_gd.ts";
import { simulateMultiPassSgd, simulateOnlineSgd } from "../models/random_feature_sgd.ts";
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

/** Mean test, train and Hermitian-counterpart losses of GD on the random-feature model. */
export function simulateRandomFeatureMean(p: RandomFeatureGdProblem, size: SimulationSize) {
  const runs = seedsOf(size).map((seed) =>
    simulateRandomFeatureGd({ dimension: size.dimension, ...p, seed })
  );
  return {
    test: meanCurve(runs.map((r) => r.testLoss)),
    train: meanCurve(runs.map((r) => r.trainLoss)),
    hermitian: meanCurve(runs.map((r) => r.hermitianLoss)),
  };
}

/**
 * Mean cross-overlaps of models that share β* and the data (different features), or the features
 * (different data), and the test loss of a K-model feature ensemble (the residual of the averaged
 * predictor is the mean residual).
 */
export function simulateEnsemblesMean(
  p: RandomFeatureGdProblem,
  size: SimulationSize,
  members = 4,
) {
  const D = size.dimension, T = p.steps;
  const sharedData: Float64Array[] = [],
    sharedFeatures: Float64Array[] = [],
    ensemble: Float64Array[] = [];
  for (const seed of seedsOf(size)) {
    const run = (dataSeed: number, featureSeed: number) =>
      simulateRandomFeatureGd({
        dimension: D,
        ...p,
        seed,
        dataSeed,
        featureSeed,
        keepResiduals: true,
      });
    const team = Array.from({ length: members }, (_, k) => run(1000 + seed, 2000 + 100 * seed + k));
    sharedData.push(crossOverlap(team[0], team[1], D));
    sharedFeatures.push(crossOverlap(team[0], run(3000 + seed, 2000 + 100 * seed), D));
    ensemble.push(Float64Array.from({ length: T }, (_, t) => {
      let s = 0;
      for (let i = 0; i < D; i++) {
        let m = 0;
        for (const r of team) m += r.residuals![t * D + i];
        s += (m / members) ** 2;
      }
      return s / D + p.noise * p.noise;
    }));
  }
  return {
    sharedData: meanCurve(sharedData),
    sharedFeatures: meanCurve(sharedFeatures),
    ensemble: meanCurve(ensemble),
    perSeed: { sharedData, sharedFeatures, ensemble },
  };
}

/** Mean test loss of online SGD. */
export function simulateOnlineSgdMean(
  p: { nu: number; batchFraction: number; noise: number; eta: number; steps: number },
  size: SimulationSize,
): Float64Array {
  return meanCurve(
    seedsOf(size).map((seed) => simulateOnlineSgd({ dimension: size.dimension, ...p, seed })),
  );
}

/** Mean test and train losses of multi-pass SGD. */
export function simulateMultiPassSgdMean(
  p: RandomFeatureGdProblem & { batchFraction: number },
  size: SimulationSize,
) {
  const runs = seedsOf(size).map((seed) =>
    simulateMultiPassSgd({ dimension: size.dimension, ...p, seed })
  );
  return {
    test: meanCurve(runs.map((r) => r.testLoss)),
    train: meanCurve(runs.map((r) => r.trainLoss)),
  };
}

/** Mean curves of the deep linear network: test loss, L/L(0), train loss and |w|²/N (and per draw). */
export function simulateDeepLinearMean(
  p: { alpha: number; nu: number; gamma: number; noise: number; eta: number; steps: number },
  size: SimulationSize,
) {
  const runs = seedsOf(size).map((seed) =>
    simulateDeepLinear({ dimension: size.dimension, ...p, seed })
  );
  const normalised = runs.map((r) => r.testLoss.map((v) => v / r.testLoss[0]));
  return {
    test: meanCurve(runs.map((r) => r.testLoss)),
    normalised: meanCurve(normalised),
    train: meanCurve(runs.map((r) => r.trainLoss)),
    readoutNorm: meanCurve(runs.map((r) => r.readoutNorm)),
    perSeed: { normalised, readoutNorm: runs.map((r) => r.readoutNorm) },
  };
}
