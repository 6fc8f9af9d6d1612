/**
 * Derivative-free minimisers for the spectral fits: golden-section search in one dimension and
 * Nelder–Mead in a few. Written here because the objectives (KS distances, likelihoods of 2–3
 * parameters) are cheap and non-smooth, and the npm minimisers (fmin, last released 2017) are
 * unmaintained; these are the textbook algorithms (Press et al., Numerical Recipes §10.2, §10.5).
 */

/** argmin of f on [lo, hi] by golden-section search to absolute tolerance `tol` in x. */
export function goldenSection(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tol = 1e-10,
): { x: number; value: number } {
  if (!(hi > lo)) throw new RangeError(`goldenSection: need lo < hi, got [${lo}, ${hi}]`);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < 200 && b - a > tol; i++) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const x = fc < fd ? c : d;
  return { x, value: Math.min(fc, fd) };
}

/** Options of nelderMead. */
export interface NelderMeadOptions {
  /** initial simplex step per coordinate (default 10% of |x0_i|, or 0.1 if x0_i = 0) */
  step?: number[];
  /** stop when the simplex's value spread is below this (default 1e-12) */
  tolerance?: number;
  maxIterations?: number;
}

/** argmin of f from x0 by the Nelder–Mead simplex (standard coefficients 1, 2, 1/2, 1/2). */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  options: NelderMeadOptions = {},
): { x: number[]; value: number } {
  const n = x0.length;
  const tol = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const simplex = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] += options.step?.[i] ?? (v[i] !== 0 ? 0.1 * Math.abs(v[i]) : 0.1);
    simplex.push(v);
  }
  let values = simplex.map(f);
  const combine = (a: number[], b: number[], t: number) => a.map((ai, k) => ai + t * (b[k] - ai));
  for (let it = 0; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const s = order.map((i) => simplex[i]);
    const v = order.map((i) => values[i]);
    simplex.splice(0, n + 1, ...s);
    values = v;
    if (Math.abs(values[n] - values[0]) <= tol * (Math.abs(values[0]) + tol)) break;
    const centroid = Array.from(
      { length: n },
      (_, k) => s.slice(0, n).reduce((a, p) => a + p[k], 0) / n,
    );
    const reflected = combine(centroid, s[n], -1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = combine(centroid, s[n], -2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n]
        ? combine(centroid, reflected, 0.5)
        : combine(centroid, s[n], 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = combine(simplex[0], simplex[i], 0.5);
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best] };
}
