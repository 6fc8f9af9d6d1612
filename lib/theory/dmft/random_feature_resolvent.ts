/**
 * The resolvent of the random-feature product AB, A = FᵀF/N (MP, ratio 1/ν), B = XᵀX/P (MP,
 * ratio 1/α). T04.5: with m(s) = 1 − sH(s),
 *   (1 − m/α)(1 − m/ν)(1 − m) = s m,   H(s) = (1 − m)/s = (1/D) Tr (s + AB)⁻¹,
 *   R_d = 1 − m/α,  R_s = 1 − m/ν.
 * As a cubic in m: P(m) = −ab m³ + (ab + a + b) m² − (1 + a + b + s) m + 1 with a = 1/α, b = 1/ν.
 * The density of AB is ρ(λ) = (1/π) Im H(−λ − i0) = |Im m|/(πλ) where the cubic at s = −λ has a
 * complex pair, plus an atom 1 − min(1, α, ν) at 0 (the free multiplicative convolution of the
 * two MP laws).
 */

/** Shape ratios α = P/D and ν = N/D. */
export interface RandomFeatureRatios {
  alpha: number;
  nu: number;
}

function coefficients(
  { alpha, nu }: RandomFeatureRatios,
  s: number,
): [number, number, number, number] {
  if (!(alpha > 0 && nu > 0 && Number.isFinite(alpha) && Number.isFinite(nu))) {
    throw new RangeError(`alpha and nu must be positive, got ${alpha}, ${nu}`);
  }
  const a = 1 / alpha, b = 1 / nu;
  return [-a * b, a * b + a + b, -(1 + a + b + s), 1];
}

function cubic([A, B, C, D]: [number, number, number, number], m: number): number {
  return ((A * m + B) * m + C) * m + D;
}

function bisect(f: (m: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if ((fm > 0) === (flo > 0)) [lo, flo] = [mid, fm];
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** m, H, R_d, R_s at real s > 0 (the root m ∈ (0, 1): P(0) = 1 > 0 > P(1) = −s). */
export function randomFeatureResolvent(ratios: RandomFeatureRatios, s: number) {
  if (!(s > 0)) throw new RangeError(`s must be positive, got ${s}`);
  const c = coefficients(ratios, s);
  const m = bisect((x) => cubic(c, x), 0, 1);
  return { m, H: (1 - m) / s, Rd: 1 - m / ratios.alpha, Rs: 1 - m / ratios.nu };
}

/** Imaginary part of the complex root pair of the cubic at s = −λ (0 where all roots are real). */
function complexPairImaginary(ratios: RandomFeatureRatios, lambda: number): number {
  const [A, B, C, D] = coefficients(ratios, -lambda);
  // one real root r (A < 0: P → +∞ at −∞, −∞ at +∞), then the quadratic left after dividing it out
  const r = bisect((x) => cubic([A, B, C, D], x), -1e6, 1e6);
  const qa = A, qb = B + A * r, qc = C + r * (B + A * r);
  const disc = qb * qb - 4 * qa * qc;
  return disc < 0 ? Math.sqrt(-disc) / (2 * Math.abs(qa)) : 0;
}

/** The continuous density ρ(λ) of AB at λ > 0. */
export function randomFeatureDensity(ratios: RandomFeatureRatios, lambda: number): number {
  if (!(lambda > 0)) throw new RangeError(`λ must be positive, got ${lambda}`);
  return complexPairImaginary(ratios, lambda) / (Math.PI * lambda);
}

/** Mass of the atom of AB at 0: 1 − min(1, α, ν). */
export function randomFeatureAtom({ alpha, nu }: RandomFeatureRatios): number {
  return 1 - Math.min(1, alpha, nu);
}

/** The largest eigenvalue λ_max of AB in the limit (upper edge of the support). */
export function randomFeatureSpectrumEdge(ratios: RandomFeatureRatios): number {
  // λ_max ≤ λ_max(A)·λ_max(B) = (1 + ν^{−1/2})²(1 + α^{−1/2})²; scan down from there, then bisect
  const upper = (1 + 1 / Math.sqrt(ratios.nu)) ** 2 * (1 + 1 / Math.sqrt(ratios.alpha)) ** 2 * 1.01;
  const grid = 4000;
  let inside = -1;
  for (let i = grid; i >= 1; i--) {
    const x = (upper * i) / grid;
    if (complexPairImaginary(ratios, x) > 0) {
      inside = x;
      break;
    }
  }
  if (inside < 0) throw new Error("random-feature spectrum edge not found");
  let lo = inside, hi = inside + upper / grid;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (complexPairImaginary(ratios, mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
