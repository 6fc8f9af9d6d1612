/**
 * A linear stochastic recursion x_{k+1} = F x_k + c + G ξ_k (ξ_k ~ N(0, I)), the discrete form of
 * an Ornstein–Uhlenbeck process, with running stationary statistics: mean, covariance and the
 * lag-1 covariance E[x_{k+1} x_kᵀ], whose antisymmetric part measures broken detailed balance
 * (Kunin et al., arXiv 2107.09133 §5; spec §2.5, target T7). Dimensions are small (≤ 10), so the
 * loops are written out.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { FastNormals } from "../random/fast_normals.ts";
import type { Rng } from "../random/rng.ts";

/** Stationary statistics of a run (after burn-in), with a thinned trajectory. */
export interface RecursionStatistics {
  mean: Float64Array;
  /** Cov(x_k, x_k) */
  covariance: DenseMatrix;
  /** Cov(x_{k+1}, x_k) */
  lagCovariance: DenseMatrix;
  /** every `keepEvery`-th state after burn-in, row-major */
  trajectory: Float64Array;
  samples: number;
}

/** Runs the recursion and accumulates its statistics. */
export function simulateLinearRecursion(
  system: { transition: DenseMatrix; offset?: Float64Array; noiseFactor: DenseMatrix },
  c: { x0: Float64Array; steps: number; burnIn: number; keepEvery?: number },
  rng: Rng,
): RecursionStatistics {
  const f = system.transition, g = system.noiseFactor;
  const n = f.rows, m = g.cols;
  if (f.cols !== n || g.rows !== n || c.x0.length !== n) {
    throw new RangeError("linear recursion: F must be n×n, G n×m and x₀ of length n");
  }
  if (!(c.steps > c.burnIn + 1)) {
    throw new RangeError("linear recursion: steps must exceed burn-in");
  }
  const offset = system.offset ?? new Float64Array(n);
  const normals = new FastNormals(rng);
  let x = c.x0.slice(), next = new Float64Array(n);
  const xi = new Float64Array(m);
  const sum = new Float64Array(n), sumNext = new Float64Array(n);
  const outer = new Float64Array(n * n), lag = new Float64Array(n * n);
  const keepEvery = c.keepEvery ?? 0;
  const kept: number[] = [];
  let samples = 0;
  for (let k = 0; k < c.steps; k++) {
    for (let j = 0; j < m; j++) xi[j] = normals.normal();
    for (let i = 0; i < n; i++) {
      let v = offset[i];
      for (let j = 0; j < n; j++) v += f.data[i * n + j] * x[j];
      for (let j = 0; j < m; j++) v += g.data[i * m + j] * xi[j];
      next[i] = v;
    }
    if (k >= c.burnIn) {
      for (let i = 0; i < n; i++) {
        sum[i] += x[i];
        sumNext[i] += next[i];
        for (let j = 0; j < n; j++) {
          outer[i * n + j] += x[i] * x[j];
          lag[i * n + j] += next[i] * x[j];
        }
      }
      samples++;
      if (keepEvery > 0 && (k - c.burnIn) % keepEvery === 0) kept.push(...x);
    }
    [x, next] = [next, x];
  }
  if (!x.every(Number.isFinite)) throw new Error("linear recursion diverged");
  const mean = sum.map((v) => v / samples);
  const meanNext = sumNext.map((v) => v / samples);
  const covariance = DenseMatrix.zeros(n, n), lagCovariance = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      covariance.data[i * n + j] = outer[i * n + j] / samples - mean[i] * mean[j];
      lagCovariance.data[i * n + j] = lag[i * n + j] / samples - meanNext[i] * mean[j];
    }
  }
  return { mean, covariance, lagCovariance, trajectory: Float64Array.from(kept), samples };
}
