/**
 * Power-law tail p(x) ∝ x^{−α} for x ≥ x_min, by maximum likelihood with x_min chosen to minimise
 * the KS distance between the tail and the fitted law (Clauset, Shalizi & Newman, SIAM Rev. 51,
 * 661 (2009), eqs. 3.1 and 3.9): α̂ = 1 + n / Σ_{x_i ≥ x_min} ln(x_i/x_min), standard error
 * (α̂ − 1)/√n. (WeightWatcher reports the same α for weight-matrix spectra.)
 */
import type { Rng } from "../random/rng.ts";
import { assertFiniteSample } from "./finite_sample.ts";

/** A fitted tail. */
export interface PowerLawTail {
  alpha: number;
  alphaError: number;
  xmin: number;
  /** number of values in the tail (x ≥ x_min) */
  tailSize: number;
  /** KS distance between the tail and the fitted law */
  ks: number;
}

/** Fits the tail of positive values; candidate x_min leave at least `minTail` values (≥ 5). */
export function fitPowerLawTail(values: ArrayLike<number>, minTail = 10): PowerLawTail {
  assertFiniteSample("power-law fit", values);
  const x = Float64Array.from(values).filter((v) => v > 0).sort();
  if (!Number.isInteger(minTail) || minTail < 5) {
    throw new RangeError(`minTail must be an integer ≥ 5, got ${minTail}`);
  }
  const n = x.length;
  if (n < minTail) {
    throw new RangeError(`power-law fit needs at least ${minTail} positive values, got ${n}`);
  }
  // Suffix sums of ln x give each candidate's α̂ in O(1).
  const logs = x.map(Math.log);
  const suffix = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + logs[i];
  let best: PowerLawTail | null = null;
  for (let start = 0; start <= n - minTail; start++) {
    if (start > 0 && x[start] === x[start - 1]) continue; // one candidate per distinct value
    const m = n - start;
    const xmin = x[start];
    const sumLog = suffix[start] - m * logs[start];
    if (!(sumLog > 0)) continue;
    const alpha = 1 + m / sumLog;
    let ks = 0;
    for (let i = start; i < n; i++) {
      const model = 1 - (x[i] / xmin) ** (1 - alpha);
      const k = i - start;
      ks = Math.max(ks, Math.abs(model - k / m), Math.abs(model - (k + 1) / m));
    }
    if (!best || ks < best.ks) {
      best = { alpha, alphaError: (alpha - 1) / Math.sqrt(m), xmin, tailSize: m, ks };
    }
  }
  if (!best) throw new RangeError("power-law fit: all candidate tails are degenerate");
  return best;
}

/** Options of bootstrapTailError. */
export interface TailBootstrapOptions {
  /** number of resamples (default 100, at least 20) */
  draws?: number;
  /** the smallest tail a resample's fit may choose (as fitPowerLawTail; default 10) */
  minTail?: number;
}

/**
 * The bootstrap standard error of the fitted α (Clauset, Shalizi & Newman 2009, §3.4): the
 * standard deviation of α̂ over resamples of the values drawn with replacement, each refitted with
 * its own x_min. Unlike (α̂ − 1)/√n it includes the scatter of the x_min choice, which for weight
 * spectra of a few hundred eigenvalues is as large as the scatter at fixed x_min.
 */
export function bootstrapTailError(
  values: ArrayLike<number>,
  rng: Rng,
  options: TailBootstrapOptions = {},
): number {
  const draws = options.draws ?? 100;
  if (!Number.isInteger(draws) || draws < 20) {
    throw new RangeError(`bootstrap draws must be an integer ≥ 20, got ${draws}`);
  }
  const x = Float64Array.from(values);
  const resample = new Float64Array(x.length);
  const alphas = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < x.length; i++) resample[i] = x[rng.int(x.length)];
    alphas[d] = fitPowerLawTail(resample, options.minTail).alpha;
  }
  const mean = alphas.reduce((s, v) => s + v, 0) / draws;
  return Math.sqrt(alphas.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws - 1));
}
