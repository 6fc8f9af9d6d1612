/**
 * Softmax cross-entropy over the vocabulary, averaged over rows:
 *   p = softmax(z),  L = −(1/R) Σ_r ln p_r[y_r],  ∂L/∂z_r = (p_r − e_{y_r})/R.
 * The max is subtracted before exponentiating; sums run in f64.
 */
import type { Floats } from "./float_buffers.ts";

/** probs ← softmax(logits) per row; returns the mean negative log-likelihood of `targets`. */
export function softmaxCrossEntropyForward(
  probs: Floats,
  logits: Floats,
  targets: Int32Array,
  rows: number,
  vocab: number,
): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * vocab;
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) if (logits[o + j] > max) max = logits[o + j];
    let sum = 0;
    for (let j = 0; j < vocab; j++) {
      const e = Math.exp(logits[o + j] - max);
      probs[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < vocab; j++) probs[o + j] /= sum;
    // ln p[y] = z[y] − max − ln Σ, exact even where p[y] underflows
    loss -= logits[o + targets[r]] - max - Math.log(sum);
  }
  return loss / rows;
}

/** dlogits ← (probs − onehot(targets))/rows. */
export function softmaxCrossEntropyBackward(
  dlogits: Floats,
  probs: Floats,
  targets: Int32Array,
  rows: number,
  vocab: number,
): void {
  const scale = 1 / rows;
  for (let r = 0; r < rows; r++) {
    const o = r * vocab;
    for (let j = 0; j < vocab; j++) dlogits[o + j] = probs[o + j] * scale;
    dlogits[o + targets[r]] -= scale;
  }
}
