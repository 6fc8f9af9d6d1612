/**
 * Nearest-neighbour spacings and unfolding. Unfolding maps levels x_i to N̄(x_i), a smooth
 * approximation of the counting function, so that the mean spacing is 1 and spacing laws can be
 * compared with the Wigner surmise: either by a known CDF (N̄ = n·F) or by a least-squares
 * polynomial fit of the empirical staircase (as for the key matrices of arXiv 2411.13512).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { solveSpd } from "../linalg/solve.ts";

function sortedCopy(levels: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(levels).sort();
  for (const v of s) {
    if (!Number.isFinite(v)) throw new RangeError(`levels must be finite, got ${v}`);
  }
  return s;
}

/** Spacings x_{i+1} − x_i of the sorted levels (length n − 1). */
export function spacings(levels: ArrayLike<number>): Float64Array {
  const s = sortedCopy(levels);
  if (s.length < 2) throw new RangeError(`spacings need at least 2 levels, got ${s.length}`);
  return Float64Array.from({ length: s.length - 1 }, (_, i) => s[i + 1] - s[i]);
}

/** Spacings divided by their mean, s = S/⟨S⟩. */
export function normalisedSpacings(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  if (n === 0) throw new RangeError("no spacings to normalise");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  if (!(mean > 0)) throw new RangeError(`mean spacing must be > 0, got ${mean}`);
  return Float64Array.from(values, (v) => v / mean);
}

/** Unfolded levels n·F(x_i) for levels drawn from the law with CDF F (sorted). */
export function unfoldByCdf(levels: ArrayLike<number>, cdf: (x: number) => number): Float64Array {
  const s = sortedCopy(levels);
  return s.map((x) => s.length * cdf(x));
}

/**
 * Unfolded levels N̄(x_i), N̄ the degree-`degree` least-squares polynomial fit of the staircase
 * N(x_i) = i + 1/2, in Chebyshev polynomials of x scaled to [−1, 1] (well conditioned). Throws if
 * the fit is not increasing at the levels (then the degree is too high for the data).
 */
export function unfoldByPolynomial(levels: ArrayLike<number>, degree = 5): Float64Array {
  const s = sortedCopy(levels);
  const n = s.length;
  if (!Number.isInteger(degree) || degree < 1 || degree >= n) {
    throw new RangeError(`unfolding degree must be an integer in [1, ${n - 1}], got ${degree}`);
  }
  const lo = s[0];
  const hi = s[n - 1];
  if (!(hi > lo)) throw new RangeError("unfolding needs at least two distinct levels");
  const basis = (x: number) => {
    const t = (2 * (x - lo)) / (hi - lo) - 1;
    const out = new Float64Array(degree + 1);
    out[0] = 1;
    out[1] = t;
    for (let k = 2; k <= degree; k++) out[k] = 2 * t * out[k - 1] - out[k - 2];
    return out;
  };
  // Normal equations BᵀB c = Bᵀ y (size degree + 1).
  const p = degree + 1;
  const gram = DenseMatrix.zeros(p, p);
  const rhs = new Float64Array(p);
  const rows = Array.from(s, basis);
  rows.forEach((b, i) => {
    for (let a = 0; a < p; a++) {
      rhs[a] += b[a] * (i + 0.5);
      for (let c = 0; c < p; c++) gram.data[a * p + c] += b[a] * b[c];
    }
  });
  const coef = solveSpd(gram, rhs);
  const unfolded = Float64Array.from(rows, (b) => b.reduce((acc, v, k) => acc + v * coef[k], 0));
  for (let i = 1; i < n; i++) {
    if (unfolded[i] < unfolded[i - 1]) {
      throw new RangeError(
        `polynomial unfolding of degree ${degree} is not increasing at level ${i}; lower the degree`,
      );
    }
  }
  return unfolded;
}
