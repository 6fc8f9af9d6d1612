/** Density histograms, with Freedman–Diaconis bins (bin width 2·IQR / n^{1/3}). */

/** A histogram normalised to a probability density. */
export interface DensityHistogram {
  /** bin edges, length bins + 1 */
  edges: Float64Array;
  /** density in each bin: count / (n · width) */
  density: Float64Array;
  counts: Uint32Array;
}

function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/** Number of Freedman–Diaconis bins for `values` (at least 1). */
export function freedmanDiaconisBins(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n < 2) return 1;
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const range = sorted[n - 1] - sorted[0];
  if (!(iqr > 0) || !(range > 0)) return 1;
  return Math.max(1, Math.ceil(range / (2 * iqr / Math.cbrt(n))));
}

/** The most bins a histogram may have (far beyond what a figure can show). */
export const MAX_BINS = 100_000;

/** Density histogram of `values` over [min, max] with `bins` bins (default Freedman–Diaconis). */
export function densityHistogram(values: ArrayLike<number>, bins?: number): DensityHistogram {
  const n = values.length;
  if (n === 0) throw new RangeError("histogram of no values");
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`histogram: value ${i} is ${v}`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // the Freedman–Diaconis count can explode for a sample with a tiny IQR: capped, not allocated
  const k = bins ?? Math.min(MAX_BINS, freedmanDiaconisBins(values));
  if (!Number.isInteger(k) || k < 1 || k > MAX_BINS) {
    throw new RangeError(`histogram: bins must be an integer in [1, ${MAX_BINS}], got ${k}`);
  }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / k;
  const counts = new Uint32Array(k);
  for (let i = 0; i < n; i++) counts[Math.min(k - 1, Math.floor((values[i] - lo) / width))]++;
  const edges = Float64Array.from({ length: k + 1 }, (_, i) => lo + i * width);
  const density = Float64Array.from(counts, (c) => c / (n * width));
  return { edges, density, counts };
}
