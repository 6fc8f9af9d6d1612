/**
 * Eigenvalues of a real symmetric tridiagonal matrix by the implicit QL algorithm with Wilkinson
 * shifts (Bowdler, Martin, Reinsch & Wilkinson, Numer. Math. 11, 293 (1968), procedure tql1;
 * Golub & Van Loan, Matrix Computations, §8.3). O(n²) for all eigenvalues, no vectors.
 *
 * Written by hand because no maintained JavaScript library exposes a tridiagonal eigensolver and
 * the native backend binds only the dense LAPACK drivers; the tridiagonal matrix models of
 * lib/rmt (Dumitriu–Edelman) need n = 10³ spectra thousands of times, where a dense O(n³)
 * solver would dominate the cost.
 */

/**
 * The eigenvalues, ascending, of the symmetric tridiagonal matrix with diagonal `diagonal` (n)
 * and off-diagonal `offDiagonal` (n − 1; entry i couples rows i and i + 1). Inputs are not
 * modified.
 */
export function tridiagonalEigenvalues(
  diagonal: ArrayLike<number>,
  offDiagonal: ArrayLike<number>,
): Float64Array {
  const n = diagonal.length;
  if (offDiagonal.length !== Math.max(n - 1, 0)) {
    throw new RangeError(
      `tridiagonal eigenvalues: ${n} diagonal entries need ${Math.max(n - 1, 0)} ` +
        `off-diagonal ones, got ${offDiagonal.length}`,
    );
  }
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(n); // e[i] couples i and i + 1; e[n − 1] = 0
  e.set(Array.from(offDiagonal));
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i]) || !Number.isFinite(e[i])) {
      throw new RangeError(`tridiagonal eigenvalues: entry ${i} is not finite`);
    }
  }
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      // the first negligible off-diagonal entry at or after l splits the matrix
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iterations > 60) {
        throw new Error(`tridiagonal eigenvalues: no convergence for eigenvalue ${l}`);
      }
      // Wilkinson shift from the leading 2×2 block
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i: number;
      let deflated = false;
      for (i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: the matrix splits here
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    } while (m !== l);
  }
  return d.sort();
}
