/**
 * The Marchenko–Pastur law (Marchenko & Pastur 1967) in the normalised convention of
 * shared/specs/dyson-rbm-transformer.md §6: for W of size M×N with iid entries of variance s²
 * and c = N/M ≤ 1, the eigenvalues of Y = WᵀW / M have density
 *
 *   ρ(y) = sqrt((y₊ − y)(y − y₋)) / (2π s² c y),   y± = s² (1 ± √c)²,
 *
 * with mean s² and second moment s⁴ (1 + c). (The c > 1 case, with its N − M zero eigenvalues,
 * belongs to the RMT toolkit.)
 */

/** Parameters of the law: aspect ratio c = N/M in (0, 1] and entry variance s². */
export interface MarchenkoPasturParams {
  ratio: number;
  variance: number;
}

function check({ ratio, variance }: MarchenkoPasturParams): void {
  if (!(ratio > 0 && ratio <= 1)) {
    throw new RangeError(`Marchenko–Pastur: ratio c = N/M must be in (0, 1], got ${ratio}`);
  }
  if (!(variance > 0 && Number.isFinite(variance))) {
    throw new RangeError(`Marchenko–Pastur: variance must be finite and > 0, got ${variance}`);
  }
}

/** The support edges [y₋, y₊] = s²(1 ∓ √c)². */
export function marchenkoPasturEdges(p: MarchenkoPasturParams): [number, number] {
  check(p);
  const r = Math.sqrt(p.ratio);
  return [p.variance * (1 - r) ** 2, p.variance * (1 + r) ** 2];
}

/** The density ρ(y) (0 outside the support). */
export function marchenkoPasturDensity(y: number, p: MarchenkoPasturParams): number {
  const [lo, hi] = marchenkoPasturEdges(p);
  if (!(y > lo && y < hi)) return 0;
  return Math.sqrt((hi - y) * (y - lo)) / (2 * Math.PI * p.variance * p.ratio * y);
}

/**
 * The CDF F(y), by Simpson's rule after the substitution y = y₋ + (y₊ − y₋)(1 − cos t)/2,
 * which turns the square-root edges into a smooth integrand
 *   ρ(y) dy = ((y₊ − y₋)/2)² sin²t / (2π s² c y(t)) dt.
 */
export function marchenkoPasturCdf(y: number, p: MarchenkoPasturParams, steps = 512): number {
  const [lo, hi] = marchenkoPasturEdges(p);
  if (y <= lo) return 0;
  if (y >= hi) return 1;
  const half = (hi - lo) / 2;
  const tEnd = Math.acos(1 - (y - lo) / half);
  const f = (t: number) => {
    const yt = lo + half * (1 - Math.cos(t));
    const s = Math.sin(t);
    return yt > 0 ? (half * half * s * s) / (2 * Math.PI * p.variance * p.ratio * yt) : 0;
  };
  const n = steps % 2 === 0 ? steps : steps + 1;
  const h = tEnd / n;
  let sum = f(0) + f(tEnd);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return Math.min(1, Math.max(0, (sum * h) / 3));
}
