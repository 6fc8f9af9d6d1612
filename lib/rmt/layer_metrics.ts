/**
 * Per-layer spectral metrics of a weight matrix W (M×N), the quantities WeightWatcher reports
 * (Martin & Mahoney, JMLR 22, 165 (2021); Martin, Peng & Mahoney, Nat. Commun. 12, 4122 (2021)),
 * computed from the eigenvalues λ_i of WᵀW (the squared singular values) by analyseSpectrum:
 *
 * - log spectral norm log₁₀ λ_max, log Frobenius norm log₁₀ Σλ = log₁₀ ‖W‖_F²;
 * - stable rank Σλ/λ_max; MP soft rank x₊/λ_max (x₊ the fitted MP bulk edge);
 * - matrix entropy −Σ p_i ln p_i / ln k with p_i = λ_i/Σλ (1 for a flat spectrum, 0 for rank one);
 * - the power-law exponent α of the tail (Clauset–Shalizi–Newman) with its standard error, and
 *   α̂ = α·log₁₀ λ_max — both reported only when a tail is supported (hasPowerLawTail), since a
 *   fit to an MP bulk returns a meaningless α ≈ 10;
 * - correlation traps: eigenvalues of the entry-shuffled W beyond its own MP outlier threshold
 *   (shuffling destroys correlations, so what stays out of the bulk comes from a few large
 *   entries), and the two-sample KS distance between the real and the shuffled spectrum;
 * - level statistics, which WeightWatcher does not report: ⟨r̃⟩ over the central 90 %.
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import type { Rng } from "../random/rng.ts";
import { analyseSpectrum, hasPowerLawTail } from "./esd_analysis.ts";
import { ksTwoSample } from "./ks_distance.ts";

/** One layer's row of the metrics table. */
export interface LayerMetrics {
  name: string;
  rows: number;
  cols: number;
  /** min(M, N)/max(M, N) */
  aspectRatio: number;
  /** fitted MP entry variance s², bulk edge x₊, KS distance to the fit */
  mpVariance: number;
  mpEdge: number;
  mpKs: number;
  /** eigenvalues beyond the Tracy–Widom outlier threshold of the fitted bulk */
  spikes: number;
  /** whether a power-law tail is supported; α, its error, x_min and α̂ are null when it is not */
  tailSupported: boolean;
  alpha: number | null;
  alphaError: number | null;
  xmin: number | null;
  alphaHat: number | null;
  logSpectralNorm: number;
  logFrobeniusNorm: number;
  stableRank: number;
  mpSoftRank: number;
  entropy: number;
  /** eigenvalues of the entry-shuffled matrix beyond its own outlier threshold */
  correlationTraps: number;
  /** KS distance between the spectra of W and of its entry-shuffled copy */
  shuffledDistance: number;
  meanTildeRatio: number;
}

/** W with its entries randomly permuted (Fisher–Yates with `rng`). */
export function shuffledEntries(w: DenseMatrix<FloatArray>, rng: Rng): DenseMatrix<Float64Array> {
  const data = Float64Array.from(w.data);
  for (let i = data.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = data[i];
    data[i] = data[j];
    data[j] = t;
  }
  return new DenseMatrix(w.rows, w.cols, data);
}

/** The metrics of one layer; `rng` draws the shuffled copy (the same seed, the same traps). */
export function layerMetrics(name: string, w: DenseMatrix<FloatArray>, rng: Rng): LayerMetrics {
  if (!w.data.some((v) => v !== 0)) {
    throw new RangeError(`layer ${name}: W is zero, its spectrum is empty`);
  }
  const a = analyseSpectrum(w);
  const x = a.eigenvalues;
  const k = x.length;
  const lambdaMax = x[k - 1];
  const total = x.reduce((s, v) => s + v, 0);
  let entropy = 0;
  for (const v of x) if (v > 0) entropy -= (v / total) * Math.log(v / total);
  const shuffled = analyseSpectrum(shuffledEntries(w, rng));
  const tail = hasPowerLawTail(a) ? a.tail : null;
  return {
    name,
    rows: w.rows,
    cols: w.cols,
    aspectRatio: a.ratio,
    mpVariance: a.variance,
    mpEdge: a.edges[1],
    mpKs: a.ks,
    spikes: a.outliers.length,
    tailSupported: tail !== null,
    alpha: tail?.alpha ?? null,
    alphaError: tail?.alphaError ?? null,
    xmin: tail?.xmin ?? null,
    alphaHat: tail ? tail.alpha * Math.log10(lambdaMax) : null,
    logSpectralNorm: Math.log10(lambdaMax),
    logFrobeniusNorm: Math.log10(total),
    stableRank: total / lambdaMax,
    mpSoftRank: a.edges[1] / lambdaMax,
    entropy: entropy / Math.log(k),
    correlationTraps: shuffled.outliers.length,
    shuffledDistance: ksTwoSample(x, shuffled.eigenvalues),
    meanTildeRatio: a.meanTildeRatio,
  };
}
