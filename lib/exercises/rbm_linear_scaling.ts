/**
 * Notebook 02's exercises: the target kernel's spectrum, the predicted pair spacing and the time
 * the eigenvalue flow takes to learn a mode.
 */
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import {
  flowTimeTo,
  latticeKernelEigenvalues,
  pairSpacingPrediction,
} from "../theory/gaussian_rbm.ts";
import * as solutions from "./solutions/rbm_linear_scaling.ts";

const SOLUTIONS = "lib/exercises/solutions/rbm_linear_scaling.ts";

/** 02.1: the lattice kernel's eigenvalues. */
export const kernelSpectrumExercise: Exercise<(n: number, m2: number) => number[]> = {
  id: "02.1",
  task: "the eigenvalues of the periodic lattice kernel, ascending",
  reference: solutions.kernelEigenvalues,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[10, 4], [7, 1], [12, 0.5]].map(([n, m2]) =>
      matchesValue(
        `N = ${n}, m² = ${m2}`,
        candidate(n, m2),
        latticeKernelEigenvalues(n, m2),
        1e-9,
        1e-12,
      )
    );
  },
};

/** 02.2: ⟨S⟩ of a degenerate pair. */
export const pairSpacingExercise: Exercise<
  (kappa: number, eta: number, chains: number, mu2: number) => number
> = {
  id: "02.2",
  task: "the predicted mean pair spacing √(2π)·√(η(μ² − κ)/|B|)",
  reference: solutions.pairSpacing,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[4.382, 0.1, 16], [7.618, 0.01, 16], [5.382, 0.2, 32]].map(([k, a, b]) =>
      matchesValue(
        `κ = ${k}, η = ${a}, |B| = ${b}`,
        candidate(k, a, b, 9),
        pairSpacingPrediction(k, a, b).meanSpacing,
        1e-9,
      )
    );
  },
};

/**
 * 02.3: the flow's time to 90 %. Any integrator passes whose error is below 1 % (the library
 * integrates with a step 10⁻³ and agrees with a 10× finer step to 10⁻⁴).
 */
export const flowTimeExercise: Exercise<(kappa: number, mu2: number, x0: number) => number> = {
  id: "02.3",
  task: "the time the deterministic flow takes to reach 90 % of a mode's target",
  reference: solutions.timeTo90,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [4, 5.382, 8].map((k) =>
      matchesValue(`κ = ${k}, x₀ = 0.1`, candidate(k, 9, 0.1), flowTimeTo(0.1, k), 0.01)
    );
  },
};
