/**
 * The Marchenko–Pastur law (Marchenko & Pastur 1967) in the normalised convention of
 * arXiv 2411.13512: for W of size M×N with iid entries of variance s²
 * and aspect ratio c = N/M, the eigenvalues of the N×N matrix Y = WᵀW / M have density
 *
 *   ρ(y) = sqrt((y₊ − y)(y − y₋)) / (2π s² c y) on [y₋, y₊],   y± = s² (1 ± √c)²,
 *
 * plus, when c > 1 (N > M), an atom of mass 1 − 1/c at y = 0 (the N − M zero eigenvalues); the
 * continuous part then carries mass 1/c. Mean s², second moment s⁴ (1 + c), for every c.
 */

/** Parameters of the law: aspect ratio c = N/M > 0 and entry variance s². */
export interface MarchenkoPasturParams {
  ratio: number;
  variance: number;
}

function check({ ratio, variance }: MarchenkoPasturParams): void {
  if (!(ratio > 0 && Number.isFinite(ratio))) {
    throw new RangeError(`Marchenko–Pastur: ratio c = N/M must be finite and > 0, got ${ratio}`);
  }
  if (!(variance > 0 && Number.isFinite(variance))) {
    throw new RangeError(`Marchenko–Pastur: variance must be finite and > 0, got ${variance}`);
  }
}

/** The mass of the atom at y = 0: max(0, 1 − 1/c). */
export function marchenkoPasturAtom(p: MarchenkoPasturParams): number {
  check(p);
  return Math.max(0, 1 - 1 / p.ratio);
}

/** The edges [y₋, y₊] = s²(1 ∓ √c)² of the continuous part. */
export function marchenkoPasturEdges(p: MarchenkoPasturParams): [number, number] {
  check(p);
  const r = Math.sqrt(p.ratio);
  return [p.variance * (1 - r) ** 2, p.variance * (1 + r) ** 2];
}

/** The density ρ(y) of the continuous part (0 outside [y₋, y₊]; the atom is not included). */
export function marchenkoPasturDensity(y: number, p: MarchenkoPasturParams): number {
  const [lo, hi] = marchenkoPasturEdges(p);
  if (!(y > lo && y < hi)) return 0;
  return Math.sqrt((hi - y) * (y - lo)) / (2 * Math.PI * p.variance * p.ratio * y);
}

/**
 * The CDF F(y) (atom included), by Simpson's rule after the substitution y = y₋ + (y₊ − y₋)(1 − cos t)/2,
 * which turns the square-root edges into a smooth integrand
 *   ρ(y) dy = ((y₊ − y₋)/2)² sin²t / (2π s² c y(t)) dt.
 */
export function marchenkoPasturCdf(y: number, p: MarchenkoPasturParams, steps = 512): number {
  if (Number.isNaN(y)) throw new RangeError("marchenkoPasturCdf: y is NaN");
  const [lo, hi] = marchenkoPasturEdges(p);
  const atom = y >= 0 ? marchenkoPasturAtom(p) : 0;
  if (y <= lo) return atom;
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
  return Math.min(1, Math.max(0, atom + (sum * h) / 3));
}
