/**
 * Notebook 05's exercises: the phase-space rotation per step, the step-size law and the mean
 * squared displacement of one mode.
 */
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { exactMsd } from "../theory/anomalous_diffusion.ts";
import { rotationPerStep } from "../theory/sgd_momentum_moments.ts";
import * as solutions from "./solutions/sgd_limiting_dynamics.ts";

const SOLUTIONS = "lib/exercises/solutions/sgd_limiting_dynamics.ts";

/** 05.1: the rotation per step. */
export const rotationExercise: Exercise<(eta: number, h: number, beta: number) => number> = {
  id: "05.1",
  task: "the phase-space rotation per step φ of an underdamped mode",
  reference: solutions.rotationAngle,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[0.1, 1, 0.9], [0.05, 1, 0.99], [0.01, 3, 0.95]].map(([eta, h, beta]) =>
      matchesValue(
        `η = ${eta}, h = ${h}, β = ${beta}`,
        candidate(eta, h, beta),
        rotationPerStep(h, { learningRate: eta, momentum: beta, weightDecay: 0, batchSize: 1 }),
        1e-9,
      )
    );
  },
};

/** 05.2: the step-size law. */
export const stepSizeExercise: Exercise<
  (eta: number, traceSigma: number, batch: number, beta: number) => number
> = {
  id: "05.2",
  task: "the step-size law E‖Δθ‖² = η² tr Σ_g/(S(1 − β²))",
  reference: solutions.stepSizeLaw,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    // E‖b‖² = tr Σ_g/(S(1 − β²)) is the stationary second moment of b ← βb + ξ, Var ξ = tr Σ_g/S
    return [[0.01, 2, 32, 0.9], [0.05, 0.5, 8, 0], [0.02, 1, 128, 0.95]].map(([e, t, s, b]) =>
      matchesValue(
        `η = ${e}, tr Σ_g = ${t}, S = ${s}, β = ${b}`,
        candidate(e, t, s, b),
        e * e * (t / s) / (1 - b * b),
        1e-9,
      )
    );
  },
};

/** 05.3: one mode's MSD. */
export const modeMsdExercise: Exercise<(k: number, eta: number, h: number, s2: number) => number> =
  {
    id: "05.3",
    task: "the mean squared displacement MSD(k) of one stationary mode of plain SGD",
    reference: solutions.modeMsd,
    solutionFile: SOLUTIONS,
    checks(candidate) {
      const eta = 0.1, h = 0.5, s2 = 0.3;
      const lags = [1, 10, 100, 1000];
      const p = { learningRate: eta, momentum: 0, weightDecay: 0, batchSize: 1 };
      const expected = exactMsd([h], [s2], p, lags);
      return [
        matchesValue(
          `η = ${eta}, h = ${h}, s² = ${s2}, lags ${lags.join(", ")}`,
          lags.map((k) => candidate(k, eta, h, s2)),
          expected,
          1e-8,
        ),
      ];
    },
  };
