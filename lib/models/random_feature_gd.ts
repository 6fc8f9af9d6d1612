/**
 * Finite-size simulation of gradient descent on the random-feature model (conventions of notebook 04 in docs/reproduction_targets.md):
 * x ~ N(0, I_D), y = β*·x/√D + σε, features F (N×D) iid N(0,1), f(x) = w·Fx/√(ND), trained from
 * w = 0 with step η (ridge λ on w). In terms of the residual v = β* − Fᵀw/√N,
 *   v_{t+1} = v_t − η A (B v_t + σ√D Xᵀε/P) + ηλ(β* − v_t),   A = FᵀF/N,  B = XᵀX/P,
 * applied through matrix–vector products only (A and B are never formed).
 * Test loss |v|²/D + σ², train loss |Xv + σ√D ε|²/(PD), and the Hermitian counterpart's loss
 * β*·v_{2t}/D (the loss of M = A^{1/2}BA^{1/2}, which has AB's spectrum, at σ = λ = 0).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemv } from "../linalg/products.ts";
import { Rng } from "../random/rng.ts";

/** One simulation's settings. */
export interface RandomFeatureSimulation {
  /** input dimension D; P = round(αD) samples, N = round(νD) features */
  dimension: number;
  alpha: number;
  nu: number;
  noise: number;
  ridge: number;
  eta: number;
  steps: number;
  /** seeds the target β*; the data (X, ε) and the features F use their own seeds when given */
  seed: number;
  dataSeed?: number;
  featureSeed?: number;
  /** keep v_t for every step (for cross-overlaps between models); default false */
  keepResiduals?: boolean;
}

/** Loss curves of one run, one value per step t = 0…T−1. */
export interface RandomFeatureCurves {
  testLoss: Float64Array;
  trainLoss: Float64Array;
  hermitianLoss: Float64Array;
  /** v_t (T×D row-major) when keepResiduals was set */
  residuals?: Float64Array;
}

/** The sizes P and N of a simulation. */
export function randomFeatureSizes(s: RandomFeatureSimulation): { P: number; N: number } {
  const P = Math.round(s.alpha * s.dimension), N = Math.round(s.nu * s.dimension);
  if (!Number.isInteger(s.dimension) || s.dimension < 2 || P < 1 || N < 1) {
    throw new RangeError(`need D ≥ 2 with P = αD ≥ 1 and N = νD ≥ 1, got D = ${s.dimension}`);
  }
  return { P, N };
}

/** (1/D) v_t^a·v_t^b for two runs with kept residuals: the cross-overlap of two models. */
export function crossOverlap(
  a: RandomFeatureCurves,
  b: RandomFeatureCurves,
  dimension: number,
): Float64Array {
  if (!a.residuals || !b.residuals || a.residuals.length !== b.residuals.length) {
    throw new RangeError("cross-overlap needs two runs of equal length with keepResiduals");
  }
  const T = a.residuals.length / dimension;
  return Float64Array.from({ length: T }, (_, t) => {
    let s = 0;
    for (let i = 0; i < dimension; i++) {
      s += a.residuals![t * dimension + i] * b.residuals![t * dimension + i];
    }
    return s / dimension;
  });
}

/** Runs GD and returns the loss curves. */
export function simulateRandomFeatureGd(s: RandomFeatureSimulation): RandomFeatureCurves {
  const { P, N } = randomFeatureSizes(s);
  const D = s.dimension, T = s.steps;
  if (!Number.isInteger(T) || T < 1) {
    throw new RangeError(`steps must be a positive integer, got ${T}`);
  }
  if (!(s.eta > 0) || !(s.noise >= 0) || !(s.ridge >= 0)) {
    throw new RangeError(`need η > 0, σ ≥ 0, λ ≥ 0, got ${s.eta}, ${s.noise}, ${s.ridge}`);
  }
  const rng = Rng.fromSeed(s.seed);
  const dataRng = Rng.fromSeed(s.dataSeed ?? s.seed, 1);
  const X = new DenseMatrix(P, D, dataRng.fillNormal(new Float64Array(P * D)));
  const F = new DenseMatrix(
    N,
    D,
    Rng.fromSeed(s.featureSeed ?? s.seed, 2).fillNormal(new Float64Array(N * D)),
  );
  const beta = rng.stream(3).fillNormal(new Float64Array(D));
  const norm = Math.sqrt(beta.reduce((a, b) => a + b * b, 0) / D);
  for (let i = 0; i < D; i++) beta[i] /= norm; // |β*|² = D exactly
  const eps = dataRng.stream(4).fillNormal(new Float64Array(P));
  const residuals = s.keepResiduals ? new Float64Array(T * D) : undefined;
  const v = beta.slice();
  const r = new Float64Array(P),
    q = new Float64Array(D),
    h = new Float64Array(N),
    a = new Float64Array(D);
  const testLoss = new Float64Array(T),
    trainLoss = new Float64Array(T),
    hermitianLoss = new Float64Array(T);
  const noiseScale = s.noise * Math.sqrt(D);
  for (let t = 0; t <= 2 * (T - 1); t++) {
    if (t % 2 === 0) hermitianLoss[t / 2] = v.reduce((acc, x, i) => acc + x * beta[i], 0) / D;
    gemv(X, v, { out: r, checkFinite: false });
    for (let m = 0; m < P; m++) r[m] += noiseScale * eps[m];
    if (t < T) {
      residuals?.set(v, t * D);
      testLoss[t] = v.reduce((acc, x) => acc + x * x, 0) / D + s.noise * s.noise;
      trainLoss[t] = r.reduce((acc, x) => acc + x * x, 0) / (P * D);
      if (!Number.isFinite(testLoss[t])) {
        throw new RangeError(`the simulation diverged at step ${t}: lower η`);
      }
    }
    gemv(X, r, { trans: true, alpha: 1 / P, out: q, checkFinite: false });
    gemv(F, q, { out: h, checkFinite: false });
    gemv(F, h, { trans: true, alpha: 1 / N, out: a, checkFinite: false });
    for (let i = 0; i < D; i++) v[i] += -s.eta * a[i] + s.eta * s.ridge * (beta[i] - v[i]);
  }
  return { testLoss, trainLoss, hermitianLoss, residuals };
}
