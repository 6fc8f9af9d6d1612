/**
 * A linear stochastic recursion x_{k+1} = F x_k + c + G ξ_k (ξ_k ~ N(0, I)), the discrete form of
 * an Ornstein–Uhlenbeck process, with running stationary statistics: mean, covariance and the
 * lag-1 covariance E[x_{k+1} x_kᵀ], whose antisymmetric part measures broken detailed balance
 * (Kunin et al., arXiv 2107.09133 §5; T05.7). Dimensions are small (≤ 10), so the
 * loops are written out.
 */
import type { DenseMatrix } from "../linalg/dense_matrix.ts";
import { RunningMoments } from "../linalg/sample_moments.ts";
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
  const moments = new RunningMoments(n);
  const keepEvery = c.keepEvery ?? 0;
  const kept: number[] = [];
  for (let k = 0; k <= c.steps; k++) {
    if (k >= c.burnIn) {
      moments.add(x);
      if (keepEvery > 0 && (k - c.burnIn) % keepEvery === 0) kept.push(...x);
    }
    if (k === c.steps) break;
    for (let j = 0; j < m; j++) xi[j] = normals.normal();
    for (let i = 0; i < n; i++) {
      let v = offset[i];
      for (let j = 0; j < n; j++) v += f.data[i * n + j] * x[j];
      for (let j = 0; j < m; j++) v += g.data[i * m + j] * xi[j];
      next[i] = v;
    }
    [x, next] = [next, x];
  }
  if (!x.every(Number.isFinite)) throw new Error("linear recursion diverged");
  const mean = moments.mean(), covariance = moments.covariance();
  const lagCovariance = moments.lagCovariance(), samples = moments.count;
  return { mean, covariance, lagCovariance, trajectory: Float64Array.from(kept), samples };
}
