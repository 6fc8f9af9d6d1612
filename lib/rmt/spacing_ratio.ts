/**
 * Spacing ratios, which need no unfolding (Oganesyan & Huse, PRB 75, 155111 (2007); Atas,
 * Bogomolny, Giraud & Roux, PRL 110, 084101 (2013)): for ordered levels E_n,
 *
 *   r_n = (E_{n+1} − E_n)/(E_n − E_{n−1}),   r̃_n = min(r_n, 1/r_n) ∈ [0, 1],
 *
 * with the 3×3 surmise P_β(r) = (r + r²)^β / (Z_β (1 + r + r²)^{1 + 3β/2}), Z₁ = 8/27,
 * Z₂ = 4π/(81√3), Z₄ = 4π/(729√3), and Poisson P(r) = 1/(1 + r)². P(r̃) = 2 P(r) on [0, 1].
 */
import { assertFiniteSample } from "./finite_sample.ts";
import type { LevelStatistics } from "./wigner_surmise.ts";

const Z: Record<1 | 2 | 4, number> = {
  1: 8 / 27,
  2: (4 * Math.PI) / (81 * Math.sqrt(3)),
  4: (4 * Math.PI) / (729 * Math.sqrt(3)),
};

/** ⟨r̃⟩ of the surmise: 4 − 2√3, 2√3/π − 1/2, 0.67617; Poisson 2 ln 2 − 1. */
export const MEAN_TILDE_RATIO_SURMISE = {
  1: 4 - 2 * Math.sqrt(3),
  2: (2 * Math.sqrt(3)) / Math.PI - 0.5,
  4: 0.67617,
  poisson: 2 * Math.log(2) - 1,
} as const;

/** ⟨r̃⟩ for large matrices (Atas et al. 2013, Table 1): GOE, GUE, GSE; and Poisson. */
export const MEAN_TILDE_RATIO_LARGE_N = {
  1: 0.5307,
  2: 0.5996,
  4: 0.6744,
  poisson: 2 * Math.log(2) - 1,
} as const;

/** The density P(r) of r ∈ [0, ∞). */
export function spacingRatioDensity(r: number, kind: LevelStatistics): number {
  if (r < 0) return 0;
  if (kind === "poisson") return 1 / (1 + r) ** 2;
  if (kind !== 1 && kind !== 2 && kind !== 4) {
    throw new RangeError(`spacing ratio: β must be 1, 2, 4 or "poisson", got ${String(kind)}`);
  }
  return (r + r * r) ** kind / (Z[kind] * (1 + r + r * r) ** (1 + 1.5 * kind));
}

/** The ratios r_n of consecutive spacings of the sorted levels (length n − 2). */
export function spacingRatios(sortedLevels: ArrayLike<number>): Float64Array {
  const n = sortedLevels.length;
  if (n < 3) throw new RangeError(`spacing ratios need at least 3 levels, got ${n}`);
  const out = new Float64Array(n - 2);
  for (let i = 1; i < n - 1; i++) {
    const below = sortedLevels[i] - sortedLevels[i - 1];
    const above = sortedLevels[i + 1] - sortedLevels[i];
    if (below < 0 || above < 0) throw new RangeError("spacing ratios: levels must be sorted");
    out[i - 1] = above / below;
  }
  return out;
}

/**
 * ⟨r̃⟩ over the bulk: the levels are sorted, the lowest and highest (1 − bulkFraction)/2 of them
 * dropped, and r̃ averaged over the rest (degenerate 0/0 ratios are skipped).
 */
export function meanTildeRatio(levels: ArrayLike<number>, bulkFraction = 1): number {
  if (!(bulkFraction > 0 && bulkFraction <= 1)) {
    throw new RangeError(`bulkFraction must be in (0, 1], got ${bulkFraction}`);
  }
  assertFiniteSample("⟨r̃⟩", levels);
  const sorted = Float64Array.from(levels).sort();
  const cut = Math.floor((sorted.length * (1 - bulkFraction)) / 2);
  const r = spacingRatios(sorted.subarray(cut, sorted.length - cut));
  let sum = 0;
  let count = 0;
  for (const x of r) {
    if (Number.isNaN(x)) continue;
    sum += Math.min(x, 1 / x);
    count++;
  }
  if (count === 0) throw new RangeError("⟨r̃⟩: every spacing is zero");
  return sum / count;
}

/**
 * The CDF F(r) of r ∈ [0, ∞). Poisson: r/(1 + r). The surmises: Simpson's rule on [0, min(r, 1)],
 * and for r > 1 the symmetry P(r) = P(1/r)/r², which gives F(r) = 1 − F(1/r).
 */
export function spacingRatioCdf(r: number, kind: LevelStatistics): number {
  if (r <= 0) return 0;
  if (kind === "poisson") return r / (1 + r);
  if (r > 1) return 1 - spacingRatioCdf(1 / r, kind);
  const steps = 512; // truncation error < 2e-11
  const h = r / steps;
  let sum = spacingRatioDensity(0, kind) + spacingRatioDensity(r, kind);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * spacingRatioDensity(i * h, kind);
  return (sum * h) / 3;
}
