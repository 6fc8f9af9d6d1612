/**
 * Null distributions of the head-averaged spacing ratio ⟨r̃⟩ (spacing_ratio.ts): the mean over
 * `heads` independent spectra of each spectrum's ⟨r̃⟩ over its central `bulkFraction` of levels,
 * sampled many times with a fixed seed. They size the checks on ⟨r̃⟩ of a trained network from
 * the statistic's own sampling law at the network's size, not from the spread of the few heads
 * of one run (whose sample standard deviation has a handful of degrees of freedom).
 *
 * - Wishart: each head an iid Gaussian rows×cols matrix K, levels the eigenvalues of KKᵀ. This is
 *   the exact law of ⟨r̃⟩ at initialisation, and the random-matrix reference with level repulsion
 *   (⟨r̃⟩ → 0.5307 for large sizes, Atas et al. PRL 110, 084101 (2013)).
 * - Poisson: each head `rows` uncorrelated levels, the reference without repulsion
 *   (⟨r̃⟩ = 2 ln 2 − 1 = 0.3863 at any size). The levels are the partial sums of iid exponential
 *   spacings: a Poisson process, whose points conditioned on their number are sorted uniform
 *   points up to scale (Rényi's representation), and r̃ does not see the scale. This needs no
 *   sort, which matters for the 10⁵–10⁶ heads a far-tail quantile takes. r̃ is a ratio of
 *   neighbouring spacings, so a smooth non-uniform density changes it only at higher order.
 */
import { Rng } from "../random/rng.ts";
import { meanTildeRatio } from "./spacing_ratio.ts";
import { wishartEigenvalues } from "./wishart.ts";

/**
 * Fills `out` with uncorrelated levels above `start`: the partial sums start + E₁ + … + E_k of iid
 * unit exponential spacings (a Poisson process; sorted, with no sort needed). Returns `out`.
 */
export function fillUncorrelatedLevels(out: Float64Array, rng: Rng, start = 0): Float64Array {
  rng.fillUniform(out);
  let x = start;
  for (let i = 0; i < out.length; i++) out[i] = x += -Math.log1p(-out[i]);
  return out;
}

/** Which null: iid-entry (Wishart) heads, or uncorrelated (Poisson) levels. */
export type TildeRatioNullKind = "wishart" | "poisson";

/** The statistic's shape: the sizes of the run whose ⟨r̃⟩ is tested. */
export interface TildeRatioNullOptions {
  kind: TildeRatioNullKind;
  /** levels per head: hs (rows of each head matrix, rows ≤ cols) */
  rows: number;
  /** C: columns of each head matrix (Wishart only) */
  cols: number;
  heads: number;
  /** central fraction of each head's levels used for ⟨r̃⟩ */
  bulkFraction: number;
  /** number of sampled values of the head average */
  draws: number;
  seed: number;
}

/** A sampled null distribution. */
export interface TildeRatioNull {
  options: TildeRatioNullOptions;
  /** the sampled head averages, ascending */
  samples: Float64Array;
  mean: number;
  /** standard deviation of the head average */
  sd: number;
}

function checkOptions(o: TildeRatioNullOptions): void {
  const positive = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`tilde-ratio null: ${name} must be an integer ≥ ${min}, got ${v}`);
    }
  };
  if (o.kind !== "wishart" && o.kind !== "poisson") {
    throw new RangeError(`tilde-ratio null: kind must be "wishart" or "poisson", got ${o.kind}`);
  }
  positive("rows", o.rows, 3);
  positive("cols", o.cols, 1);
  positive("heads", o.heads, 1);
  positive("draws", o.draws, 2);
  if (o.kind === "wishart" && o.rows > o.cols) {
    throw new RangeError(`tilde-ratio null: rows ≤ cols needed, got ${o.rows}×${o.cols}`);
  }
  if (!(o.bulkFraction > 0 && o.bulkFraction <= 1)) {
    throw new RangeError(`tilde-ratio null: bulkFraction must be in (0, 1], got ${o.bulkFraction}`);
  }
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) {
    throw new RangeError(`tilde-ratio null: seed must be a non-negative integer, got ${o.seed}`);
  }
}

/** Samples the null law of the head-averaged ⟨r̃⟩ (draw d uses stream (seed, d)). */
export function sampleTildeRatioNull(options: TildeRatioNullOptions): TildeRatioNull {
  checkOptions(options);
  const { kind, rows, cols, heads, bulkFraction, draws, seed } = options;
  const samples = new Float64Array(draws);
  const poisson = new Float64Array(rows);
  for (let d = 0; d < draws; d++) {
    const rng = Rng.fromSeed(seed, d);
    let sum = 0;
    for (let h = 0; h < heads; h++) {
      let levels: Float64Array;
      if (kind === "wishart") {
        // KKᵀ of a rows×cols K is WᵀW of W = Kᵀ (cols×rows); the scale does not enter r̃
        levels = wishartEigenvalues(cols, rows, 1, rng);
      } else {
        levels = fillUncorrelatedLevels(poisson, rng);
      }
      sum += meanTildeRatio(levels, bulkFraction);
    }
    samples[d] = sum / heads;
  }
  return tildeRatioNullFromSamples(options, samples);
}

/** A null distribution from stored samples (e.g. a cache); the samples are copied and sorted. */
export function tildeRatioNullFromSamples(
  options: TildeRatioNullOptions,
  values: ArrayLike<number>,
): TildeRatioNull {
  checkOptions(options);
  if (values.length !== options.draws) {
    throw new RangeError(`tilde-ratio null: ${values.length} samples for ${options.draws} draws`);
  }
  const samples = Float64Array.from(values).sort();
  if (!samples.every(Number.isFinite)) {
    throw new RangeError("tilde-ratio null: the samples must be finite numbers");
  }
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { options, samples, mean, sd };
}

/**
 * The empirical p-quantile of ascending `samples` (linear interpolation between order
 * statistics). A quantile in the far tail needs draws ≫ 1/min(p, 1 − p): it throws when fewer
 * than 10 samples lie beyond it, rather than return an extreme order statistic as if it were the
 * quantile.
 */
export function empiricalQuantile(samples: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${p}`);
  const m = samples.length;
  const beyond = Math.min(p, 1 - p) * m;
  if (beyond < 10) {
    throw new RangeError(
      `the ${p} quantile needs ≥ ${Math.ceil(10 / Math.min(p, 1 - p))} draws, the null has ${m}`,
    );
  }
  const x = p * (m - 1);
  const i = Math.floor(x);
  return samples[i] + (x - i) * (samples[Math.min(i + 1, m - 1)] - samples[i]);
}

/** The p-quantile of a sampled null (see empiricalQuantile). */
export function nullQuantile(n: TildeRatioNull, p: number): number {
  return empiricalQuantile(n.samples, p);
}
