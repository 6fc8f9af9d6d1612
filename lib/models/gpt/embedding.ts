/**
 * Token plus position embedding: x[b,t] = wte[token[b,t]] + wpe[t]. Backward scatters the
 * gradient: dwte[token] += dx, dwpe[t] += dx.
 */
import type { Floats } from "./float_buffers.ts";

/** out (B·T×C) ← wte[tokens] + wpe[positions]. */
export function embeddingForward(
  out: Floats,
  tokens: Int32Array,
  wte: Floats,
  wpe: Floats,
  batch: number,
  context: number,
  width: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < context; t++) {
      const o = (b * context + t) * width;
      const e = tokens[b * context + t] * width;
      const p = t * width;
      for (let j = 0; j < width; j++) out[o + j] = wte[e + j] + wpe[p + j];
    }
  }
}

/** dwte, dwpe accumulate the gradient `dout` (B·T×C). */
export function embeddingBackward(
  dwte: Floats,
  dwpe: Floats,
  dout: Floats,
  tokens: Int32Array,
  batch: number,
  context: number,
  width: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < context; t++) {
      const o = (b * context + t) * width;
      const e = tokens[b * context + t] * width;
      const p = t * width;
      for (let j = 0; j < width; j++) {
        dwte[e + j] += dout[o + j];
        dwpe[p + j] += dout[o + j];
      }
    }
  }
}
