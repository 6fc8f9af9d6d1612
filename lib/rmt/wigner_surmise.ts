/**
 * Nearest-neighbour spacing laws for unfolded spectra (mean spacing 1), s = S/⟨S⟩:
 * the Wigner surmises (exact for 2×2 matrices; Mehta, Random Matrices)
 *
 *   β = 1: (π/2) s e^{−πs²/4},   β = 2: (32/π²) s² e^{−4s²/π},   β = 4: (2¹⁸/(3⁶π³)) s⁴ e^{−64s²/(9π)},
 *
 * and Poisson e^{−s} (uncorrelated levels). Each surmise is P(s) ∝ s^β e^{−a_β s²}, so its CDF
 * is the regularised incomplete gamma P((β+1)/2, a_β s²).
 */
import { regularizedGammaP } from "./special_functions.ts";

/** A symmetry class (Dyson index) or uncorrelated levels. */
export type LevelStatistics = 1 | 2 | 4 | "poisson";

const A: Record<1 | 2 | 4, number> = { 1: Math.PI / 4, 2: 4 / Math.PI, 4: 64 / (9 * Math.PI) };
const C: Record<1 | 2 | 4, number> = {
  1: Math.PI / 2,
  2: 32 / Math.PI ** 2,
  4: 2 ** 18 / (3 ** 6 * Math.PI ** 3),
};

function check(kind: LevelStatistics): void {
  if (kind !== 1 && kind !== 2 && kind !== 4 && kind !== "poisson") {
    throw new RangeError(`spacing law: β must be 1, 2, 4 or "poisson", got ${String(kind)}`);
  }
}

/** The spacing density P(s) (Wigner surmise for β, or Poisson). */
export function spacingDensity(s: number, kind: LevelStatistics): number {
  check(kind);
  if (s < 0) return 0;
  if (kind === "poisson") return Math.exp(-s);
  return C[kind] * s ** kind * Math.exp(-A[kind] * s * s);
}

/** The spacing CDF. */
export function spacingCdf(s: number, kind: LevelStatistics): number {
  check(kind);
  if (s <= 0) return 0;
  if (kind === "poisson") return 1 - Math.exp(-s);
  return regularizedGammaP((kind + 1) / 2, A[kind] * s * s);
}

/** ⟨s²⟩ of the law: 4/π, 3π/8, 45π/128 for β = 1, 2, 4; 2 for Poisson. */
export function spacingSecondMoment(kind: LevelStatistics): number {
  check(kind);
  if (kind === "poisson") return 2;
  // ⟨s²⟩ = Γ((β+3)/2) / (a Γ((β+1)/2)) = ((β+1)/2) / a
  return (kind + 1) / 2 / A[kind];
}
