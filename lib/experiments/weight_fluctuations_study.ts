/**
 * Notebook 06's experiments (Gross, Raulf & Räth, arXiv 2311.14120; Feng & Tu, PNAS 2021;
 * targets T06.1–T06.2): single-layer fluctuations
 * against the exact Lyapunov covariance, the noise–Hessian mismatch and broken detailed balance,
 * and the variance–flatness relation of a two-layer network's second layer against the
 * restricted-Lyapunov theory, its closed form and a single-layer control.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { fitLogLog, type LineFit } from "../linalg/line_fit.ts";
import { frobeniusDistance, frobeniusNorm } from "../linalg/norms.ts";
import { singularValues } from "../linalg/svd.ts";
import {
  type PrincipalComponents,
  principalComponents,
  trajectoryMoments,
} from "../linalg/sample_moments.ts";
import { alignHiddenUnits } from "../models/hidden_unit_alignment.ts";
import {
  initialTwoLayer,
  runSingleLayerSgd,
  runTwoLayerSgd,
} from "../models/linear_network_sgd.ts";
import { type LinearTeacherData, linearTeacherData } from "../models/linear_teacher.ts";
import { Rng } from "../random/rng.ts";
import { curvatureAlong, FENG_TU_FACTOR, quadraticFlatness } from "../theory/flatness.ts";
import { antisymmetricPart, lagOneAntisymmetry } from "../theory/probability_current.ts";
import {
  commutatorMeasure,
  continuumWeightCovariance,
  discreteWeightCovariance,
  noiseHessianMismatch,
  type PlainSgd,
  type SingleLayerMinimum,
  singleLayerMinimum,
  singleLayerQuadratic,
  traceIdentity,
} from "../theory/single_layer_fluctuations.ts";
import {
  covarianceBlock,
  restrictedCovariance,
  secondLayerClosedForm,
  secondLayerQuadratic,
} from "../theory/two_layer_fluctuations.ts";

/** The single-layer setting of T06.1. */
export const GROSS_SINGLE_LAYER = {
  inputs: 20,
  outputs: 1,
  labelNoise: 0.5,
  sgd: { learningRate: 0.05, batchSize: 5 } as PlainSgd,
  samples: [24, 30, 40, 60, 400, 4000] as readonly number[],
};

/** tr M. */
function trace(m: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + i];
  return s;
}

/** ‖A − B‖_F / ‖B‖_F. */
export function relativeError(a: DenseMatrix, b: DenseMatrix): number {
  return frobeniusDistance(a, b) / frobeniusNorm(b);
}

/** One PCA direction: its variance σ², the loss curvature κ = pᵀHp, the flatness F. */
export interface VarianceFlatnessPoint {
  variance: number;
  curvature: number;
  flatness: number;
}

/** σ_i², κ_i and F_i along the principal components of a quadratic loss (Feng & Tu 2021; lib/theory/flatness.ts). */
export function varianceFlatness(
  pca: PrincipalComponents,
  quadratic: { loss: number; gradient: Float64Array; hessian: DenseMatrix },
  factor = FENG_TU_FACTOR,
): { points: VarianceFlatnessPoint[]; fit: LineFit; curvatureFit: LineFit } {
  const n = pca.variances.length;
  const points = Array.from(pca.variances, (variance, i) => {
    const p = pca.directions.column(i);
    const curvature = curvatureAlong(quadratic.hessian, p);
    let slope = 0;
    for (let j = 0; j < n; j++) slope += p[j] * quadratic.gradient[j];
    const flatness = quadraticFlatness({ loss: quadratic.loss, slope, curvature }, factor);
    return { variance, curvature, flatness };
  });
  return {
    points,
    fit: fitLogLog(points.map((q) => q.flatness), points.map((q) => q.variance)),
    curvatureFit: fitLogLog(points.map((q) => q.curvature), points.map((q) => q.variance)),
  };
}

/** The T06.1 theory for one data set. */
export interface SingleLayerAnalysis {
  min: SingleLayerMinimum;
  continuum: DenseMatrix;
  discrete: DenseMatrix;
  /** tr Σ_w of the continuum solution and (η/(2B)) tr(H⁻¹C) */
  traceContinuum: number;
  traceIdentity: number;
  /** ‖C − σ̂²H‖/‖σ̂²H‖ */
  mismatch: number;
  /** ‖HΣ − ΣH‖/‖HΣ + ΣH‖ for the continuum Σ_w */
  commutator: number;
  /** cond(H) = h_max/h_min */
  hessianCondition: number;
  /** PCA of the exact discrete Σ_w, and the curvature along its directions */
  pca: PrincipalComponents;
  curvatures: Float64Array;
  /** max σ²/min σ², max κ/min κ, Pearson corr(log σ², log κ) */
  varianceSpread: number;
  curvatureSpread: number;
  curvatureCorrelation: number;
}

/** The single-layer objects (T06.1) for data (X, Y) at SGD setting `sgd`. */
export function singleLayerAnalysis(
  data: { x: DenseMatrix; y: DenseMatrix },
  sgd: PlainSgd,
): SingleLayerAnalysis {
  const min = singleLayerMinimum(data.x, data.y);
  const continuum = continuumWeightCovariance(min, sgd);
  const discrete = discreteWeightCovariance(data.x, min, sgd);
  const h = eigvalsh(min.hessian);
  const pca = principalComponents(discrete);
  const d = h.length;
  const curvatures = Float64Array.from(
    { length: d },
    (_, i) => curvatureAlong(min.hessian, pca.directions.column(i)),
  );
  const fit = fitLogLog(curvatures, pca.variances);
  return {
    min,
    continuum,
    discrete,
    traceContinuum: trace(continuum),
    traceIdentity: traceIdentity(min, sgd),
    mismatch: noiseHessianMismatch(min),
    commutator: commutatorMeasure(min.hessian, continuum),
    hessianCondition: h[d - 1] / h[0],
    pca,
    curvatures,
    varianceSpread: pca.variances[0] / pca.variances[d - 1],
    curvatureSpread: Math.max(...curvatures) / Math.min(...curvatures),
    curvatureCorrelation: fit.correlation,
  };
}

/** What a single-layer SGD run measures. */
export interface SingleLayerSimulation {
  covariance: DenseMatrix;
  /** E[w_{k+1}w_kᵀ] − E[w_k w_{k+1}ᵀ], simulated and exact (A Σ − Σ Aᵀ, A = I − ηH) */
  lagAntisymmetry: DenseMatrix;
  lagAntisymmetryTheory: DenseMatrix;
  /** ‖antisymmetric part‖ / ‖lag-1 covariance‖ */
  antisymmetricFraction: number;
  mean: Float64Array;
  trajectory: Float64Array;
  records: number;
}

/** Runs SGD from W* for `burnIn + steps` steps; statistics over every step after the burn-in. */
export function simulateSingleLayer(
  data: { x: DenseMatrix; y: DenseMatrix },
  analysis: SingleLayerAnalysis,
  sgd: PlainSgd,
  c: { burnIn: number; steps: number; every: number; seed: number },
): SingleLayerSimulation {
  const run = runSingleLayerSgd(data, sgd, {
    burnIn: c.burnIn,
    steps: c.steps,
    every: c.every,
    initial: analysis.min.weights,
  }, Rng.fromSeed(c.seed));
  const covariance = run.moments.covariance();
  const lag = run.moments.lagCovariance();
  const d = covariance.rows;
  const a = DenseMatrix.identity(d);
  for (let i = 0; i < d * d; i++) a.data[i] -= sgd.learningRate * analysis.min.hessian.data[i];
  const lagAntisymmetry = antisymmetricPart(lag, 2);
  return {
    covariance,
    lagAntisymmetry,
    lagAntisymmetryTheory: lagOneAntisymmetry(a, analysis.discrete),
    antisymmetricFraction: frobeniusNorm(lagAntisymmetry) / frobeniusNorm(lag),
    mean: run.moments.mean(),
    trajectory: run.trajectory,
    records: run.records,
  };
}

/** Eigenvalues of H = K and of C/σ̂² pooled over `draws` data sets of P samples (figure 1). */
export function pooledSpectra(
  setting: { inputs: number; labelNoise: number },
  samples: number,
  draws: number,
  seed: number,
): { hessian: number[]; noise: number[] } {
  const hessian: number[] = [], noise: number[] = [];
  for (let k = 0; k < draws; k++) {
    const data = linearTeacherData({
      inputs: setting.inputs,
      outputs: 1,
      samples,
      labelNoise: setting.labelNoise,
      seed: seed + k,
    });
    const min = singleLayerMinimum(data.x, data.y);
    hessian.push(...eigvalsh(min.hessian));
    const s2 = min.residualVariance;
    noise.push(...eigvalsh(min.noise).map((v) => v / s2));
  }
  return { hessian, noise };
}

/** The two-layer setting of T06.2. */
export interface TwoLayerSetting {
  inputs: number;
  hidden: number;
  outputs: number;
  samples: number;
  labelNoise: number;
  learningRate: number;
  batchSize: number;
  /** init N(0, initScale²/fan_in) */
  initScale: number;
  burnIn: number;
  steps: number;
  every: number;
  teacherSingularValues?: readonly number[];
}

export const GROSS_TWO_LAYER: TwoLayerSetting = {
  inputs: 20,
  hidden: 10,
  outputs: 1,
  samples: 400,
  labelNoise: 0.5,
  learningRate: 0.02,
  batchSize: 10,
  initScale: 0.5,
  burnIn: 50_000,
  steps: 300_000,
  every: 20,
};

/** The second-layer variance–flatness analysis of one frame (raw or aligned) or theory. */
export interface SecondLayerSpectrum {
  pca: PrincipalComponents;
  points: VarianceFlatnessPoint[];
  fit: LineFit;
}

/** Everything T06.2 measures for one seed. */
export interface TwoLayerStudy {
  setting: TwoLayerSetting;
  endToEnd: SingleLayerMinimum;
  /** ησ̂²/(2B) */
  varianceUnit: number;
  /** Feng & Tu's protocol on the raw weights: PCA of W₂ over the window, flatness with W₁ fixed */
  raw: SecondLayerSpectrum;
  /** the planned comparison of T06.2(c): restricted Lyapunov at the raw window mean, descending */
  rawTheoryVariances: Float64Array;
  /** the same after removing the hidden-unit rotation (lib/models/hidden_unit_alignment.ts) */
  aligned: SecondLayerSpectrum;
  /** restricted Lyapunov at the aligned mean, its directions and flatness */
  theory: SecondLayerSpectrum;
  /** restricted Lyapunov averaged over snapshots of the window (aligned), eigenvalues descending */
  quasiStaticVariances: Float64Array;
  /** the closed form s²/(s² + ‖a‖²)·ησ̂²/(2B) averaged over snapshots, descending (M = 1 only) */
  closedFormVariances: Float64Array | null;
  /** the single-layer network on the same data and SGD setting */
  control: SecondLayerSpectrum;
  /** singular values of W₁ and ‖W₂‖² along the window (the drift along the symmetry valley) */
  history: { step: number; singularValues: number[]; secondLayerNorm2: number }[];
}

function meanWeights(mean: Float64Array, s: TwoLayerSetting) {
  const size1 = s.hidden * s.inputs;
  return {
    w1: new DenseMatrix(s.hidden, s.inputs, mean.slice(0, size1)),
    w2: new DenseMatrix(s.outputs, s.hidden, mean.slice(size1)),
  };
}

function validateTwoLayer(s: TwoLayerSetting): void {
  if (s.hidden > s.inputs) {
    throw new RangeError(`two layer: K = ${s.hidden} > N = ${s.inputs} is not studied here`);
  }
  const parameters = s.hidden * (s.inputs + s.outputs);
  if (!(s.samples > s.inputs)) {
    throw new RangeError(
      `two layer: P = ${s.samples} ≤ N = ${s.inputs}: over-parameterised end to end, no ` +
        `stationary noise (T06.2 assumes P > N; here KN + MK = ${parameters})`,
    );
  }
  if (Math.floor(s.steps / s.every) < 4 * s.hidden * s.outputs) {
    throw new RangeError("two layer: too few recorded snapshots for the PCA of W₂");
  }
}

/** The data, its end-to-end minimum, the SGD setting and the run's generator for one seed. */
function twoLayerProblem(s: TwoLayerSetting, seed: number) {
  validateTwoLayer(s);
  const data: LinearTeacherData = linearTeacherData({
    inputs: s.inputs,
    outputs: s.outputs,
    samples: s.samples,
    labelNoise: s.labelNoise,
    teacherSingularValues: s.teacherSingularValues,
    seed,
  });
  return {
    data,
    endToEnd: singleLayerMinimum(data.x, data.y),
    sgd: { learningRate: s.learningRate, batchSize: s.batchSize },
    rng: Rng.fromSeed(seed, 12),
  };
}

/** Runs T06.2 for one seed; `onProgress(fraction)` is called during the SGD runs. */
export function twoLayerStudy(
  s: TwoLayerSetting,
  seed: number,
  onProgress?: (fraction: number) => void,
  factor = FENG_TU_FACTOR,
): TwoLayerStudy {
  const { data, endToEnd, sgd, rng } = twoLayerProblem(s, seed);
  const initial = initialTwoLayer(s, s.initScale, rng.stream(1));
  const run = runTwoLayerSgd(
    data,
    sgd,
    { burnIn: s.burnIn, steps: s.steps, every: s.every, initial },
    rng.stream(2),
    (done, total) => onProgress?.((0.8 * done) / total),
  );
  const d = run.parameters, size1 = s.hidden * s.inputs;
  const secondLayer = (
    trajectory: Float64Array,
    quadraticAt: (mean: Float64Array) => {
      loss: number;
      gradient: Float64Array;
      hessian: DenseMatrix;
    },
  ) => {
    const { mean, covariance } = trajectoryMoments(trajectory, d);
    const pca = principalComponents(covarianceBlock(covariance, size1, d));
    return { mean, spectrum: { pca, ...varianceFlatness(pca, quadraticAt(mean), factor) } };
  };
  const quadraticAt = (mean: Float64Array) =>
    secondLayerQuadratic(data.x, data.y, meanWeights(mean, s));
  const rawResult = secondLayer(run.trajectory, quadraticAt);
  const raw = rawResult.spectrum;
  const rawTheoryVariances = principalComponents(
    covarianceBlock(
      restrictedCovariance(meanWeights(rawResult.mean, s), endToEnd, sgd).covariance,
      size1,
      d,
    ),
  ).variances;
  const alignedTrajectory = alignHiddenUnits(run.trajectory, s);
  const alignedResult = secondLayer(alignedTrajectory, quadraticAt);
  const aligned = alignedResult.spectrum;
  // theory at the aligned mean
  const at = meanWeights(alignedResult.mean, s);
  const theoryCovariance = covarianceBlock(
    restrictedCovariance(at, endToEnd, sgd).covariance,
    size1,
    d,
  );
  const theoryPca = principalComponents(theoryCovariance);
  const theory = {
    pca: theoryPca,
    ...varianceFlatness(theoryPca, quadraticAt(alignedResult.mean), factor),
  };
  // quasi-static theory and closed form: averages over snapshots of the aligned window
  const snapshots = 40, md = s.outputs * s.hidden;
  const average = DenseMatrix.zeros(md, md);
  const closed = s.outputs === 1 ? new Float64Array(s.hidden) : null;
  const history: TwoLayerStudy["history"] = [];
  for (let j = 0; j < snapshots; j++) {
    const r = Math.floor(((j + 0.5) * run.records) / snapshots);
    const w = meanWeights(alignedTrajectory.subarray(r * d, (r + 1) * d), s);
    const block = covarianceBlock(restrictedCovariance(w, endToEnd, sgd).covariance, size1, d);
    for (let i = 0; i < md * md; i++) average.data[i] += block.data[i] / snapshots;
    if (closed) {
      const cf = secondLayerClosedForm(w.w1, w.w2.data, endToEnd.residualVariance, sgd);
      for (let k = 0; k < s.hidden; k++) closed[k] += cf.variances[k] / snapshots;
    }
    history.push({
      step: s.burnIn + (r + 1) * s.every,
      singularValues: Array.from(singularValues(w.w1)),
      secondLayerNorm2: w.w2.data.reduce((acc, v) => acc + v * v, 0),
    });
  }
  onProgress?.(0.85);
  // single-layer control on the same data
  const control1 = runSingleLayerSgd(data, sgd, {
    burnIn: s.burnIn,
    steps: s.steps,
    every: s.every,
    initial: endToEnd.weights,
    lag: false,
  }, rng.stream(3));
  const m1 = trajectoryMoments(control1.trajectory, control1.parameters);
  const pca1 = principalComponents(m1.covariance);
  const w1bar = new DenseMatrix(s.outputs, s.inputs, m1.mean);
  const control = {
    pca: pca1,
    ...varianceFlatness(pca1, singleLayerQuadratic(data.x, data.y, w1bar, endToEnd), factor),
  };
  onProgress?.(1);
  return {
    setting: s,
    endToEnd,
    varianceUnit: (s.learningRate * endToEnd.residualVariance) / (2 * s.batchSize),
    raw,
    rawTheoryVariances,
    aligned,
    theory,
    quasiStaticVariances: principalComponents(average).variances,
    closedFormVariances: closed,
    control,
    history,
  };
}

/** One window of a long two-layer run. */
export interface DriftWindow {
  /** SGD step at the window's end */
  step: number;
  /** singular values of W₁ at the window's last snapshot (rotation invariant), descending */
  singularValues: number[];
  /** ‖W₂‖² at the window's last snapshot */
  secondLayerNorm2: number;
  /** the raw-frame variance–flatness fit over the window */
  fit: LineFit;
  /** the smallest second-layer PCA variance over the window, in units of ησ̂²/(2B) */
  smallestVariance: number;
}

/**
 * A long run cut into `windows` equal windows after the burn-in: how the unused singular values
 * of W₁ decay (SGD noise drives the network along the symmetry valley toward the low-norm
 * solution, a second-order effect absent from the linear theory) and what that does to the
 * variance–flatness exponent measured in each window.
 */
export function valleyDrift(
  s: TwoLayerSetting,
  seed: number,
  windows: number,
  onProgress?: (fraction: number) => void,
  factor = FENG_TU_FACTOR,
): DriftWindow[] {
  const { data, endToEnd, sgd, rng } = twoLayerProblem(s, seed);
  const run = runTwoLayerSgd(
    data,
    sgd,
    {
      burnIn: s.burnIn,
      steps: s.steps,
      every: s.every,
      initial: initialTwoLayer(s, s.initScale, rng.stream(1)),
    },
    rng.stream(2),
    (done, total) => onProgress?.(done / total),
  );
  const d = run.parameters, size1 = s.hidden * s.inputs;
  const per = Math.floor(run.records / windows);
  if (per < 4 * s.hidden * s.outputs) throw new RangeError("valleyDrift: windows too short");
  const unit = (s.learningRate * endToEnd.residualVariance) / (2 * s.batchSize);
  return Array.from({ length: windows }, (_, w) => {
    const chunk = run.trajectory.subarray(w * per * d, (w + 1) * per * d);
    const { mean, covariance } = trajectoryMoments(chunk, d);
    const pca = principalComponents(covarianceBlock(covariance, size1, d));
    const { fit } = varianceFlatness(
      pca,
      secondLayerQuadratic(data.x, data.y, meanWeights(mean, s)),
      factor,
    );
    const last = meanWeights(chunk.subarray((per - 1) * d, per * d), s);
    return {
      step: s.burnIn + (w + 1) * per * s.every,
      singularValues: Array.from(singularValues(last.w1)),
      secondLayerNorm2: last.w2.data.reduce((acc, v) => acc + v * v, 0),
      fit,
      smallestVariance: pca.variances[pca.variances.length - 1] / unit,
    };
  });
}
