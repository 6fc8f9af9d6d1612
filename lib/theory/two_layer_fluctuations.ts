/**
 * Stationary fluctuations of a two-layer linear network f(x) = W₂W₁x (W₁ ∈ R^{K×N},
 * W₂ ∈ R^{M×K}) under SGD, linearised around a point (W₁⁰, W₂⁰) of the minimum manifold
 * (Gross, Raulf & Räth, arXiv 2311.14120; T06.2).
 *
 * The end-to-end map moves by δ(W₂W₁) = δW₂ W₁⁰ + W₂⁰ δW₁ = J δz, so at a least-squares minimum
 * (mean residual correlation zero) the loss Hessian and the gradient-noise covariance are
 *
 *   H_joint = Jᵀ (I_M ⊗ K) J,   C_joint = Jᵀ C_u J,
 *
 * with K = XᵀX/P and C_u the end-to-end noise of lib/theory/single_layer_fluctuations.ts. Both
 * have rank ≤ MN, far below the KN + MK parameters (the GL(K) symmetry directions), so the
 * Lyapunov equation H Σ + Σ H = (η/B) C is solved on range(Jᵀ) only ("restricted Lyapunov").
 *
 * Scalar output with K ≈ I and C_u ≈ σ²K gives the closed form of the second-layer block
 *
 *   Σ_aa = (ησ²/(2B)) W₁ (W₁ᵀW₁ + ‖a‖² I_N)⁻¹ W₁ᵀ = (ησ²/(2B)) Σ_k u_k u_kᵀ s_k²/(s_k² + ‖a‖²),
 *
 * (W₁ = U S Vᵀ), while the curvature along u_k with W₁ held fixed is κ_k = u_kᵀW₁KW₁ᵀu_k ≈ s_k²:
 * σ_k² ∝ κ_k ∝ F_k⁻² in the flat regime κ_k ≪ ‖a‖² — the inverse variance–flatness relation.
 * (ψ = 2 is this project's reconstruction; Gross et al.'s own closed form is not public.)
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { solveDiscreteLyapunov, solveSymmetricLyapunov } from "../linalg/lyapunov.ts";
import { gemm } from "../linalg/products.ts";
import { svd } from "../linalg/svd.ts";
import {
  assertPlainSgd,
  type PlainSgd,
  type SingleLayerMinimum,
} from "./single_layer_fluctuations.ts";

/** Layer weights: W₁ (K×N) and W₂ (M×K). Parameters are ordered [vec W₁, vec W₂], row-major. */
export interface TwoLayerWeights {
  w1: DenseMatrix;
  w2: DenseMatrix;
}

/** J = ∂vec(W₂W₁)/∂[vec W₁, vec W₂]: MN × (KN + MK). */
export function endToEndJacobian(w: TwoLayerWeights): DenseMatrix {
  const k = w.w1.rows, n = w.w1.cols, m = w.w2.rows;
  if (w.w2.cols !== k) throw new RangeError(`two layer: W₂ has ${w.w2.cols} columns, W₁ ${k} rows`);
  const cols = k * n + m * k;
  const j = DenseMatrix.zeros(m * n, cols);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < n; b++) {
      const row = (a * n + b) * cols;
      // ∂U_ab/∂W₁_kb = W₂_ak
      for (let h = 0; h < k; h++) j.data[row + h * n + b] = w.w2.data[a * k + h];
      // ∂U_ab/∂W₂_ah = W₁_hb
      for (let h = 0; h < k; h++) j.data[row + k * n + a * k + h] = w.w1.data[h * n + b];
    }
  }
  return j;
}

/** The restricted-Lyapunov stationary covariance of all KN + MK parameters. */
export interface RestrictedCovariance {
  /** (KN + MK) × (KN + MK), zero outside range(Jᵀ) */
  covariance: DenseMatrix;
  /** dim range(Jᵀ) */
  rank: number;
}

/**
 * Solves H_r Σ_r + Σ_r H_r = (η/B) C_r on range(Jᵀ) (continuum, the default), or the discrete
 * linearised Σ_r = A Σ_r Aᵀ + (η²/B) C_r with A = I − ηH_r (`discrete: true`), and lifts Σ_r back.
 * J = U S Vᵀ, so with the basis V_r of range(Jᵀ): H_r = S_rU_rᵀ H_u U_rS_r and likewise C_r.
 */
export function restrictedCovariance(
  w: TwoLayerWeights,
  endToEnd: SingleLayerMinimum,
  p: PlainSgd,
  options: { discrete?: boolean; rankTolerance?: number } = {},
): RestrictedCovariance {
  assertPlainSgd(p);
  const j = endToEndJacobian(w);
  if (j.rows !== endToEnd.hessian.rows) {
    throw new RangeError(
      `two layer: the end-to-end map has ${j.rows} entries but the data's Hessian is ` +
        `${endToEnd.hessian.rows}×${endToEnd.hessian.rows}`,
    );
  }
  const { u, s, vt } = svd(j);
  const tol = (options.rankTolerance ?? 1e-10) * s[0];
  const rank = s.filter((v) => v > tol).length;
  if (rank === 0) throw new RangeError("two layer: J = 0 (all weights zero) — no dynamics");
  // U_r S_r (MN × r)
  const us = DenseMatrix.zeros(j.rows, rank);
  for (let i = 0; i < j.rows; i++) {
    for (let c = 0; c < rank; c++) us.data[i * rank + c] = u.get(i, c) * s[c];
  }
  const project = (m: DenseMatrix) => {
    const out = gemm(gemm(us, m, { transA: true }), us);
    for (let i = 0; i < rank; i++) { // exact symmetry
      for (let c = i + 1; c < rank; c++) {
        const v = (out.data[i * rank + c] + out.data[c * rank + i]) / 2;
        out.data[i * rank + c] = v;
        out.data[c * rank + i] = v;
      }
    }
    return out;
  };
  const hr = project(endToEnd.hessian), cr = project(endToEnd.noise);
  const eta = p.learningRate, b = p.batchSize;
  let sigmaR: DenseMatrix;
  if (options.discrete) {
    const a = DenseMatrix.identity(rank);
    for (let i = 0; i < rank * rank; i++) a.data[i] -= eta * hr.data[i];
    sigmaR = solveDiscreteLyapunov(
      a,
      new DenseMatrix(rank, rank, cr.data.map((v) => (eta * eta * v) / b)),
    );
  } else {
    sigmaR = solveSymmetricLyapunov(
      hr,
      new DenseMatrix(rank, rank, cr.data.map((v) => (eta * v) / b)),
    );
  }
  // Σ = V_r Σ_r V_rᵀ, V_r = first `rank` rows of Vᵀ, transposed
  const vr = DenseMatrix.zeros(rank, j.cols);
  vr.data.set(vt.data.subarray(0, rank * j.cols));
  const covariance = gemm(gemm(vr, sigmaR, { transA: true }), vr);
  return { covariance, rank };
}

/** The block of a covariance over parameters [from, to). */
export function covarianceBlock(c: DenseMatrix, from: number, to: number): DenseMatrix {
  const n = to - from, out = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.data[i * n + j] = c.data[(from + i) * c.cols + from + j];
  }
  return out;
}

/** The closed-form second-layer spectrum (scalar output, K ≈ I, C_u ≈ σ²K). */
export interface SecondLayerClosedForm {
  /** σ_k² = (ησ²/(2B)) s_k²/(s_k² + ‖a‖²), in the order of the singular values (descending) */
  variances: Float64Array;
  /** s_k², the curvature along u_k when K = I */
  curvatures: Float64Array;
  /** u_k as columns (K×K) */
  directions: DenseMatrix;
  /** ησ²/(2B) */
  scale: number;
}

/** The closed form of Σ_aa from W₁ and a (module comment). */
export function secondLayerClosedForm(
  w1: DenseMatrix,
  a: ArrayLike<number>,
  residualVariance: number,
  p: PlainSgd,
): SecondLayerClosedForm {
  assertPlainSgd(p);
  const k = w1.rows;
  if (a.length !== k) throw new RangeError(`two layer: a has ${a.length} ≠ K = ${k} entries`);
  if (k > w1.cols) throw new RangeError("two layer: the closed form assumes K ≤ N");
  const { u, s } = svd(w1);
  let a2 = 0;
  for (let i = 0; i < k; i++) a2 += a[i] * a[i];
  const scale = (p.learningRate * residualVariance) / (2 * p.batchSize);
  const curvatures = s.map((v) => v * v);
  return {
    variances: curvatures.map((c) => (scale * c) / (c + a2)),
    curvatures,
    directions: u,
    scale,
  };
}

/**
 * The second layer's loss with W₁ fixed: L(W₂) = (1/(2P)) Σ_μ ‖y_μ − W₂ z_μ‖², z_μ = W₁x_μ — a
 * quadratic on vec(W₂) with Hessian I_M ⊗ G, G = W₁KW₁ᵀ, and gradient W₂G − YᵀZ/P at W₂.
 */
export function secondLayerQuadratic(
  x: DenseMatrix,
  y: DenseMatrix,
  w: TwoLayerWeights,
): { loss: number; gradient: Float64Array; hessian: DenseMatrix } {
  const p = x.rows, m = y.cols, k = w.w1.rows;
  const z = gemm(x, w.w1, { transB: true }); // P×K
  const g = gemm(z, z, { transA: true, alpha: 1 / p }); // K×K
  const zty = gemm(z, y, { transA: true, alpha: 1 / p }); // K×M
  const out = gemm(z, w.w2, { transB: true }); // P×M
  let squares = 0;
  for (let i = 0; i < out.data.length; i++) squares += (y.data[i] - out.data[i]) ** 2;
  const w2g = gemm(w.w2, g); // M×K
  const gradient = new Float64Array(m * k);
  for (let a = 0; a < m; a++) {
    for (let h = 0; h < k; h++) gradient[a * k + h] = w2g.data[a * k + h] - zty.data[h * m + a];
  }
  const d = m * k, hessian = DenseMatrix.zeros(d, d);
  for (let a = 0; a < m; a++) {
    for (let h = 0; h < k; h++) {
      for (let l = 0; l < k; l++) {
        hessian.data[(a * k + h) * d + a * k + l] = (g.data[h * k + l] + g.data[l * k + h]) / 2;
      }
    }
  }
  return { loss: squares / (2 * p), gradient, hessian };
}
