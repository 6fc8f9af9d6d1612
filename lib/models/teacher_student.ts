/**
 * The linear teacher–student model of Aarts, Lucini & Park (arXiv 2407.16427; release
 * `src/check_mp_ts.py`), for n×n weights:
 *
 * - teacher W_t = κ·I (κ = 2, n = 2 in the paper), inputs x ~ N(0, I_n), targets y = W_t x;
 * - a dataset of batchesPerEpoch·|B| samples, drawn once and shared by all seeds (the paper), or
 *   by each of `datasets` equal groups of seeds;
 * - per sample an artificial symmetric noise matrix a_b (off-diagonal N(0, ε²), diagonal
 *   N(0, 2ε²)), drawn once per seed and reused every epoch;
 * - student W_s with iid N(0, 0.1²) entries, trained by plain SGD over the minibatches in order:
 *
 *     W_s ← W_s + η · mean_{b∈B} [ (W_t − W_s) x_b x_bᵀ + a_b ].
 *
 * Vectorised over seeds: the seeds of one dataset share each minibatch X_k (n×|B|), so their
 * students are stacked into one (seeds·n)×n matrix D = W_t − W_s and D X_k X_kᵀ / |B| is two gemms.
 * X_k is regenerated each epoch from the stream keyed (seed, stream, 0, dataset, k), so the data repeat
 * exactly. The minibatch mean of the |B| noise matrices is drawn directly: a mean of |B| iid
 * Gaussians is one Gaussian with variance ε²/|B| (off-diagonal) and 2ε²/|B| (diagonal), so the law
 * is exactly the paper's; minibatch k's noise comes from the stream keyed (seed, stream, 1, k) and repeats
 * every epoch too.
 *
 * Why `datasets` exists: with one shared dataset the spread across seeds at the end of training is
 * conditional on the realised minibatches (the memory is ≈ 1/η steps), which is quenched disorder
 * for ⟨S⟩; splitting the seeds over independent datasets averages it out and lets a block
 * jackknife include it in the error (notebook 01 measures its size).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemm } from "../linalg/products.ts";
import { singularValues } from "../linalg/svd.ts";
import { Rng } from "../random/rng.ts";

/** Settings of one teacher–student run (one setting, many seeds). */
export interface TeacherStudentConfig {
  /** matrix size n (2 in the paper; larger for the degenerate semicircle model) */
  n: number;
  /** teacher eigenvalue κ (W_t = κ I; 2 in the paper) */
  teacher: number;
  /** learning rate η, in (0, 2) */
  learningRate: number;
  /** minibatch size |B| */
  batchSize: number;
  /** artificial noise strength ε ≥ 0 */
  noise: number;
  /** independent students (seeds) */
  seeds: number;
  /** independent datasets; seeds are split evenly over them (1 = the paper's shared dataset) */
  datasets: number;
  /** epochs (10 in the paper) */
  epochs: number;
  /** minibatches per epoch (500 in the paper); the dataset has batchesPerEpoch·|B| samples */
  batchesPerEpoch: number;
  /** std of the initial student entries (0.1 in the paper) */
  initStd: number;
  /** record the singular values every this many epochs (2 in the paper) */
  snapshotEvery: number;
  /** base seed of all random streams */
  seed: number;
  /** sub-stream key (e.g. the setting's index in a sweep; default 0) */
  stream?: number;
  /** optional: record the singular values of the first `traceSeeds` students every `traceEvery` steps */
  traceSeeds?: number;
  traceEvery?: number;
}

/** The paper's settings except η, |B|, ε: n = 2, κ = 2, one dataset, 10 epochs of 500 minibatches. */
export const PAPER_TEACHER_STUDENT = {
  n: 2,
  datasets: 1,
  teacher: 2,
  epochs: 10,
  batchesPerEpoch: 500,
  initStd: 0.1,
  snapshotEvery: 2,
} as const;

/** Singular values of the students at one time. */
export interface Snapshot {
  epoch: number;
  /** seeds × n singular values, each seed's in descending order */
  values: Float64Array;
}

/** Output of a run. */
export interface TeacherStudentResult {
  /** snapshots at epoch 0, snapshotEvery, …, epochs (the last is the final state) */
  snapshots: Snapshot[];
  /** traced steps and, per step, traceSeeds × n singular values */
  trace?: { steps: number[]; values: Float64Array };
}

/** Throws a clear error for parameters outside the model's range. */
export function validateTeacherStudent(c: TeacherStudentConfig): void {
  const positiveInteger = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`teacher–student: ${name} must be a positive integer, got ${v}`);
    }
  };
  positiveInteger("n", c.n);
  positiveInteger("batchSize |B|", c.batchSize);
  positiveInteger("seeds", c.seeds);
  positiveInteger("datasets", c.datasets);
  if (c.seeds % c.datasets !== 0) {
    throw new RangeError(
      `teacher–student: seeds (${c.seeds}) must be a multiple of datasets (${c.datasets})`,
    );
  }
  positiveInteger("epochs", c.epochs);
  positiveInteger("batchesPerEpoch", c.batchesPerEpoch);
  positiveInteger("snapshotEvery", c.snapshotEvery);
  if (!(c.learningRate > 0 && c.learningRate < 2)) {
    throw new RangeError(
      `teacher–student: learning rate η must be in (0, 2) (SGD diverges at η ≥ 2), got ${c.learningRate}`,
    );
  }
  if (!(c.noise >= 0 && Number.isFinite(c.noise))) {
    throw new RangeError(`teacher–student: noise ε must be finite and ≥ 0, got ${c.noise}`);
  }
  if (!Number.isFinite(c.teacher)) {
    throw new RangeError(`teacher–student: teacher κ = ${c.teacher}`);
  }
  if (!(c.initStd >= 0 && Number.isFinite(c.initStd))) {
    throw new RangeError(`teacher–student: initStd must be finite and ≥ 0, got ${c.initStd}`);
  }
}

/** Adds η·(minibatch-mean GOE-type noise) for every stacked student, from minibatch k's stream. */
function addNoise(w: Float64Array, c: TeacherStudentConfig, k: number): void {
  if (c.noise === 0) return;
  const rng = Rng.fromSeed(c.seed, c.stream ?? 0, 1, k);
  const n = c.n;
  const off = c.learningRate * c.noise / Math.sqrt(c.batchSize);
  const diag = Math.SQRT2 * off;
  for (let s = 0; s < c.seeds; s++) {
    const base = s * n * n;
    for (let i = 0; i < n; i++) {
      w[base + i * n + i] += diag * rng.normal();
      for (let j = i + 1; j < n; j++) {
        const v = off * rng.normal();
        w[base + i * n + j] += v;
        w[base + j * n + i] += v;
      }
    }
  }
}

function singularValuesOfStack(w: Float64Array, seeds: number, n: number, out: Float64Array) {
  for (let s = 0; s < seeds; s++) {
    const m = new DenseMatrix(n, n, w.subarray(s * n * n, (s + 1) * n * n));
    out.set(singularValues(m), s * n);
  }
}

/** Runs every seed of one setting; `onEpoch` is called after each epoch (for progress). */
export function runTeacherStudent(
  c: TeacherStudentConfig,
  onEpoch?: (epoch: number) => void,
): TeacherStudentResult {
  validateTeacherStudent(c);
  const { n, seeds } = c;
  const rows = seeds * n;
  const w = Rng.fromSeed(c.seed, c.stream ?? 0, 2).fillNormal(
    new Float64Array(rows * n),
    0,
    c.initStd,
  );
  const difference = new DenseMatrix(rows, n, new Float64Array(rows * n)); // W_t − W_s, stacked
  const update = DenseMatrix.zeros(rows, n);
  const groupRows = rows / c.datasets;
  const projected = DenseMatrix.zeros(groupRows, c.batchSize); // D X_k for one dataset
  const x = DenseMatrix.zeros(n, c.batchSize);
  const snapshots: Snapshot[] = [];
  const snapshot = (epoch: number) => {
    const values = new Float64Array(seeds * n);
    singularValuesOfStack(w, seeds, n, values);
    snapshots.push({ epoch, values });
  };
  const traceSeeds = Math.min(c.traceSeeds ?? 0, seeds);
  const traceEvery = c.traceEvery ?? 1;
  if (!Number.isInteger(traceEvery) || traceEvery < 1) {
    throw new RangeError(
      `teacher–student: traceEvery must be a positive integer, got ${traceEvery}`,
    );
  }
  const traceSteps: number[] = [];
  const traceValues: number[] = [];
  const trace = (step: number) => {
    const v = new Float64Array(traceSeeds * n);
    singularValuesOfStack(w, traceSeeds, n, v);
    traceSteps.push(step);
    traceValues.push(...v);
  };
  snapshot(0);
  if (traceSeeds > 0) trace(0);
  let step = 0;
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    for (let k = 0; k < c.batchesPerEpoch; k++) {
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < n; j++) {
          difference.data[r * n + j] = (r % n === j ? c.teacher : 0) - w[r * n + j];
        }
      }
      for (let g = 0; g < c.datasets; g++) {
        Rng.fromSeed(c.seed, c.stream ?? 0, 0, g, k).fillNormal(x.data, 0, 1); // minibatch k of dataset g
        const d = difference.rowRange(g * groupRows, (g + 1) * groupRows);
        gemm(d, x, { out: projected, checkFinite: false });
        gemm(projected, x, {
          transB: true,
          alpha: 1 / c.batchSize,
          out: update.rowRange(g * groupRows, (g + 1) * groupRows),
          checkFinite: false,
        });
      }
      for (let i = 0; i < w.length; i++) w[i] += c.learningRate * update.data[i];
      addNoise(w, c, k);
      step++;
      if (traceSeeds > 0 && step % traceEvery === 0) trace(step);
    }
    if (!w.every(Number.isFinite)) {
      throw new Error(`teacher–student diverged in epoch ${epoch} (η = ${c.learningRate})`);
    }
    if (epoch % c.snapshotEvery === 0 || epoch === c.epochs) snapshot(epoch);
    onEpoch?.(epoch);
  }
  return {
    snapshots,
    trace: traceSeeds > 0
      ? { steps: traceSteps, values: Float64Array.from(traceValues) }
      : undefined,
  };
}
