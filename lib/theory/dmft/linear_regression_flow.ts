/**
 * Gradient flow on linear regression, the Hermitian baseline (T04.4, after Advani, Saxe &
 * Sompolinsky 2020): dv/dt = −Bv − σ(√D/P)Xᵀε, v(0) = β*, B = XᵀX/P ~ MP with ratio γ = 1/α,
 *   L(t)  = ∫ρ_B e^{−2λt} + (σ²/α)∫ρ_B (1 − e^{−λt})²/λ + σ²
 *   L̂(t) = ∫ρ_B λe^{−2λt} + (σ²/α)∫_{λ>0}ρ_B e^{−2λt} + σ²(1 − 1/α)_+
 * (the atom of ρ_B at 0 counts in the first term of L and not in the second). The noise term grows
 * through the small eigenvalues: L is non-monotone for σ > 0 and diverges as √t at α = 1.
 */
import { marchenkoPasturQuadrature } from "./marchenko_pastur_quadrature.ts";

/** Ratio α = P/D and label noise σ. */
export interface LinearRegressionProblem {
  alpha: number;
  noise: number;
}

/** Test and train loss at time t. */
export function linearRegressionLosses(
  p: LinearRegressionProblem,
  t: number,
  nodes = 4000,
): { test: number; train: number } {
  if (!(p.alpha > 0) || !(p.noise >= 0) || !(t >= 0)) {
    throw new RangeError(`need α > 0, σ ≥ 0, t ≥ 0, got ${p.alpha}, ${p.noise}, ${t}`);
  }
  const q = marchenkoPasturQuadrature(1 / p.alpha, nodes);
  const s2 = p.noise * p.noise;
  let test = q.atom, train = 0;
  for (let k = 0; k < q.nodes.length; k++) {
    const l = q.nodes[k], w = q.weights[k], e = Math.exp(-l * t);
    // (1 − e^{−λt})²/λ, written to stay accurate for λt ≪ 1
    const growth = l * t < 1e-6 ? l * t * t : (-Math.expm1(-l * t)) ** 2 / l;
    test += w * (e * e + (s2 / p.alpha) * growth);
    train += w * (l * e * e + (s2 / p.alpha) * e * e);
  }
  return { test: test + s2, train: train + s2 * Math.max(0, 1 - 1 / p.alpha) };
}

/** The minimum of the test loss over t ∈ [0, tMax] (golden section after a log-spaced scan). */
export function linearRegressionOptimalStop(
  p: LinearRegressionProblem,
  tMax = 1000,
): { time: number; loss: number } {
  const f = (t: number) => linearRegressionLosses(p, t).test;
  const grid = Array.from(
    { length: 200 },
    (_, i) => (i === 0 ? 0 : tMax * 10 ** (-6 + (6 * i) / 199)),
  );
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (f(grid[i]) < f(grid[best])) best = i;
  let lo = grid[Math.max(0, best - 1)], hi = grid[Math.min(grid.length - 1, best + 1)];
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) {
    const a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  const time = (lo + hi) / 2;
  return { time, loss: f(time) };
}
