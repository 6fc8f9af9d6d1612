/**
 * Ordinary least-squares line y = a + b·x with the Pearson correlation of the points — the fit
 * behind every "slope on log–log axes" in the notebooks (anomalous-diffusion exponents,
 * variance–flatness exponents). Written out because it is four sums; no library is needed.
 */

/** The OLS line through (xs, ys) and the Pearson correlation r. */
export interface LineFit {
  slope: number;
  intercept: number;
  correlation: number;
  points: number;
}

/** Fits y = a + b·x by least squares; needs ≥ 2 points with distinct x, all finite. */
export function fitLine(xs: ArrayLike<number>, ys: ArrayLike<number>): LineFit {
  const n = xs.length;
  if (ys.length !== n) throw new RangeError(`fitLine: ${n} x values but ${ys.length} y values`);
  if (n < 2) throw new RangeError("fitLine: a line needs at least two points");
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      throw new RangeError(`fitLine: point ${i} is not finite (${xs[i]}, ${ys[i]})`);
    }
    mx += xs[i] / n;
    my += ys[i] / n;
  }
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (!(sxx > 0)) throw new RangeError("fitLine: all x values are equal");
  const slope = sxy / sxx;
  return {
    slope,
    intercept: my - slope * mx,
    correlation: syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0,
    points: n,
  };
}

/** fitLine on (log x, log y); every value must be > 0. */
export function fitLogLog(xs: ArrayLike<number>, ys: ArrayLike<number>): LineFit {
  const log = (v: ArrayLike<number>, name: string) =>
    Array.from(v, (u, i) => {
      if (!(u > 0)) throw new RangeError(`fitLogLog: ${name}[${i}] = ${u} is not positive`);
      return Math.log(u);
    });
  return fitLine(log(xs, "x"), log(ys, "y"));
}
