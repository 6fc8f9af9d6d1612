/**
 * Spectral analysis of the GPT's per-head matrices (arXiv 2411.13512 §3.2; spec
 * dyson-rbm-transformer.md §4): for each head's K (hs×C, out×in) the hs non-zero eigenvalues of
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
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { gemm } from "../linalg/products.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { normalisedSpacings, spacings, unfoldByPolynomial } from "../rmt/level_statistics.ts";
import { fitPowerLawTail, type PowerLawTail } from "../rmt/power_law_tail.ts";
import { meanTildeRatio } from "../rmt/spacing_ratio.ts";
import { readSafetensorsMatrices } from "../rmt/safetensors_format.ts";
import { fitMarchenkoPastur } from "../rmt/spectral_fits.ts";
import { spacingCdf } from "../rmt/wigner_surmise.ts";

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

/** All eigenvalues of all heads. */
export function pooledEigenvalues(s: HeadSpectra): Float64Array {
  return Float64Array.from(s.perHead.flatMap((e) => Array.from(e)));
}

/** Unfolded, mean-one spacings of one head's central levels (polynomial in ln x). */
export function unfoldedHeadSpacings(levels: Float64Array, bulkFraction = 0.9): Float64Array {
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
  /** ⟨r̃⟩ per head (central 90 %), their mean and standard error */
  tildeRatios: number[];
  meanTildeRatio: number;
  tildeRatioError: number;
  /** unfolded spacings pooled over heads */
  spacings: Float64Array;
  spacingSecondMoment: number;
  ksWigner: number;
  ksPoisson: number;
}

/** Summary of one checkpoint's head spectra. */
export function summariseSpectra(s: HeadSpectra, bulkFraction = 0.9): SpectrumSummary {
  const pooled = pooledEigenvalues(s);
  const ratio = s.rows / s.cols;
  const fit = fitMarchenkoPastur(pooled.map((x) => x / s.cols), ratio);
  const edges: [number, number] = [s.cols * fit.edges[0], s.cols * fit.edges[1]];
  const lambdaMax = pooled.reduce((m, v) => Math.max(m, v), 0);
  const tildeRatios = s.perHead.map((e) => meanTildeRatio(e, bulkFraction));
  const n = tildeRatios.length;
  const mean = tildeRatios.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1
    ? Math.sqrt(tildeRatios.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))
    : NaN;
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
    meanTildeRatio: mean,
    tildeRatioError: sd / Math.sqrt(n),
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
