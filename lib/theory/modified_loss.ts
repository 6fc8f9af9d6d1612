/**
 * The modified loss of SGD with momentum: the stationary phase-space density of the underdamped
 * Langevin model is p_ss ∝ exp(−Ψ/T), and Ψ is not the training loss (Kunin et al., arXiv
 * 2107.09133 §5; T05.3).
 *
 * Continuum model (t = ηk, m = η(1+β)/2):  m θ̈ + (1−β) θ̇ = −(H+λ)(θ−μ) + √(η/S) Σ^{1/2} ξ(t).
 * In phase space z = (θ − μ, v): ż = F z + G ξ with
 *   F = [[0, I], [−(H+λ)/m, −(1−β)/m · I]],   GGᵀ = [[0, 0], [0, ηΣ/(S m²)]],
 * and the stationary covariance solves F Σ_z + Σ_z Fᵀ + GGᵀ = 0; then Ψ = T · ½ zᵀ Σ_z⁻¹ z.
 * For gradient noise Σ = σ²H (linear regression) this gives, with T = ησ²/(2S(1−β)),
 *   Ψ(θ, v) = ½ (θ−μ)ᵀ (H+λ) H⁻¹ (θ−μ) + (m/2) vᵀ H⁻¹ v,
 * i.e. Cov_θ = T (H+λ)⁻¹ H (isotropic at λ = 0), Cov_v = σ²H/(S(1−β²)), Cov(θ, v) = 0.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { solveContinuousLyapunov } from "../linalg/lyapunov.ts";
import { assertStable, type SgdHyperparameters } from "./sgd_momentum_moments.ts";

/** The temperature T = ησ²/(2S(1−β)) of the modified loss for noise Σ = σ²H. */
export function modifiedLossTemperature(sigma2: number, p: SgdHyperparameters): number {
  return (p.learningRate * sigma2) / (2 * p.batchSize * (1 - p.momentum));
}

/**
 * The per-mode weights of Ψ for Σ = σ²H: Ψ = Σ_i ½ w_θ,i a_i² + ½ w_v,i v_i² with
 * w_θ = 1 + λ/h and w_v = m/h. The training loss has weight h + λ instead.
 */
export function modifiedLossModeWeights(
  h: number,
  p: SgdHyperparameters,
): { position: number; velocity: number; loss: number } {
  if (!(h > 0)) throw new RangeError(`modified loss: the curvature must be > 0, got ${h}`);
  const m = (p.learningRate * (1 + p.momentum)) / 2;
  return { position: 1 + p.weightDecay / h, velocity: m / h, loss: h + p.weightDecay };
}

/**
 * The continuum phase-space covariance Σ_z (2d × 2d, order (θ, v)) for any symmetric Hessian H
 * and gradient-noise covariance Σ, from F Σ_z + Σ_z Fᵀ + GGᵀ = 0.
 */
export function continuumPhaseSpaceCovariance(
  hessian: DenseMatrix,
  noise: DenseMatrix,
  p: SgdHyperparameters,
): DenseMatrix {
  const d = hessian.rows;
  if (hessian.cols !== d || noise.rows !== d || noise.cols !== d) {
    throw new RangeError("phase-space covariance: H and Σ must be d×d");
  }
  const { learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: s } = p;
  assertStable(0, p); // validates η, β, λ and S; the continuum itself is stable for H + λ > 0
  const m = (eta * (1 + beta)) / 2;
  const f = DenseMatrix.zeros(2 * d, 2 * d);
  const c = DenseMatrix.zeros(2 * d, 2 * d);
  for (let i = 0; i < d; i++) {
    f.set(i, d + i, 1);
    f.set(d + i, d + i, -(1 - beta) / m);
    for (let j = 0; j < d; j++) {
      f.set(d + i, j, -(hessian.get(i, j) + (i === j ? lambda : 0)) / m);
      c.set(d + i, d + j, -(eta * noise.get(i, j)) / (s * m * m));
    }
  }
  return solveContinuousLyapunov(f, c);
}
