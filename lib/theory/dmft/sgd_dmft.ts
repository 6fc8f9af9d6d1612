/**
 * SGD on the random-feature model (T04.11, T04.12).
 *
 * One-pass (online) SGD, a fresh batch of B = bD samples per step (§6.1): for Gaussian data the
 * P-side block becomes white noise, and the dynamics closes mode by mode in A's eigenbasis
 * (A ~ MP with ratio 1/ν; its zero modes, mass (1 − ν)_+, never move):
 *   c(a, t+1) = (1 − ηa)² c(a, t) + (η²a²/b)(L_v(t) + σ²),  c(a, 0) = 1,
 *   L_v(t) = (1 − ν)_+ + ∫ρ_A(a) c(a, t) da,   test loss L_v + σ².
 * Stationary point (κ < 1): L_v(∞) = [(1 − ν)_+ + σ²κ]/(1 − κ), κ = (η/b)∫ρ_A a/(2 − ηa).
 *
 * Multi-pass SGD on a fixed training set, minibatches of B = bP (§6.2): each P-side site gets a
 * Bernoulli(b) selection; the responses are those of full-batch GD, and only the P-side covariance
 * changes. With Σ = C_v + σ²11ᵀ, R = I − R_d⁻¹ (strictly causal) and Y = Σ R_dᵀ:
 *   X(t,t') = Y(t,t') + Σ_{τ<t} R(t,τ) X(τ,t')                                  (t' < t)
 *   X(t,t)  = (1/b)[Σ(t,t) + 2Σ_{τ<t} R(t,τ)Y(t,τ) + Σ_{τ,τ'<t} R(t,τ)R(t,τ')X(τ,τ')]
 * and C_d := X in the GD correlation equations; the full-batch train loss is b·X(t,t).
 */
import { DenseMatrix } from "../../linalg/dense_matrix.ts";
import { gemm } from "../../linalg/products.ts";
import { addScaled, causalInverse, identitySequence, toeplitzMatrix } from "./causal_sequences.ts";
import { marchenkoPasturQuadrature } from "./marchenko_pastur_quadrature.ts";
import {
  correlationKernelSequences,
  type RandomFeatureGdProblem,
  randomFeatureResponses,
  sandwich as sandwichProduct,
  sweepConverged,
  validateRandomFeatureProblem,
} from "./random_feature_gd_dmft.ts";

/** Online SGD settings: ν, batch fraction b = B/D, noise σ, step η, steps. */
export interface OnlineSgdProblem {
  nu: number;
  batchFraction: number;
  noise: number;
  eta: number;
  steps: number;
}

function checkOnline(p: OnlineSgdProblem): void {
  if (!(p.nu > 0) || !(p.batchFraction > 0) || !(p.noise >= 0) || !(p.eta > 0)) {
    throw new RangeError(`online SGD needs ν, b, η > 0 and σ ≥ 0, got ${JSON.stringify(p)}`);
  }
  const edge = (1 + 1 / Math.sqrt(p.nu)) ** 2;
  if (!(p.eta < 2 / edge)) {
    throw new RangeError(
      `η = ${p.eta} is unstable even without noise: need η < 2/λ_max(A) = ${(2 / edge).toFixed(4)}`,
    );
  }
}

/** Test loss L_v(t) + σ² of online SGD, t = 0…steps−1. */
export function onlineSgdTestLoss(p: OnlineSgdProblem, nodes = 1000): Float64Array {
  checkOnline(p);
  const q = marchenkoPasturQuadrature(1 / p.nu, nodes);
  const c = new Float64Array(nodes).fill(1);
  const s2 = p.noise * p.noise;
  const out = new Float64Array(p.steps);
  for (let t = 0; t < p.steps; t++) {
    let lv = q.atom;
    for (let k = 0; k < nodes; k++) lv += q.weights[k] * c[k];
    out[t] = lv + s2;
    if (!Number.isFinite(lv) || lv > 1e12) {
      throw new RangeError(
        `online SGD diverges (loss ${lv.toExponential(2)} at step ${t}): κ ≥ 1, raise b or lower η`,
      );
    }
    for (let k = 0; k < nodes; k++) {
      const a = q.nodes[k];
      c[k] = (1 - p.eta * a) ** 2 * c[k] + ((p.eta * p.eta * a * a) / p.batchFraction) * (lv + s2);
    }
  }
  return out;
}

/** κ and the stationary test loss L_v(∞) + σ² (Infinity when κ ≥ 1: SGD diverges). */
export function onlineSgdStationary(
  p: OnlineSgdProblem,
  nodes = 4000,
): { kappa: number; testLoss: number } {
  checkOnline(p);
  const q = marchenkoPasturQuadrature(1 / p.nu, nodes);
  let kappa = 0;
  for (let k = 0; k < nodes; k++) kappa += (q.weights[k] * q.nodes[k]) / (2 - p.eta * q.nodes[k]);
  kappa *= p.eta / p.batchFraction;
  const s2 = p.noise * p.noise;
  return { kappa, testLoss: kappa < 1 ? (q.atom + s2 * kappa) / (1 - kappa) + s2 : Infinity };
}

/** Multi-pass SGD DMFT output. */
export interface MultiPassSgdSolution {
  testLoss: Float64Array;
  /** full-batch train loss b·X(t,t) */
  trainLoss: Float64Array;
  iterations: number;
}

/** The P-side covariance X of the subsampled residual (row-by-row causal recursion). */
function subsampledCovariance(
  sigma: Float64Array,
  R: Float64Array,
  Y: Float64Array,
  T: number,
  b: number,
) {
  const X = new Float64Array(T * T);
  for (let t = 0; t < T; t++) {
    for (let u = 0; u < t; u++) {
      let s = Y[t * T + u];
      for (let tau = 0; tau < t; tau++) s += R[t * T + tau] * X[tau * T + u];
      X[t * T + u] = s;
      X[u * T + t] = s;
    }
    let diag = sigma[t * T + t];
    for (let tau = 0; tau < t; tau++) {
      const r = R[t * T + tau];
      if (r === 0) continue;
      diag += 2 * r * Y[t * T + tau];
      let inner = 0;
      for (let tau2 = 0; tau2 < t; tau2++) inner += R[t * T + tau2] * X[tau * T + tau2];
      diag += r * inner;
    }
    X[t * T + t] = diag / b;
  }
  return X;
}

/** Solves the multi-pass SGD DMFT (batch fraction b = B/P ∈ (0, 1]; b = 1 is full-batch GD). */
export function solveMultiPassSgd(
  p: RandomFeatureGdProblem & { batchFraction: number },
): MultiPassSgdSolution {
  validateRandomFeatureProblem(p);
  const b = p.batchFraction;
  if (!(b > 0 && b <= 1)) throw new RangeError(`batchFraction must be in (0, 1], got ${b}`);
  const { alpha, nu, eta, noise, steps: T } = p;
  const r = randomFeatureResponses(p);
  const { K1, K2, Q1, Q3, qg } = correlationKernelSequences(p, r);
  const Rcausal = addScaled(identitySequence(r.Rd.length), -1, causalInverse(r.Rd)); // R = I − R_d⁻¹
  const dense = (k: Float64Array) => new DenseMatrix(T, T, toeplitzMatrix(k, T));
  const [mK1, mK2, mQ1, mQ3, mRs, mRd] = [K1, K2, Q1, Q3, r.Rs, r.Rd].map(dense);
  const R = toeplitzMatrix(Rcausal, T);
  const sandwich = (k: DenseMatrix<Float64Array>, c: Float64Array) => sandwichProduct(k, c, T);
  const s2 = noise * noise;
  let Cv = new Float64Array(T * T) as Float64Array, Cq = new Float64Array(T * T) as Float64Array;
  let X = new Float64Array(T * T) as Float64Array;
  let iterations = 0;
  for (; iterations < T + 5; iterations++) {
    const sigma = Cv.map((v) => v + s2);
    const Y = gemm(new DenseMatrix(T, T, sigma), mRd, { transB: true, checkFinite: false }).data;
    X = subsampledCovariance(sigma, R, Y, T, b);
    const Cs = sandwich(mRs, Cq);
    const a = sandwich(mK1, X), c = sandwich(mK2, Cs);
    const newCv = Float64Array.from(
      { length: T * T },
      (_, i) =>
        r.g[Math.floor(i / T)] * r.g[i % T] + (eta * eta / alpha) * a[i] + (eta * eta / nu) * c[i],
    );
    const d = sandwich(mQ1, X), e = sandwich(mQ3, Cs);
    const newCq = Float64Array.from(
      { length: T * T },
      (_, i) => qg[Math.floor(i / T)] * qg[i % T] + alpha * d[i] + (eta * eta / nu) * e[i],
    );
    const done = sweepConverged(
      iterations,
      [[Cv, newCv], [Cq, newCq]],
      "the multi-pass SGD DMFT diverged: lower η or raise b",
    );
    Cv = newCv;
    Cq = newCq;
    if (done) break;
  }
  const sigma = Cv.map((v) => v + s2);
  const Y = gemm(new DenseMatrix(T, T, sigma), mRd, { transB: true, checkFinite: false }).data;
  X = subsampledCovariance(sigma, R, Y, T, b);
  return {
    testLoss: Float64Array.from({ length: T }, (_, t) => Cv[t * T + t] + s2),
    trainLoss: Float64Array.from({ length: T }, (_, t) => b * X[t * T + t]),
    iterations,
  };
}
