/**
 * Notebook 02's experiments: the Gaussian RBM's η and |B| scans (T02.1–T02.7) as sweep
 * tasks over workers, the eigenvalue flow run, and their analysis against theory.
 *
 * Samples: each realisation runs a burn-in of `burnIn` t-units (t = step·η; the transient from the
 * Marchenko–Pastur start plus ≥ 20 relaxation times of the slowest mode, 1/(2Ω(κ=8)) = 32), then
 * records `snapshots` spectra `spacing` t-units apart. Snapshots of one realisation are treated
 * as one block by the jackknife, and their lag-1 correlation is reported to show they are nearly
 * independent.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigh } from "../linalg/eigen.ts";
import {
  initialRbmWeights,
  type RbmTrainingConfig,
  trainGaussianRbm,
} from "../models/gaussian_rbm.ts";
import { runSweep } from "../parallel/sweep.ts";
import { jackknifeBlocks } from "../rmt/jackknife.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { spacingCdf } from "../rmt/wigner_surmise.ts";
import {
  latticeKernel,
  latticeKernelEigenvalues,
  matrixFlowProjections,
  pairSpacingPrediction,
  PAPER_RBM,
} from "../theory/gaussian_rbm.ts";

/** One (η, |B|) setting. */
export interface RbmSetting {
  learningRate: number;
  chains: number;
}

/** The scans of arXiv 2407.16427 and T02.5: η at |B| = 16, |B| at η = 0.1, and an equal-ratio triple. */
export const RBM_SCANS: Record<"learning rate" | "chains" | "equal ratio", RbmSetting[]> = {
  "learning rate": [0.01, 0.02, 0.04, 0.06, 0.08, 0.1].map((learningRate) => ({
    learningRate,
    chains: 16,
  })),
  "chains": [4, 8, 16, 32, 64].map((chains) => ({ learningRate: 0.1, chains })),
  "equal ratio": [{ learningRate: 0.05, chains: 8 }, { learningRate: 0.1, chains: 16 }, {
    learningRate: 0.2,
    chains: 32,
  }],
};

/** "η=0.1 |B|=16". */
export function rbmLabel(s: RbmSetting): string {
  return `η=${s.learningRate} |B|=${s.chains}`;
}

/** The distinct settings of the scans, in a fixed order. */
export function distinctRbmSettings(): RbmSetting[] {
  const seen = new Map<string, RbmSetting>();
  for (const list of Object.values(RBM_SCANS)) for (const s of list) seen.set(rbmLabel(s), s);
  return [...seen.values()];
}

/** The paper's lattice: N = 10 sites, m² = 4. */
export const LATTICE = { n: 10, m2: 4 } as const;

/** How the samples of every setting are taken. */
export interface RbmSamplingPlan {
  realisations: number;
  /** burn-in in t-units */
  burnIn: number;
  snapshots: number;
  /** spacing of the snapshots in t-units */
  spacing: number;
  /** realisations per sweep task (load balancing over workers) */
  chunk: number;
  seed: number;
  workers?: number;
}

/** A sweep task: one chunk of realisations of one setting. */
export interface RbmTask extends RbmSetting {
  realisations: number;
  burnIn: number;
  snapshots: number;
  spacing: number;
  seed: number;
  setting: number;
  chunk: number;
}

/** Steps of the record times of a plan at learning rate η. */
export function recordSteps(
  t: { burnIn: number; snapshots: number; spacing: number },
  learningRate: number,
): number[] {
  return Array.from(
    { length: t.snapshots },
    (_, k) => Math.round((t.burnIn + k * t.spacing) / learningRate),
  );
}

/** The paper's RBM training (lattice target, μ² = 9, σ_h = 1, PCD-3, W₀ ~ N(0, 0.1²)). */
export function paperRbmConfig(
  t: RbmSetting & { realisations: number; seed: number },
  record: number[],
  stream: number[],
): RbmTrainingConfig {
  return {
    kernel: latticeKernel(LATTICE.n, LATTICE.m2),
    nVisible: LATTICE.n,
    nHidden: LATTICE.n,
    mu2: PAPER_RBM.mu2,
    sigmaH2: PAPER_RBM.sigmaH2,
    learningRate: t.learningRate,
    chains: t.chains,
    gibbsSweeps: 3,
    realisations: t.realisations,
    initStd: 0.1,
    steps: record[record.length - 1],
    record,
    seed: t.seed,
    stream,
  };
}

/** Sweep task: the recorded spectra (snapshots × realisations × 10). */
export function rbmTask(t: RbmTask): Float64Array {
  return trainGaussianRbm(paperRbmConfig(t, recordSteps(t, t.learningRate), [t.setting, t.chunk]))
    .eigenvalues;
}

/** Long table of all spectra: setting, snapshot, realisation, mode (ascending index), value. */
/**
 * The long table of the RBM scans, one row per (setting, realisation, snapshot, mode): the
 * setting's index in the list passed in and its parameters as named columns (so the stored table
 * reads on its own, e.g. from pandas), the indices as integers, and the eigenvalue of XᵀX.
 */
export type RbmSpectraTable = {
  setting: ArrayLike<number>;
  learning_rate?: ArrayLike<number>;
  chains?: ArrayLike<number>;
  snapshot: ArrayLike<number>;
  realisation: ArrayLike<number>;
  mode: ArrayLike<number>;
  value: ArrayLike<number>;
};

/** Runs every setting in chunks over workers. */
export async function runRbmScans(
  plan: RbmSamplingPlan,
  settings = distinctRbmSettings(),
): Promise<RbmSpectraTable> {
  if (plan.realisations % plan.chunk !== 0) {
    throw new RangeError(
      `realisations (${plan.realisations}) must be a multiple of chunk (${plan.chunk})`,
    );
  }
  const chunks = plan.realisations / plan.chunk;
  // Costly settings (small η, many chains) first, so the workers finish together.
  const tasks: RbmTask[] = settings.flatMap((s, setting) =>
    Array.from({ length: chunks }, (_, chunk) => ({
      ...s,
      realisations: plan.chunk,
      burnIn: plan.burnIn,
      snapshots: plan.snapshots,
      spacing: plan.spacing,
      seed: plan.seed,
      setting,
      chunk,
    }))
  ).sort((a, b) => b.chains / b.learningRate - a.chains / a.learningRate);
  const results = await runSweep<RbmTask, Float64Array>(
    new URL("./rbm_linear_scaling.ts", import.meta.url),
    "rbmTask",
    tasks,
    { workers: plan.workers, progress: "RBM settings × chunks" },
  );
  const n = LATTICE.n;
  const rows = settings.length * plan.realisations * plan.snapshots * n;
  const out = {
    setting: new Int32Array(rows),
    learning_rate: new Float64Array(rows),
    chains: new Int32Array(rows),
    snapshot: new Int32Array(rows),
    realisation: new Int32Array(rows),
    mode: new Int32Array(rows),
    value: new Float64Array(rows),
  };
  let row = 0;
  results.forEach((values, t) => {
    const task = tasks[t];
    for (let k = 0; k < plan.snapshots; k++) {
      for (let q = 0; q < plan.chunk; q++) {
        for (let i = 0; i < n; i++) {
          out.setting[row] = task.setting;
          out.learning_rate[row] = task.learningRate;
          out.chains[row] = task.chains;
          out.snapshot[row] = k;
          out.realisation[row] = task.chunk * plan.chunk + q;
          out.mode[row] = i;
          out.value[row] = values[(k * plan.chunk + q) * n + i];
          row++;
        }
      }
    }
  });
  return out;
}

/** Spectra of one setting as [realisation][snapshot] → 10 ascending eigenvalues. */
export function spectraOf(
  table: RbmSpectraTable,
  setting: number,
  realisations: number,
  snapshots: number,
): Float64Array[][] {
  const n = LATTICE.n;
  const out = Array.from(
    { length: realisations },
    () => Array.from({ length: snapshots }, () => new Float64Array(n)),
  );
  for (let r = 0; r < table.setting.length; r++) {
    if (table.setting[r] !== setting) continue;
    out[table.realisation[r]][table.snapshot[r]][table.mode[r]] = table.value[r];
  }
  return out;
}

/** The degenerate pairs: κ and the ascending indices of their two eigenvalues of X. */
export function degeneratePairs(): { kappa: number; low: number; high: number }[] {
  const kappa = latticeKernelEigenvalues(LATTICE.n, LATTICE.m2); // ascending κ ↔ descending x
  const n = LATTICE.n;
  // κ indices (1,2), (3,4), (5,6), (7,8) ↔ x ascending indices (n−3, n−2) … (1, 2)
  return [1, 3, 5, 7].map((k) => ({ kappa: kappa[k], low: n - 2 - k, high: n - 1 - k }));
}

/** Analysis of one pair in one setting. */
export interface PairStatistics {
  kappa: number;
  samples: number;
  meanSpacing: number;
  meanSpacingError: number;
  meanSquareNormalised: number;
  ksSurmise: number;
  ksPoisson: number;
  /** λ = μ² − (mean of the pair's x), and λ/κ with its standard error over realisations */
  lambdaOverKappa: number;
  lambdaOverKappaError: number;
  /** sqrt(η(μ² − κ)/|B|) and the small-η/|B| prediction √(2π)·that */
  scale: number;
  predictedMeanSpacing: number;
  /** lag-1 correlation of S between consecutive snapshots of a realisation */
  snapshotCorrelation: number;
  normalised: Float64Array;
  spacings: Float64Array;
}

/** Statistics of every pair, plus λ/κ of the two non-degenerate modes (κ = 4 and 8). */
export function analyseRbmSetting(
  spectra: Float64Array[][],
  s: RbmSetting,
): {
  pairs: PairStatistics[];
  lambdaOverKappaTop: number;
  lambdaOverKappaBottom: number;
  lambdaOverKappaTopError: number;
  lambdaOverKappaBottomError: number;
} {
  const mu2 = PAPER_RBM.mu2;
  const pairs = degeneratePairs().map(({ kappa, low, high }) => {
    const blocks: number[][] = [];
    const all: number[] = [];
    let meanX = 0, count = 0, lagSum = 0, lagSq = 0, lagCount = 0;
    const gapsOf = spectra.map((snaps) => snaps.map((x) => x[high] - x[low]));
    for (const gaps of gapsOf) {
      let s1 = 0, s2 = 0;
      for (const g of gaps) {
        s1 += g;
        s2 += g * g;
        all.push(g);
      }
      blocks.push([gaps.length, s1, s2]);
    }
    for (const snaps of spectra) {
      for (const x of snaps) {
        meanX += (x[high] + x[low]) / 2;
        count++;
      }
    }
    meanX /= count;
    const meanS = jackknifeBlocks(blocks, ([n, s1]) => s1 / n);
    const s2 = jackknifeBlocks(blocks, ([n, s1, q]) => q / n / (s1 / n) ** 2);
    const mean = meanS.estimate;
    for (const gaps of gapsOf) {
      for (let k = 1; k < gaps.length; k++) {
        lagSum += (gaps[k] - mean) * (gaps[k - 1] - mean);
        lagCount++;
      }
      for (const g of gaps) lagSq += (g - mean) ** 2;
    }
    const spacings = Float64Array.from(all);
    const normalised = spacings.map((g) => g / mean);
    const scale = Math.sqrt((s.learningRate * (mu2 - kappa)) / s.chains);
    return {
      kappa,
      samples: spacings.length,
      meanSpacing: mean,
      meanSpacingError: meanS.error,
      meanSquareNormalised: s2.estimate,
      ksSurmise: ksDistance(normalised, (v) => spacingCdf(v, 1)),
      ksPoisson: ksDistance(normalised, (v) => spacingCdf(v, "poisson")),
      lambdaOverKappa: (mu2 - meanX) / kappa,
      lambdaOverKappaError: standardErrorOverRealisations(spectra, (x) => (x[high] + x[low]) / 2) /
        kappa,
      scale,
      predictedMeanSpacing: pairSpacingPrediction(kappa, s.learningRate, s.chains).meanSpacing,
      snapshotCorrelation: lagCount > 0 ? (lagSum / lagCount) / (lagSq / spacings.length) : 0,
      normalised,
      spacings,
    };
  });
  const meanMode = (i: number) => {
    let sum = 0, count = 0;
    for (const snaps of spectra) {
      for (const x of snaps) {
        sum += x[i];
        count++;
      }
    }
    return sum / count;
  };
  const n = LATTICE.n;
  return {
    pairs,
    lambdaOverKappaTop: (mu2 - meanMode(n - 1)) / 4, // κ = 4 ↔ the largest x
    lambdaOverKappaBottom: (mu2 - meanMode(0)) / 8, // κ = 8 ↔ the smallest x
    lambdaOverKappaTopError: standardErrorOverRealisations(spectra, (x) => x[n - 1]) / 4,
    lambdaOverKappaBottomError: standardErrorOverRealisations(spectra, (x) => x[0]) / 8,
  };
}

/**
 * Standard error of the ensemble mean of `value(x)`: the realisations are independent, the
 * snapshots of one realisation are not, so each realisation's snapshot mean is one sample.
 */
function standardErrorOverRealisations(
  spectra: Float64Array[][],
  value: (x: Float64Array) => number,
): number {
  const means = spectra.map((snaps) => snaps.reduce((s, x) => s + value(x), 0) / snaps.length);
  const r = means.length;
  if (r < 2) return NaN;
  const mean = means.reduce((s, v) => s + v, 0) / r;
  const variance = means.reduce((s, v) => s + (v - mean) ** 2, 0) / (r - 1);
  return Math.sqrt(variance / r);
}

/**
 * The eigenvalue flow from the MP start: ensemble means over time of the sorted eigenvalues of X
 * and of its diagonal v_kᵀ X v_k in the eigenbasis of K (ascending κ). The second follows the flow
 * ODE mode by mode; its initial mean is exactly E[X]_kk = N_h·initStd² = 0.1 for every mode.
 */
export function rbmFlowTask(
  t: {
    learningRate: number;
    chains: number;
    realisations: number;
    until: number;
    every: number;
    seed: number;
  },
): {
  times: number[];
  eigenvalueMeans: Float64Array;
  modeMeans: Float64Array;
  /** the deterministic matrix flow from the same initial weights, ensemble mean per mode */
  deterministicModeMeans: Float64Array;
  kappa: Float64Array;
  initial: Float64Array;
} {
  const n = LATTICE.n;
  const kernel = latticeKernel(n, LATTICE.m2);
  const { values: kappa, vectors } = eigh(new DenseMatrix(n, n, kernel));
  const steps = Math.round(t.until / t.learningRate);
  const everySteps = Math.max(1, Math.round(t.every / t.learningRate));
  const record = Array.from(
    { length: Math.floor(steps / everySteps) + 1 },
    (_, k) => k * everySteps,
  );
  const config = { ...paperRbmConfig(t, record, [999]), projectOnto: vectors.data };
  const r = trainGaussianRbm(config);
  const w0 = initialRbmWeights(config);
  const deterministic = new Float64Array(record.length * n);
  for (let q = 0; q < t.realisations; q++) {
    const proj = matrixFlowProjections(
      w0.subarray(q * n * n, (q + 1) * n * n),
      kernel,
      vectors.data,
      n,
      record.map((s) => s * t.learningRate),
    );
    for (let i = 0; i < proj.length; i++) deterministic[i] += proj[i] / t.realisations;
  }
  const mean = (values: Float64Array) => {
    const out = new Float64Array(record.length * n);
    for (let k = 0; k < record.length; k++) {
      for (let q = 0; q < t.realisations; q++) {
        for (let i = 0; i < n; i++) {
          out[k * n + i] += values[(k * t.realisations + q) * n + i] / t.realisations;
        }
      }
    }
    return out;
  };
  return {
    times: record.map((s) => s * t.learningRate),
    eigenvalueMeans: mean(r.eigenvalues),
    modeMeans: mean(r.projections!),
    deterministicModeMeans: deterministic,
    kappa,
    initial: r.eigenvalues.slice(0, t.realisations * n),
  };
}
