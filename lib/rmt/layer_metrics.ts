/**
 * Per-layer spectral metrics of a weight matrix W (M×N), the quantities WeightWatcher reports
 * (Martin & Mahoney, JMLR 22, 165 (2021); Martin, Peng & Mahoney, Nat. Commun. 12, 4122 (2021)),
 * computed from the eigenvalues λ_i of WᵀW (the squared singular values) by analyseSpectrum:
 *
 * - log spectral norm log₁₀ λ_max, log Frobenius norm log₁₀ Σλ = log₁₀ ‖W‖_F²;
 * - stable rank Σλ/λ_max; MP soft rank x₊/λ_max (x₊ the fitted MP bulk edge);
 * - matrix entropy −Σ p_i ln p_i / ln k with p_i = λ_i/Σλ (1 for a flat spectrum, 0 for rank one);
 * - the power-law exponent α of the tail (Clauset–Shalizi–Newman) with x_min, the KS distance D of
 *   the tail fit, a bootstrap error bar (x_min refitted per resample, bootstrapTailError) beside
 *   the fixed-x_min standard error, and α̂ = α·log₁₀ λ_max — reported only when a tail is
 *   supported (hasPowerLawTail), since a fit to an MP bulk returns a meaningless α ≈ 10;
 * - correlation traps: eigenvalues of the entry-shuffled W beyond its own MP outlier threshold
 *   (shuffling destroys correlations, so what stays out of the bulk comes from a few large
 *   entries), and the two-sample KS distance between the real and the shuffled spectrum;
 * - level statistics, which WeightWatcher does not report: ⟨r̃⟩ and the unfolded ⟨s²⟩ of the
 *   central 90 % against the iid null of the layer's shape (lib/rmt/layer_level_statistics.ts),
 *   i.e. whether the layer keeps GOE level repulsion.
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import type { Rng } from "../random/rng.ts";
import { analyseSpectrum, type EsdAnalysis, hasPowerLawTail } from "./esd_analysis.ts";
import { ksTwoSample } from "./ks_distance.ts";
import { bulkLevelStatistics, levelStatisticsNull } from "./layer_level_statistics.ts";
import type { LevelNullCache } from "./level_null_cache.ts";
import { bootstrapTailError } from "./power_law_tail.ts";

/** One layer's row of the metrics table. */
export interface LayerMetrics {
  name: string;
  /** the tensor the matrix comes from (differs from name for a split attention projection) */
  tensor: string;
  /** "query" | "key" | "value" for a split attention projection, else null */
  role: string | null;
  head: number | null;
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
  /** whether a power-law tail is supported; α, its errors, x_min, D and α̂ are null when not */
  tailSupported: boolean;
  alpha: number | null;
  /** bootstrap standard error of α (x_min refitted per resample) */
  alphaError: number | null;
  /** the fixed-x_min standard error (α − 1)/√n_tail, which leaves out the x_min scatter */
  alphaStandardError: number | null;
  xmin: number | null;
  /** eigenvalues in the tail, and the KS distance D of the tail to the fitted power law */
  tailSize: number | null;
  tailKs: number | null;
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
  /** ⟨r̃⟩ of the bulk (outliers left out) and its 99 % iid-null interval (null below 10 levels) */
  meanTildeRatio: number | null;
  tildeRatioNullLow: number | null;
  tildeRatioNullHigh: number | null;
  /** ⟨s²⟩ of the unfolded bulk spacings and its 99 % iid-null interval */
  meanSquaredSpacing: number | null;
  spacingNullLow: number | null;
  spacingNullHigh: number | null;
  /**
   * "GOE": both statistics inside their null intervals; "weaker": ⟨r̃⟩ below or ⟨s²⟩ above
   * (towards uncorrelated levels); "stronger": a more rigid spectrum; null below 10 eigenvalues
   */
  levelRepulsion: "GOE" | "weaker" | "stronger" | null;
}

/** Options of layerMetrics. */
export interface LayerMetricsOptions {
  /** the tensor, role and head of a matrix cut from a larger tensor */
  tensor?: string;
  role?: string | null;
  head?: number | null;
  /** resamples of the α bootstrap (default 100) */
  bootstrapDraws?: number;
  /** spectra drawn for the level-statistics null (default 100) */
  nullDraws?: number;
  /** seed of the level-statistics null (default 0) */
  nullSeed?: number;
  /** nulls shared between the layers of one shape */
  nullCache?: LevelNullCache;
}

/** The minimum eigenvalue count for level statistics (8 bulk levels after the 90 % cut). */
export const MIN_LEVEL_STATISTICS_EIGENVALUES = 10;

type LevelFields = Pick<
  LayerMetrics,
  | "meanTildeRatio"
  | "tildeRatioNullLow"
  | "tildeRatioNullHigh"
  | "meanSquaredSpacing"
  | "spacingNullLow"
  | "spacingNullHigh"
  | "levelRepulsion"
>;

/**
 * The level statistics of the bulk: the eigenvalues at or below the outlier threshold (spikes
 * would dominate the spacings), of which the central `bulkFraction` is used; the null is that of
 * an iid matrix with as many eigenvalues as the bulk keeps and the layer's long side.
 */
function levelFields(a: EsdAnalysis, options: LayerMetricsOptions): LevelFields {
  const bulk = a.eigenvalues.filter((v) => v <= a.outlierThreshold);
  // a degenerate bulk (an orthogonal W has one eigenvalue, repeated) has no level statistics
  const flat = bulk.length > 0 && bulk[bulk.length - 1] - bulk[0] <= 1e-8 * bulk[bulk.length - 1];
  if (bulk.length < MIN_LEVEL_STATISTICS_EIGENVALUES || flat) {
    return {
      meanTildeRatio: null,
      tildeRatioNullLow: null,
      tildeRatioNullHigh: null,
      meanSquaredSpacing: null,
      spacingNullLow: null,
      spacingNullHigh: null,
      levelRepulsion: null,
    };
  }
  const stats = bulkLevelStatistics(bulk, a.bulkFraction);
  // the null's level count is the bulk's rounded down to a multiple of k/32, so layers of one
  // shape share a few nulls; a null of up to 3 % fewer levels is slightly wider (conservative)
  const step = Math.max(1, Math.floor(a.eigenvalues.length / 32));
  const nullLevels = Math.max(
    MIN_LEVEL_STATISTICS_EIGENVALUES,
    Math.floor(bulk.length / step) * step,
  );
  const nul = levelStatisticsNull(nullLevels, Math.max(a.rows, a.cols), {
    bulkFraction: a.bulkFraction,
    draws: options.nullDraws,
    seed: options.nullSeed,
    cache: options.nullCache,
  });
  const [rLo, rHi] = nul.meanTildeRatio.interval;
  const [sLo, sHi] = nul.meanSquaredSpacing.interval;
  const r = stats.meanTildeRatio;
  const s2 = stats.meanSquaredSpacing;
  return {
    meanTildeRatio: r,
    tildeRatioNullLow: rLo,
    tildeRatioNullHigh: rHi,
    meanSquaredSpacing: s2,
    spacingNullLow: sLo,
    spacingNullHigh: sHi,
    levelRepulsion: r < rLo || s2 > sHi ? "weaker" : r > rHi || s2 < sLo ? "stronger" : "GOE",
  };
}

/** W with its entries randomly permuted (Fisher–Yates with `rng`), in W's element type. */
export function shuffledEntries(w: DenseMatrix<FloatArray>, rng: Rng): DenseMatrix<FloatArray> {
  const data = w.data.slice();
  for (let i = data.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = data[i];
    data[i] = data[j];
    data[j] = t;
  }
  return new DenseMatrix(w.rows, w.cols, data);
}

/**
 * The metrics of one layer; `rng` draws the shuffled copy and the bootstrap resamples (the same
 * seed, the same numbers).
 */
export function layerMetrics(
  name: string,
  w: DenseMatrix<FloatArray>,
  rng: Rng,
  options: LayerMetricsOptions = {},
): LayerMetrics {
  return analyseLayer(name, w, rng, options).metrics;
}

/** layerMetrics, with the layer's ESD analysis (for figures). */
export function analyseLayer(
  name: string,
  w: DenseMatrix<FloatArray>,
  rng: Rng,
  options: LayerMetricsOptions = {},
): { metrics: LayerMetrics; spectrum: EsdAnalysis } {
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
  const bootstrap = tail
    ? bootstrapTailError(x, rng.stream(1), { draws: options.bootstrapDraws })
    : null;
  const metrics: LayerMetrics = {
    name,
    tensor: options.tensor ?? name,
    role: options.role ?? null,
    head: options.head ?? null,
    rows: w.rows,
    cols: w.cols,
    aspectRatio: a.ratio,
    mpVariance: a.variance,
    mpEdge: a.edges[1],
    mpKs: a.ks,
    spikes: a.outliers.length,
    tailSupported: tail !== null,
    alpha: tail?.alpha ?? null,
    alphaError: bootstrap,
    alphaStandardError: tail?.alphaError ?? null,
    xmin: tail?.xmin ?? null,
    tailSize: tail?.tailSize ?? null,
    tailKs: tail?.ks ?? null,
    alphaHat: tail ? tail.alpha * Math.log10(lambdaMax) : null,
    logSpectralNorm: Math.log10(lambdaMax),
    logFrobeniusNorm: Math.log10(total),
    stableRank: total / lambdaMax,
    mpSoftRank: a.edges[1] / lambdaMax,
    entropy: entropy / Math.log(k),
    correlationTraps: shuffled.outliers.length,
    shuffledDistance: ksTwoSample(x, shuffled.eigenvalues),
    ...levelFields(a, options),
  };
  return { metrics, spectrum: a };
}
