/**
 * Notebook 04's exercises: the GOE response in closed form, the loss of an ensemble, and Saxe's
 * logistic learning curve.
 */
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { ellipticResponse } from "../theory/dmft/elliptic_response.ts";
import { saxeModeStrength } from "../theory/dmft/saxe_mode.ts";
import * as solutions from "./solutions/dmft.ts";

const SOLUTIONS = "lib/exercises/solutions/dmft.ts";

/** 04.1: R(t) of the GOE. */
export const goeResponseExercise: Exercise<(z: number, t: number) => number> = {
  id: "04.1",
  task: "the GOE response R(t) = e^{−zt} I₁(2t)/t",
  reference: solutions.goeResponse,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [0, 0.5, 1, 4, 8].map((t) =>
      matchesValue(
        `z = 2, t = ${t}`,
        candidate(2, t),
        ellipticResponse({ shift: 2, tau: 1 }, t),
        1e-8,
      )
    );
  },
};

/** 04.2: the ensemble loss. */
export const ensembleLossExercise: Exercise<
  (noise2: number, cv: number, cx: number, k: number) => number
> = {
  id: "04.2",
  task: "the test loss of an ensemble of k models sharing the data",
  reference: solutions.ensembleLoss,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    // the average of k predictors: its error variance is (1/k²)(k C_v + k(k − 1) C^X)
    return [[0.25, 0.9, 0.6, 1], [0.25, 0.9, 0.6, 4], [0, 1.2, 0.3, 10]].map(([s, cv, cx, k]) =>
      matchesValue(
        `σ² = ${s}, C_v = ${cv}, C^X = ${cx}, k = ${k}`,
        candidate(s, cv, cx, k),
        s + (k * cv + k * (k - 1) * cx) / (k * k),
        1e-9,
      )
    );
  },
};

/** 04.3: Saxe's mode strength. */
export const saxeExercise: Exercise<(s: number, u0: number, t: number) => number> = {
  id: "04.3",
  task: "the mode strength u(t) of a balanced two-layer linear network (Saxe et al.)",
  reference: solutions.saxeStrength,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[1, 1e-3, 0], [1, 1e-3, 2], [1, 1e-3, 3.45], [2, 0.01, 1], [0.5, 1e-4, 40]].map((
      [s, u0, t],
    ) =>
      matchesValue(
        `s = ${s}, u₀ = ${u0}, t = ${t}`,
        candidate(s, u0, t),
        saxeModeStrength(s, u0, t),
        1e-8,
      )
    );
  },
};
