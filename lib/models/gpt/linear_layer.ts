/**
 * A fully connected layer in PyTorch's nn.Linear layout: W is out×in, y = x·Wᵀ + b for the rows
 * of x (rows×in). Backward: dx = dy·W, dW += dyᵀ·x, db += Σ_rows dy.
 */
import { type Floats, gemmView } from "./float_buffers.ts";

/** y (rows×out) ← x·Wᵀ + b; `b` may be null (no bias). */
export function linearForward(
  y: Floats,
  x: Floats,
  w: Floats,
  b: Floats | null,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  if (b) {
    for (let r = 0; r < rows; r++) y.set(b, r * outDim);
  }
  gemmView(false, true, rows, outDim, inDim, 1, x, inDim, w, inDim, b ? 1 : 0, y, outDim);
}

/**
 * Gradients of the layer: dW += dyᵀ·x and db += Σ dy (accumulated); dx ← dy·W. `dx` may be null
 * when the input needs no gradient.
 */
export function linearBackward(
  dx: Floats | null,
  dw: Floats,
  db: Floats | null,
  dy: Floats,
  x: Floats,
  w: Floats,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  gemmView(true, false, outDim, inDim, rows, 1, dy, outDim, x, inDim, 1, dw, inDim);
  if (db) {
    for (let r = 0; r < rows; r++) {
      const o = r * outDim;
      for (let j = 0; j < outDim; j++) db[j] += dy[o + j];
    }
  }
  if (dx) {
    gemmView(
      false,
      false,
      rows,
      inDim,
      outDim,
      1,
      dy,
      outDim,
      w,
      inDim,
      0,
      dx,
      inDim,
    );
  }
}
