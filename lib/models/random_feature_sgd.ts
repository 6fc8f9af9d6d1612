/**
 * Finite-size SGD on the random-feature model (T04.11, T04.12), the simulations the SGD DMFT is
 * checked against. The residual v = β* − Fᵀw/√N moves by
 *   v ← v − η A X_Sᵀ(X_S v + σ√D ε_S)/B,   A = FᵀF/N,
 * with S the minibatch of B samples of the step.
 *
 * One-pass (online) SGD draws a fresh Gaussian batch X_S (B×D) every step. Its product with the
 * residual is sampled exactly in distribution without forming X_S: X_S v = |v| g with g ~ N(0, I_B);
 * the part of X_S orthogonal to v̂ is independent of g, so with u = |v| g + σ√D ε,
 *   X_Sᵀu = v̂ (g·u) + |u| (ξ − v̂(v̂·ξ)),   ξ ~ N(0, I_D),
 * which costs O(B + D) normals per step instead of O(BD).
 *
 * Multi-pass SGD uses a fixed training set X (P×D) and draws B = bP distinct samples per step.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemv } from "../linalg/products.ts";
import { FastNormals } from "../random/fast_normals.ts";
import { Rng } from "../random/rng.ts";

function unitTarget(rng: Rng, D: number): Float64Array {
  const beta = rng.fillNormal(new Float64Array(D));
  const norm = Math.sqrt(beta.reduce((a, b) => a + b * b, 0) / D);
  return beta.map((b) => b / norm); // |β*|² = D exactly
}

function features(rng: Rng, N: number, D: number): DenseMatrix<Float64Array> {
  return new DenseMatrix(N, D, rng.fillNormal(new Float64Array(N * D)));
}

/** v ← v − η·A·grad, A = FᵀF/N, by two matrix–vector products. */
function applyFeatures(
  F: DenseMatrix<Float64Array>,
  grad: Float64Array,
  v: Float64Array,
  eta: number,
  h: Float64Array,
) {
  gemv(F, grad, { out: h, checkFinite: false });
  gemv(F, h, { trans: true, alpha: -eta / F.rows, beta: 1, out: v, checkFinite: false });
}

/** Online SGD settings. */
export interface OnlineSgdSimulation {
  dimension: number;
  nu: number;
  /** B = round(bD) fresh samples per step */
  batchFraction: number;
  noise: number;
  eta: number;
  steps: number;
  seed: number;
}

/** Test loss |v_t|²/D + σ² of one online-SGD run. */
export function simulateOnlineSgd(s: OnlineSgdSimulation): Float64Array {
  const D = s.dimension, N = Math.round(s.nu * D), B = Math.round(s.batchFraction * D);
  if (!(N >= 1 && B >= 1 && s.eta > 0 && s.noise >= 0)) {
    throw new RangeError(`bad online SGD settings ${JSON.stringify(s)}`);
  }
  const rng = Rng.fromSeed(s.seed);
  const F = features(rng.stream(2), N, D);
  const v = unitTarget(rng.stream(3), D);
  const normals = new FastNormals(rng.stream(5));
  const grad = new Float64Array(D), h = new Float64Array(N), xi = new Float64Array(D);
  const out = new Float64Array(s.steps);
  const noiseScale = s.noise * Math.sqrt(D);
  for (let t = 0; t < s.steps; t++) {
    let vv = 0;
    for (let i = 0; i < D; i++) vv += v[i] * v[i];
    out[t] = vv / D + s.noise * s.noise;
    if (!Number.isFinite(out[t]) || out[t] > 1e12) {
      throw new RangeError(`online SGD diverged at step ${t}`);
    }
    const vnorm = Math.sqrt(vv);
    let gu = 0, uu = 0;
    for (let m = 0; m < B; m++) {
      const g = normals.normal();
      const u = vnorm * g + noiseScale * normals.normal();
      gu += g * u;
      uu += u * u;
    }
    let vxi = 0;
    for (let i = 0; i < D; i++) {
      xi[i] = normals.normal();
      vxi += v[i] * xi[i];
    }
    const unorm = Math.sqrt(uu);
    for (let i = 0; i < D; i++) {
      const vhat = vnorm > 0 ? v[i] / vnorm : 0;
      grad[i] = (vhat * gu + unorm * (xi[i] - vhat * (vnorm > 0 ? vxi / vnorm : 0))) / B;
    }
    applyFeatures(F, grad, v, s.eta, h);
  }
  return out;
}

/** Multi-pass SGD settings: P = αD fixed samples, B = round(bP) per step. */
export interface MultiPassSgdSimulation {
  dimension: number;
  alpha: number;
  nu: number;
  batchFraction: number;
  noise: number;
  eta: number;
  steps: number;
  seed: number;
}

/** Test loss and full-batch train loss of one multi-pass SGD run. */
export function simulateMultiPassSgd(
  s: MultiPassSgdSimulation,
): { testLoss: Float64Array; trainLoss: Float64Array } {
  const D = s.dimension, P = Math.round(s.alpha * D), N = Math.round(s.nu * D);
  const B = Math.round(s.batchFraction * P);
  if (!(P >= 1 && N >= 1 && B >= 1 && B <= P && s.eta > 0)) {
    throw new RangeError(`bad multi-pass SGD settings ${JSON.stringify(s)}`);
  }
  const rng = Rng.fromSeed(s.seed);
  const X = new DenseMatrix(P, D, rng.stream(1).fillNormal(new Float64Array(P * D)));
  const F = features(rng.stream(2), N, D);
  const beta = unitTarget(rng.stream(3), D);
  const eps = rng.stream(4).fillNormal(new Float64Array(P));
  const pick = rng.stream(6);
  const v = beta.slice();
  const r = new Float64Array(P), grad = new Float64Array(D), h = new Float64Array(N);
  const order = new Uint32Array(P).map((_, i) => i);
  const testLoss = new Float64Array(s.steps), trainLoss = new Float64Array(s.steps);
  const noiseScale = s.noise * Math.sqrt(D);
  for (let t = 0; t < s.steps; t++) {
    gemv(X, v, { out: r, checkFinite: false });
    let rr = 0;
    for (let m = 0; m < P; m++) {
      r[m] += noiseScale * eps[m];
      rr += r[m] * r[m];
    }
    testLoss[t] = v.reduce((a, x) => a + x * x, 0) / D + s.noise * s.noise;
    trainLoss[t] = rr / (P * D);
    if (!Number.isFinite(testLoss[t])) throw new RangeError(`multi-pass SGD diverged at step ${t}`);
    // B distinct samples: a partial Fisher–Yates shuffle
    for (let k = 0; k < B; k++) {
      const j = k + pick.int(P - k);
      [order[k], order[j]] = [order[j], order[k]];
    }
    grad.fill(0);
    for (let k = 0; k < B; k++) {
      const m = order[k], o = m * D, c = r[m] / B;
      for (let i = 0; i < D; i++) grad[i] += c * X.data[o + i];
    }
    applyFeatures(F, grad, v, s.eta, h);
  }
  return { testLoss, trainLoss };
}
