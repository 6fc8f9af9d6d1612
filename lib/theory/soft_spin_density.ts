/**
 * Theory of notebook 08 (Park, Lucini & Aarts, arXiv 2509.01349): the density of a "soft spin"
 * φ = tanh z with Gaussian z, its critical width, and the Marchenko–Pastur mean spacing of the
 * initial X = W Wᵀ that the drift-versus-repulsion criterion uses.
 */

/**
 * p(φ) of φ = tanh z with z ~ N(0, σ_z²): the change of variables z = artanh φ, dz/dφ = 1/(1 − φ²),
 *
 *   p(φ) = exp(−artanh²φ / 2σ_z²) / ((1 − φ²) √(2π σ_z²)),   φ ∈ (−1, 1).
 *
 * d² ln p/dφ² at 0 is 2 − 1/σ_z²: unimodal for σ_z² < ½, bimodal (saturated spins) above.
 */
export function softSpinDensity(phi: number, variance: number): number {
  if (!(variance > 0) || !Number.isFinite(variance)) {
    throw new RangeError(`σ_z² (variance) must be a positive finite number, got ${variance}`);
  }
  if (!(Math.abs(phi) < 1)) return 0;
  const z = Math.atanh(phi);
  return Math.exp(-z * z / (2 * variance)) / ((1 - phi * phi) * Math.sqrt(2 * Math.PI * variance));
}

/** The critical σ_z² = ½ where p(φ) turns bimodal (the authors' σ_c²; drawn as 1/σ_W = √2). */
export const SOFT_SPIN_CRITICAL_VARIANCE = 0.5;

/**
 * Marchenko–Pastur mean spacing of the initial X(0) = W Wᵀ for W (K × L) with entries
 * N(0, σ_W²/L), L = rK: the support is σ_W²(1 ± r^{−1/2})², of width 4σ_W²/√r, split into K − 1
 * gaps: Δ₀ = 4σ_W²/(√r (K − 1)) (0.1886 σ_W² for K = 16, r = 2).
 */
export function marchenkoPasturMeanSpacing(
  sigmaW: number,
  spins: number,
  ratio: number,
): number {
  if (!(sigmaW > 0) || !(spins >= 2) || !(ratio >= 1)) {
    throw new RangeError(
      `need σ_W > 0, K ≥ 2 and r ≥ 1; got σ_W = ${sigmaW}, K = ${spins}, r = ${ratio}`,
    );
  }
  return 4 * sigmaW * sigmaW / (Math.sqrt(ratio) * (spins - 1));
}
