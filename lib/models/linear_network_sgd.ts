/**
 * Plain minibatch SGD (no momentum, minibatches drawn with replacement) on single-layer f = Wx
 * and two-layer f = W₂W₁x linear networks with the loss L = (1/(2P)) Σ_μ ‖y_μ − f(x_μ)‖²
 * (Gross, Raulf & Räth, arXiv 2311.14120; T06.1, T06.2):
 *
 *   single layer   W ← W − (η/B) Σ_{μ∈B} (W x_μ − y_μ) x_μᵀ,
 *   two layers     r_μ = W₂W₁x_μ − y_μ,   W₂ ← W₂ − (η/B) Σ r_μ (W₁x_μ)ᵀ,   W₁ ← W₁ − (η/B) Σ W₂ᵀ r_μ x_μᵀ
 *                  (both layers updated from the same old weights).
 *
 * Parameters are one flat vector: vec W (row-major), or [vec W₁, vec W₂]. The loops are written
 * out: the networks have ≤ a few hundred weights and B ≤ 50 samples per step, far below where a
 * gemm call pays for itself.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { RunningMoments } from "../linalg/sample_moments.ts";
import type { Rng } from "../random/rng.ts";

/** Learning rate η and batch size B. */
export interface SgdSetting {
  learningRate: number;
  batchSize: number;
}

/** How long to run and what to keep. */
export interface RunLength {
  /** steps discarded before recording */
  burnIn: number;
  /** steps recorded after the burn-in */
  steps: number;
  /** keep every `every`-th parameter vector in the trajectory */
  every: number;
}

/** A run: the thinned trajectory (records × parameters) and the final parameters. */
export interface SgdTrajectory {
  trajectory: Float64Array;
  parameters: number;
  records: number;
  final: Float64Array;
}

function assertRun(s: SgdSetting, c: RunLength, samples: number): void {
  if (!(s.learningRate > 0 && Number.isFinite(s.learningRate))) {
    throw new RangeError(`SGD: learning rate η must be > 0, got ${s.learningRate}`);
  }
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1) {
    throw new RangeError(`SGD: batch size B must be a positive integer, got ${s.batchSize}`);
  }
  if (!(Number.isInteger(c.burnIn) && c.burnIn >= 0 && Number.isInteger(c.steps) && c.steps >= 1)) {
    throw new RangeError(`SGD: burn-in and steps must be integers ≥ 0 and ≥ 1`);
  }
  if (!(Number.isInteger(c.every) && c.every >= 1)) {
    throw new RangeError(`SGD: record spacing must be a positive integer, got ${c.every}`);
  }
  if (samples < 1) throw new RangeError("SGD: no data");
}

function diverged(step: number, s: SgdSetting): Error {
  return new RangeError(
    `SGD diverged at step ${step} (η = ${s.learningRate}, B = ${s.batchSize}): lower η`,
  );
}

/** Single-layer SGD from W₀ (M×N); also accumulates moments of every recorded-phase step. */
export function runSingleLayerSgd(
  data: { x: DenseMatrix; y: DenseMatrix },
  s: SgdSetting,
  c: RunLength & { initial: DenseMatrix; lag?: boolean },
  rng: Rng,
): SgdTrajectory & { moments: RunningMoments } {
  const { x, y } = data;
  const p = x.rows, n = x.cols, m = y.cols, d = m * n;
  assertRun(s, c, p);
  if (y.rows !== p || c.initial.rows !== m || c.initial.cols !== n) {
    throw new RangeError("single-layer SGD: shapes of X (P×N), Y (P×M) and W₀ (M×N) differ");
  }
  const w = Float64Array.from(c.initial.data);
  const grad = new Float64Array(d), r = new Float64Array(m);
  const records = Math.floor(c.steps / c.every);
  const trajectory = new Float64Array(records * d);
  const moments = new RunningMoments(d, { lag: c.lag ?? true });
  const scale = s.learningRate / s.batchSize;
  let kept = 0;
  const total = c.burnIn + c.steps;
  for (let step = 1; step <= total; step++) {
    grad.fill(0);
    for (let q = 0; q < s.batchSize; q++) {
      const mu = rng.int(p), xo = mu * n;
      for (let a = 0; a < m; a++) {
        let v = -y.data[mu * m + a];
        for (let b = 0; b < n; b++) v += w[a * n + b] * x.data[xo + b];
        r[a] = v;
      }
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < n; b++) grad[a * n + b] += r[a] * x.data[xo + b];
      }
    }
    for (let i = 0; i < d; i++) w[i] -= scale * grad[i];
    if (step > c.burnIn) {
      moments.add(w);
      if ((step - c.burnIn) % c.every === 0 && kept < records) trajectory.set(w, d * kept++);
    }
    if ((step & 1023) === 0 && !Number.isFinite(w[0])) throw diverged(step, s);
  }
  if (!w.every(Number.isFinite)) throw diverged(total, s);
  return { trajectory, parameters: d, records, final: w, moments };
}

/** W₁ ~ N(0, scale²/N), W₂ ~ N(0, scale²/K): init N(0, scale²/fan_in). */
export function initialTwoLayer(
  shape: { inputs: number; hidden: number; outputs: number },
  scale: number,
  rng: Rng,
): { w1: DenseMatrix; w2: DenseMatrix } {
  const { inputs: n, hidden: k, outputs: m } = shape;
  for (const v of [n, k, m]) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`two layer: sizes must be ≥ 1`);
  }
  if (!(scale > 0)) throw new RangeError(`two layer: init scale must be > 0, got ${scale}`);
  const w1 = DenseMatrix.zeros(k, n), w2 = DenseMatrix.zeros(m, k);
  for (let i = 0; i < k * n; i++) w1.data[i] = (scale * rng.normal()) / Math.sqrt(n);
  for (let i = 0; i < m * k; i++) w2.data[i] = (scale * rng.normal()) / Math.sqrt(k);
  return { w1, w2 };
}

/** Two-layer SGD from (W₁, W₂); the trajectory holds [vec W₁, vec W₂] every `every` steps. */
export function runTwoLayerSgd(
  data: { x: DenseMatrix; y: DenseMatrix },
  s: SgdSetting,
  c: RunLength & { initial: { w1: DenseMatrix; w2: DenseMatrix } },
  rng: Rng,
  onProgress?: (done: number, total: number) => void,
): SgdTrajectory {
  const { x, y } = data;
  const p = x.rows, n = x.cols, m = y.cols;
  const k = c.initial.w1.rows;
  assertRun(s, c, p);
  if (
    y.rows !== p || c.initial.w1.cols !== n || c.initial.w2.rows !== m || c.initial.w2.cols !== k
  ) {
    throw new RangeError("two-layer SGD: shapes of X (P×N), Y (P×M), W₁ (K×N), W₂ (M×K) differ");
  }
  const size1 = k * n, d = size1 + m * k;
  const theta = new Float64Array(d);
  theta.set(c.initial.w1.data);
  theta.set(c.initial.w2.data, size1);
  const grad = new Float64Array(d);
  const hidden = new Float64Array(k), r = new Float64Array(m), back = new Float64Array(k);
  const records = Math.floor(c.steps / c.every);
  const trajectory = new Float64Array(records * d);
  const scale = s.learningRate / s.batchSize;
  const total = c.burnIn + c.steps;
  const report = Math.max(1, Math.floor(total / 100));
  let kept = 0;
  for (let step = 1; step <= total; step++) {
    grad.fill(0);
    for (let q = 0; q < s.batchSize; q++) {
      const mu = rng.int(p), xo = mu * n;
      for (let h = 0; h < k; h++) {
        let v = 0;
        for (let b = 0; b < n; b++) v += theta[h * n + b] * x.data[xo + b];
        hidden[h] = v;
      }
      for (let a = 0; a < m; a++) {
        let v = -y.data[mu * m + a];
        for (let h = 0; h < k; h++) v += theta[size1 + a * k + h] * hidden[h];
        r[a] = v;
      }
      back.fill(0);
      for (let a = 0; a < m; a++) {
        for (let h = 0; h < k; h++) {
          grad[size1 + a * k + h] += r[a] * hidden[h];
          back[h] += theta[size1 + a * k + h] * r[a];
        }
      }
      for (let h = 0; h < k; h++) {
        const bh = back[h];
        for (let b = 0; b < n; b++) grad[h * n + b] += bh * x.data[xo + b];
      }
    }
    for (let i = 0; i < d; i++) theta[i] -= scale * grad[i];
    if (step > c.burnIn && (step - c.burnIn) % c.every === 0 && kept < records) {
      trajectory.set(theta, d * kept++);
    }
    if ((step & 1023) === 0 && !Number.isFinite(theta[d - 1] + theta[0])) throw diverged(step, s);
    if (onProgress && step % report === 0) onProgress(step, total);
  }
  if (!theta.every(Number.isFinite)) throw diverged(total, s);
  return { trajectory, parameters: d, records, final: theta };
}
