/** The MLP's activation, ReLU as in Karpathy's gpt.py: y = max(x, 0), dx = dy·[x > 0]. */
import type { Floats } from "./float_buffers.ts";

/** y ← max(x, 0) elementwise over the first `n` entries. */
export function reluForward(y: Floats, x: Floats, n: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
}

/** dx ← dy·[x > 0] (dx may alias dy). */
export function reluBackward(dx: Floats, dy: Floats, x: Floats, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
}
