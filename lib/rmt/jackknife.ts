/**
 * Delete-one jackknife (Efron & Tibshirani, An Introduction to the Bootstrap): with θ_(i) the estimator on
 * the sample without element i, the error is σ_JK = sqrt((n − 1)/n · Σ_i (θ_(i) − θ̄)²),
 * i.e. sqrt(n − 1) times the population standard deviation of the θ_(i).
 */
import { assertFiniteSample } from "./finite_sample.ts";

/** Estimate and jackknife error. */
export interface JackknifeResult {
  /** the estimator on the full sample */
  estimate: number;
  error: number;
}

/** Jackknife error of `estimator` on `sample` (O(n) estimator calls of size n − 1). */
export function jackknife(
  sample: ArrayLike<number>,
  estimator: (values: Float64Array) => number,
): JackknifeResult {
  const n = sample.length;
  if (n < 2) throw new RangeError(`jackknife needs at least 2 values, got ${n}`);
  const full = Float64Array.from(sample);
  const reduced = new Float64Array(n - 1);
  const thetas = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    reduced.set(full.subarray(0, i), 0);
    reduced.set(full.subarray(i + 1), i);
    thetas[i] = estimator(reduced);
  }
  const mean = thetas.reduce((s, t) => s + t, 0) / n;
  const ss = thetas.reduce((s, t) => s + (t - mean) ** 2, 0);
  return { estimate: estimator(full), error: Math.sqrt(((n - 1) / n) * ss) };
}

/** Jackknife error of the mean in O(n) (equals the standard error of the mean). */
export function jackknifeMean(sample: ArrayLike<number>): JackknifeResult {
  const n = sample.length;
  if (n < 2) throw new RangeError(`jackknife needs at least 2 values, got ${n}`);
  assertFiniteSample("jackknifeMean", sample);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sample[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((sum - sample[i]) / (n - 1) - mean) ** 2;
  return { estimate: mean, error: Math.sqrt(((n - 1) / n) * ss) };
}

/**
 * Delete-one-block jackknife for estimators of pooled sums: block b contributes the vector of
 * sums `blocks[b]` (e.g. [count, Σx, Σx²]); θ_(b) is the estimator on the totals without block b.
 * Use it when samples within a block are correlated (seeds sharing a dataset) and blocks are not.
 */
export function jackknifeBlocks(
  blocks: readonly ArrayLike<number>[],
  estimator: (sums: Float64Array) => number,
): JackknifeResult {
  const g = blocks.length;
  if (g < 2) throw new RangeError(`block jackknife needs at least 2 blocks, got ${g}`);
  const width = blocks[0].length;
  const total = new Float64Array(width);
  for (const b of blocks) {
    if (b.length !== width) throw new RangeError("block jackknife: blocks differ in length");
    for (let i = 0; i < width; i++) total[i] += b[i];
  }
  const thetas = blocks.map((b) => estimator(total.map((t, i) => t - b[i])));
  const mean = thetas.reduce((s, t) => s + t, 0) / g;
  const ss = thetas.reduce((s, t) => s + (t - mean) ** 2, 0);
  return { estimate: estimator(total), error: Math.sqrt(((g - 1) / g) * ss) };
}
