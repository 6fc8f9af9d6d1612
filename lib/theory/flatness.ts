/**
 * Loss flatness along a direction, as defined by Feng & Tu (PNAS 118:e2015617118, 2021;
 * T06.2): with w₀ the mean weights, L₀ = L(w₀) and a unit
 * direction p, F = θ_r − θ_l where L(w₀ + θ p) = f·L₀ at the two ends (θ_l < 0 < θ_r). Feng & Tu
 * use f = e; some later work uses f = 2, so the factor is a parameter.
 *
 * For a quadratic L(w₀ + δp) = L₀ + gδ + κδ²/2 the ends solve κδ²/2 + gδ − (f − 1)L₀ = 0, so
 *
 *   F = (2/κ) √(g² + 2κ(f − 1)L₀)     (the quadratic case of T06.2).
 *
 * Otherwise the ends are found numerically: step outward until L ≥ f·L₀, then bisect.
 */
import type { DenseMatrix } from "../linalg/dense_matrix.ts";

/** Feng & Tu's threshold factor f = e. */
export const FENG_TU_FACTOR = Math.E;

function assertFactor(factor: number): void {
  if (!(factor > 1 && Number.isFinite(factor))) {
    throw new RangeError(`flatness: the threshold factor must be > 1, got ${factor}`);
  }
}

/** F = (2/κ)√(g² + 2κ(f−1)L₀) for L(δ) = L₀ + gδ + κδ²/2 (κ > 0, L₀ > 0). */
export function quadraticFlatness(
  q: { loss: number; slope: number; curvature: number },
  factor = FENG_TU_FACTOR,
): number {
  assertFactor(factor);
  if (!(q.curvature > 0)) {
    throw new RangeError(
      `flatness: curvature κ = ${q.curvature} along the direction is not positive — the loss ` +
        `never rises to f·L₀ there, so the flatness is infinite`,
    );
  }
  if (!(q.loss > 0)) throw new RangeError(`flatness: L₀ must be > 0, got ${q.loss}`);
  return (2 / q.curvature) * Math.sqrt(q.slope ** 2 + 2 * q.curvature * (factor - 1) * q.loss);
}

/** The two ends θ_l < 0 < θ_r where a one-dimensional loss profile first reaches f·L(0). */
export interface FlatnessInterval {
  left: number;
  right: number;
  width: number;
}

/**
 * Numerical flatness of the profile ℓ(δ) = L(w₀ + δp): doubles the step from `initialStep` until
 * ℓ ≥ f·ℓ(0) on each side (at most `maxDistance` away), then bisects to `tolerance` (relative).
 */
export function numericalFlatness(
  profile: (delta: number) => number,
  options: { factor?: number; initialStep?: number; maxDistance?: number; tolerance?: number } = {},
): FlatnessInterval {
  const factor = options.factor ?? FENG_TU_FACTOR;
  assertFactor(factor);
  const l0 = profile(0);
  if (!(l0 > 0 && Number.isFinite(l0))) {
    throw new RangeError(`flatness: L(w₀) must be finite and > 0, got ${l0}`);
  }
  const target = factor * l0;
  const step0 = options.initialStep ?? 1e-2;
  const maxDistance = options.maxDistance ?? 1e6;
  const tolerance = options.tolerance ?? 1e-10;
  const end = (sign: 1 | -1): number => {
    let inside = 0, outside = sign * step0;
    while (!(profile(outside) >= target)) {
      if (!Number.isFinite(profile(outside))) {
        throw new RangeError(`flatness: the loss is not finite at δ = ${outside}`);
      }
      inside = outside;
      outside *= 2;
      if (Math.abs(outside) > maxDistance) {
        throw new RangeError(
          `flatness: the loss stays below ${factor.toPrecision(4)}·L₀ up to |δ| = ${maxDistance}`,
        );
      }
    }
    while (Math.abs(outside - inside) > tolerance * Math.max(1, Math.abs(outside))) {
      const mid = (inside + outside) / 2;
      if (profile(mid) >= target) outside = mid;
      else inside = mid;
    }
    return (inside + outside) / 2;
  };
  const left = end(-1), right = end(1);
  return { left, right, width: right - left };
}

/** κ = pᵀ H p for a unit direction p. */
export function curvatureAlong(hessian: DenseMatrix, direction: ArrayLike<number>): number {
  const n = hessian.rows;
  if (direction.length !== n) {
    throw new RangeError(`curvatureAlong: direction has ${direction.length} ≠ ${n} entries`);
  }
  let s = 0;
  for (let i = 0; i < n; i++) {
    let hp = 0;
    for (let j = 0; j < n; j++) hp += hessian.data[i * n + j] * direction[j];
    s += direction[i] * hp;
  }
  return s;
}
