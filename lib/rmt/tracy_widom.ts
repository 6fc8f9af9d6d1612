/**
 * The largest eigenvalue of a real Wishart matrix at finite size (Johnstone, Ann. Stat. 29, 295
 * (2001), Theorem 1): for W of size M×N with iid N(0, 1) entries,
 *
 *   λ_max(WᵀW) ≈ μ + σ · TW₁,   μ = (√(M−1) + √N)²,   σ = (√(M−1) + √N)(1/√(M−1) + 1/√N)^{1/3},
 *
 * with TW₁ the β = 1 Tracy–Widom law. Its mean and standard deviation are from Bornemann,
 * Markov Process. Relat. Fields 16, 803 (2010), Table 5.
 */

/** Mean of the Tracy–Widom law TW₁ (β = 1). */
export const TRACY_WIDOM_1_MEAN = -1.2065335745820;
/** Standard deviation of TW₁. */
export const TRACY_WIDOM_1_SD = 1.2680340580;

/** Predicted mean and standard deviation of λ_max(WᵀW / M) for entries of variance s². */
export function largestWishartEigenvalue(
  m: number,
  n: number,
  variance: number,
): { mean: number; sd: number; scale: number } {
  if (!(m >= 2 && n >= 1 && variance > 0)) {
    throw new RangeError(
      `largestWishartEigenvalue: need M ≥ 2, N ≥ 1, s² > 0 (got ${m}, ${n}, ${variance})`,
    );
  }
  const a = Math.sqrt(m - 1);
  const b = Math.sqrt(n);
  const mu = (a + b) ** 2;
  const sigma = (a + b) * Math.cbrt(1 / a + 1 / b);
  const unit = variance / m;
  return {
    mean: unit * (mu + sigma * TRACY_WIDOM_1_MEAN),
    sd: unit * sigma * TRACY_WIDOM_1_SD,
    scale: unit * sigma,
  };
}
