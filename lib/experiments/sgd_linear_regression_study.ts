/**
 * Notebook 05's linear-regression experiments (Kunin et al., arXiv 2107.09133; targets
 * T05.2–T05.6): the data of T05.2, stationary moments of simulated SGD against the exact
 * self-consistent discrete Lyapunov solution and the continuum closed forms, the step-size law,
 * equipartition, and the mean phase-space trajectory of an ensemble of runs.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigh } from "../linalg/eigen.ts";
import { frobeniusDistance, frobeniusNorm } from "../linalg/norms.ts";
import { goeMatrix } from "../rmt/ensembles.ts";
import { Rng } from "../random/rng.ts";
import { runSgdLinearRegression } from "../models/sgd_linear_regression.ts";
import {
  linearRegressionStationaryCovariance,
  type SgdHyperparameters,
} from "../theory/sgd_momentum_moments.ts";

/** The data of T05.2. */
export interface RegressionSetup {
  dimension: number;
  samples: number;
  /** input-covariance eigenvalues from 1 down to 10^logSpread */
  logSpread: number;
  labelNoise: number;
  seed: number;
}

export const PAPER_REGRESSION: RegressionSetup = {
  dimension: 8,
  samples: 4000,
  logSpread: -1.5,
  labelNoise: 0.5,
  seed: 2107,
};

/** A regression problem with its exact objects at λ (H = XᵀX/N, θ*_λ, residuals, σ̂², tr Σ_g). */
export interface RegressionProblem {
  x: DenseMatrix;
  y: Float64Array;
  hessian: DenseMatrix;
  /** eigenvalues of H, ascending, and its eigenvectors (columns) */
  curvatures: Float64Array;
  modes: DenseMatrix;
}

/** x = z Λ^{1/2} Rᵀ with a random rotation R, y = xᵀw + noise (T05.2). */
export function regressionProblem(s: RegressionSetup): RegressionProblem {
  const rng = Rng.fromSeed(s.seed);
  const d = s.dimension, n = s.samples;
  const rotation = eigh(goeMatrix(d, rng.stream(1))).vectors;
  const scales = Float64Array.from(
    { length: d },
    (_, i) => Math.sqrt(10 ** ((s.logSpread * i) / Math.max(1, d - 1))),
  );
  const z = rng.stream(2).fillNormal(new Float64Array(n * d));
  const x = DenseMatrix.zeros(n, d);
  for (let m = 0; m < n; m++) {
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += z[m * d + j] * scales[j] * rotation.get(i, j);
      x.data[m * d + i] = v;
    }
  }
  const teacher = rng.stream(3).fillNormal(new Float64Array(d));
  const noise = rng.stream(4);
  const y = Float64Array.from({ length: n }, (_, m) => {
    let v = 0;
    for (let i = 0; i < d; i++) v += x.data[m * d + i] * teacher[i];
    return v + s.labelNoise * noise.normal();
  });
  const hessian = DenseMatrix.zeros(d, d);
  for (let m = 0; m < n; m++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        hessian.data[i * d + j] += (x.data[m * d + i] * x.data[m * d + j]) / n;
      }
    }
  }
  const { values, vectors } = eigh(hessian);
  return { x, y, hessian, curvatures: values, modes: vectors };
}

/** Theory for one hyperparameter setting. */
export interface RegressionTheory {
  thetaStar: Float64Array;
  /** exact self-consistent Cov_θ and Cov_b */
  exactTheta: DenseMatrix;
  exactB: DenseMatrix;
  /** continuum closed forms with Σ = σ̂²H */
  continuumTheta: DenseMatrix;
  continuumB: DenseMatrix;
  /** mean squared residual at θ*_λ */
  sigma2: number;
  /** tr Σ_g at θ*_λ */
  noiseTrace: number;
}

/** The exact and continuum stationary covariances for setting p. */
export function regressionTheory(
  problem: RegressionProblem,
  p: SgdHyperparameters,
): RegressionTheory {
  const { x, y, hessian } = problem;
  const d = x.cols, n = x.rows;
  const exact = linearRegressionStationaryCovariance(x, y, p);
  const block = (r: number, c: number) => {
    const out = DenseMatrix.zeros(d, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) out.set(i, j, exact.covariance.get(r + i, c + j));
    }
    return out;
  };
  const residual = Float64Array.from({ length: n }, (_, m) => {
    let r = y[m];
    for (let i = 0; i < d; i++) r -= x.get(m, i) * exact.thetaStar[i];
    return r;
  });
  const sigma2 = residual.reduce((s, r) => s + r * r, 0) / n;
  const c = new Float64Array(d);
  let squares = 0;
  for (let m = 0; m < n; m++) {
    let xx = 0;
    for (let i = 0; i < d; i++) {
      xx += x.get(m, i) ** 2;
      c[i] += (x.get(m, i) * residual[m]) / n;
    }
    squares += (xx * residual[m] ** 2) / n;
  }
  const noiseTrace = squares - c.reduce((s, v) => s + v * v, 0);
  // continuum: Cov_θ = T (H+λ)⁻¹H = Σ_i T h_i/(h_i+λ) u_iu_iᵀ, Cov_b = σ̂²H/(S(1−β²))
  const { learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: s } = p;
  const temperature = (eta * sigma2) / (2 * s * (1 - beta));
  const continuumTheta = DenseMatrix.zeros(d, d);
  for (let k = 0; k < d; k++) {
    const h = problem.curvatures[k];
    const w = (temperature * h) / (h + lambda);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        continuumTheta.data[i * d + j] += w * problem.modes.get(i, k) * problem.modes.get(j, k);
      }
    }
  }
  const continuumB = new DenseMatrix(
    d,
    d,
    hessian.data.map((v) => (sigma2 * v) / (s * (1 - beta * beta))),
  );
  return {
    thetaStar: exact.thetaStar,
    exactTheta: block(0, 0),
    exactB: block(d, d),
    continuumTheta,
    continuumB,
    sigma2,
    noiseTrace,
  };
}

/** Stationary statistics of simulated SGD around θ*_λ. */
export interface RegressionMoments {
  covTheta: DenseMatrix;
  covB: DenseMatrix;
  /** E‖θ_{k+1} − θ_k‖² = η² E‖b‖² */
  meanSquaredStep: number;
  /** E[L_λ(θ)] − L_λ* = E[½ δᵀ(H+λ)δ] */
  excessLoss: number;
  records: number;
}

/** Runs `seeds` chains of `steps` steps from θ*_λ (burn-in: 5 slowest relaxation times). */
export function simulateRegression(
  problem: RegressionProblem,
  theory: RegressionTheory,
  p: SgdHyperparameters,
  c: { steps: number; seeds: number; every: number; seed: number },
): RegressionMoments {
  const d = problem.x.cols;
  const hMin = problem.curvatures[0], hMax = problem.curvatures[d - 1];
  // burn-in: 5 relaxation times of the slowest mode, overdamped (1−β)/(η(h_min+λ)) or
  // oscillating 2/(1−β) (|z| = √β per step)
  const relaxation = Math.max(
    (1 - p.momentum) / (p.learningRate * (hMin + p.weightDecay)),
    2 / (1 - p.momentum),
  );
  const burnIn = Math.ceil(5 * relaxation);
  const covTheta = DenseMatrix.zeros(d, d), covB = DenseMatrix.zeros(d, d);
  let step2 = 0, excess = 0, records = 0;
  for (let seed = 0; seed < c.seeds; seed++) {
    const run = runSgdLinearRegression(problem.x, problem.y, p, {
      theta0: theory.thetaStar,
      steps: c.steps + burnIn,
      burnIn,
      every: c.every,
      hMax,
    }, Rng.fromSeed(c.seed, seed));
    const delta = new Float64Array(d);
    for (let r = 0; r < run.steps.length; r++) {
      let b2 = 0;
      for (let i = 0; i < d; i++) {
        delta[i] = run.theta[r * d + i] - theory.thetaStar[i];
        b2 += run.buffer[r * d + i] ** 2;
      }
      let quad = 0;
      for (let i = 0; i < d; i++) {
        let hd = p.weightDecay * delta[i];
        for (let j = 0; j < d; j++) {
          hd += problem.hessian.data[i * d + j] * delta[j];
          covTheta.data[i * d + j] += delta[i] * delta[j];
          covB.data[i * d + j] += run.buffer[r * d + i] * run.buffer[r * d + j];
        }
        quad += delta[i] * hd;
      }
      step2 += p.learningRate ** 2 * b2;
      excess += 0.5 * quad;
      records++;
    }
  }
  for (let i = 0; i < d * d; i++) {
    covTheta.data[i] /= records;
    covB.data[i] /= records;
  }
  return {
    covTheta,
    covB,
    meanSquaredStep: step2 / records,
    excessLoss: excess / records,
    records,
  };
}

/** ‖A − B‖_F / ‖B‖_F. */
export function relativeFrobenius(a: DenseMatrix, b: DenseMatrix): number {
  return frobeniusDistance(a, b) / frobeniusNorm(b);
}

/** tr M. */
export function trace(m: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += m.get(i, i);
  return s;
}

/** uᵀ M u for the k-th eigenvector of H. */
export function modeVariance(problem: RegressionProblem, m: DenseMatrix, k: number): number {
  const d = m.rows;
  let s = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      s += problem.modes.get(i, k) * m.get(i, j) * problem.modes.get(j, k);
    }
  }
  return s;
}

/**
 * The ensemble-mean trajectory projected on H's top eigenvector: `runs` chains start at
 * θ*_λ + offset·u_top with b = 0; returns the mean of a_k = u_topᵀ(θ_k − θ*_λ) and of b_k.
 */
export function meanTopModeTrajectory(
  problem: RegressionProblem,
  theory: RegressionTheory,
  p: SgdHyperparameters,
  c: { runs: number; steps: number; offset: number; seed: number },
): { a: Float64Array; b: Float64Array; aSpread: Float64Array } {
  const d = problem.x.cols;
  const top = problem.modes.column(d - 1);
  const theta0 = theory.thetaStar.map((v, i) => v + c.offset * top[i]);
  const a = new Float64Array(c.steps + 1), b = new Float64Array(c.steps + 1);
  const a2 = new Float64Array(c.steps + 1);
  a[0] = c.offset * c.runs;
  a2[0] = c.offset * c.offset * c.runs;
  for (let r = 0; r < c.runs; r++) {
    const run = runSgdLinearRegression(problem.x, problem.y, p, {
      theta0,
      steps: c.steps,
      burnIn: 0,
      every: 1,
      hMax: problem.curvatures[d - 1],
    }, Rng.fromSeed(c.seed, r));
    for (let k = 1; k <= c.steps; k++) {
      let pa = 0, pb = 0;
      for (let i = 0; i < d; i++) {
        pa += top[i] * (run.theta[(k - 1) * d + i] - theory.thetaStar[i]);
        pb += top[i] * run.buffer[(k - 1) * d + i];
      }
      a[k] += pa;
      a2[k] += pa * pa;
      b[k] += pb;
    }
  }
  const mean = a.map((v) => v / c.runs);
  return {
    a: mean,
    b: b.map((v) => v / c.runs),
    aSpread: a2.map((v, k) => Math.sqrt(Math.max(0, v / c.runs - mean[k] ** 2))),
  };
}

/** One row of the step-size sweep. */
export interface StepSizeRow {
  learningRate: number;
  batchSize: number;
  momentum: number;
  /** simulated E‖Δθ‖² */
  measured: number;
  /** η² tr Σ_g / (S(1−β²)) */
  continuumLaw: number;
  /** η² tr Cov_b from the exact self-consistent Lyapunov solution */
  exact: number;
  /** (E[L_λ] − L_λ*) / ((1+β)/(4η) E‖Δθ‖²) */
  equipartition: number;
  /** η h_max/(1−β) */
  effectiveStep: number;
}

/** Runs every setting for `steps` steps and compares E‖Δθ‖² with its laws. */
export function stepSizeSweep(
  problem: RegressionProblem,
  settings: readonly SgdHyperparameters[],
  c: { steps: number; seed: number },
  onSetting?: (done: number) => void,
): StepSizeRow[] {
  const hMax = problem.curvatures[problem.curvatures.length - 1];
  return settings.map((p, i) => {
    const theory = regressionTheory(problem, p);
    const sim = simulateRegression(problem, theory, p, {
      steps: c.steps,
      seeds: 1,
      every: 5,
      seed: c.seed + i,
    });
    onSetting?.(i + 1);
    const { learningRate: eta, momentum: beta, batchSize: s } = p;
    return {
      learningRate: eta,
      batchSize: s,
      momentum: beta,
      measured: sim.meanSquaredStep,
      continuumLaw: (eta * eta * theory.noiseTrace) / (s * (1 - beta * beta)),
      exact: eta * eta * trace(theory.exactB),
      equipartition: sim.excessLoss / (((1 + beta) / (4 * eta)) * sim.meanSquaredStep),
      effectiveStep: (eta * hMax) / (1 - beta),
    };
  });
}
