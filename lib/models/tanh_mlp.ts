/**
 * A one-hidden-layer tanh network f(x) = w₂ᵀ tanh(W₁x + b₁) + b₂ with squared loss
 * ℓ_μ = ½(f(x_μ) − y_μ)², its full-batch gradient (through lib/linalg gemm), minibatch gradients,
 * and the trace of the per-sample gradient covariance Σ_g = (1/P)Σ_μ ∇ℓ_μ∇ℓ_μᵀ − ∇L∇Lᵀ — the CPU
 * stand-in for Kunin et al.'s ResNet-18 measurements (arXiv 2107.09133; T05.10).
 *
 * Parameters are one flat Float64Array: [W₁ (hidden × inputs, row-major), b₁, w₂, b₂].
 * Written by hand: the network is tiny (385 parameters) and the per-sample gradient norms have a
 * closed form, ‖∇f_μ‖² = ‖h‖² + 1 + Σ_j (w₂ⱼ(1 − h_j²))² (‖x_μ‖² + 1), that no autograd gives.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemm, gemv } from "../linalg/products.ts";
import type { Rng } from "../random/rng.ts";

/** Layer sizes. */
export interface MlpShape {
  inputs: number;
  hidden: number;
}

/** Inputs (P × inputs) and targets. */
export interface RegressionData {
  x: DenseMatrix;
  y: Float64Array;
}

/** Number of parameters: hidden·(inputs + 2) + 1. */
export function mlpParameterCount(s: MlpShape): number {
  return s.hidden * (s.inputs + 2) + 1;
}

function offsets(s: MlpShape) {
  const w1 = 0, b1 = s.hidden * s.inputs, w2 = b1 + s.hidden, b2 = w2 + s.hidden;
  return { w1, b1, w2, b2 };
}

/** Weights N(0, 1/fan_in), biases 0. */
export function initialMlpParameters(s: MlpShape, rng: Rng): Float64Array {
  if (!(s.inputs >= 1 && s.hidden >= 1)) throw new RangeError("MLP: sizes must be ≥ 1");
  const theta = new Float64Array(mlpParameterCount(s));
  const o = offsets(s);
  for (let i = 0; i < s.hidden * s.inputs; i++) {
    theta[o.w1 + i] = rng.normal() / Math.sqrt(s.inputs);
  }
  for (let j = 0; j < s.hidden; j++) theta[o.w2 + j] = rng.normal() / Math.sqrt(s.hidden);
  return theta;
}

/** f(x) for one input row. */
export function mlpOutput(s: MlpShape, theta: Float64Array, x: ArrayLike<number>): number {
  const o = offsets(s);
  let f = theta[o.b2];
  for (let j = 0; j < s.hidden; j++) {
    let z = theta[o.b1 + j];
    for (let i = 0; i < s.inputs; i++) z += theta[o.w1 + j * s.inputs + i] * x[i];
    f += theta[o.w2 + j] * Math.tanh(z);
  }
  return f;
}

/** A teacher–student dataset: x ~ N(0, I), y = teacher(x) + noise·ε. */
export function teacherData(
  teacher: { shape: MlpShape; theta: Float64Array },
  samples: number,
  noise: number,
  rng: Rng,
): RegressionData {
  const n = teacher.shape.inputs;
  const x = new DenseMatrix(samples, n, rng.fillNormal(new Float64Array(samples * n)));
  const y = Float64Array.from(
    { length: samples },
    (_, m) => mlpOutput(teacher.shape, teacher.theta, x.row(m)) + noise * rng.normal(),
  );
  return { x, y };
}

/**
 * Full-batch loss L = (1/P)Σ ½r² and its gradient (without weight decay) into `grad`; the
 * per-sample gradient covariance trace is returned too when `withNoiseTrace` is set.
 */
export function fullBatchGradient(
  s: MlpShape,
  theta: Float64Array,
  data: RegressionData,
  grad: Float64Array,
  withNoiseTrace = false,
): { loss: number; noiseTrace: number } {
  const o = offsets(s);
  const p = data.x.rows, n = s.inputs, hn = s.hidden;
  const w1 = new DenseMatrix(hn, n, theta.subarray(o.w1, o.b1));
  const z = gemm(data.x, w1, { transB: true }); // P × hidden
  const h = z.data;
  for (let m = 0; m < p; m++) {
    for (let j = 0; j < hn; j++) h[m * hn + j] = Math.tanh(h[m * hn + j] + theta[o.b1 + j]);
  }
  const f = gemv(z, theta.subarray(o.w2, o.b2));
  let loss = 0, sumSquares = 0;
  const r = new Float64Array(p);
  grad.fill(0);
  const delta = new DenseMatrix(p, hn, new Float64Array(p * hn));
  for (let m = 0; m < p; m++) {
    r[m] = f[m] + theta[o.b2] - data.y[m];
    loss += (0.5 * r[m] * r[m]) / p;
    grad[o.b2] += r[m] / p;
    let hNorm = 0, backNorm = 0, xNorm = 1;
    for (let j = 0; j < hn; j++) {
      const hj = h[m * hn + j];
      const back = theta[o.w2 + j] * (1 - hj * hj);
      grad[o.w2 + j] += (r[m] * hj) / p;
      grad[o.b1 + j] += (r[m] * back) / p;
      delta.data[m * hn + j] = (r[m] * back) / p;
      if (withNoiseTrace) {
        hNorm += hj * hj;
        backNorm += back * back;
      }
    }
    if (withNoiseTrace) {
      for (let i = 0; i < n; i++) xNorm += data.x.data[m * n + i] ** 2;
      sumSquares += (r[m] * r[m] * (hNorm + 1 + backNorm * xNorm)) / p;
    }
  }
  const gw1 = gemm(delta, data.x, { transA: true }); // hidden × inputs
  grad.set(gw1.data, o.w1);
  let gradNorm = 0;
  for (let i = 0; i < grad.length; i++) gradNorm += grad[i] * grad[i];
  return { loss, noiseTrace: withNoiseTrace ? sumSquares - gradNorm : NaN };
}

/** The minibatch gradient (1/S)Σ_{μ∈B} ∇ℓ_μ into `grad` (no weight decay). */
export function minibatchGradient(
  s: MlpShape,
  theta: Float64Array,
  data: RegressionData,
  batch: ArrayLike<number>,
  grad: Float64Array,
  hidden: Float64Array = new Float64Array(s.hidden),
): void {
  const o = offsets(s);
  const n = s.inputs, hn = s.hidden, size = batch.length;
  grad.fill(0);
  for (let q = 0; q < size; q++) {
    const m = batch[q];
    const xo = m * n;
    let f = theta[o.b2];
    for (let j = 0; j < hn; j++) {
      let zj = theta[o.b1 + j];
      const wo = o.w1 + j * n;
      for (let i = 0; i < n; i++) zj += theta[wo + i] * data.x.data[xo + i];
      hidden[j] = Math.tanh(zj);
      f += theta[o.w2 + j] * hidden[j];
    }
    const r = (f - data.y[m]) / size;
    grad[o.b2] += r;
    for (let j = 0; j < hn; j++) {
      const hj = hidden[j];
      grad[o.w2 + j] += r * hj;
      const back = r * theta[o.w2 + j] * (1 - hj * hj);
      grad[o.b1 + j] += back;
      const wo = o.w1 + j * n;
      for (let i = 0; i < n; i++) grad[wo + i] += back * data.x.data[xo + i];
    }
  }
}
