/**
 * The one-eigenvalue density of a 2×2 GOE matrix centred at x₀ with diagonal standard deviation
 * σ (off-diagonal σ/√2) — `rho` in the code release of arXiv 2407.16427:
 *
 *   ρ(x; x₀, σ) = e^{−u²/2} / (4√π σ) · [2 e^{−u²/2} + √(2π) u erf(u/√2)],   u = (x − x₀)/σ,
 *
 * with variance 3σ²/2. Its CDF in closed form (integrating by parts, ∫ u e^{−u²/2} erf(u/√2) du
 * = −e^{−u²/2} erf(u/√2) + erf(u)/√2):
 *
 *   F(x) = 1/2 + erf(u)/2 − (√2/4) e^{−u²/2} erf(u/√2).
 *
 * The spacing S = |λ₁ − λ₂| is Rayleigh: P(S) = S/(2σ²) e^{−S²/(4σ²)}, ⟨S⟩ = √π σ, ⟨S²⟩ = 4σ².
 */
import { erf } from "./special_functions.ts";

/** Centre x₀ and diagonal standard deviation σ > 0. */
export interface GoePairParams {
  centre: number;
  sigma: number;
}

function check({ centre, sigma }: GoePairParams): void {
  if (!Number.isFinite(centre)) {
    throw new RangeError(`GOE pair: centre must be finite, got ${centre}`);
  }
  if (!(sigma > 0 && Number.isFinite(sigma))) {
    throw new RangeError(`GOE pair: sigma must be finite and > 0, got ${sigma}`);
  }
}

/** ρ(x; x₀, σ). */
export function goePairDensity(x: number, p: GoePairParams): number {
  check(p);
  const u = (x - p.centre) / p.sigma;
  const g = Math.exp(-u * u / 2);
  return (g / (4 * Math.sqrt(Math.PI) * p.sigma)) *
    (2 * g + Math.sqrt(2 * Math.PI) * u * erf(u / Math.SQRT2));
}

/** The CDF of ρ(x; x₀, σ). */
export function goePairCdf(x: number, p: GoePairParams): number {
  check(p);
  const u = (x - p.centre) / p.sigma;
  const f = 0.5 + erf(u) / 2 - (Math.SQRT2 / 4) * Math.exp(-u * u / 2) * erf(u / Math.SQRT2);
  return Math.min(1, Math.max(0, f));
}
