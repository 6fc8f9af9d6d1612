/**
 * Notebook 01's experiments: the teacher–student scans of Aarts, Lucini & Park (arXiv 2407.16427;
 * targets T01.1–T01.7 of docs/reproduction_targets.md), as sweep tasks over workers, and their analysis against theory.
 */
import { fitLine } from "../linalg/line_fit.ts";
import { runTeacherStudent, type TeacherStudentConfig } from "../models/teacher_student.ts";
import { runSweep } from "../parallel/sweep.ts";
import { simulateDysonBrownianMotion } from "../models/dyson_brownian_motion.ts";
import { jackknife, jackknifeBlocks } from "../rmt/jackknife.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { semicircleCdf } from "../rmt/semicircle.ts";
import {
  fitGoePairDensity,
  fitSemicircle,
  type GoePairFit,
  type SemicircleFit,
} from "../rmt/spectral_fits.ts";
import { spacingCdf } from "../rmt/wigner_surmise.ts";
import { Rng } from "../random/rng.ts";
import {
  meanPairSpacing,
  offDiagonalVariance,
  ouOffDiagonalVariance,
} from "../theory/teacher_student_fluctuations.ts";

/** One (η, |B|, ε) setting. */
export interface Setting {
  learningRate: number;
  batchSize: number;
  noise: number;
}

/** The paper's three scans (arXiv 2407.16427): ε at (0.1, 16), η at ε = 0.1, |B| = 16, |B| at (0.1, 0.1). */
export const PAPER_SCANS: Record<"noise" | "learning rate" | "batch size", Setting[]> = {
  "noise": [0.05, 0.06, 0.07, 0.08, 0.09, 0.1].map((noise) => ({
    learningRate: 0.1,
    batchSize: 16,
    noise,
  })),
  "learning rate": [0.1, 0.2, 0.3, 0.4, 0.5].map((learningRate) => ({
    learningRate,
    batchSize: 16,
    noise: 0.1,
  })),
  "batch size": [4, 8, 16, 32, 64].map((batchSize) => ({
    learningRate: 0.1,
    batchSize,
    noise: 0.1,
  })),
};

/** A short label, e.g. "η=0.1 |B|=16 ε=0.1". */
export function settingLabel(s: Setting): string {
  return `η=${s.learningRate} |B|=${s.batchSize} ε=${s.noise}`;
}

/** The distinct settings of the scans, in a fixed order. */
export function distinctSettings(scans: Record<string, Setting[]> = PAPER_SCANS): Setting[] {
  const seen = new Map<string, Setting>();
  for (const list of Object.values(scans)) for (const s of list) seen.set(settingLabel(s), s);
  return [...seen.values()];
}

/** A sweep task: one setting of the pair (n = 2) or degenerate (n > 2) model. */
export interface TeacherStudentTask extends Setting {
  n: number;
  seeds: number;
  datasets: number;
  epochs: number;
  batchesPerEpoch: number;
  /** the run's base seed and the setting's index (streams are keyed by both) */
  seed: number;
  index: number;
}

/** Sweep task: final singular values (seeds × n, each seed's descending). */
export function teacherStudentTask(t: TeacherStudentTask): Float64Array {
  const config: TeacherStudentConfig = {
    n: t.n,
    teacher: 2,
    learningRate: t.learningRate,
    batchSize: t.batchSize,
    noise: t.noise,
    seeds: t.seeds,
    datasets: t.datasets,
    epochs: t.epochs,
    batchesPerEpoch: t.batchesPerEpoch,
    initStd: 0.1,
    snapshotEvery: t.epochs,
    seed: t.seed,
    stream: t.index,
  };
  return runTeacherStudent(config).snapshots.at(-1)!.values;
}

/** Analysis of one pair-model setting. */
export interface PairAnalysis {
  setting: Setting;
  seeds: number;
  /** ⟨S⟩ with its delete-one-dataset jackknife error */
  meanSpacing: number;
  meanSpacingError: number;
  /** ⟨s²⟩ of s = S/⟨S⟩ (Wigner surmise: 4/π), with its block jackknife error */
  meanSquareNormalised: number;
  meanSquareNormalisedError: number;
  ksSurmise: number;
  ksPoisson: number;
  /** mean singular value (T01.1) */
  meanValue: number;
  /** the 2×2-GOE density fitted to the pooled singular values */
  densityFit: GoePairFit;
  /** predictions: discrete OU (T01.3) and with the data noise */
  predictedMeanSpacingOu: number;
  predictedMeanSpacing: number;
  /** sqrt(ηε²/|B|), the scaling variable */
  scale: number;
  /** normalised spacings, for histograms */
  normalisedSpacings: Float64Array;
}

/** Analyses the final singular values of one pair-model setting (seeds split over `datasets`). */
export function analysePairs(
  values: Float64Array,
  setting: Setting,
  datasets: number,
): PairAnalysis {
  const seeds = values.length / 2;
  const gaps = Float64Array.from({ length: seeds }, (_, s) => values[2 * s] - values[2 * s + 1]);
  const perDataset = seeds / datasets;
  const blocks = Array.from({ length: datasets }, (_, g) => {
    let s1 = 0, s2 = 0;
    for (let i = g * perDataset; i < (g + 1) * perDataset; i++) {
      s1 += gaps[i];
      s2 += gaps[i] * gaps[i];
    }
    return [perDataset, s1, s2];
  });
  const meanS = jackknifeBlocks(blocks, ([n, s1]) => s1 / n);
  const s2 = jackknifeBlocks(blocks, ([n, s1, q]) => (q / n) / (s1 / n) ** 2);
  const normalised = gaps.map((g) => g / meanS.estimate);
  const p = { ...setting, n: 2 };
  return {
    setting,
    seeds,
    meanSpacing: meanS.estimate,
    meanSpacingError: meanS.error,
    meanSquareNormalised: s2.estimate,
    meanSquareNormalisedError: s2.error,
    ksSurmise: ksDistance(normalised, (x) => spacingCdf(x, 1)),
    ksPoisson: ksDistance(normalised, (x) => spacingCdf(x, "poisson")),
    meanValue: values.reduce((a, v) => a + v, 0) / values.length,
    densityFit: fitGoePairDensity(values),
    predictedMeanSpacingOu: meanPairSpacing(ouOffDiagonalVariance(p)),
    predictedMeanSpacing: meanPairSpacing(offDiagonalVariance(p)),
    scale: Math.sqrt((setting.learningRate * setting.noise ** 2) / setting.batchSize),
    normalisedSpacings: normalised,
  };
}

/** One-parameter fit y = a·x, weighted by 1/err², with the delete-one-point jackknife error of a. */
export function proportionalFit(
  points: readonly { x: number; y: number; error: number }[],
): { slope: number; error: number } {
  if (points.length < 2) throw new RangeError("a fit needs at least 2 points");
  const slopeOf = (ps: readonly { x: number; y: number; error: number }[]) => {
    let num = 0, den = 0;
    for (const p of ps) {
      const w = 1 / (p.error * p.error);
      num += w * p.x * p.y;
      den += w * p.x * p.x;
    }
    return num / den;
  };
  const index = Float64Array.from(points.keys());
  const jk = jackknife(index, (kept) => slopeOf(Array.from(kept, (i) => points[i])));
  return { slope: slopeOf(points), error: jk.error };
}

/** Least-squares line y = a + b·x with the delete-one-point jackknife error of the slope b. */
export function lineFit(
  points: readonly { x: number; y: number }[],
): { intercept: number; slope: number; slopeError: number } {
  const fit = (ps: readonly { x: number; y: number }[]) =>
    fitLine(ps.map((p) => p.x), ps.map((p) => p.y));
  if (points.length < 3) throw new RangeError("a line fit with errors needs at least 3 points");
  const index = Float64Array.from(points.keys());
  const jk = jackknife(index, (kept) => fit(Array.from(kept, (i) => points[i])).slope);
  const { intercept, slope } = fit(points);
  return { intercept, slope, slopeError: jk.error };
}

/** Analysis of one degenerate-model (semicircle) setting. */
export interface SemicircleAnalysis {
  setting: Setting;
  n: number;
  fit: SemicircleFit;
  /** R = 2√n s with s² including the data noise, and the OU value */
  predictedRadius: number;
  predictedRadiusOu: number;
  /** KS distance to the predicted semicircle centred at 2 */
  ks: number;
  values: Float64Array;
}

/** Analyses the final singular values (seeds × n) of the degenerate model. */
export function analyseSemicircle(
  values: Float64Array,
  setting: Setting,
  n: number,
): SemicircleAnalysis {
  const p = { ...setting, n };
  const predictedRadius = 2 * Math.sqrt(n * offDiagonalVariance(p));
  return {
    setting,
    n,
    fit: fitSemicircle(values),
    predictedRadius,
    predictedRadiusOu: 2 * Math.sqrt(n * ouOffDiagonalVariance(p)),
    ks: ksDistance(values, (x) => semicircleCdf(x, { centre: 2, radius: predictedRadius })),
    values,
  };
}

/** Trajectories of one SGD student (n×n, degenerate teacher) and of the matching DBM. */
export function trajectories(
  c: {
    n: number;
    learningRate: number;
    batchSize: number;
    noise: number;
    steps: number;
    seed: number;
  },
): {
  sgd: { t: number; index: number; value: number }[];
  dbm: { t: number; index: number; value: number }[];
} {
  const run = runTeacherStudent({
    n: c.n,
    teacher: 2,
    learningRate: c.learningRate,
    batchSize: c.batchSize,
    noise: c.noise,
    seeds: 1,
    datasets: 1,
    epochs: 1,
    batchesPerEpoch: c.steps,
    initStd: 0.1,
    snapshotEvery: 1,
    seed: c.seed,
    traceSeeds: 1,
    traceEvery: 1,
  });
  const trace = run.trace!;
  const sgd = trace.steps.flatMap((step, k) =>
    Array.from(
      { length: c.n },
      (_, i) => ({ t: step * c.learningRate, index: i, value: trace.values[k * c.n + i] }),
    )
  );
  // Continuum time t = step·η; γ = 1 and D = ηε²/|B| (notebook 01, §4; T01.3).
  const substeps = 10;
  const dbm = simulateDysonBrownianMotion({
    initial: trace.values.subarray(0, c.n),
    centre: 2,
    rate: 1,
    diffusion: (c.learningRate * c.noise ** 2) / c.batchSize,
    dt: c.learningRate / substeps,
    steps: c.steps * substeps,
    recordEvery: substeps,
  }, Rng.fromSeed(c.seed, 9));
  const rows = dbm.times.flatMap((t, k) =>
    Array.from(
      { length: c.n },
      (_, i) => ({ t, index: c.n - 1 - i, value: dbm.values[k * c.n + i] }),
    )
  );
  return { sgd, dbm: rows };
}

/** Settings shared by every task of a scan. */
export interface ScanRun {
  seeds: number;
  datasets: number;
  epochs: number;
  batchesPerEpoch: number;
  seed: number;
  /** workers for the sweep (default: the machine's cores) */
  workers?: number;
}

/**
 * The long table of the pair-model scans, one row per (setting, student): the setting's index in
 * the list passed in and its parameters as named columns (so the stored table reads on its own,
 * e.g. from pandas), the student's seed index, and the two final singular values σ₁ ≥ σ₂.
 */
export type PairScanTable = {
  setting: Int32Array;
  learning_rate: Float64Array;
  batch_size: Int32Array;
  noise: Float64Array;
  seed: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
};

/** Per-row parameter columns of `rows` rows, each setting repeated `per` times in order. */
function settingColumns(settings: readonly Setting[], per: number) {
  const rows = settings.length * per;
  const out = {
    setting: new Int32Array(rows),
    learning_rate: new Float64Array(rows),
    batch_size: new Int32Array(rows),
    noise: new Float64Array(rows),
  };
  settings.forEach((s, t) => {
    out.setting.fill(t, t * per, (t + 1) * per);
    out.learning_rate.fill(s.learningRate, t * per, (t + 1) * per);
    out.batch_size.fill(s.batchSize, t * per, (t + 1) * per);
    out.noise.fill(s.noise, t * per, (t + 1) * per);
  });
  return out;
}

/** Runs every distinct setting of the pair model over workers (see PairScanTable). */
export async function runPairScans(
  run: ScanRun,
  settings: Setting[] = distinctSettings(),
): Promise<PairScanTable> {
  const tasks: TeacherStudentTask[] = settings.map((s, index) => ({
    ...s,
    n: 2,
    seeds: run.seeds,
    datasets: run.datasets,
    epochs: run.epochs,
    batchesPerEpoch: run.batchesPerEpoch,
    seed: run.seed,
    index,
  }));
  const results = await runSweep<TeacherStudentTask, Float64Array>(
    new URL("./dyson_teacher_student.ts", import.meta.url),
    "teacherStudentTask",
    tasks,
    { workers: run.workers, progress: "teacher–student settings" },
  );
  const rows = settings.length * run.seeds;
  const out: PairScanTable = {
    ...settingColumns(settings, run.seeds),
    seed: new Int32Array(rows),
    upper: new Float64Array(rows),
    lower: new Float64Array(rows),
  };
  results.forEach((values, t) => {
    for (let s = 0; s < run.seeds; s++) {
      const r = t * run.seeds + s;
      out.seed[r] = s;
      out.upper[r] = values[2 * s];
      out.lower[r] = values[2 * s + 1];
    }
  });
  return out;
}

/** The final singular values (seeds × 2, interleaved) of setting `index` from the long table. */
export function pairValues(
  table: { setting: ArrayLike<number>; upper: ArrayLike<number>; lower: ArrayLike<number> },
  index: number,
): Float64Array {
  const out: number[] = [];
  for (let r = 0; r < table.setting.length; r++) {
    if (table.setting[r] === index) out.push(table.upper[r], table.lower[r]);
  }
  if (out.length === 0) throw new Error(`no results for setting ${index}`);
  return Float64Array.from(out);
}

/**
 * Runs the degenerate (n > 2) model for each setting; long table, one row per singular value:
 * the setting's index and parameters (named columns, as in PairScanTable) and the value.
 */
export async function runSemicircleScan(
  run: ScanRun & { n: number },
  settings: Setting[],
): Promise<Omit<PairScanTable, "seed" | "upper" | "lower"> & { value: Float64Array }> {
  const tasks: TeacherStudentTask[] = settings.map((s, index) => ({
    ...s,
    n: run.n,
    seeds: run.seeds,
    datasets: run.datasets,
    epochs: run.epochs,
    batchesPerEpoch: run.batchesPerEpoch,
    seed: run.seed,
    index: 1000 + index,
  }));
  const results = await runSweep<TeacherStudentTask, Float64Array>(
    new URL("./dyson_teacher_student.ts", import.meta.url),
    "teacherStudentTask",
    tasks,
    { workers: run.workers, progress: `degenerate model, n = ${run.n}` },
  );
  const per = run.seeds * run.n;
  const out = { ...settingColumns(settings, per), value: new Float64Array(settings.length * per) };
  results.forEach((values, t) => out.value.set(values, t * per));
  return out;
}

/**
 * Variance decomposition of ⟨S⟩ over datasets: the standard deviation of the per-dataset means of S
 * (`between`), the part expected from the seeds alone (`seedNoise` = pooled within-dataset sd of S
 * over √m), and the excess √max(0, between² − seedNoise²) (`quenched`), the dataset-to-dataset
 * scatter of ⟨S⟩ caused by sharing the minibatches.
 */
export function datasetScatter(
  values: Float64Array,
  datasets: number,
): { between: number; seedNoise: number; quenched: number } {
  const seeds = values.length / 2;
  const m = seeds / datasets;
  if (!Number.isInteger(m) || m < 2 || datasets < 2) {
    throw new RangeError(`need ≥ 2 datasets of ≥ 2 seeds, got ${datasets} datasets of ${m}`);
  }
  const means: number[] = [];
  let within = 0;
  for (let g = 0; g < datasets; g++) {
    const gaps = Array.from(
      { length: m },
      (_, i) => values[2 * (g * m + i)] - values[2 * (g * m + i) + 1],
    );
    const mean = gaps.reduce((a, v) => a + v, 0) / m;
    means.push(mean);
    within += gaps.reduce((a, v) => a + (v - mean) ** 2, 0) / (m - 1) / datasets;
  }
  const grand = means.reduce((a, v) => a + v, 0) / datasets;
  const between = Math.sqrt(means.reduce((a, v) => a + (v - grand) ** 2, 0) / (datasets - 1));
  const seedNoise = Math.sqrt(within / m);
  return { between, seedNoise, quenched: Math.sqrt(Math.max(0, between ** 2 - seedNoise ** 2)) };
}
