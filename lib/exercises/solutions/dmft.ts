/**
 * Reference solutions of notebook 04's exercises (lib/exercises/dmft.ts). Try the exercise before
 * reading on.
 */

/** The modified Bessel function I₁(y) from its power series Σ (y/2)^{2k+1}/(k!(k+1)!). */
function besselI1(y: number): number {
  let term = y / 2, sum = term;
  for (let k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= (y * y) / 4 / (k * (k + 1));
    sum += term;
  }
  return sum;
}

/** 04.1: the GOE response R(t) = e^{−zt} I₁(2t)/t, with R(0) = 1. */
export function goeResponse(z: number, t: number): number {
  return t === 0 ? 1 : (Math.exp(-z * t) * besselI1(2 * t)) / t;
}

/**
 * 04.2: the test loss of an ensemble of k models that share the data but not the features:
 * σ² + C_v/k + (1 − 1/k) C^X (the cross terms between members are C^X).
 */
export function ensembleLoss(noise2: number, cv: number, cx: number, k: number): number {
  return noise2 + cv / k + (1 - 1 / k) * cx;
}

/** 04.3: the Saxe mode strength u(t) = s e^{2st}/(e^{2st} − 1 + s/u₀), solving du/dt = 2u(s − u). */
export function saxeStrength(s: number, u0: number, t: number): number {
  const e = Math.exp(-2 * s * t); // the same formula divided by e^{2st}, finite for large st
  return s / (1 - e + (s / u0) * e);
}
