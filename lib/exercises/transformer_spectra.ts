/**
 * Notebook 03's exercises: the Marchenko–Pastur moment fit, counting eigenvalues above the edge,
 * and the Hill estimator of a power-law tail.
 */
import { type AgreementCheck, within } from "../notebook/agreement.ts";
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { Rng } from "../random/rng.ts";
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { matmul } from "../linalg/products.ts";
import { marchenkoPasturEdges } from "../rmt/marchenko_pastur.ts";
import * as solutions from "./solutions/transformer_spectra.ts";

const SOLUTIONS = "lib/exercises/solutions/transformer_spectra.ts";

/** Eigenvalues of WᵀW/M for a seeded Gaussian W (M×N, entry variance s²). */
function wishartEigenvalues(m: number, n: number, s2: number, seed: number): number[] {
  const w = new DenseMatrix(m, n, Rng.fromSeed(seed).fillNormal(new Float64Array(m * n), 0, 1));
  const y = matmul(w.transpose(), w);
  return Array.from(eigvalsh(y), (v) => (v * s2) / m);
}

/** 03.1: s² and c from the first two moments. */
export const momentFitExercise: Exercise<
  (eigenvalues: number[]) => { variance: number; ratio: number }
> = {
  id: "03.1",
  task: "fit s² and c of the Marchenko–Pastur law from the first two moments",
  reference: solutions.momentFit,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const out: AgreementCheck[] = [];
    for (const [m, n, s2] of [[400, 100, 1], [256, 128, 0.02]]) {
      const x = wishartEigenvalues(m, n, s2, m + n);
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const second = x.reduce((a, b) => a + b * b, 0) / x.length;
      const fit = candidate([...x]);
      out.push(
        matchesValue(`s² of a ${m}×${n} matrix`, fit?.variance, mean, 1e-9),
        matchesValue(`c of a ${m}×${n} matrix`, fit?.ratio, second / (mean * mean) - 1, 1e-9),
      );
    }
    return out;
  },
};

/** 03.2: eigenvalues above the MP edge. */
export const aboveEdgeExercise: Exercise<
  (eigenvalues: number[], s2: number, c: number) => number
> = {
  id: "03.2",
  task: "count the eigenvalues above the Marchenko–Pastur upper edge",
  reference: solutions.countAboveEdge,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const x = wishartEigenvalues(400, 100, 1, 7);
    const planted = [...x.slice(0, 95), 2.5, 3, 4, 6, 9];
    return [[x, 1, 0.25], [planted, 1, 0.25], [x, 0.8, 0.25]].map(([values, s2, c]) => {
      const v = values as number[];
      const edge = marchenkoPasturEdges({ ratio: c as number, variance: s2 as number })[1];
      return matchesValue(
        `${v.length} eigenvalues, s² = ${s2}, c = ${c}`,
        candidate([...v], s2 as number, c as number),
        v.filter((e) => e > edge).length,
        0,
      );
    });
  },
};

/**
 * 03.3: the Hill estimator, against the closed form on fixed data and against the true exponent
 * of Pareto samples: n = 4000 tail values give a standard error (α − 1)/√n ≈ 0.024 at α = 2.5;
 * the check allows 4.5 of them.
 */
export const hillExercise: Exercise<(values: number[], xmin: number) => number> = {
  id: "03.3",
  task: "the maximum-likelihood (Hill) exponent of a power-law tail above x_min",
  reference: solutions.hillExponent,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const fixed = [0.5, 1, 1.5, 2, 4, 8, 16];
    const tail = fixed.filter((x) => x >= 1);
    const expected = 1 + tail.length / tail.reduce((s, x) => s + Math.log(x), 0);
    const rng = Rng.fromSeed(303), alpha = 2.5, n = 4000;
    // Pareto: P(X > x) = x^{−(α − 1)} for x ≥ 1
    const pareto = Array.from({ length: n }, () => (1 - rng.uniform()) ** (-1 / (alpha - 1)));
    return [
      matchesValue("seven values, x_min = 1", candidate(fixed, 1), expected, 1e-9),
      within(
        "Pareto samples with α = 2.5",
        candidate(pareto, 1),
        alpha,
        4.5 * (alpha - 1) / Math.sqrt(n),
      ),
    ];
  },
};
