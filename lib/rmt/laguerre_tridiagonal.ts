/**
 * Real Wishart (β = 1 Laguerre) eigenvalues from the bidiagonal matrix model of Dumitriu & Edelman,
 * J. Math. Phys. 43, 5830 (2002), Theorem 3.4: for G an n×m matrix of iid N(0, 1) entries (n ≤ m),
 * the eigenvalues of GGᵀ have the law of those of BBᵀ, with B the n×n lower-bidiagonal matrix
 *
 *   B_ii = χ_{m−i} (i = 0 … n−1),   B_{i+1,i} = χ_{n−1−i} (i = 0 … n−2),
 *
 * all entries independent, χ_k the chi distribution with k degrees of freedom. BBᵀ is tridiagonal
 * (diagonal a_i² + b_{i−1}², off-diagonal a_i·b_i), so a spectrum costs O(n²) instead of the
 * O(n²m) of forming GGᵀ: this is what makes the per-layer iid null of lib/rmt/layer_level_null.ts
 * affordable at the sizes of real models.
 */
import chi from "@stdlib/random-base-chi";
import { tridiagonalEigenvalues } from "../linalg/tridiagonal_eigen.ts";
import type { Rng } from "../random/rng.ts";

/** The n eigenvalues (ascending) of GGᵀ for an n×m iid N(0, 1) matrix G, n ≤ m, by the model. */
export function wishartEigenvaluesTridiagonal(n: number, m: number, rng: Rng): Float64Array {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(m) || m < n) {
    throw new RangeError(`Laguerre model: need integers 1 ≤ n ≤ m, got n = ${n}, m = ${m}`);
  }
  const draw = chi.factory({ prng: () => rng.uniform() });
  const a = Float64Array.from({ length: n }, (_, i) => draw(m - i));
  const b = Float64Array.from({ length: n - 1 }, (_, i) => draw(n - 1 - i));
  const diagonal = a.map((ai, i) => ai * ai + (i > 0 ? b[i - 1] * b[i - 1] : 0));
  const off = b.map((bi, i) => a[i] * bi);
  return tridiagonalEigenvalues(diagonal, off).map((v) => Math.max(v, 0));
}
