/**
 * Reference solutions of notebook 01's exercises (lib/exercises/dyson_brownian_motion.ts). Try the
 * exercise before reading on.
 */
import type { Rng } from "../../random/rng.ts";

/**
 * 01.1: `count` spacings S = |λ₁ − λ₂| of 2×2 GOE matrices [[a, b], [b, d]] with off-diagonal
 * variance s² and diagonal variance 2s²: S = √((a − d)² + 4b²).
 */
export function goePairSpacings(s2: number, count: number, rng: Rng): number[] {
  const s = Math.sqrt(s2);
  return Array.from({ length: count }, () => {
    const a = Math.SQRT2 * s * rng.normal();
    const d = Math.SQRT2 * s * rng.normal();
    const b = s * rng.normal();
    return Math.sqrt((a - d) ** 2 + 4 * b * b);
  });
}

/**
 * 01.2: the stationary variance of b ← (1 − η)b + η·ξ with Var ξ = ε²/|B| (the off-diagonal
 * element near the teacher): Var = η²(ε²/|B|)/(1 − (1 − η)²) = ηε²/((2 − η)|B|).
 */
export function ouVariance(eta: number, eps: number, batch: number): number {
  return (eta * eps * eps) / ((2 - eta) * batch);
}

/** 01.3: the KS distance sup_x |F_n(x) − F(x)| of a sample against a continuous CDF. */
export function ksDistance(sample: number[], cdf: (x: number) => number): number {
  const x = [...sample].sort((p, q) => p - q);
  const n = x.length;
  let d = 0;
  x.forEach((v, i) => {
    const f = cdf(v);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  return d;
}
