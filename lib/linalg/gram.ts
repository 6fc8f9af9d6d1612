/**
 * The Gram matrix of a weight matrix in f64 without an f64 copy of the whole matrix: W (M×N) is
 * converted and multiplied in blocks of rows (M ≥ N: WᵀW = Σ_b W_bᵀ W_b) or of columns (M < N:
 * WWᵀ = Σ_b W_{:,b} W_{:,b}ᵀ), accumulated with gemm's β = 1. An embedding of 50257×768 f32
 * entries (154 MB) then needs 32 MB of f64 at a time instead of a 309 MB copy.
 */
import { DenseMatrix, float64Copy, type FloatArray } from "./dense_matrix.ts";
import { gemm } from "./products.ts";

/** Elements converted to f64 per block (32 MB). */
export const GRAM_BLOCK_ELEMENTS = 1 << 22;

/** The k×k Gram matrix, k = min(M, N): WᵀW when M ≥ N, WWᵀ otherwise. */
export function gramMatrix(
  w: DenseMatrix<FloatArray>,
  blockElements = GRAM_BLOCK_ELEMENTS,
): DenseMatrix<Float64Array> {
  const { rows: m, cols: n } = w;
  const tall = m >= n;
  const long = tall ? m : n; // the side summed over
  const short = tall ? n : m;
  if (w.data instanceof Float64Array && m * n <= blockElements) {
    return gemm(w as DenseMatrix<Float64Array>, w as DenseMatrix<Float64Array>, {
      transA: tall,
      transB: !tall,
    });
  }
  const step = Math.max(1, Math.floor(blockElements / short));
  const out = DenseMatrix.zeros(short, short);
  for (let start = 0; start < long; start += step) {
    const size = Math.min(step, long - start);
    let block: DenseMatrix<Float64Array>;
    if (tall) {
      block = new DenseMatrix(
        size,
        n,
        float64Copy(w.data.subarray(start * n, (start + size) * n)),
      );
    } else {
      const data = new Float64Array(m * size);
      for (let i = 0; i < m; i++) {
        const row = w.data.subarray(i * n + start, i * n + start + size);
        for (let j = 0; j < size; j++) data[i * size + j] = row[j];
      }
      block = new DenseMatrix(m, size, data);
    }
    gemm(block, block, { transA: tall, transB: !tall, beta: start === 0 ? 0 : 1, out });
  }
  return out;
}
