/**
 * Level statistics of one layer's spectrum against the iid null of its own shape — what tells
 * whether a trained layer keeps the level repulsion of a random matrix (GOE class, β = 1):
 *
 * - ⟨r̃⟩, the mean of r̃_i = min(s_i, s_{i+1})/max(s_i, s_{i+1}) over the central `bulkFraction`
 *   of the eigenvalues (Oganesyan & Huse, PRB 75, 155111 (2007); Atas et al., PRL 110, 084101
 *   (2013): 0.5307 for GOE, 2 ln 2 − 1 = 0.3863 for uncorrelated levels). It needs no unfolding.
 * - ⟨s²⟩ of the unfolded nearest-neighbour spacings of the same bulk (unfolded by a polynomial
 *   fit of the staircase, lib/rmt/level_statistics.ts): 4/π ≈ 1.27 for the Wigner surmise, 2 for
 *   Poisson. It weighs the large spacings, where ⟨r̃⟩ weighs the small ones.
 *
 * The null is the law of both statistics for an iid Gaussian matrix of the layer's shape, drawn
 * with the Dumitriu–Edelman tridiagonal model (lib/rmt/laguerre_tridiagonal.ts) and put through the
 * same bulk cut and the same unfolding, so finite-size and unfolding biases are in the null too.
 * The interval is mean ± 2.576 sd of the drawn values (99 %, the statistics being averages of
 * hundreds of weakly dependent terms); a layer outside it on the low side has lost repulsion.
 */
import { Rng } from "../random/rng.ts";
import { laguerreNullCacheKey, type LevelNullCache } from "./level_null_cache.ts";
import { wishartEigenvaluesTridiagonal } from "./laguerre_tridiagonal.ts";
import { normalisedSpacings, spacings, unfoldByPolynomial } from "./level_statistics.ts";
import { meanTildeRatio } from "./spacing_ratio.ts";

/** The two statistics of one spectrum. */
export interface BulkLevelStatistics {
  meanTildeRatio: number;
  /** ⟨s²⟩ of the unfolded bulk spacings (mean spacing 1) */
  meanSquaredSpacing: number;
}

/** The central `bulkFraction` of sorted levels. */
function centralBulk(sorted: Float64Array, bulkFraction: number): Float64Array {
  const cut = Math.floor((sorted.length * (1 - bulkFraction)) / 2);
  return sorted.subarray(cut, sorted.length - cut);
}

/**
 * ⟨r̃⟩ and unfolded ⟨s²⟩ of the central `bulkFraction` of `levels` (at least 8 levels there).
 * The unfolding polynomial has degree min(5, ⌊n/6⌋), lowered until the fit is increasing.
 */
export function bulkLevelStatistics(
  levels: ArrayLike<number>,
  bulkFraction = 0.9,
): BulkLevelStatistics {
  const bulk = centralBulk(Float64Array.from(levels).sort(), bulkFraction);
  if (bulk.length < 8) {
    throw new RangeError(`level statistics need at least 8 bulk levels, got ${bulk.length}`);
  }
  let unfolded: Float64Array | null = null;
  for (let degree = Math.min(5, Math.floor(bulk.length / 6)); degree >= 1; degree--) {
    try {
      unfolded = unfoldByPolynomial(bulk, degree);
      break;
    } catch (error) {
      if (degree === 1) throw error;
    }
  }
  const s = normalisedSpacings(spacings(unfolded!));
  return {
    meanTildeRatio: meanTildeRatio(bulk),
    meanSquaredSpacing: s.reduce((acc, v) => acc + v * v, 0) / s.length,
  };
}

/** The iid null of both statistics at one shape. */
export interface LevelStatisticsNull {
  /** eigenvalues per spectrum, min(M, N), and max(M, N) */
  levels: number;
  samples: number;
  draws: number;
  meanTildeRatio: { mean: number; sd: number; interval: [number, number] };
  meanSquaredSpacing: { mean: number; sd: number; interval: [number, number] };
}

/** Options of levelStatisticsNull. */
export interface LevelNullOptions {
  bulkFraction?: number;
  /** spectra drawn (default 100, at least 20) */
  draws?: number;
  seed?: number;
  /** reuse nulls across layers of the same shape */
  cache?: LevelNullCache;
}

const Z99 = 2.5758293035489004;

function summary(values: Float64Array) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd, interval: [mean - Z99 * sd, mean + Z99 * sd] as [number, number] };
}

/** The null of bulkLevelStatistics for an iid Gaussian M×N matrix (any M, N ≥ 10). */
export function levelStatisticsNull(
  rows: number,
  cols: number,
  options: LevelNullOptions = {},
): LevelStatisticsNull {
  const levels = Math.min(rows, cols);
  const samples = Math.max(rows, cols);
  const bulkFraction = options.bulkFraction ?? 0.9;
  const draws = options.draws ?? 100;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(draws) || draws < 20) {
    throw new RangeError(`level-statistics null: draws must be an integer ≥ 20, got ${draws}`);
  }
  const key = laguerreNullCacheKey(levels, samples, bulkFraction, draws, seed);
  const cached = options.cache?.get(key);
  if (cached) return cached;
  const r = new Float64Array(draws);
  const s2 = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    const eigenvalues = wishartEigenvaluesTridiagonal(levels, samples, Rng.fromSeed(seed, d));
    const stats = bulkLevelStatistics(eigenvalues, bulkFraction);
    r[d] = stats.meanTildeRatio;
    s2[d] = stats.meanSquaredSpacing;
  }
  const result: LevelStatisticsNull = {
    levels,
    samples,
    draws,
    meanTildeRatio: summary(r),
    meanSquaredSpacing: summary(s2),
  };
  options.cache?.set(key, result);
  return result;
}
