/**
 * Finite-size GD on a two-layer linear network in the μP-style parameterisation of the deep-linear
 * DMFT (conventions of notebook 04 in docs/reproduction_targets.md): f(x) = w·(Wx)/(γ₀N), W (N×D) and w (N) iid N(0,1) at init, targets
 * y = β*·x/√D + σε, loss (1/2P)Σ(f − y)², learning rate ηγ₀²N:
 *   Δ_t = y − Xβ_t/√D,  g_t = XᵀΔ_t/P,  w_{t+1} = w_t + ηγ₀ W_t g_t,  W_{t+1} = W_t + ηγ₀ w_t g_tᵀ,
 * with the effective predictor β = √D Wᵀw/(γ₀N). W_t = W_0 + ηγ₀ Σ_{s<t} w_s g_sᵀ: a random bulk plus
 * rank-one updates whose directions depend on it (a spiked random matrix).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemv } from "../linalg/products.ts";
import { svd } from "../linalg/svd.ts";
import { Rng } from "../random/rng.ts";

/** Settings of one run. */
export interface DeepLinearSimulation {
  dimension: number;
  alpha: number;
  nu: number;
  gamma: number;
  noise: number;
  eta: number;
  steps: number;
  seed: number;
}

/** Curves, and the first and last hidden weights and the target for the spike analysis. */
export interface DeepLinearRun {
  testLoss: Float64Array;
  trainLoss: Float64Array;
  /** |w_t|²/N */
  readoutNorm: Float64Array;
  initialWeights: DenseMatrix<Float64Array>;
  finalWeights: DenseMatrix<Float64Array>;
  target: Float64Array;
}

/** Runs GD for `steps` steps (curves at t = 0…steps−1; finalWeights after the last step). */
export function simulateDeepLinear(s: DeepLinearSimulation): DeepLinearRun {
  const D = s.dimension, N = Math.round(s.nu * D), P = Math.round(s.alpha * D);
  if (!(N >= 1 && P >= 1 && s.gamma > 0 && s.eta > 0 && s.noise >= 0)) {
    throw new RangeError(`bad deep-linear settings ${JSON.stringify(s)}`);
  }
  const rng = Rng.fromSeed(s.seed);
  const X = new DenseMatrix(P, D, rng.stream(1).fillNormal(new Float64Array(P * D)));
  const W = new DenseMatrix(N, D, rng.stream(2).fillNormal(new Float64Array(N * D)));
  const w = rng.stream(7).fillNormal(new Float64Array(N));
  const beta = rng.stream(3).fillNormal(new Float64Array(D));
  const norm = Math.sqrt(beta.reduce((a, b) => a + b * b, 0) / D);
  beta.forEach((b, i) => (beta[i] = b / norm));
  const eps = rng.stream(4).fillNormal(new Float64Array(P));
  const initialWeights = new DenseMatrix(N, D, W.data.slice());
  const lr = s.eta * s.gamma;
  const betaHat = new Float64Array(D), v = new Float64Array(D), delta = new Float64Array(P);
  const g = new Float64Array(D), Wg = new Float64Array(N);
  const testLoss = new Float64Array(s.steps),
    trainLoss = new Float64Array(s.steps),
    readoutNorm = new Float64Array(s.steps);
  for (let t = 0; t < s.steps; t++) {
    gemv(W, w, {
      trans: true,
      alpha: Math.sqrt(D) / (s.gamma * N),
      out: betaHat,
      checkFinite: false,
    });
    for (let i = 0; i < D; i++) v[i] = beta[i] - betaHat[i];
    gemv(X, v, { alpha: 1 / Math.sqrt(D), out: delta, checkFinite: false });
    let dd = 0;
    for (let m = 0; m < P; m++) {
      delta[m] += s.noise * eps[m];
      dd += delta[m] * delta[m];
    }
    testLoss[t] = v.reduce((a, x) => a + x * x, 0) / D + s.noise * s.noise;
    trainLoss[t] = dd / P;
    readoutNorm[t] = w.reduce((a, x) => a + x * x, 0) / N;
    if (!Number.isFinite(testLoss[t])) {
      throw new RangeError(`deep-linear GD diverged at step ${t}: lower η`);
    }
    gemv(X, delta, { trans: true, alpha: 1 / P, out: g, checkFinite: false });
    gemv(W, g, { out: Wg, checkFinite: false });
    // W += ηγ₀ w gᵀ with the old w, then w += ηγ₀ W_old g
    for (let n = 0; n < N; n++) {
      const c = lr * w[n], o = n * D;
      for (let i = 0; i < D; i++) W.data[o + i] += c * g[i];
    }
    for (let n = 0; n < N; n++) w[n] += lr * Wg[n];
  }
  return { testLoss, trainLoss, readoutNorm, initialWeights, finalWeights: W, target: beta };
}

/** Singular-value picture of the learned hidden weights (T04.14). */
export interface SpikeAnalysis {
  /** top singular values of (W_T − W_0)/√D */
  updateSingularValues: number[];
  /** largest singular value of W_0/√D and of W_T/√D */
  initialTop: number;
  finalTop: number;
  /** |v₁·β*|/√D for the top right singular vector v₁ of W_T */
  targetOverlap: number;
}

/** The spike analysis of a run. */
export function analyseSpike(run: DeepLinearRun, top = 3): SpikeAnalysis {
  const D = run.target.length;
  const scale = 1 / Math.sqrt(D);
  const scaled = (m: DenseMatrix<Float64Array>) =>
    new DenseMatrix(m.rows, m.cols, m.data.map((x) => x * scale));
  const update = new DenseMatrix(
    run.finalWeights.rows,
    D,
    run.finalWeights.data.map((x, i) => (x - run.initialWeights.data[i]) * scale),
  );
  const du = svd(update).s;
  const final = svd(scaled(run.finalWeights));
  const initial = svd(scaled(run.initialWeights)).s;
  let overlap = 0;
  for (let i = 0; i < D; i++) overlap += final.vt.data[i] * run.target[i];
  return {
    updateSingularValues: Array.from(du.subarray(0, top)),
    initialTop: initial[0],
    finalTop: final.s[0],
    targetOverlap: Math.abs(overlap) * scale,
  };
}
