/** Kolmogorov–Smirnov distance between a sample and a continuous CDF. */

/** sup_x |F_n(x) − F(x)| for the sample `values` and the CDF `cdf`. */
export function ksDistance(values: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) throw new RangeError("KS distance of an empty sample");
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i])) throw new RangeError(`KS: sample value ${sorted[i]}`);
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}
