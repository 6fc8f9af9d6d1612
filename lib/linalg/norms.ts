/** Matrix norms and distances used by residual checks (f64 accumulation). */
import type { DenseMatrix, FloatArray } from "./dense_matrix.ts";
import { LinalgError } from "./linalg_error.ts";

/** ‖M‖_F = sqrt(Σ m_ij²), accumulated with scaling so large entries cannot overflow. */
export function frobeniusNorm(m: DenseMatrix<FloatArray> | FloatArray): number {
  const data = "data" in m ? m.data : m;
  let scale = 0;
  for (let i = 0; i < data.length; i++) scale = Math.max(scale, Math.abs(data[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += (data[i] / scale) ** 2;
  return scale * Math.sqrt(sum);
}

/** ‖A − B‖_F for matrices of equal shape. */
export function frobeniusDistance(a: DenseMatrix<FloatArray>, b: DenseMatrix<FloatArray>): number {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new LinalgError(
      "frobeniusDistance",
      `shapes differ: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`,
    );
  }
  const d = new Float64Array(a.data.length);
  for (let i = 0; i < d.length; i++) d[i] = a.data[i] - b.data[i];
  return frobeniusNorm(d);
}
