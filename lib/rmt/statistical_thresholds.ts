/**
 * Thresholds for the agreement checks, so that a family of checks has a stated false-alarm rate.
 * The default level 0.0027 is the two-sided 3σ level. For m checks of one family, Bonferroni
 * divides it by m; with 14 settings a separate 3σ test per setting fails by chance in 4 % of runs.
 */
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

/** x with P(χ²_k > x) = level. */
export function chiSquareThreshold(dof: number, level = THREE_SIGMA_LEVEL): number {
  if (!(dof > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${dof}`);
  return bisect((x) => level - (1 - regularizedGammaP(dof / 2, x / 2)), 0, 1e4 + 100 * dof);
}

/**
 * The asymptotic Kolmogorov critical distance for n samples at level `level`:
 * P(√n D > c) ≈ 2 e^{−2c²}, so c = √(−ln(level/2)/2). At 0.0027 this is the spec's 1.8/√n.
 */
export function ksThreshold(n: number, level = THREE_SIGMA_LEVEL): number {
  if (!(n > 0)) throw new RangeError(`sample size must be > 0, got ${n}`);
  return Math.sqrt(-Math.log(level / 2) / 2) / Math.sqrt(n);
}
