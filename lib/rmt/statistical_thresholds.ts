/**
 * Thresholds for the agreement checks, so that a family of checks has a stated false-alarm rate.
 * The default level 0.0027 is the two-sided 3σ level. For m checks of one family, Bonferroni
 * divides it by m; with 14 settings a separate 3σ test per setting fails by chance in 4 % of runs.
 */
import studentQuantile from "@stdlib/stats-base-dists-t-quantile";
import { FastNormals } from "../random/fast_normals.ts";
import { Rng } from "../random/rng.ts";
import { erf, regularizedGammaP } from "./special_functions.ts";

/** The two-sided 3σ level, P(|Z| > 3) = 0.0027. */
export const THREE_SIGMA_LEVEL = 0.0027;

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** z with P(|Z| > z) = level for standard normal Z. */
export function twoSidedNormalThreshold(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  // P(|Z| > z) = 1 − erf(z/√2)
  return bisect((z) => level - (1 - erf(z / Math.SQRT2)), 0, 40);
}

/** The Bonferroni z for a family of m two-sided checks at family-wise level `level`. */
export function familyNormalThreshold(m: number, level = THREE_SIGMA_LEVEL): number {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`family size must be ≥ 1, got ${m}`);
  return twoSidedNormalThreshold(level / m);
}

/**
 * t with P(|T| > t) = level for Student's T with `dof` degrees of freedom: the threshold for a
 * mean over n samples divided by its *estimated* standard error (dof = n − 1). With few samples
 * the estimated error is itself noisy, and the normal z would reject a correct mean far more often
 * than `level` (at n = 4 and z = 3, in 5.8 % of runs instead of 0.27 %).
 */
export function twoSidedStudentThreshold(level: number, dof: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!(dof > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${dof}`);
  return studentQuantile(1 - level / 2, dof);
}

/** The Bonferroni t for a family of m two-sided checks, each with `dof` degrees of freedom. */
export function familyStudentThreshold(m: number, dof: number, level = THREE_SIGMA_LEVEL): number {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`family size must be ≥ 1, got ${m}`);
  return twoSidedStudentThreshold(level / m, dof);
}

/**
 * x with P(Σ_{i=1}^m T_i² > x) = level for m independent Student T_i with `dof` degrees of
 * freedom: the omnibus threshold for Σ ((estimate − theory)/error)² over m settings when each
 * error is estimated from dof + 1 samples (blocks). It lies above the χ²_m threshold, which holds
 * only for exactly known errors. No closed form: sampled (T = Z/√(χ²_dof/dof) from normals) with
 * a fixed seed, `draws` sums, the empirical quantile.
 */
export function studentSquareSumThreshold(
  m: number,
  dof: number,
  level = THREE_SIGMA_LEVEL,
  draws = 200_000,
): number {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`number of terms must be ≥ 1, got ${m}`);
  if (!Number.isInteger(dof) || dof < 1) {
    throw new RangeError(`degrees of freedom must be an integer ≥ 1, got ${dof}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!(draws * level >= 50)) {
    throw new RangeError(`${draws} draws put fewer than 50 beyond the ${level} tail`);
  }
  const normals = new FastNormals(Rng.fromSeed(20261130, m, dof));
  const sums = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const z = normals.normal();
      let chi = 0;
      for (let k = 0; k < dof; k++) chi += normals.normal() ** 2;
      sum += (z * z) / (chi / dof);
    }
    sums[d] = sum;
  }
  sums.sort();
  return sums[Math.min(draws - 1, Math.ceil((1 - level) * draws))];
}

/** x with P(χ²_k > x) = level. */
export function chiSquareThreshold(dof: number, level = THREE_SIGMA_LEVEL): number {
  if (!(dof > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${dof}`);
  return bisect((x) => level - (1 - regularizedGammaP(dof / 2, x / 2)), 0, 1e4 + 100 * dof);
}

/**
 * The asymptotic Kolmogorov critical distance for n samples at level `level`:
 * P(√n D > c) ≈ 2 e^{−2c²}, so c = √(−ln(level/2)/2). At 0.0027 this is 1.8/√n (docs/reproduction_targets.md, conventions).
 */
export function ksThreshold(n: number, level = THREE_SIGMA_LEVEL): number {
  if (!(n > 0)) throw new RangeError(`sample size must be > 0, got ${n}`);
  return Math.sqrt(-Math.log(level / 2) / 2) / Math.sqrt(n);
}

/**
 * The number of flags n independent tests at false-flag rate p exceed with probability below
 * `level`: the smallest x with P(X > x) < level for X ~ Binomial(n, p). A family of per-layer
 * tests is then checked by its count, not by requiring that no layer is ever flagged.
 */
export function binomialUpperBound(n: number, p: number, level = THREE_SIGMA_LEVEL): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  let term = (1 - p) ** n; // P(X = 0)
  let cdf = term;
  for (let x = 0; x < n; x++) {
    if (1 - cdf < level) return x;
    term *= ((n - x) / (x + 1)) * (p / (1 - p));
    cdf += term;
  }
  return n;
}
