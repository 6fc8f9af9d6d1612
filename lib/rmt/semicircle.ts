/**
 * The Wigner semicircle with centre κ and radius R (Wigner 1958):
 *
 *   ρ(x) = (2 / (π R²)) sqrt(R² − (x − κ)²),   |x − κ| ≤ R,
 *
 * the large-n eigenvalue density of GOE(n) with off-diagonal variance s², for which R = 2√n s.
 * Mean κ, variance R²/4.
 */

/** Centre κ and radius R > 0. */
export interface SemicircleParams {
  centre: number;
  radius: number;
}

function check({ centre, radius }: SemicircleParams): void {
  if (!Number.isFinite(centre)) {
    throw new RangeError(`semicircle: centre must be finite, got ${centre}`);
  }
  if (!(radius > 0 && Number.isFinite(radius))) {
    throw new RangeError(`semicircle: radius must be finite and > 0, got ${radius}`);
  }
}

/** The density ρ(x). */
export function semicircleDensity(x: number, p: SemicircleParams): number {
  check(p);
  const u = (x - p.centre) / p.radius;
  return Math.abs(u) >= 1 ? 0 : (2 / (Math.PI * p.radius)) * Math.sqrt(1 - u * u);
}

/** The CDF F(x) = 1/2 + (u √(1 − u²) + arcsin u)/π with u = (x − κ)/R. */
export function semicircleCdf(x: number, p: SemicircleParams): number {
  check(p);
  const u = (x - p.centre) / p.radius;
  if (u <= -1) return 0;
  if (u >= 1) return 1;
  return 0.5 + (u * Math.sqrt(1 - u * u) + Math.asin(u)) / Math.PI;
}

/** The radius R = 2√n s of GOE(n) with off-diagonal variance s². */
export function semicircleRadius(n: number, offDiagonalVariance: number): number {
  return 2 * Math.sqrt(n * offDiagonalVariance);
}
