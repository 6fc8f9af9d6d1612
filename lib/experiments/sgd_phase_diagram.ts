/**
 * Notebook 08's experiment (Park, Lucini & Aarts, arXiv 2509.01349): the (1/σ_W, T) grid of the
 * tanh teacher–student network, run as a sweep of (grid point, block of realisations) tasks over
 * workers or a SLURM array (lib/parallel), and the initial-gradient scan of their Fig. 4(c).
 *
 * Common random numbers: realisation r draws the same M, W_t, Z, data and G at every grid point,
 * with W(0) = σ_W G/√32. The authors drew them independently per point; per-point statistics are
 * the same, and the maps are smoother.
 */
import {
  drawTanhTeacherStudent,
  initialStudent,
  lossAndGradient,
  TANH_TEACHER_STUDENT,
} from "../models/tanh_teacher_student.ts";
import { runSweep } from "../parallel/sweep.ts";
import { Rng } from "../random/rng.ts";
import {
  PHASE_RECORD_LENGTH,
  type PhaseRealisation,
  phaseRecords,
  type PhaseTask,
  validatePhaseTask,
} from "./sgd_phase_realisation.ts";

const pow2 = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => 2 ** (from + i));

/** The authors' grid: 1/σ_W ∈ {2⁻⁸…2³} (σ_W = 2⁻³…2⁸) and T = ε/|B| ∈ {2⁻⁵…2⁶}, |B| = 4. */
export const PHASE_GRID = {
  inverseSigmaW: pow2(-8, 3),
  temperatures: pow2(-5, 6),
  batchSize: TANH_TEACHER_STUDENT.batchSize,
} as const;

/** One grid point's realisations. */
export interface PhasePoint {
  inverseSigmaW: number;
  temperature: number;
  realisations: PhaseRealisation[];
}

/** What `runPhaseGrid` runs. */
export interface PhaseGridRun {
  seed: number;
  /** nominal training length E (multiple of 20) */
  epochs: number;
  /** realisations per point */
  realisations: number;
  /** first realisation index (a second run continuing a first one's realisations) */
  firstRealisation?: number;
  inverseSigmaW?: readonly number[];
  temperatures?: readonly number[];
  /** realisations per task (default 10: a few seconds of work per 100 epochs) */
  block?: number;
  /** samples per realisation (default 4000) */
  samples?: number;
  workers?: number;
  progress?: string | false;
}

/** Checks a grid run, naming the parameter, its value and the allowed range. */
export function validatePhaseGridRun(run: PhaseGridRun): void {
  const list = (name: string, v: readonly number[] | undefined) => {
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => !(x > 0) || !Number.isFinite(x))) {
      throw new RangeError(`${name} must be a non-empty list of positive numbers, got ${v}`);
    }
  };
  list("inverseSigmaW", run.inverseSigmaW);
  list("temperatures", run.temperatures);
  if (!Number.isSafeInteger(run.realisations) || run.realisations < 1) {
    throw new RangeError(`realisations must be an integer ≥ 1, got ${run.realisations}`);
  }
  if (run.block !== undefined && (!Number.isSafeInteger(run.block) || run.block < 1)) {
    throw new RangeError(`block must be an integer ≥ 1, got ${run.block}`);
  }
  validatePhaseTask({
    seed: run.seed,
    sigmaW: 1,
    learningRate: 1,
    epochs: run.epochs,
    first: run.firstRealisation ?? 0,
    count: run.realisations,
  });
}

/** The sweep's tasks, grid point by grid point (rows 1/σ_W, then T), in realisation blocks. */
export function phaseGridTasks(run: PhaseGridRun): PhaseTask[] {
  validatePhaseGridRun(run);
  const block = run.block ?? 10;
  const first = run.firstRealisation ?? 0;
  const tasks: PhaseTask[] = [];
  for (const inv of run.inverseSigmaW ?? PHASE_GRID.inverseSigmaW) {
    for (const t of run.temperatures ?? PHASE_GRID.temperatures) {
      for (let r = 0; r < run.realisations; r += block) {
        tasks.push({
          seed: run.seed,
          sigmaW: 1 / inv,
          learningRate: t * PHASE_GRID.batchSize,
          epochs: run.epochs,
          first: first + r,
          count: Math.min(block, run.realisations - r),
          ...(run.samples ? { samples: run.samples } : {}),
        });
      }
    }
  }
  return tasks;
}

/**
 * Runs the grid (over workers, or from merged SLURM shards) and returns the concatenated records
 * in task order: (#points · realisations) × PHASE_RECORD_LENGTH numbers.
 */
export async function runPhaseGrid(run: PhaseGridRun): Promise<Float64Array> {
  const tasks = phaseGridTasks(run);
  const results = await runSweep<PhaseTask, Float64Array>(
    new URL("./sgd_phase_realisation.ts", import.meta.url),
    "phaseDiagramTask",
    tasks,
    { workers: run.workers, progress: run.progress ?? "phase-diagram grid (point × realisations)" },
  );
  const out = new Float64Array(results.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of results) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/** Splits `runPhaseGrid`'s records into grid points (the run's grid, in its order). */
export function phasePoints(run: PhaseGridRun, records: ArrayLike<number>): PhasePoint[] {
  const inverse = run.inverseSigmaW ?? PHASE_GRID.inverseSigmaW;
  const temps = run.temperatures ?? PHASE_GRID.temperatures;
  const per = run.realisations * PHASE_RECORD_LENGTH;
  if (records.length !== inverse.length * temps.length * per) {
    throw new RangeError(
      `expected ${
        inverse.length * temps.length * per
      } numbers for this grid, got ${records.length}`,
    );
  }
  const all = Float64Array.from(records);
  return inverse.flatMap((inv, a) =>
    temps.map((t, b) => {
      const k = a * temps.length + b;
      return {
        inverseSigmaW: inv,
        temperature: t,
        realisations: phaseRecords(all.subarray(k * per, (k + 1) * per)),
      };
    })
  );
}

/** Joins two runs of the same points (e.g. a column's first and further realisations). */
export function joinPhasePoints(a: PhasePoint[], b: PhasePoint[]): PhasePoint[] {
  return a.map((p) => {
    const q = b.find((x) => x.inverseSigmaW === p.inverseSigmaW && x.temperature === p.temperature);
    return q ? { ...p, realisations: [...p.realisations, ...q.realisations] } : p;
  });
}

/** One task of the initial-gradient scan: realisations [first, first + count) at every σ_W. */
export interface InitialGradientTask {
  seed: number;
  sigmaW: readonly number[];
  first: number;
  count: number;
  samples?: number;
}

/**
 * ‖∇L‖₀, the full-data gradient norm at initialisation, for every σ_W of the task and each of its
 * realisations (realisation-major: count × #σ_W) — the authors' Fig. 4(c), no training.
 */
export function initialGradientTask(task: InitialGradientTask): Float64Array {
  const out = new Float64Array(task.count * task.sigmaW.length);
  const gradient = new Float64Array(TANH_TEACHER_STUDENT.spins * TANH_TEACHER_STUDENT.features);
  for (let k = 0; k < task.count; k++) {
    const net = drawTanhTeacherStudent(Rng.fromSeed(task.seed, task.first + k), task.samples);
    task.sigmaW.forEach((s, j) => {
      lossAndGradient(initialStudent(net, s), net, 0, net.samples, gradient);
      out[k * task.sigmaW.length + j] = Math.hypot(...gradient);
    });
  }
  return out;
}

/** Median ‖∇L‖₀ (and 16–84 % band) per 1/σ_W over `realisations` realisations, over workers. */
export async function runInitialGradients(
  options: {
    seed: number;
    realisations: number;
    inverseSigmaW?: readonly number[];
    samples?: number;
    workers?: number;
  },
): Promise<{ inverseSigmaW: number; values: number[] }[]> {
  const inverse = options.inverseSigmaW ?? PHASE_GRID.inverseSigmaW;
  const sigmaW = inverse.map((v) => 1 / v);
  const block = 20;
  const tasks: InitialGradientTask[] = [];
  for (let r = 0; r < options.realisations; r += block) {
    tasks.push({
      seed: options.seed,
      sigmaW,
      first: r,
      count: Math.min(block, options.realisations - r),
      ...(options.samples ? { samples: options.samples } : {}),
    });
  }
  const results = await runSweep<InitialGradientTask, Float64Array>(
    new URL("./sgd_phase_diagram.ts", import.meta.url),
    "initialGradientTask",
    tasks,
    // seconds of work: always computed here, never recorded for a cluster (store: false)
    { workers: options.workers, progress: "initial gradients", store: false },
  );
  return inverse.map((v, j) => ({
    inverseSigmaW: v,
    values: results.flatMap((r) =>
      Array.from({ length: r.length / sigmaW.length }, (_, k) => r[k * sigmaW.length + j])
    ),
  }));
}
