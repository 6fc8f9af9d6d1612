/**
 * Seeded samplers of the classical ensembles (every one takes an Rng):
 * GOE (real symmetric), GUE (complex Hermitian), Ginibre (real, non-symmetric) and uncorrelated
 * (Poisson) levels. Wishart matrices are in wishart.ts.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvals, eigvalsh } from "../linalg/eigen.ts";
import type { Rng } from "../random/rng.ts";

/** Largest matrix side these samplers build: n² doubles (8·n² bytes; 2.9 GB at the limit). */
export const MAX_ENSEMBLE_SIZE = 20_000;

function checkSize(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ENSEMBLE_SIZE) {
    throw new RangeError(`${what}: n must be an integer in [1, ${MAX_ENSEMBLE_SIZE}], got ${n}`);
  }
}

function checkVariance(variance: number, what: string): void {
  if (!(variance >= 0 && Number.isFinite(variance))) {
    throw new RangeError(`${what}: the variance must be finite and ≥ 0, got ${variance}`);
  }
}

/**
 * An n×n GOE matrix centred at `centre`·I: off-diagonal entries N(0, s²), diagonal N(0, 2s²)
 * (density ∝ exp(−tr H²/(4s²)); the semicircle radius is 2√n s).
 */
export function goeMatrix(n: number, rng: Rng, offDiagonalVariance = 1, centre = 0): DenseMatrix {
  checkSize(n, "GOE");
  checkVariance(offDiagonalVariance, "GOE");
  if (!Number.isFinite(centre)) throw new RangeError(`GOE: centre must be finite, got ${centre}`);
  const s = Math.sqrt(offDiagonalVariance);
  const h = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    h.data[i * n + i] = centre + Math.SQRT2 * s * rng.normal();
    for (let j = i + 1; j < n; j++) {
      const v = s * rng.normal();
      h.data[i * n + j] = v;
      h.data[j * n + i] = v;
    }
  }
  return h;
}

/** Ascending eigenvalues of one GOE(n) sample (see goeMatrix). */
export function goeEigenvalues(n: number, rng: Rng, offDiagonalVariance = 1): Float64Array {
  return eigvalsh(goeMatrix(n, rng, offDiagonalVariance));
}

/**
 * Ascending eigenvalues of one GUE(n) sample: H = A + iB Hermitian with Re/Im of off-diagonal
 * entries N(0, s²/2) each (E|H_ij|² = s²) and diagonal N(0, s²). Computed from the real
 * symmetric embedding [[A, −B], [B, A]], whose spectrum is that of H with each level doubled.
 */
export function gueEigenvalues(n: number, rng: Rng, offDiagonalVariance = 1): Float64Array {
  checkSize(n, "GUE");
  checkVariance(offDiagonalVariance, "GUE");
  const s = Math.sqrt(offDiagonalVariance);
  const m = 2 * n;
  const e = DenseMatrix.zeros(m, m);
  const put = (i: number, j: number, v: number) => {
    e.data[i * m + j] = v;
  };
  for (let i = 0; i < n; i++) {
    const d = s * rng.normal();
    put(i, i, d);
    put(i + n, i + n, d);
    for (let j = i + 1; j < n; j++) {
      const re = (s / Math.SQRT2) * rng.normal();
      const im = (s / Math.SQRT2) * rng.normal();
      // A symmetric (re), B antisymmetric (im): B_ij = im, B_ji = −im
      put(i, j, re), put(j, i, re), put(i + n, j + n, re), put(j + n, i + n, re);
      put(i + n, j, im), put(j + n, i, -im), put(i, j + n, -im), put(j, i + n, im);
    }
  }
  const doubled = eigvalsh(e);
  return Float64Array.from({ length: n }, (_, k) => (doubled[2 * k] + doubled[2 * k + 1]) / 2);
}

/** Eigenvalues (re, im) of one real Ginibre n×n matrix with iid N(0, variance) entries. */
export function ginibreEigenvalues(
  n: number,
  rng: Rng,
  variance = 1,
): { re: Float64Array; im: Float64Array } {
  checkSize(n, "Ginibre");
  checkVariance(variance, "Ginibre");
  const g = new DenseMatrix(n, n, rng.fillNormal(new Float64Array(n * n), 0, Math.sqrt(variance)));
  return eigvals(g);
}

/** n uncorrelated levels: sorted uniform points on [0, n) (mean spacing 1, Poisson statistics). */
export function poissonLevels(n: number, rng: Rng): Float64Array {
  checkSize(n, "Poisson levels");
  return rng.fillUniform(new Float64Array(n)).map((u) => u * n).sort();
}
