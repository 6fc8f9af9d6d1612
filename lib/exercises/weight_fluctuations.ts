/**
 * Notebook 06's exercises: the trace identity, Feng & Tu's flatness of a quadratic, and the
 * continuous Lyapunov equation in the Hessian's eigenbasis.
 */
import { type AgreementCheck, atMost } from "../notebook/agreement.ts";
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { solveContinuousLyapunov } from "../linalg/lyapunov.ts";
import { matmul } from "../linalg/products.ts";
import { solve } from "../linalg/solve.ts";
import { Rng } from "../random/rng.ts";
import { quadraticFlatness } from "../theory/flatness.ts";
import * as solutions from "./solutions/weight_fluctuations.ts";

const SOLUTIONS = "lib/exercises/solutions/weight_fluctuations.ts";

/** A seeded symmetric positive-definite n×n matrix GᵀG/n + 0.1·I, as rows. */
function spdRows(n: number, seed: number): number[][] {
  const g = new DenseMatrix(n, n, Rng.fromSeed(seed).fillNormal(new Float64Array(n * n), 0, 1));
  const a = matmul(g.transpose(), g);
  return Array.from(
    { length: n },
    (_, i) => Array.from({ length: n }, (_, j) => a.get(i, j) / n + (i === j ? 0.1 : 0)),
  );
}

/** 06.1: tr Σ_w from H and C. */
export const traceIdentityExercise: Exercise<
  (h: number[][], c: number[][], eta: number, batch: number) => number
> = {
  id: "06.1",
  task: "the trace identity tr Σ_w = (η/2B) tr(H⁻¹C)",
  reference: solutions.traceOfCovariance,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[4, 0.05, 5], [12, 0.02, 10]].map(([n, eta, batch]) => {
      const h = spdRows(n, n), c = spdRows(n, n + 1);
      const x = solve(DenseMatrix.fromRows(h), DenseMatrix.fromRows(c));
      let trace = 0;
      for (let i = 0; i < n; i++) trace += x.get(i, i);
      return matchesValue(
        `${n}×${n} H and C, η = ${eta}, B = ${batch}`,
        candidate(h, c, eta, batch),
        (eta / (2 * batch)) * trace,
        1e-8,
      );
    });
  },
};

/** 06.2: the flatness of a quadratic. */
export const flatnessExercise: Exercise<
  (loss0: number, slope: number, curvature: number, factor: number) => number
> = {
  id: "06.2",
  task: "Feng & Tu's flatness of L(δ) = L₀ + gδ + κδ²/2 at threshold f·L₀",
  reference: solutions.flatness,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[0.3, 0, 2], [0.3, 0.1, 2], [0.05, -0.02, 40], [1, 0.5, 0.01]].map(([l, g, k]) =>
      matchesValue(
        `L₀ = ${l}, g = ${g}, κ = ${k}, f = e`,
        candidate(l, g, k, Math.E),
        quadraticFlatness({ loss: l, slope: g, curvature: k }),
        1e-9,
      )
    );
  },
};

/** 06.3: HΣ + ΣH = C. Checked by its residual and against the library's solver. */
export const lyapunovExercise: Exercise<(h: number[][], c: number[][]) => number[][]> = {
  id: "06.3",
  task: "solve HΣ + ΣH = C for symmetric positive H",
  reference: solutions.lyapunovSolve,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const out: AgreementCheck[] = [];
    for (const n of [3, 10]) {
      const h = spdRows(n, 60 + n), c = spdRows(n, 70 + n);
      const got = candidate(h, c);
      const expected = solveContinuousLyapunov(DenseMatrix.fromRows(h), DenseMatrix.fromRows(c));
      const flat = Array.isArray(got) && got.every((r) => Array.isArray(r) && r.length === n)
        ? got.flat()
        : got;
      out.push(matchesValue(`${n}×${n}: Σ`, flat, Array.from(expected.data), 1e-7, 1e-12));
      if (!(Array.isArray(flat) && flat.length === n * n)) continue;
      const sigma = DenseMatrix.fromRows(got);
      const hm = DenseMatrix.fromRows(h);
      const residual = matmul(hm, sigma).data.map((v, i) =>
        v + matmul(sigma, hm).data[i] - DenseMatrix.fromRows(c).data[i]
      );
      const norm = (a: ArrayLike<number>) =>
        Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
      out.push(
        atMost(
          `${n}×${n}: ‖HΣ + ΣH − C‖/‖C‖`,
          norm(residual) / norm(DenseMatrix.fromRows(c).data),
          1e-8,
        ),
      );
    }
    return out;
  },
};
