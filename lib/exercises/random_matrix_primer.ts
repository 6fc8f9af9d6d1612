/**
 * Notebook 00's exercises: the spacing ratio r̃, the Marchenko–Pastur edges and the BBP outlier.
 * Each check compares the student's function with the library's own implementation (an
 * independent oracle) on fixed inputs, within a relative tolerance far above rounding.
 */
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { Rng } from "../random/rng.ts";
import { goeEigenvalues, poissonLevels } from "../rmt/ensembles.ts";
import { marchenkoPasturEdges } from "../rmt/marchenko_pastur.ts";
import { spacingRatios } from "../rmt/spacing_ratio.ts";
import { spikeOutlierPrediction } from "../rmt/spiked_matrix.ts";
import * as solutions from "./solutions/random_matrix_primer.ts";

const SOLUTIONS = "lib/exercises/solutions/random_matrix_primer.ts";

/** 00.1: r̃ of sorted levels. */
export const tildeRatioExercise: Exercise<(levels: number[]) => number[]> = {
  id: "00.1",
  task: "the spacing ratios r̃ of sorted levels",
  reference: solutions.tildeRatios,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const rng = Rng.fromSeed(2001);
    const cases: [string, number[]][] = [
      ["five hand-picked levels", [0, 1, 3, 3.5, 6]],
      ["Poisson levels", Array.from(poissonLevels(200, rng))],
      ["GOE(100) eigenvalues", Array.from(goeEigenvalues(100, rng))],
    ];
    return cases.map(([label, levels]) => {
      const expected = spacingRatios(levels).map((r) => Math.min(r, 1 / r));
      return matchesValue(`r̃ of ${label}`, candidate([...levels]), expected, 1e-9);
    });
  },
};

/** 00.2: the MP edges. */
export const mpEdgesExercise: Exercise<(c: number, s2: number) => [number, number]> = {
  id: "00.2",
  task: "the Marchenko–Pastur edges y± for aspect ratio c and entry variance s²",
  reference: solutions.mpEdges,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[0.1, 1], [0.5, 0.3], [1, 1], [0.25, 2.5]].map(([c, s2]) =>
      matchesValue(
        `edges at c = ${c}, s² = ${s2}`,
        candidate(c, s2),
        marchenkoPasturEdges({ ratio: c, variance: s2 }),
        1e-9,
        1e-12,
      )
    );
  },
};

/** 00.3: the BBP outlier. */
export const bbpExercise: Exercise<(m: number, n: number, s2: number, d: number) => number> = {
  id: "00.3",
  task: "the top eigenvalue of WᵀW for a rank-one spike of strength d (BBP)",
  reference: solutions.bbpTopEigenvalue,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const m = 400, n = 100, s2 = 0.01;
    const threshold = Math.sqrt(s2) * Math.pow(m * n, 0.25);
    return [0.5, 0.99, 1.5, 3].map((f) =>
      matchesValue(
        `d = ${f} × threshold`,
        candidate(m, n, s2, f * threshold),
        spikeOutlierPrediction(m, n, s2, f * threshold),
        1e-9,
      )
    );
  },
};
