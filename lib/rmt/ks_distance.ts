/** Kolmogorov–Smirnov distance between a sample and a continuous CDF. */
import { assertFiniteSample } from "./finite_sample.ts";

/**
 * sup_x |F_n(x) − F(x)| for the sample `values` and a continuous CDF `cdf`. Tied values are
 * grouped (the empirical CDF jumps once over them). For a law with an atom, test the continuous
 * part: F(x⁻) is not available from `cdf`, so the jump at the atom would count as a distance.
 */
export function ksDistance(values: ArrayLike<number>, cdf: (x: number) => number): number {
  assertFiniteSample("KS distance", values);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) throw new RangeError("KS distance of an empty sample");
  let d = 0;
  for (let i = 0; i < n;) {
    const v = sorted[i];
    if (!Number.isFinite(v)) throw new RangeError(`KS: sample value ${v}`);
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    const f = cdf(v);
    if (!(f >= 0 && f <= 1)) {
      throw new RangeError(`KS distance: the CDF is ${f} at x = ${v}, not a probability in [0, 1]`);
    }
    d = Math.max(d, f - i / n, j / n - f);
    i = j;
  }
  return d;
}

/** Two-sample KS distance sup_x |F_a(x) − F_b(x)| between the empirical CDFs of a and b. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  if (x.length === 0 || y.length === 0) throw new RangeError("KS distance of an empty sample");
  for (const v of [...x, ...y]) {
    if (!Number.isFinite(v)) throw new RangeError(`KS: sample value ${v}`);
  }
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}
