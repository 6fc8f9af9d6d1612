/**
 * The empirical spectral density (ESD) analysis of one weight matrix W (M×N), the computation
 * behind the notebook's `esdReport(W)`:
 * - the k = min(M, N) non-zero eigenvalues x_i of WᵀW (those of the smaller Gram matrix);
 * - the Marchenko–Pastur bulk fitted with the ratio fixed by the shape, c = min/max, and the entry
 *   variance s² free (in the convention Y = X/max(M, N), so s² is the entries' variance for a
 *   random W);
 * - outliers: eigenvalues above the fitted bulk's largest-eigenvalue prediction plus 4 of its
 *   Tracy–Widom standard deviations (Johnstone 2001; a random W exceeds it with probability
 *   ≈ 10⁻⁴);
 * - the power-law tail exponent (Clauset–Shalizi–Newman), ⟨r̃⟩ over the central 90 %, and the KS
 *   distance to the fitted law.
 */
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { gramMatrix } from "../linalg/gram.ts";
import { fitPowerLawTail, type PowerLawTail } from "./power_law_tail.ts";
import { fitMarchenkoPastur } from "./spectral_fits.ts";
import { ksThreshold } from "./statistical_thresholds.ts";
import { meanTildeRatio } from "./spacing_ratio.ts";
import { largestWishartEigenvalue } from "./tracy_widom.ts";

/** Options of analyseSpectrum. */
export interface EsdOptions {
  /** fraction of central eigenvalues for ⟨r̃⟩ (default 0.9) */
  bulkFraction?: number;
  /** Tracy–Widom standard deviations above the predicted λ_max that make an outlier (default 4) */
  outlierSigmas?: number;
}

/** Everything the ESD report shows. */
export interface EsdAnalysis {
  rows: number;
  cols: number;
  /** the k = min(M, N) non-zero eigenvalues of WᵀW, ascending */
  eigenvalues: Float64Array;
  /** max(M, N): x = normalisation · y with y following MP in the normalised convention */
  normalisation: number;
  /** c = min(M, N)/max(M, N) */
  ratio: number;
  /** fitted entry variance s² */
  variance: number;
  /** fitted bulk edges x± = max(M, N)·s²(1 ± √c)² */
  edges: [number, number];
  /** KS distance between the eigenvalues and the fitted MP law */
  ks: number;
  /** eigenvalues above `outlierThreshold` */
  outliers: Float64Array;
  outlierThreshold: number;
  /** power-law tail fit (null for fewer than 10 eigenvalues, or all equal to rounding) */
  tail: PowerLawTail | null;
  /** ⟨r̃⟩ over the central `bulkFraction` of the eigenvalues (NaN when all are equal) */
  meanTildeRatio: number;
  bulkFraction: number;
}

/** The ESD analysis of W (any shape, at least 3×3 after taking min(M, N) ≥ 3). */
export function analyseSpectrum(w: DenseMatrix<FloatArray>, options: EsdOptions = {}): EsdAnalysis {
  const { rows: m, cols: n } = w;
  const k = Math.min(m, n);
  const big = Math.max(m, n);
  if (k < 3) throw new RangeError(`ESD: W must be at least 3×3, got ${m}×${n}`);
  const bulkFraction = options.bulkFraction ?? 0.9;
  const sigmas = options.outlierSigmas ?? 4;
  const gram = gramMatrix(w); // the k×k Gram matrix, in f64, by blocks
  const x = eigvalsh(gram).map((v) => Math.max(v, 0)); // rounding can leave −1e-17
  const ratio = k / big;
  // equal to rounding (an orthogonal W): no spacings, no tail
  const degenerate = x[k - 1] - x[0] <= 1e-8 * x[k - 1];
  const fit = fitMarchenkoPastur(x.map((v) => v / big), ratio);
  const largest = largestWishartEigenvalue(big, k, fit.variance);
  const outlierThreshold = big * (largest.mean + sigmas * largest.sd);
  return {
    rows: m,
    cols: n,
    eigenvalues: x,
    normalisation: big,
    ratio,
    variance: fit.variance,
    edges: [big * fit.edges[0], big * fit.edges[1]],
    ks: fit.ks,
    outliers: x.filter((v) => v > outlierThreshold),
    outlierThreshold,
    tail: k >= 10 && !degenerate ? fitPowerLawTail(x) : null,
    // a degenerate spectrum (an orthogonal W: every eigenvalue equal) has no spacings to compare
    meanTildeRatio: degenerate ? NaN : meanTildeRatio(x, bulkFraction),
    bulkFraction,
  };
}

/** A power law is fitted to a tail of at least this many eigenvalues beyond the MP edge. */
export const MIN_TAIL_EIGENVALUES = 10;

/**
 * Whether the spectrum has a tail for a power law: at least MIN_TAIL_EIGENVALUES eigenvalues
 * beyond the outlier threshold of the fitted MP law, or a Clauset fit whose xmin lies beyond the
 * MP edge with that many eigenvalues above it, or — when the spectrum is not MP at all (the KS
 * distance of the MP fit beyond its 3σ threshold, as for matrices with heavy-tailed entries, whose
 * fitted "edge" means nothing) — a Clauset fit with that many eigenvalues. A pure MP matrix has
 * none of these (its "α ≈ 12" would describe the MP edge, not a tail), nor has a matrix with one
 * spike.
 */
export function hasPowerLawTail(a: EsdAnalysis): boolean {
  if (a.tail === null || a.tail.tailSize < MIN_TAIL_EIGENVALUES) return false;
  const beyondEdge = a.tail.xmin > a.edges[1];
  const notMarchenkoPastur = a.ks > ksThreshold(a.eigenvalues.length);
  return beyondEdge || notMarchenkoPastur || a.outliers.length >= MIN_TAIL_EIGENVALUES;
}
