/**
 * Multi-head causal self-attention with a separate query, key and value matrix per head (Karpathy's
 * gpt.py `Head`: nn.Linear(n_embd, head_size, bias=False) each). The projections of all heads come
 * from one product beforehand, so a row of `qkv` (B·T×3C) holds [q | k | v], and head h owns
 * columns h·hs…(h+1)·hs of each block (hs = C/heads). Per batch row b and head h:
 *   S = q kᵀ/√hs,  P = softmax(S + causal mask),  out = P v     (Vaswani et al. 2017, eq. 1)
 * Backward: dP = dout vᵀ, dv = Pᵀ dout, dS = P ⊙ (dP − rowsum(P ⊙ dP))/√hs, dq = dS k, dk = dSᵀ q.
 */
import { type Floats, gemmView } from "./float_buffers.ts";

/** Shape of one attention call. */
export interface AttentionShape {
  batch: number;
  context: number;
  width: number;
  heads: number;
}

/** Sizes used by both passes: head size hs, score scale 1/√hs, row stride 3C of qkv. */
function geometry(shape: AttentionShape) {
  const { batch, context, width, heads } = shape;
  if (width % heads !== 0) {
    throw new RangeError(`width ${width} is not divisible by ${heads} heads`);
  }
  const hs = width / heads;
  return { B: batch, T: context, C: width, heads, hs, scale: 1 / Math.sqrt(hs), C3: 3 * width };
}

/** out (B·T×C) ← attention of qkv; `probs` (B·heads·T·T) keeps P for the backward pass. */
export function attentionForward(
  out: Floats,
  probs: Floats,
  qkv: Floats,
  shape: AttentionShape,
): void {
  const { B, T, C, heads, hs, scale, C3 } = geometry(shape);
  for (let b = 0; b < B; b++) {
    const base = b * T * C3;
    for (let h = 0; h < heads; h++) {
      const p = probs.subarray((b * heads + h) * T * T);
      const q = qkv.subarray(base + h * hs);
      const k = qkv.subarray(base + C + h * hs);
      const v = qkv.subarray(base + 2 * C + h * hs);
      gemmView(false, true, T, T, hs, scale, q, C3, k, C3, 0, p, T);
      for (let i = 0; i < T; i++) {
        const row = i * T;
        let max = -Infinity;
        for (let j = 0; j <= i; j++) if (p[row + j] > max) max = p[row + j];
        let sum = 0;
        for (let j = 0; j <= i; j++) {
          const e = Math.exp(p[row + j] - max);
          p[row + j] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let j = 0; j <= i; j++) p[row + j] *= inv;
        for (let j = i + 1; j < T; j++) p[row + j] = 0;
      }
      gemmView(false, false, T, hs, T, 1, p, T, v, C3, 0, out.subarray(b * T * C + h * hs), C);
    }
  }
}

/** dqkv (B·T×3C) ← gradient of the attention; `scratch` holds T·T values. */
export function attentionBackward(
  dqkv: Floats,
  scratch: Floats,
  dout: Floats,
  qkv: Floats,
  probs: Floats,
  shape: AttentionShape,
): void {
  const { B, T, C, heads, hs, scale, C3 } = geometry(shape);
  const ds = scratch;
  for (let b = 0; b < B; b++) {
    const base = b * T * C3;
    for (let h = 0; h < heads; h++) {
      const p = probs.subarray((b * heads + h) * T * T);
      const off = base + h * hs;
      const d = dout.subarray(b * T * C + h * hs);
      gemmView(false, true, T, T, hs, 1, d, C, qkv.subarray(off + 2 * C), C3, 0, ds, T); // dP
      gemmView(true, false, T, hs, T, 1, p, T, d, C, 0, dqkv.subarray(off + 2 * C), C3); // dv
      for (let i = 0; i < T; i++) {
        const row = i * T;
        let dot = 0;
        for (let j = 0; j <= i; j++) dot += p[row + j] * ds[row + j];
        for (let j = 0; j <= i; j++) ds[row + j] = scale * p[row + j] * (ds[row + j] - dot);
        for (let j = i + 1; j < T; j++) ds[row + j] = 0;
      }
      gemmView(
        false,
        false,
        T,
        hs,
        T,
        1,
        ds,
        T,
        qkv.subarray(off + C),
        C3,
        0,
        dqkv.subarray(off),
        C3,
      ); // dq
      gemmView(
        true,
        false,
        T,
        hs,
        T,
        1,
        ds,
        T,
        qkv.subarray(off),
        C3,
        0,
        dqkv.subarray(off + C),
        C3,
      ); // dk
    }
  }
}
