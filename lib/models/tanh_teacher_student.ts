/**
 * The tanh teacher–student network of Park, Lucini & Aarts (arXiv 2509.01349, §2; their code
 * `generate.py`): x ∈ ℝ³ → s⁰ = tanh(Mx) ∈ ℝ³² → s = tanh(W s⁰) ∈ ℝ¹⁶ → ŷ = Z s, with only the middle
 * matrix W (16 × 32) trained by plain SGD over fixed contiguous batches of |B| = 4.
 *
 *   teacher:   y = Z tanh(W_t s⁰),  W_t ~ N(0, 1/32), M ~ N(0, 1/3), Z ~ N(0, 1/16)
 *   student:   W(0) = σ_W G/√32 with G a standard normal 16 × 32 matrix
 *   loss:      L = ½ mean_n (y_n − ŷ_n)²
 *   gradient:  ∂L/∂W = −mean_n [(y_n − ŷ_n) Z ⊙ (1 − s_n²)] s⁰_nᵀ
 *   SGD:       W ← W − ε ∇L_B over the batches b = 0…n_b − 1, in the same order every epoch
 *
 * Written by hand: the network is 512 trained weights and one SGD step is ~4·10³ multiply–adds;
 * a BLAS call per step would cost more than the step itself. The step is fused (forward, residual
 * and update in two passes over W, no allocation), so one step takes a few microseconds.
 */
import type { Rng } from "../random/rng.ts";

/** Layer sizes of the network (Park, Lucini & Aarts: K = 16, r = 2, L = K·r = 32). */
export const TANH_TEACHER_STUDENT = {
  /** input dimension */
  inputs: 3,
  /** width L of the fixed first layer */
  features: 32,
  /** width K of the trained layer (the "spins") */
  spins: 16,
  /** batch size |B| */
  batchSize: 4,
  /** batches per epoch n_b (N = |B|·n_b = 4000 samples) */
  batches: 1000,
} as const;

const D = TANH_TEACHER_STUDENT.inputs;
const L = TANH_TEACHER_STUDENT.features;
const K = TANH_TEACHER_STUDENT.spins;

/** One realisation of the quenched disorder: the fixed layers, the teacher, the data and G. */
export interface TanhTeacherStudent {
  /** fixed first layer M (32 × 3, row-major) */
  first: Float64Array;
  /** fixed read-out Z (16) */
  readout: Float64Array;
  /** teacher's middle matrix W_t (16 × 32, row-major) */
  teacher: Float64Array;
  /** the unit-normal matrix G of the student's initialisation W(0) = σ_W G/√32 (16 × 32) */
  unitInit: Float64Array;
  /** samples N */
  samples: number;
  /** features s⁰ = tanh(Mx) of every sample (N × 32, row-major) */
  features: Float64Array;
  /** labels y = Z tanh(W_t s⁰) (N) */
  labels: Float64Array;
}

/** Features s⁰ = tanh(Mx) of the rows of `x` (count × 3). */
export function featuresOf(first: Float64Array, x: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * L);
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < L; j++) {
      let a = 0;
      for (let d = 0; d < D; d++) a += first[j * D + d] * x[n * D + d];
      out[n * L + j] = Math.tanh(a);
    }
  }
  return out;
}

/** Spins s_n = tanh(W s⁰_n) of `count` feature rows (count × 16, row-major). */
export function spinsOf(w: Float64Array, features: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * K);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < K; i++) {
      let a = 0;
      for (let j = 0; j < L; j++) a += w[i * L + j] * features[n * L + j];
      out[n * K + i] = Math.tanh(a);
    }
  }
  return out;
}

/** Network outputs Z tanh(W s⁰_n) for `count` feature rows. */
export function outputsOf(
  w: Float64Array,
  readout: Float64Array,
  features: Float64Array,
  count: number,
): Float64Array {
  const spins = spinsOf(w, features, count);
  const out = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    let y = 0;
    for (let i = 0; i < K; i++) y += readout[i] * spins[n * K + i];
    out[n] = y;
  }
  return out;
}

/**
 * Draws one realisation from `rng`: M, Z, W_t, G and N = |B|·n_b samples x ~ N(0, I₃), in that
 * order. The same realisation serves every grid point (common random numbers).
 */
export function drawTanhTeacherStudent(
  rng: Rng,
  samples: number = TANH_TEACHER_STUDENT.batchSize * TANH_TEACHER_STUDENT.batches,
): TanhTeacherStudent {
  if (!Number.isSafeInteger(samples) || samples < 4 || samples % 4 !== 0) {
    throw new RangeError(`samples must be a positive multiple of the batch size 4, got ${samples}`);
  }
  const first = rng.fillNormal(new Float64Array(L * D), 0, 1 / Math.sqrt(D));
  const readout = rng.fillNormal(new Float64Array(K), 0, 1 / Math.sqrt(K));
  const teacher = rng.fillNormal(new Float64Array(K * L), 0, 1 / Math.sqrt(L));
  const unitInit = rng.fillNormal(new Float64Array(K * L));
  const x = rng.fillNormal(new Float64Array(samples * D));
  const features = featuresOf(first, x, samples);
  const labels = outputsOf(teacher, readout, features, samples);
  return { first, readout, teacher, unitInit, samples, features, labels };
}

/** The student's initial matrix W(0) = σ_W G/√32. */
export function initialStudent(net: TanhTeacherStudent, sigmaW: number): Float64Array {
  if (!(sigmaW > 0) || !Number.isFinite(sigmaW)) {
    throw new RangeError(`σ_W (sigmaW) must be a positive finite number, got ${sigmaW}`);
  }
  const scale = sigmaW / Math.sqrt(L);
  return net.unitInit.map((g) => scale * g);
}

/**
 * Loss ½ mean (y − ŷ)² over samples [from, from + count) and, when `gradient` is given, its exact
 * gradient ∂L/∂W written into it (16 × 32).
 */
export function lossAndGradient(
  w: Float64Array,
  net: TanhTeacherStudent,
  from: number,
  count: number,
  gradient?: Float64Array,
): number {
  if (gradient) gradient.fill(0);
  const { features, labels, readout } = net;
  const spins = new Float64Array(K);
  let loss = 0;
  for (let n = from; n < from + count; n++) {
    let y = 0;
    for (let i = 0; i < K; i++) {
      let a = 0;
      for (let j = 0; j < L; j++) a += w[i * L + j] * features[n * L + j];
      spins[i] = Math.tanh(a);
      y += readout[i] * spins[i];
    }
    const r = labels[n] - y;
    loss += 0.5 * r * r;
    if (gradient) {
      for (let i = 0; i < K; i++) {
        const d = -r * readout[i] * (1 - spins[i] * spins[i]) / count;
        for (let j = 0; j < L; j++) gradient[i * L + j] += d * features[n * L + j];
      }
    }
  }
  return loss / count;
}

/** Scratch space of `sgdEpoch` (allocated once per realisation). */
export interface SgdScratch {
  spins: Float64Array;
  delta: Float64Array;
  /** the largest pre-update batch loss of the last epoch (the authors' guard stops at 100) */
  maxBatchLoss: number;
}

/** Scratch space for `sgdEpoch`. */
export function sgdScratch(): SgdScratch {
  return { spins: new Float64Array(4 * K), delta: new Float64Array(4 * K), maxBatchLoss: 0 };
}

/**
 * One epoch of plain SGD with batch size 4 over the contiguous batches 0…N/4 − 1, updating `w` in
 * place: W ← W − ε ∇L_B. Returns the mean of the epoch's pre-update batch losses; when
 * `meanGradient` is given, it receives the mean of the epoch's batch gradients (the paper's dW).
 *
 * The four samples of a batch are unrolled: each weight is read once per pass for all four.
 */
export function sgdEpoch(
  w: Float64Array,
  net: TanhTeacherStudent,
  learningRate: number,
  scratch: SgdScratch,
  meanGradient?: Float64Array,
): number {
  const { features: f, labels, readout } = net;
  const { spins, delta } = scratch;
  const batches = net.samples >> 2;
  const step = learningRate / 4;
  if (meanGradient) meanGradient.fill(0);
  let lossSum = 0;
  let maxLoss = 0;
  for (let b = 0; b < batches; b++) {
    const o0 = 4 * b * L, o1 = o0 + L, o2 = o1 + L, o3 = o2 + L;
    let y0 = 0, y1 = 0, y2 = 0, y3 = 0;
    for (let i = 0; i < K; i++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      const row = i * L;
      for (let j = 0; j < L; j++) {
        const wij = w[row + j];
        a0 += wij * f[o0 + j];
        a1 += wij * f[o1 + j];
        a2 += wij * f[o2 + j];
        a3 += wij * f[o3 + j];
      }
      const s0 = Math.tanh(a0), s1 = Math.tanh(a1), s2 = Math.tanh(a2), s3 = Math.tanh(a3);
      spins[4 * i] = s0;
      spins[4 * i + 1] = s1;
      spins[4 * i + 2] = s2;
      spins[4 * i + 3] = s3;
      const z = readout[i];
      y0 += z * s0;
      y1 += z * s1;
      y2 += z * s2;
      y3 += z * s3;
    }
    const r0 = labels[4 * b] - y0, r1 = labels[4 * b + 1] - y1;
    const r2 = labels[4 * b + 2] - y2, r3 = labels[4 * b + 3] - y3;
    const batchLoss = 0.125 * (r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3);
    lossSum += batchLoss;
    if (batchLoss > maxLoss) maxLoss = batchLoss;
    for (let i = 0; i < K; i++) {
      // −∂L_B/∂(W s⁰)_ni = r_n Z_i (1 − s_ni²)/4, times ε
      const z = readout[i] * step;
      const k = 4 * i;
      delta[k] = z * r0 * (1 - spins[k] * spins[k]);
      delta[k + 1] = z * r1 * (1 - spins[k + 1] * spins[k + 1]);
      delta[k + 2] = z * r2 * (1 - spins[k + 2] * spins[k + 2]);
      delta[k + 3] = z * r3 * (1 - spins[k + 3] * spins[k + 3]);
    }
    if (meanGradient) {
      const scale = -1 / (learningRate * batches);
      for (let i = 0; i < K; i++) {
        const d0 = delta[4 * i], d1 = delta[4 * i + 1], d2 = delta[4 * i + 2];
        const d3 = delta[4 * i + 3];
        const row = i * L;
        for (let j = 0; j < L; j++) {
          meanGradient[row + j] += scale *
            (d0 * f[o0 + j] + d1 * f[o1 + j] + d2 * f[o2 + j] + d3 * f[o3 + j]);
        }
      }
    }
    for (let i = 0; i < K; i++) {
      const d0 = delta[4 * i], d1 = delta[4 * i + 1], d2 = delta[4 * i + 2];
      const d3 = delta[4 * i + 3];
      const row = i * L;
      for (let j = 0; j < L; j++) {
        w[row + j] += d0 * f[o0 + j] + d1 * f[o1 + j] + d2 * f[o2 + j] + d3 * f[o3 + j];
      }
    }
  }
  scratch.maxBatchLoss = maxLoss;
  return lossSum / batches;
}
