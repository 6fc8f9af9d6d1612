/**
 * The MLP's activation, ReLU as in Karpathy's gpt.py: y = max(x, 0), dx = dy·[x > 0].
 *
 * Both loops are branch-free: the sign of a pre-activation is a coin flip, so a branch per entry
 * is mispredicted about half the time, and the branching loops measured 8× and 6× slower here
 * (5.7 and 6.0 ms against 0.7 and 1.0 ms for 2048 × 512 entries). (x + |x|)/2 is exactly x for
 * x > 0 and exactly 0 otherwise; dy·[x > 0] is exactly dy or ±0 for finite dy.
 */
import type { Floats } from "./float_buffers.ts";

/** y ← max(x, 0) elementwise over the first `n` entries. */
export function reluForward(y: Floats, x: Floats, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = (v + Math.abs(v)) * 0.5;
  }
}

/** dx ← dy·[x > 0] (dx may alias dy). */
export function reluBackward(dx: Floats, dy: Floats, x: Floats, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * +(x[i] > 0);
}
