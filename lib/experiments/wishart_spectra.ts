/**
 * The primer's experiment: spectra of Y = WᵀW / M for Gaussian W (M×N, entry variance s²) at
 * several aspect ratios c = N/M, many replicas each, compared with the Marchenko–Pastur law.
 */
import { runSweep } from "../parallel/sweep.ts";
import type { WishartTask } from "../rmt/wishart.ts";
import {
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
} from "../rmt/marchenko_pastur.ts";
import { densityHistogram } from "../rmt/histogram.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { largestWishartEigenvalue } from "../rmt/tracy_widom.ts";
import pl from "nodejs-polars";

/** Settings of the experiment (also the cache key). */
export interface WishartSpectraConfig {
  /** N, the number of columns (the size of Y) */
  n: number;
  /** aspect ratios c = N/M, each in (0, 1] */
  ratios: number[];
  /** independent matrices per ratio */
  replicas: number;
  /** entry variance s² */
  variance: number;
  seed: number;
}

/** Long-format table: one row per eigenvalue. */
export interface WishartSpectraColumns {
  ratio: Float64Array;
  replica: Float64Array;
  eigenvalue: Float64Array;
  [name: string]: Float64Array;
}

/** Samples all spectra over workers (replica r of ratio k uses stream [k, r]). */
export async function sampleWishartSpectra(
  config: WishartSpectraConfig,
  options: { workers?: number; progress?: string | false } = {},
): Promise<WishartSpectraColumns> {
  const tasks: WishartTask[] = config.ratios.flatMap((c, k) => {
    marchenkoPasturEdges({ ratio: c, variance: config.variance }); // validates c and s²
    return Array.from({ length: config.replicas }, (_, r) => ({
      m: Math.round(config.n / c),
      n: config.n,
      variance: config.variance,
      seed: config.seed,
      stream: [k, r],
    }));
  });
  const spectra = await runSweep<WishartTask, Float64Array>(
    new URL("../rmt/wishart.ts", import.meta.url),
    "wishartSpectrumTask",
    tasks,
    { progress: options.progress ?? "Wishart samples", workers: options.workers },
  );
  const rows = tasks.length * config.n;
  const out = {
    ratio: new Float64Array(rows),
    replica: new Float64Array(rows),
    eigenvalue: new Float64Array(rows),
  };
  spectra.forEach((values, t) => {
    const offset = t * config.n;
    out.ratio.fill(config.ratios[tasks[t].stream[0]], offset, offset + config.n);
    out.replica.fill(tasks[t].stream[1], offset, offset + config.n);
    out.eigenvalue.set(values, offset);
  });
  return out;
}

/** Simulation against theory for one aspect ratio. */
export interface MarchenkoPasturComparison {
  ratio: number;
  /** density histogram of the pooled eigenvalues: bin edges and heights */
  histogram: { x1: number; x2: number; density: number }[];
  /** the MP density on a fine grid */
  theory: { x: number; density: number }[];
  mean: number;
  theoryMean: number;
  /** standard error of the mean eigenvalue under the Gaussian model: s² sqrt(2 / (M N R)) */
  meanStandardError: number;
  /** mean over replicas of each matrix's largest eigenvalue */
  meanLargest: number;
  /** its prediction (Johnstone 2001, Tracy–Widom corrected) and standard error over replicas */
  predictedMeanLargest: number;
  meanLargestStandardError: number;
  largest: number;
  upperEdge: number;
  smallest: number;
  lowerEdge: number;
  ksDistance: number;
}

/** The eigenvalues of one ratio from the long table, and each replica's largest. */
export function spectraOfRatio(
  frame: pl.DataFrame,
  ratio: number,
): { eigenvalues: Float64Array; largestPerReplica: Float64Array } {
  const rows = frame.filter(pl.col("ratio").eq(pl.lit(ratio)));
  if (rows.height === 0) throw new Error(`no spectra for ratio ${ratio}`);
  const largest = rows.groupBy("replica").agg(pl.col("eigenvalue").max().alias("largest"));
  return {
    eigenvalues: Float64Array.from(rows.getColumn("eigenvalue").toArray() as number[]),
    largestPerReplica: Float64Array.from(largest.getColumn("largest").toArray() as number[]),
  };
}

/** Compares the eigenvalues of one ratio with the MP law and the Tracy–Widom edge. */
export function compareWithMarchenkoPastur(
  eigenvalues: Float64Array,
  largestPerReplica: Float64Array,
  config: { ratio: number; variance: number; n: number; replicas: number },
): MarchenkoPasturComparison {
  const params = { ratio: config.ratio, variance: config.variance };
  const [lowerEdge, upperEdge] = marchenkoPasturEdges(params);
  const h = densityHistogram(eigenvalues);
  const histogram = Array.from(
    h.density,
    (density, i) => ({ x1: h.edges[i], x2: h.edges[i + 1], density }),
  );
  // The c = 1 density diverges like y^{-1/2} at 0; the curve is drawn up to 1.3× the tallest bar.
  const cap = 1.3 * Math.max(...h.density);
  const gridPoints = 400;
  const theory = Array.from({ length: gridPoints + 1 }, (_, i) => {
    const x = lowerEdge + ((upperEdge - lowerEdge) * i) / gridPoints;
    return { x, density: marchenkoPasturDensity(x, params) };
  }).filter((p) => p.density <= cap);
  let sum = 0;
  let largest = -Infinity;
  let smallest = Infinity;
  for (const v of eigenvalues) {
    sum += v;
    largest = Math.max(largest, v);
    smallest = Math.min(smallest, v);
  }
  const m = Math.round(config.n / config.ratio);
  const tw = largestWishartEigenvalue(m, config.n, config.variance);
  const meanLargest = largestPerReplica.reduce((a, b) => a + b, 0) / largestPerReplica.length;
  return {
    meanLargest,
    predictedMeanLargest: tw.mean,
    meanLargestStandardError: tw.sd / Math.sqrt(largestPerReplica.length),
    ratio: config.ratio,
    histogram,
    theory,
    mean: sum / eigenvalues.length,
    theoryMean: config.variance,
    meanStandardError: config.variance * Math.sqrt(2 / (m * config.n * config.replicas)),
    largest,
    upperEdge,
    smallest,
    lowerEdge,
    ksDistance: ksDistance(eigenvalues, (x) => marchenkoPasturCdf(x, params)),
  };
}
