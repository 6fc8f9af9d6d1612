/**
 * Saxe, McClelland & Ganguli (ICLR 2014): a two-layer linear network with balanced, aligned, small
 * initialisation learns a mode of strength s along a logistic curve. With u = a² the mode strength
 * (a = b the two layer weights), gradient flow on (s − ab)²/2 gives du/dt = 2u(s − u), so
 *   u(t) = s e^{2st} / (e^{2st} − 1 + s/u₀),
 * a plateau of length ≈ ln(s/u₀)/(2s), then a sigmoidal drop (T04.16).
 */

/** u(t) for target strength s > 0 and initial strength 0 < u₀. */
export function saxeModeStrength(s: number, u0: number, t: number): number {
  if (!(s > 0) || !(u0 > 0) || !(t >= 0)) throw new RangeError(`need s > 0, u₀ > 0, t ≥ 0`);
  // written with e^{−2st} so that it stays finite for large st
  const e = Math.exp(-2 * s * t);
  return s / (1 - e + (s / u0) * e);
}
