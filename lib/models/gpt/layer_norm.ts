/**
 * Layer normalisation over the last dimension (Ba, Kiros & Hinton 2016):
 *   x̂ = (x − μ)·r with μ = mean(x), r = 1/√(var(x) + ε);  y = γ ⊙ x̂ + β.
 * Backward (llm.c's form): with g = γ ⊙ dy,
 *   dx = r·(g − mean(g) − x̂·mean(g ⊙ x̂)),  dγ += Σ_rows dy ⊙ x̂,  dβ += Σ_rows dy.
 * Row statistics are accumulated in f64.
 */
import type { Floats } from "./float_buffers.ts";

/** ε of PyTorch's nn.LayerNorm. */
export const LAYER_NORM_EPS = 1e-5;

/** y ← LN(x) row by row; the row means and reciprocal standard deviations go to mean, rstd. */
export function layerNormForward(
  y: Floats,
  mean: Floats,
  rstd: Floats,
  x: Floats,
  gamma: Floats,
  beta: Floats,
  rows: number,
  dim: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let m = 0;
    for (let j = 0; j < dim; j++) m += x[o + j];
    m /= dim;
    let v = 0;
    for (let j = 0; j < dim; j++) {
      const d = x[o + j] - m;
      v += d * d; // the same bits as d ** 2 (V8 computes x ** 2 as x·x), without the call
    }
    const s = 1 / Math.sqrt(v / dim + LAYER_NORM_EPS);
    for (let j = 0; j < dim; j++) y[o + j] = (x[o + j] - m) * s * gamma[j] + beta[j];
    mean[r] = m;
    rstd[r] = s;
  }
}

/** dx += ∂L/∂x; dγ, dβ accumulate. */
export function layerNormBackward(
  dx: Floats,
  dgamma: Floats,
  dbeta: Floats,
  dy: Floats,
  x: Floats,
  mean: Floats,
  rstd: Floats,
  gamma: Floats,
  rows: number,
  dim: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    const m = mean[r], s = rstd[r];
    let gMean = 0, gxMean = 0;
    for (let j = 0; j < dim; j++) {
      const g = gamma[j] * dy[o + j];
      gMean += g;
      gxMean += g * (x[o + j] - m) * s;
    }
    gMean /= dim;
    gxMean /= dim;
    for (let j = 0; j < dim; j++) {
      const xhat = (x[o + j] - m) * s;
      dbeta[j] += dy[o + j];
      dgamma[j] += dy[o + j] * xhat;
      dx[o + j] += s * (gamma[j] * dy[o + j] - gMean - xhat * gxMean);
    }
  }
}
