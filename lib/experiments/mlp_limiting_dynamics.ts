/**
 * Notebook 05's CPU mimic of Kunin et al.'s ResNet-18 measurements (T05.10): a tanh
 * MLP is pretrained to a minimum by full-batch momentum GD, then trained on with minibatch SGD
 * while the squared step, the loss, the per-sample gradient-noise trace and the displacement from
 * a checkpoint are recorded.
 */
import { FastNormals } from "../random/fast_normals.ts";
import { Rng } from "../random/rng.ts";
import {
  fullBatchGradient,
  initialMlpParameters,
  minibatchGradient,
  mlpParameterCount,
  type MlpShape,
  type RegressionData,
  teacherData,
} from "../models/tanh_mlp.ts";
import { assertStable, type SgdHyperparameters } from "../theory/sgd_momentum_moments.ts";
import { fitDiffusionExponent, localSlopes, logLags } from "../theory/anomalous_diffusion.ts";

/** The mimic's setting (T05.10). */
export interface MlpMimicConfig {
  inputs: number;
  hidden: number;
  teacherHidden: number;
  samples: number;
  labelNoise: number;
  pretrain: { steps: number; learningRate: number; momentum: number; weightDecay: number };
  /**
   * A second full-batch phase at a larger learning rate that brings ‖∇L_λ‖ below `tolerance`
   * (or stops after `maxSteps`): equipartition compares E[L_λ] with the minimum L_λ*, and after
   * the first phase alone L_λ is still 5·10⁻⁴ above it — comparable to the excess loss itself.
   */
  polish: { learningRate: number; maxSteps: number; tolerance: number };
  seed: number;
}

export const MLP_MIMIC: MlpMimicConfig = {
  inputs: 10,
  hidden: 32,
  teacherHidden: 16,
  samples: 2000,
  labelNoise: 0.3,
  pretrain: { steps: 20_000, learningRate: 0.05, momentum: 0.9, weightDecay: 1e-4 },
  polish: { learningRate: 0.5, maxSteps: 20_000, tolerance: 1e-5 },
  seed: 1,
};

/** A pretrained student with its data and regularised minimum loss L_λ*. */
export interface PretrainedMlp {
  shape: MlpShape;
  data: RegressionData;
  theta: Float64Array;
  /** L_λ = L + (λ/2)‖θ‖² at the end of pretraining */
  regularisedLoss: number;
  /** ‖∇L_λ‖ at the end of pretraining */
  gradientNorm: number;
  lossHistory: { step: number; loss: number }[];
}

/** Regularised loss L + (λ/2)‖θ‖². */
function regularised(loss: number, theta: Float64Array, lambda: number): number {
  let sq = 0;
  for (let i = 0; i < theta.length; i++) sq += theta[i] * theta[i];
  return loss + 0.5 * lambda * sq;
}

/** The teacher's data and the student's initial weights, all from `c.seed`. */
export function mlpProblem(
  c: MlpMimicConfig,
): { shape: MlpShape; data: RegressionData; initial: Float64Array } {
  const rng = Rng.fromSeed(c.seed);
  const teacherShape = { inputs: c.inputs, hidden: c.teacherHidden };
  const teacher = { shape: teacherShape, theta: initialMlpParameters(teacherShape, rng.stream(1)) };
  const data = teacherData(teacher, c.samples, c.labelNoise, rng.stream(2));
  const shape = { inputs: c.inputs, hidden: c.hidden };
  return { shape, data, initial: initialMlpParameters(shape, rng.stream(3)) };
}

/** A pretrained student rebuilt from stored weights (e.g. a cache) and the config's data. */
export function restorePretrained(c: MlpMimicConfig, theta: Float64Array): PretrainedMlp {
  const { shape, data } = mlpProblem(c);
  if (theta.length !== mlpParameterCount(shape)) {
    throw new RangeError(
      `stored MLP weights have ${theta.length} entries, expected ${mlpParameterCount(shape)}`,
    );
  }
  const grad = new Float64Array(theta.length);
  const loss = fullBatchGradient(shape, theta, data, grad).loss;
  let g2 = 0;
  for (let i = 0; i < theta.length; i++) g2 += (grad[i] + c.pretrain.weightDecay * theta[i]) ** 2;
  return {
    shape,
    data,
    theta,
    regularisedLoss: regularised(loss, theta, c.pretrain.weightDecay),
    gradientNorm: Math.sqrt(g2),
    lossHistory: [],
  };
}

/**
 * Draws the data and pretrains the student with full-batch GD + momentum (PyTorch convention),
 * then polishes the minimum at the larger learning rate.
 */
export function pretrainMlp(
  c: MlpMimicConfig,
  onProgress?: (done: number, total: number) => void,
): PretrainedMlp {
  const { shape, data, initial: theta } = mlpProblem(c);
  const { momentum: beta, weightDecay: lambda } = c.pretrain;
  const grad = new Float64Array(theta.length), b = new Float64Array(theta.length);
  const lossHistory: { step: number; loss: number }[] = [];
  const total = c.pretrain.steps + c.polish.maxSteps;
  let loss = 0, gradientNorm = Infinity;
  for (let k = 0; k <= total; k++) {
    loss = fullBatchGradient(shape, theta, data, grad).loss;
    let g2 = 0;
    for (let i = 0; i < theta.length; i++) g2 += (grad[i] + lambda * theta[i]) ** 2;
    gradientNorm = Math.sqrt(g2);
    if (k % 100 === 0) lossHistory.push({ step: k, loss });
    if (k === total || (k >= c.pretrain.steps && gradientNorm < c.polish.tolerance)) break;
    const eta = k < c.pretrain.steps ? c.pretrain.learningRate : c.polish.learningRate;
    for (let i = 0; i < theta.length; i++) {
      b[i] = beta * b[i] + grad[i] + lambda * theta[i];
      theta[i] -= eta * b[i];
    }
    if (onProgress && k % 1000 === 0) onProgress(k, total);
  }
  if (!Number.isFinite(loss)) throw new Error("MLP pretraining diverged; lower its learning rate");
  return {
    shape,
    data,
    theta,
    regularisedLoss: regularised(loss, theta, lambda),
    gradientNorm,
    lossHistory,
  };
}

/** What one SGD continuation measures. */
export interface MlpSgdMeasurement {
  /** E‖θ_{k+1} − θ_k‖² */
  meanSquaredStep: number;
  /** η² ⟨tr Σ_g⟩ / (S(1 − β²)), tr Σ_g from per-sample gradients at the current weights */
  stepLawPrediction: number;
  /** E[L_λ] − L_λ* */
  excessLoss: number;
  /** (1+β)/(4η) · E‖Δθ‖² */
  equipartitionPrediction: number;
  /** MSD from the checkpoint, ‖θ_{c+k} − θ_c‖², at `lags` */
  lags: number[];
  msd: number[];
  /** the time-averaged MSD at lags 1..smallLags */
  smallLagMsd: number[];
  /** OLS slope of log MSD on log k over the last half of the log-lag range */
  exponent: number;
}

/** Continues a pretrained MLP with minibatch SGD + momentum + weight decay and measures it. */
export function continueWithSgd(
  pre: PretrainedMlp,
  p: SgdHyperparameters,
  c: { burnIn: number; steps: number; traceEvery: number; lossEvery: number; smallLags: number },
  rng: Rng,
): MlpSgdMeasurement {
  assertStable(0, p);
  const { learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: s } = p;
  const d = pre.theta.length, samples = pre.data.x.rows;
  const theta = pre.theta.slice(), b = new Float64Array(d), g = new Float64Array(d);
  const full = new Float64Array(d), hidden = new Float64Array(pre.shape.hidden);
  const batch = new Int32Array(s);
  const uniforms = new FastNormals(rng);
  const lags = logLags(1, c.steps, 8);
  const lagIndex = new Map(lags.map((k, j) => [k, j]));
  const msd = new Array<number>(lags.length).fill(0);
  const ringSize = c.smallLags + 1;
  const ring = new Float64Array(ringSize * d);
  const small = new Array<number>(c.smallLags).fill(0);
  const smallCounts = new Array<number>(c.smallLags).fill(0);
  let checkpoint = theta;
  let stepSum = 0, lossSum = 0, lossCount = 0, traceSum = 0, traceCount = 0;
  for (let k = -c.burnIn; k < c.steps; k++) {
    if (k === 0) {
      checkpoint = theta.slice();
      ring.set(theta, 0);
    }
    if (k >= 0 && k % c.traceEvery === 0) {
      traceSum += fullBatchGradient(pre.shape, theta, pre.data, full, true).noiseTrace;
      traceCount++;
    }
    if (k >= 0 && k % c.lossEvery === 0) {
      lossSum += regularised(
        fullBatchGradient(pre.shape, theta, pre.data, full).loss,
        theta,
        lambda,
      );
      lossCount++;
    }
    for (let q = 0; q < s; q++) batch[q] = Math.floor(uniforms.uniform() * samples);
    minibatchGradient(pre.shape, theta, pre.data, batch, g, hidden);
    let step2 = 0;
    for (let i = 0; i < d; i++) {
      b[i] = beta * b[i] + g[i] + lambda * theta[i];
      const delta = eta * b[i];
      theta[i] -= delta;
      step2 += delta * delta;
    }
    if (k < 0) continue;
    stepSum += step2;
    const step = k + 1; // steps since the checkpoint
    const j = lagIndex.get(step);
    if (j !== undefined) {
      let sq = 0;
      for (let i = 0; i < d; i++) sq += (theta[i] - checkpoint[i]) ** 2;
      msd[j] = sq;
    }
    const slot = step % ringSize;
    ring.set(theta, slot * d);
    for (let lag = 1; lag <= c.smallLags && lag <= step; lag++) {
      const o = ((step - lag) % ringSize) * d;
      let sq = 0;
      for (let i = 0; i < d; i++) sq += (theta[i] - ring[o + i]) ** 2;
      small[lag - 1] += sq;
      smallCounts[lag - 1]++;
    }
  }
  if (!theta.every(Number.isFinite)) throw new Error("MLP SGD diverged; lower η");
  const meanSquaredStep = stepSum / c.steps;
  const kMin = Math.sqrt(c.steps);
  return {
    meanSquaredStep,
    stepLawPrediction: (eta * eta * (traceSum / traceCount)) / (s * (1 - beta * beta)),
    excessLoss: lossSum / lossCount - pre.regularisedLoss,
    equipartitionPrediction: ((1 + beta) / (4 * eta)) * meanSquaredStep,
    lags,
    msd,
    smallLagMsd: small.map((v, i) => v / smallCounts[i]),
    exponent: fitDiffusionExponent(lags, msd, kMin, c.steps),
  };
}

/** Local slopes of the time-averaged small-lag MSD (lags 1..n). */
export function smallLagSlopes(smallLagMsd: readonly number[]): { lag: number; slope: number }[] {
  return localSlopes(smallLagMsd.map((_, i) => i + 1), smallLagMsd);
}
