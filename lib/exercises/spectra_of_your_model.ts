/**
 * Notebook 07's exercises: the stable rank and the matrix entropy of a spectrum, and cutting the
 * key matrix out of a fused attention projection in both checkpoint layouts. The library's own
 * implementations are the oracles (layerMetrics on a matrix with the given spectrum, planLayers).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { Rng } from "../random/rng.ts";
import { layerMetrics } from "../rmt/layer_metrics.ts";
import { planLayers } from "../rmt/layer_plan.ts";
import * as solutions from "./solutions/spectra_of_your_model.ts";

const SOLUTIONS = "lib/exercises/solutions/spectra_of_your_model.ts";

/** Spectra to test on: flat, one dominant value, a spread, and one with zeros. */
const SPECTRA: [string, number[]][] = [
  ["a flat spectrum", [2, 2, 2, 2, 2]],
  ["one dominant eigenvalue", [100, 1, 1, 1, 1, 1]],
  ["a spread of eigenvalues", [0.3, 0.9, 1.4, 2.2, 3.1, 5.5, 9.8]],
  ["a spectrum with zero eigenvalues", [0, 0, 1, 2, 3]],
];

/** The metrics of the diagonal matrix whose WᵀW has eigenvalues `spectrum`. */
function metricsOf(spectrum: number[]) {
  const k = spectrum.length;
  const w = DenseMatrix.zeros(k + 2, k);
  spectrum.forEach((x, i) => w.set(i, i, Math.sqrt(x)));
  return layerMetrics("exercise", w, Rng.fromSeed(7));
}

/** 07.1: the stable rank. */
export const stableRankExercise: Exercise<(eigenvalues: number[]) => number> = {
  id: "07.1",
  task: "the stable rank Σλ/λ_max of a spectrum",
  reference: solutions.stableRank,
  solutionFile: SOLUTIONS,
  checks: (candidate) =>
    SPECTRA.map(([name, x]) =>
      matchesValue(name, candidate([...x]), metricsOf(x).stableRank, 1e-9)
    ),
};

/** 07.2: the matrix entropy. */
export const entropyExercise: Exercise<(eigenvalues: number[]) => number> = {
  id: "07.2",
  task: "the matrix entropy −Σ p ln p / ln k of a spectrum",
  reference: solutions.matrixEntropy,
  solutionFile: SOLUTIONS,
  checks: (candidate) =>
    SPECTRA.map(([name, x]) => matchesValue(name, candidate([...x]), metricsOf(x).entropy, 1e-9)),
};

/** 07.3: the key block of a fused projection. */
export const keyBlockExercise: Exercise<
  (weight: number[], c: number, layout: "nanoGPT" | "GPT-2") => number[]
> = {
  id: "07.3",
  task: "cut the key matrix out of a fused attention projection (nanoGPT and GPT-2 layouts)",
  reference: solutions.keyBlock,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const c = 4;
    // entry (i, j) = 100 i + j says where a value came from
    const fused = (rows: number, cols: number) =>
      Array.from({ length: rows * cols }, (_, k) => 100 * Math.floor(k / cols) + (k % cols));
    return ([["nanoGPT", 3 * c, c], ["GPT-2", c, 3 * c]] as const).map(([layout, rows, cols]) => {
      const data = fused(rows, cols);
      const plan = planLayers([{
        name: "h.0.attn.c_attn.weight",
        dtype: "F64",
        shape: [rows, cols],
      }]);
      const key = plan.layers.find((l) => l.role === "key")!.extract(Float64Array.from(data));
      return matchesValue(
        `${layout} [${rows}, ${cols}]`,
        candidate([...data], c, layout),
        key.data,
        0,
      );
    });
  },
};
