/**
 * Exact gradient flow on one draw of linear regression (T04.4), the simulation the
 * closed form is checked against: x ~ N(0, I_D), y = β*·x/√D + σε, B = XᵀX/P = U diag(λ) Uᵀ. In
 * B's eigenbasis dv/dt = −Bv − σ(√D/P)Xᵀε solves mode by mode,
 *   v_k(t) = e^{−λ_k t} a_k − n_k (1 − e^{−λ_k t})/λ_k,  a = Uᵀβ*,  n = σ(√D/P) UᵀXᵀε,
 * (n_k = 0 on the null modes of B), so the loss at any t is exact, with no time stepping.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigh } from "../linalg/eigen.ts";
import { gemm, gemv } from "../linalg/products.ts";
import { Rng } from "../random/rng.ts";

/** The modes of one draw, from which losses at any time follow. */
export interface LinearRegressionDraw {
  dimension: number;
  noise: number;
  eigenvalues: Float64Array;
  target: Float64Array;
  drive: Float64Array;
}

/** Draws X, β* (|β*|² = D) and ε, and diagonalises B. */
export function drawLinearRegression(
  p: { dimension: number; alpha: number; noise: number; seed: number },
): LinearRegressionDraw {
  const D = p.dimension, P = Math.round(p.alpha * D);
  if (!(D >= 2 && P >= 1 && p.noise >= 0)) {
    throw new RangeError(`bad linear-regression draw ${JSON.stringify(p)}`);
  }
  const rng = Rng.fromSeed(p.seed);
  const X = new DenseMatrix(P, D, rng.stream(1).fillNormal(new Float64Array(P * D)));
  const beta = rng.stream(3).fillNormal(new Float64Array(D));
  const norm = Math.sqrt(beta.reduce((a, b) => a + b * b, 0) / D);
  beta.forEach((b, i) => (beta[i] = b / norm));
  const eps = rng.stream(4).fillNormal(new Float64Array(P));
  const B = gemm(X, X, { transA: true, alpha: 1 / P });
  const { values, vectors } = eigh(B); // vectors: columns are eigenvectors
  const xe = gemv(X, eps, { trans: true });
  const target = gemv(vectors, beta, { trans: true });
  const drive = gemv(vectors, xe, { trans: true }).map((v) => (p.noise * Math.sqrt(D) * v) / P);
  return { dimension: D, noise: p.noise, eigenvalues: values, target, drive };
}

/** Test loss |v(t)|²/D + σ² of the draw. */
export function linearRegressionFlowLoss(d: LinearRegressionDraw, t: number): number {
  let s = 0;
  for (let k = 0; k < d.eigenvalues.length; k++) {
    const l = Math.max(d.eigenvalues[k], 0);
    const decay = Math.exp(-l * t);
    const response = l * t < 1e-9 ? t : -Math.expm1(-l * t) / l;
    // null modes: the drive is zero up to rounding; drop it there
    const v = decay * d.target[k] - (l > 1e-9 ? d.drive[k] * response : 0);
    s += v * v;
  }
  return s / d.dimension + d.noise * d.noise;
}
