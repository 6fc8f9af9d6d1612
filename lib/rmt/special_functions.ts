/**
 * Special functions used by the random-matrix laws, from stdlib-js (double-precision ports of
 * the Boost/Cephes algorithms): the error function and the regularised lower incomplete gamma.
 */
import erfStdlib from "@stdlib/math-base-special-erf";
import gammaincStdlib from "@stdlib/math-base-special-gammainc";

/** erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt. */
export function erf(x: number): number {
  return erfStdlib(x);
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), for a > 0 and x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  return x <= 0 ? 0 : gammaincStdlib(x, a);
}
