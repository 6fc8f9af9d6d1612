/**
 * Stationary second moments of SGD with heavy-ball momentum and weight decay on a quadratic loss
 * (Kunin et al., arXiv 2107.09133).
 * PyTorch convention: b_{k+1} = β b_k + g_B(θ_k) + λ θ_k, θ_{k+1} = θ_k − η b_{k+1}.
 *
 * Per Hessian mode with h' = h + λ and additive gradient noise of variance s² per step, the state
 * z = (θ, b) evolves as z_{k+1} = A z_k + (−η, 1)ᵀ ξ_k with A = [[1 − ηh', −ηβ], [h', β]]; it is
 * stable iff 0 < ηh' < 2(1 + β), and its stationary moments are (T05.1):
 *
 *   Var θ = η s² (1+β) / [h' (1−β)(2(1+β) − ηh')],
 *   Cov(θ, b) = −η s² / [(1−β)(2(1+β) − ηh')],
 *   Var b = 2 s² / [(1−β)(2(1+β) − ηh')].
 *
 * For linear regression with state-dependent (multiplicative) minibatch noise the full matrix
 * second moments solve a discrete Lyapunov equation whose noise term depends on Σ_θ; iterating it
 * to a fixed point is exact for minibatches drawn with replacement (T05.2).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { solveDiscreteLyapunov } from "../linalg/lyapunov.ts";
import { gemm } from "../linalg/products.ts";
import { solveSpd } from "../linalg/solve.ts";

/** SGD hyperparameters. */
export interface SgdHyperparameters {
  /** learning rate η > 0 */
  learningRate: number;
  /** momentum β ∈ [0, 1) */
  momentum: number;
  /** weight decay λ ≥ 0 */
  weightDecay: number;
  /** minibatch size S */
  batchSize: number;
}

/** Throws a clear error unless 0 < η(h_max + λ) < 2(1 + β) and the hyperparameters are valid. */
export function assertStable(hMax: number, p: SgdHyperparameters): void {
  if (!(p.learningRate > 0)) {
    throw new RangeError(`SGD: learning rate η must be > 0, got ${p.learningRate}`);
  }
  if (!(p.momentum >= 0 && p.momentum < 1)) {
    throw new RangeError(`SGD: momentum β must be in [0, 1), got ${p.momentum}`);
  }
  if (!(p.weightDecay >= 0)) {
    throw new RangeError(`SGD: weight decay λ must be ≥ 0, got ${p.weightDecay}`);
  }
  if (!Number.isInteger(p.batchSize) || p.batchSize < 1) {
    throw new RangeError(`SGD: batch size S must be a positive integer, got ${p.batchSize}`);
  }
  const x = p.learningRate * (hMax + p.weightDecay);
  const bound = 2 * (1 + p.momentum);
  if (!(x < bound)) {
    throw new RangeError(
      `SGD is unstable: η(h_max + λ) = ${x.toPrecision(4)} must be below 2(1 + β) = ${
        bound.toPrecision(4)
      }`,
    );
  }
}

/** The per-mode transition matrix A = [[1 − ηh', −ηβ], [h', β]] (h' = h + λ), row-major. */
export function modeTransition(h: number, p: SgdHyperparameters): DenseMatrix {
  const hp = h + p.weightDecay;
  return DenseMatrix.fromRows([[1 - p.learningRate * hp, -p.learningRate * p.momentum], [
    hp,
    p.momentum,
  ]]);
}

/** Exact discrete stationary moments of one mode with additive noise variance s² per step. */
export function modeStationaryMoments(
  h: number,
  noiseVariance: number,
  p: SgdHyperparameters,
): { varTheta: number; covThetaB: number; varB: number } {
  assertStable(h, p);
  const hp = h + p.weightDecay;
  const eta = p.learningRate, beta = p.momentum, s2 = noiseVariance;
  const denominator = (1 - beta) * (2 * (1 + beta) - eta * hp);
  return {
    varTheta: (eta * s2 * (1 + beta)) / (hp * denominator),
    covThetaB: (-eta * s2) / denominator,
    varB: (2 * s2) / denominator,
  };
}

/** Rotation per step φ = arccos((1 + β − ηh')/(2√β)) in the oscillatory regime, else 0. */
export function rotationPerStep(h: number, p: SgdHyperparameters): number {
  const c = (1 + p.momentum - p.learningRate * (h + p.weightDecay)) / (2 * Math.sqrt(p.momentum));
  return p.momentum > 0 && Math.abs(c) < 1 ? Math.acos(c) : 0;
}

/** Continuum stationary variances with Σ = σ²H: Var θ_i = ησ²h/(2S(1−β)(h+λ)), Var v_i = σ²h/(S(1−β²)). */
export function continuumModeVariances(
  h: number,
  sigma2: number,
  p: SgdHyperparameters,
): { varTheta: number; varV: number } {
  const { learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: s } = p;
  return {
    varTheta: (eta * sigma2 * h) / (2 * s * (1 - beta) * (h + lambda)),
    varV: (sigma2 * h) / (s * (1 - beta * beta)),
  };
}

/**
 * Exact stationary covariance of z = (θ − θ*_λ, b) ∈ R^{2d} for SGD on linear regression with
 * minibatches of size S drawn with replacement from the N rows of X (N×d) with targets y:
 *
 *   Σ_z = A Σ_z Aᵀ + B (M(Σ_θ)/S) Bᵀ,   A = [[I − η(H+λ), −ηβI], [H+λ, βI]],   B = [−ηI; I],
 *   M(Σ_θ) = (1/N) Σ_μ x_μ x_μᵀ (r_μ² + x_μᵀ Σ_θ x_μ) − H Σ_θ H − c cᵀ,
 *
 * with r_μ = y_μ − x_μᵀθ*_λ and c = (1/N) Σ_μ x_μ r_μ; iterated from Σ_θ = 0 to a fixed point.
 * Returns Σ_z and θ*_λ.
 */
export function linearRegressionStationaryCovariance(
  x: DenseMatrix,
  y: Float64Array,
  p: SgdHyperparameters,
  options: { iterations?: number; tolerance?: number } = {},
): { covariance: DenseMatrix; thetaStar: Float64Array; hessian: DenseMatrix } {
  const n = x.rows, d = x.cols;
  if (y.length !== n) {
    throw new RangeError(`SGD theory: y has ${y.length} entries, X has ${n} rows`);
  }
  // H = XᵀX/N, θ*_λ = (H + λI)⁻¹ XᵀY/N
  const hessian = DenseMatrix.zeros(d, d);
  const xty = new Float64Array(d);
  for (let m = 0; m < n; m++) {
    for (let i = 0; i < d; i++) {
      xty[i] += (x.get(m, i) * y[m]) / n;
      for (let j = 0; j < d; j++) hessian.data[i * d + j] += (x.get(m, i) * x.get(m, j)) / n;
    }
  }
  const regularised = hessian.clone();
  for (let i = 0; i < d; i++) regularised.data[i * d + i] += p.weightDecay;
  const thetaStar = solveSpd(regularised, xty);
  const hMax = eigvalsh(hessian)[d - 1];
  assertStable(hMax, p);
  const residual = Float64Array.from({ length: n }, (_, m) => {
    let s = y[m];
    for (let i = 0; i < d; i++) s -= x.get(m, i) * thetaStar[i];
    return s;
  });
  const c = new Float64Array(d);
  for (let m = 0; m < n; m++) for (let i = 0; i < d; i++) c[i] += (x.get(m, i) * residual[m]) / n;
  const { learningRate: eta, momentum: beta } = p;
  const a = DenseMatrix.zeros(2 * d, 2 * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const hij = regularised.get(i, j);
      a.set(i, j, (i === j ? 1 : 0) - eta * hij);
      a.set(d + i, j, hij);
    }
    a.set(i, d + i, -eta * beta);
    a.set(d + i, d + i, beta);
  }
  let sigmaTheta = DenseMatrix.zeros(d, d);
  let covariance = DenseMatrix.zeros(2 * d, 2 * d);
  const iterations = options.iterations ?? 100;
  const tolerance = options.tolerance ?? 1e-12;
  for (let it = 0; it < iterations; it++) {
    // M(Σ_θ)
    const m = DenseMatrix.zeros(d, d);
    for (let mu = 0; mu < n; mu++) {
      let quad = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) quad += x.get(mu, i) * sigmaTheta.get(i, j) * x.get(mu, j);
      }
      const w = (residual[mu] ** 2 + quad) / n;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) m.data[i * d + j] += x.get(mu, i) * x.get(mu, j) * w;
      }
    }
    const hsh = gemm(gemm(hessian, sigmaTheta), hessian);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) m.data[i * d + j] -= hsh.get(i, j) + c[i] * c[j];
    }
    // noise term B (M/S) Bᵀ
    const q = DenseMatrix.zeros(2 * d, 2 * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = m.get(i, j) / p.batchSize;
        q.set(i, j, eta * eta * v);
        q.set(i, d + j, -eta * v);
        q.set(d + i, j, -eta * v);
        q.set(d + i, d + j, v);
      }
    }
    covariance = solveDiscreteLyapunov(a, q);
    const next = DenseMatrix.zeros(d, d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) next.set(i, j, covariance.get(i, j));
    let change = 0, size = 0;
    for (let k = 0; k < d * d; k++) {
      change += (next.data[k] - sigmaTheta.data[k]) ** 2;
      size += next.data[k] ** 2;
    }
    sigmaTheta = next;
    if (change <= tolerance * tolerance * size) break;
  }
  return { covariance, thetaStar, hessian };
}
