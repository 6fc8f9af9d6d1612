/**
 * Spectral analysis of the GPT's per-head matrices (arXiv 2411.13512 §3.2;
 * T03.1–T03.3): for each head's K (hs×C, out×in) the hs non-zero eigenvalues of
 * X = KᵀK (those of K Kᵀ), pooled over the heads of all layers.
 *
 * - Marchenko–Pastur: a K with iid entries of variance s² gives eigenvalues x = C·y with y
 *   following MP of ratio c = hs/C, edges x± = C s²(1 ± √c)². s² is fitted (KS-optimal, so that
 *   outliers barely move it) with c fixed by the shape.
 * - Level repulsion: ⟨r̃⟩ per head over the central 90 % (unfolding-free), averaged over heads;
 *   and unfolded spacings. Unfolding: per head, the central 90 % of the levels, the staircase
 *   fitted by a polynomial in ln x (degree 4, lowered until it is increasing). In ln x the
 *   trained spectra, which span decades, are smooth enough for a low degree.
 */
import { cached } from "../data/cached.ts";
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { gemm } from "../linalg/products.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { normalisedSpacings, spacings, unfoldByPolynomial } from "../rmt/level_statistics.ts";
import { fitPowerLawTail, type PowerLawTail } from "../rmt/power_law_tail.ts";
import { meanTildeRatio } from "../rmt/spacing_ratio.ts";
import { readSafetensorsMatrices } from "../rmt/safetensors_format.ts";
import { fitMarchenkoPastur } from "../rmt/spectral_fits.ts";
import { spacingCdf } from "../rmt/wigner_surmise.ts";
import { THREE_SIGMA_LEVEL } from "../rmt/statistical_thresholds.ts";
import { Rng } from "../random/rng.ts";
import {
  empiricalQuantile,
  fillUncorrelatedLevels,
  nullQuantile,
  sampleTildeRatioNull,
  type TildeRatioNull,
  tildeRatioNullFromSamples,
  type TildeRatioNullKind,
  type TildeRatioNullOptions,
} from "../rmt/tilde_ratio_null.ts";

/** The central fraction of each head's levels used for ⟨r̃⟩ and for the unfolded spacings. */
export const BULK_FRACTION = 0.9;

/** The fixed seed of the null laws: they depend on the run's sizes only, never on its draws. */
export const NULL_SEED = 2013;

/** Eigenvalues of every head of one kind in a checkpoint. */
export interface HeadSpectra {
  /** hs: rows of each head matrix */
  rows: number;
  /** C: columns (the embedding width) */
  cols: number;
  /** names in checkpoint order, e.g. layer0.head1.key */
  names: string[];
  /** ascending non-zero eigenvalues of KᵀK per head */
  perHead: Float64Array[];
}

/** The head matrices of `kind` ("query" | "key" | "value") in a checkpoint's matrices. */
export function headSpectra(
  matrices: Map<string, DenseMatrix<FloatArray>>,
  kind: "query" | "key" | "value" = "key",
): HeadSpectra {
  const names = [...matrices.keys()].filter((n) =>
    new RegExp(`^layer\\d+\\.head\\d+\\.${kind}$`).test(n)
  );
  if (names.length === 0) throw new Error(`no ${kind} matrices in the checkpoint`);
  const first = matrices.get(names[0])!;
  const perHead = names.map((n) => {
    const k = matrices.get(n)!.toFloat64();
    if (k.rows !== first.rows || k.cols !== first.cols) throw new Error(`${n} has another shape`);
    if (k.rows > k.cols) throw new Error(`${n}: expected hs ≤ C, got ${k.rows}×${k.cols}`);
    return eigvalsh(gemm(k, k, { transB: true })).map((v) => Math.max(v, 0));
  });
  return { rows: first.rows, cols: first.cols, names, perHead };
}

/**
 * The full projection of one layer, `kind` = "query" | "key" | "value": the heads' matrices
 * (hs × C each, in head order) stacked into one (heads·hs) × C matrix, as a fused attention
 * projection stores it. A single head's 32 eigenvalues are too few for an ESD; the layer's are not.
 */
export function layerProjection(
  matrices: Map<string, DenseMatrix<FloatArray>>,
  layer: number,
  kind: "query" | "key" | "value",
): DenseMatrix {
  const pattern = new RegExp(`^layer${layer}\\.head(\\d+)\\.${kind}$`);
  const heads = [...matrices.keys()]
    .map((name) => ({ name, head: Number(pattern.exec(name)?.[1] ?? NaN) }))
    .filter((h) => Number.isInteger(h.head))
    .sort((a, b) => a.head - b.head)
    .map((h) => matrices.get(h.name)!.toFloat64());
  if (heads.length === 0) {
    throw new Error(`no ${kind} matrices of layer ${layer} in the checkpoint`);
  }
  const { rows, cols } = heads[0];
  if (heads.some((m) => m.rows !== rows || m.cols !== cols)) {
    throw new Error(`the ${kind} heads of layer ${layer} differ in shape`);
  }
  const data = new Float64Array(heads.length * rows * cols);
  heads.forEach((m, h) => data.set(m.data, h * rows * cols)); // row-major: head h's rows follow
  return new DenseMatrix(heads.length * rows, cols, data);
}

/** All eigenvalues of all heads. */
export function pooledEigenvalues(s: HeadSpectra): Float64Array {
  return Float64Array.from(s.perHead.flatMap((e) => Array.from(e)));
}

/** Unfolded, mean-one spacings of one head's central levels (polynomial in ln x). */
export function unfoldedHeadSpacings(
  levels: Float64Array,
  bulkFraction = BULK_FRACTION,
): Float64Array {
  const sorted = Float64Array.from(levels).sort();
  const cut = Math.floor((sorted.length * (1 - bulkFraction)) / 2);
  const bulk = sorted.subarray(cut, sorted.length - cut);
  if (bulk.length < 6) throw new RangeError(`unfolding needs ≥ 6 bulk levels, got ${bulk.length}`);
  if (!(bulk[0] > 0)) throw new RangeError("unfolding in ln x needs positive levels");
  const logs = bulk.map(Math.log);
  for (let degree = Math.min(4, bulk.length - 2); degree >= 1; degree--) {
    try {
      return normalisedSpacings(spacings(unfoldByPolynomial(logs, degree)));
    } catch (error) {
      if (!(error instanceof RangeError) || degree === 1) throw error;
    }
  }
  throw new Error("unreachable");
}

/** Everything the notebook reports about one checkpoint's spectra. */
export interface SpectrumSummary {
  /** fitted entry variance s² of the MP bulk */
  variance: number;
  /** fitted bulk edges x± = C s²(1 ± √c)² */
  edges: [number, number];
  ratio: number;
  /** KS distance between the pooled eigenvalues and the fitted MP law */
  ks: number;
  lambdaMax: number;
  /** λ_max / x₊ */
  edgeRatio: number;
  /** eigenvalues above x₊ (pooled) */
  aboveEdge: number;
  tail: PowerLawTail;
  /**
   * ⟨r̃⟩ per head (central BULK_FRACTION) and their mean. Its error comes from the null laws at
   * this size (headTildeRatioNull), not from the spread of the few heads.
   */
  tildeRatios: number[];
  meanTildeRatio: number;
  /** unfolded spacings pooled over heads */
  spacings: Float64Array;
  spacingSecondMoment: number;
  ksWigner: number;
  ksPoisson: number;
}

/** Summary of one checkpoint's head spectra. */
export function summariseSpectra(s: HeadSpectra, bulkFraction = BULK_FRACTION): SpectrumSummary {
  const pooled = pooledEigenvalues(s);
  const ratio = s.rows / s.cols;
  const fit = fitMarchenkoPastur(pooled.map((x) => x / s.cols), ratio);
  const edges: [number, number] = [s.cols * fit.edges[0], s.cols * fit.edges[1]];
  const lambdaMax = pooled.reduce((m, v) => Math.max(m, v), 0);
  const tildeRatios = s.perHead.map((e) => meanTildeRatio(e, bulkFraction));
  const meanTilde = tildeRatios.reduce((a, b) => a + b, 0) / tildeRatios.length;
  const sp = Float64Array.from(
    s.perHead.flatMap((e) => Array.from(unfoldedHeadSpacings(e, bulkFraction))),
  ).sort();
  return {
    variance: fit.variance,
    edges,
    ratio,
    ks: fit.ks,
    lambdaMax,
    edgeRatio: lambdaMax / edges[1],
    aboveEdge: pooled.filter((v) => v > edges[1]).length,
    tail: fitPowerLawTail(pooled),
    tildeRatios,
    meanTildeRatio: meanTilde,
    spacings: sp,
    spacingSecondMoment: sp.reduce((a, v) => a + v * v, 0) / sp.length,
    ksWigner: ksDistance(sp, (x) => spacingCdf(x, 1)),
    ksPoisson: ksDistance(sp, (x) => spacingCdf(x, "poisson")),
  };
}

/** One checkpoint's spectra of one matrix kind, with its losses. */
export interface CheckpointSpectra {
  step: number;
  trainLoss: number;
  validationLoss: number;
  spectra: HeadSpectra;
  summary: SpectrumSummary;
}

/** Reads each checkpoint (a path and losses) and analyses its head matrices of `kind`. */
export async function checkpointSpectra(
  checkpoints: readonly { step: number; path: string; trainLoss: number; validationLoss: number }[],
  kind: "query" | "key" | "value" = "key",
): Promise<CheckpointSpectra[]> {
  const out: CheckpointSpectra[] = [];
  for (const c of checkpoints) {
    const spectra = headSpectra(await readSafetensorsMatrices(c.path), kind);
    out.push({
      step: c.step,
      trainLoss: c.trainLoss,
      validationLoss: c.validationLoss,
      spectra,
      summary: summariseSpectra(spectra),
    });
  }
  return out;
}

/** The `top` largest eigenvalues of head `head` at every checkpoint (descending per step). */
export function topEigenvalueFlow(
  list: readonly CheckpointSpectra[],
  head: number,
  top: number,
): { step: number; rank: number; value: number }[] {
  return list.flatMap((c) => {
    const e = c.spectra.perHead[head];
    if (!e) {
      throw new RangeError(
        `head ${head} is not in the checkpoint (${c.spectra.perHead.length} heads)`,
      );
    }
    return Array.from(
      { length: Math.min(top, e.length) },
      (_, r) => ({ step: c.step, rank: r + 1, value: e[e.length - 1 - r] }),
    );
  });
}

/**
 * The null laws of the head-averaged ⟨r̃⟩ at the size of `spectra` (heads, rows × cols, the
 * central BULK_FRACTION), sampled with NULL_SEED and stored in the notebook's cache:
 * - "wishart": heads with iid entries — the exact law at initialisation, and the random-matrix
 *   reference (its sd is the statistic's sampling error at this size);
 * - "poisson": uncorrelated levels — the law without level repulsion.
 */
export async function headTildeRatioNull(
  spectra: HeadSpectra,
  kind: TildeRatioNullKind,
  draws: number,
  cacheDirectory?: string,
): Promise<TildeRatioNull> {
  const options: TildeRatioNullOptions = {
    kind,
    rows: spectra.rows,
    cols: spectra.cols,
    heads: spectra.perHead.length,
    bulkFraction: BULK_FRACTION,
    draws,
    seed: NULL_SEED,
  };
  const table = await cached(
    `tilde_ratio_null_${kind}`,
    { ...options },
    () => ({ value: sampleTildeRatioNull(options).samples }),
    cacheDirectory ? { directory: cacheDirectory } : {},
  );
  return tildeRatioNullFromSamples(options, table.getColumn("value").toArray() as number[]);
}

/**
 * Draws of the Poisson null needed to read its upper quantile at the per-check level of a family
 * of `familySize` one-sided checks at family-wise level `level`: 40 draws beyond the quantile.
 */
export function poissonNullDraws(familySize: number, level = THREE_SIGMA_LEVEL): number {
  return Math.ceil((40 * familySize) / level);
}

/**
 * The one-sided threshold for "level repulsion is present": ⟨r̃⟩ above it rejects uncorrelated
 * (Poisson) levels at the per-check level level/familySize (Bonferroni), so that a family of
 * familySize checkpoints falsely claims repulsion with probability at most `level`.
 */
export function repulsionThreshold(
  poisson: TildeRatioNull,
  familySize: number,
  level = THREE_SIGMA_LEVEL,
): number {
  if (poisson.options.kind !== "poisson") {
    throw new RangeError(`repulsionThreshold needs the Poisson null, got ${poisson.options.kind}`);
  }
  return nullQuantile(poisson, 1 - level / familySize);
}

/**
 * The law, without level repulsion, of the KS distance to Poisson (e^{−s}) of the pooled
 * unfolded spacings at the size of `spectra`: each head `rows` uncorrelated levels with a smooth
 * positive density (rows + partial sums of iid exponential spacings), unfolded exactly like the
 * trained heads (unfoldedHeadSpacings). The polynomial unfolding absorbs part of the levels'
 * fluctuations, so the textbook KS critical value would not apply. Sampled with NULL_SEED,
 * cached; ascending.
 */
export async function poissonSpacingKsNull(
  spectra: HeadSpectra,
  draws: number,
  cacheDirectory?: string,
): Promise<Float64Array> {
  const heads = spectra.perHead.length, rows = spectra.rows;
  if (!Number.isInteger(draws) || draws < 2) {
    throw new RangeError(`spacing KS null: draws must be an integer ≥ 2, got ${draws}`);
  }
  const config = { rows, heads, bulkFraction: BULK_FRACTION, draws, seed: NULL_SEED };
  const table = await cached(
    "spacing_ks_null_poisson",
    config,
    () => {
      const values = new Float64Array(draws);
      for (let d = 0; d < draws; d++) {
        const rng = Rng.fromSeed(NULL_SEED, 1, d);
        const pooled: number[] = [];
        for (let h = 0; h < heads; h++) {
          const levels = fillUncorrelatedLevels(new Float64Array(rows), rng, rows);
          pooled.push(...unfoldedHeadSpacings(levels));
        }
        values[d] = ksDistance(pooled, (s) => spacingCdf(s, "poisson"));
      }
      return { value: values };
    },
    cacheDirectory ? { directory: cacheDirectory } : {},
  );
  return Float64Array.from(table.getColumn("value").toArray() as number[]).sort();
}

/** The critical KS distance to Poisson at one-sided level `level` (see poissonSpacingKsNull). */
export function poissonSpacingCritical(samples: Float64Array, level = THREE_SIGMA_LEVEL): number {
  return empiricalQuantile(samples, 1 - level);
}
