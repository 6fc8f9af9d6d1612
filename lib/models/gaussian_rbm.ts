/**
 * The Gaussian–Gaussian RBM trained by persistent contrastive divergence, vectorised over many
 * independent realisations (Aarts, Lucini & Park, arXiv 2411.13512; release
 * `src/check_mp_scalar.py`, package `SRBM`).
 *
 * Conditionals (action S = μ²φ·φ/2 + h·h/(2σ_h²) − φᵀWᵀh): h|φ ~ N(σ_h² Wφ, σ_h²) and
 * φ|h ~ N(Wᵀh/μ², 1/μ²). Each step: the |B| persistent chains (started at φ = 1) advance by
 * h ~ p(h|φ) followed by three sweeps φ ~ p(φ|h), h ~ p(h|φ) — the last h of a step is never used
 * (the chain state is φ), so it is not drawn — and then
 *
 *   W ← W + η [ W K⁻¹ − W Ĉ_B ],   Ĉ_B = (1/|B|) Σ_b φ_b φ_bᵀ,
 *
 * with the exact positive phase ⟨φφᵀ⟩_data = K⁻¹. Initial W_ij ~ N(0, initStd²).
 *
 * Collapsed sampler [derived here]: one sweep is φ' = Aφ + ε with A = (σ_h²/μ²) X, X = WᵀW, and
 * Cov ε = Q = (σ_h²/μ⁴) X + I/μ² (h integrated out exactly). A and Q are functions of X and commute,
 * so k sweeps give φ_k = A^k φ₀ + N(0, Q Σ_{m<k} A^{2m}) — the same law as the explicit Gibbs chain
 * for the φ it keeps, from 10 normals per chain instead of 60. The hot loop
 * works on contiguous Float64Arrays (realisation r's W at r·N_h·N_v, its chains after it) and draws
 * normals in bulk from FastNormals; no objects are created per realisation or step.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { inverse } from "../linalg/solve.ts";
import { FastNormals } from "../random/fast_normals.ts";
import { Rng } from "../random/rng.ts";

/** Settings of one training run of many realisations. */
export interface RbmTrainingConfig {
  /** target kernel K (N_v × N_v, symmetric positive definite), row-major */
  kernel: Float64Array;
  nVisible: number;
  nHidden: number;
  /** μ² (9 in the paper) */
  mu2: number;
  /** σ_h² (1 in the paper) */
  sigmaH2: number;
  /** learning rate η > 0 */
  learningRate: number;
  /** number of persistent chains |B| */
  chains: number;
  /** Gibbs sweeps per update (3 in the paper) */
  gibbsSweeps: number;
  /** independent realisations */
  realisations: number;
  /** std of the initial W entries (0.1 in the paper) */
  initStd: number;
  /** total SGD steps */
  steps: number;
  /** steps (ascending, 0 allowed) at which the eigenvalues of X = WᵀW are recorded */
  record: number[];
  seed: number;
  /** sub-stream key (e.g. setting and chunk), default [] */
  stream?: number[];
  /**
   * optional orthonormal basis (N_v × N_v, columns v_k): also record the diagonal v_kᵀ X v_k of
   * X in this basis (e.g. the target kernel's eigenvectors, to follow each mode's flow)
   */
  projectOnto?: Float64Array;
  /** optional initial W (N_h × N_v, the same for every realisation) instead of the random one */
  initialW?: Float64Array;
  /**
   * "collapsed" (default): the k-sweep transition of φ drawn in one Gaussian step (exact, see
   * below); "gibbs": the explicit alternation of h and φ draws, as in the authors' code.
   */
  sampler?: "collapsed" | "gibbs";
}

/** Recorded spectra: per record step, per realisation, the N_v ascending eigenvalues of WᵀW. */
export interface RbmTrainingResult {
  recordSteps: number[];
  /** recordSteps.length × realisations × N_v */
  eigenvalues: Float64Array;
  /** the final weights, realisations × N_h × N_v */
  weights: Float64Array;
  /** with `projectOnto`: recordSteps.length × realisations × N_v values v_kᵀ X v_k */
  projections?: Float64Array;
}

/** Throws a clear error for parameters outside the model's range. */
export function validateRbm(c: RbmTrainingConfig): void {
  const positiveInteger = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`RBM: ${name} must be a positive integer, got ${v}`);
    }
  };
  positiveInteger("nVisible", c.nVisible);
  positiveInteger("nHidden", c.nHidden);
  positiveInteger("chains |B|", c.chains);
  positiveInteger("gibbsSweeps", c.gibbsSweeps);
  positiveInteger("realisations", c.realisations);
  if (!Number.isInteger(c.steps) || c.steps < 0) {
    throw new RangeError(`RBM: steps must be ≥ 0, got ${c.steps}`);
  }
  if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) {
    throw new RangeError(`RBM: learning rate η must be finite and > 0, got ${c.learningRate}`);
  }
  if (!(c.mu2 > 0) || !(c.sigmaH2 > 0)) throw new RangeError(`RBM: μ² and σ_h² must be > 0`);
  if (c.kernel.length !== c.nVisible * c.nVisible) {
    throw new RangeError(
      `RBM: kernel must be ${c.nVisible}×${c.nVisible}, got ${c.kernel.length} entries`,
    );
  }
  validateKernel(c.kernel, c.nVisible);
  for (let i = 1; i < c.record.length; i++) {
    if (!(c.record[i] > c.record[i - 1])) throw new RangeError("RBM: record steps must increase");
  }
  if (c.record.some((s) => !Number.isInteger(s) || s < 0 || s > c.steps)) {
    throw new RangeError(`RBM: record steps must be integers in [0, ${c.steps}]`);
  }
}

/** The collapsed sampler's covariance lost positive definiteness (reported with its step). */
class NotPositiveDefinite extends Error {}

/** The target kernel must be finite, symmetric and positive definite (the Gaussian RBM's K). */
function validateKernel(kernel: ArrayLike<number>, n: number): void {
  let scale = 0;
  for (let i = 0; i < kernel.length; i++) {
    if (!Number.isFinite(kernel[i])) {
      throw new RangeError(`RBM: kernel entry (${Math.floor(i / n)}, ${i % n}) is ${kernel[i]}`);
    }
    scale = Math.max(scale, Math.abs(kernel[i]));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(kernel[i * n + j] - kernel[j * n + i]) > 1e-12 * scale) {
        throw new RangeError(
          `RBM: kernel must be symmetric, but K(${i}, ${j}) = ${kernel[i * n + j]} ≠ ` +
            `K(${j}, ${i}) = ${kernel[j * n + i]}`,
        );
      }
    }
  }
  const smallest = eigvalsh(new DenseMatrix(n, n, Float64Array.from(kernel)))[0];
  if (!(smallest > 0)) {
    throw new RangeError(
      `RBM: kernel must be positive definite, but its smallest eigenvalue is ${smallest}`,
    );
  }
}

/** The initial weights of every realisation (realisations × N_h × N_v), as training starts. */
export function initialRbmWeights(c: RbmTrainingConfig): Float64Array {
  const { nHidden: nh, nVisible: nv, realisations: R } = c;
  const w = Rng.fromSeed(c.seed, ...(c.stream ?? []), 0).fillNormal(
    new Float64Array(R * nh * nv),
    0,
    c.initStd,
  );
  if (c.initialW) {
    if (c.initialW.length !== nh * nv) {
      throw new RangeError(`RBM: initialW must have ${nh * nv} entries`);
    }
    for (let r = 0; r < R; r++) w.set(c.initialW, r * nh * nv);
  }
  return w;
}

/**
 * Everything one training run updates in place: the weights of every realisation, the persistent
 * chains, the normals and the scratch buffers of one realisation's step (allocated once per run).
 */
interface TrainingState {
  c: RbmTrainingConfig;
  nv: number;
  nh: number;
  chains: number;
  /** realisations × N_h × N_v weights */
  w: Float64Array;
  /** realisations × chains × N_v persistent visible states */
  phi: Float64Array;
  normals: FastNormals;
  kInverse: Float64Array;
  /** Wᵀ of the current realisation */
  wt: Float64Array;
  /** the batch covariance Ĉ_B (upper triangle) of the current realisation */
  cov: Float64Array;
  /** normals of the explicit sampler (chains × draws per chain) and of the collapsed one */
  z: Float64Array;
  zc: Float64Array;
  h: Float64Array;
  next: Float64Array;
  d: Float64Array;
  g: Float64Array;
  coefficients: CollapsedCoefficients;
  workspace: CollapsedWorkspace;
}

function trainingState(c: RbmTrainingConfig): TrainingState {
  const nv = c.nVisible, nh = c.nHidden, chains = c.chains, R = c.realisations;
  const key = c.stream ?? [];
  const square = () => new Float64Array(nv * nv);
  const perChain = nh + c.gibbsSweeps * nv + (c.gibbsSweeps - 1) * nh;
  return {
    c,
    nv,
    nh,
    chains,
    w: initialRbmWeights(c),
    phi: new Float64Array(R * chains * nv).fill(1),
    normals: new FastNormals(Rng.fromSeed(c.seed, ...key, 1)),
    kInverse: inverse(new DenseMatrix(nv, nv, c.kernel)).data,
    wt: new Float64Array(nv * nh),
    cov: square(),
    z: new Float64Array(chains * perChain),
    zc: new Float64Array(chains * nv),
    h: new Float64Array(nh),
    next: new Float64Array(nv),
    d: square(),
    g: new Float64Array(nh * nv),
    coefficients: {
      c1: c.sigmaH2 / c.mu2,
      c2: c.sigmaH2 / (c.mu2 * c.mu2),
      c3: 1 / c.mu2,
      sweeps: c.gibbsSweeps,
    },
    workspace: {
      x: square(),
      ak: square(),
      a2: square(),
      sum: square(),
      q: square(),
      cholesky: square(),
      tmp: square(),
    },
  };
}

/**
 * Collapsed sampler: every chain of realisation r moves k sweeps at once, φ ← A^k φ + L z, and its
 * outer products accumulate into Ĉ_B. Throws NotPositiveDefinite when L does not exist.
 */
function collapsedChains(s: TrainingState, r: number): void {
  const { nv, nh, chains, phi, zc, next } = s;
  const { ak, cholesky } = s.workspace;
  collapsedTransition({ w: s.w, offset: r * nh * nv, nh, nv }, s.coefficients, s.workspace);
  s.normals.fill(zc);
  for (let b = 0; b < chains; b++) {
    const po = (r * chains + b) * nv;
    for (let a = 0; a < nv; a++) {
      let sum = 0;
      for (let j = 0; j < nv; j++) sum += ak[a * nv + j] * phi[po + j];
      for (let j = 0; j <= a; j++) sum += cholesky[a * nv + j] * zc[b * nv + j];
      next[a] = sum;
    }
    for (let a = 0; a < nv; a++) phi[po + a] = next[a];
    accumulateCovariance(s, po);
  }
}

/** Explicit block Gibbs: h ~ N(σ_h² Wφ, σ_h²), φ ~ N(Wᵀh/μ², 1/μ²), k sweeps per chain. */
function explicitChains(s: TrainingState, r: number): void {
  const { nv, nh, chains, phi, z, h, w, wt } = s;
  const wo = r * nh * nv;
  const sweeps = s.c.gibbsSweeps, sigmaH2 = s.c.sigmaH2, inverseMu2 = 1 / s.c.mu2;
  const sigmaH = Math.sqrt(sigmaH2), sigmaPhi = 1 / Math.sqrt(s.c.mu2);
  s.normals.fill(z);
  let zi = 0;
  for (let b = 0; b < chains; b++) {
    const po = (r * chains + b) * nv;
    for (let sweep = 0; sweep < sweeps; sweep++) {
      // h ~ N(σ_h² W φ, σ_h²)
      for (let i = 0; i < nh; i++) {
        let sum = 0;
        const row = wo + i * nv;
        for (let j = 0; j < nv; j++) sum += w[row + j] * phi[po + j];
        h[i] = sigmaH2 * sum + sigmaH * z[zi++];
      }
      // φ ~ N(Wᵀh/μ², 1/μ²)
      for (let j = 0; j < nv; j++) {
        let sum = 0;
        const row = j * nh;
        for (let i = 0; i < nh; i++) sum += wt[row + i] * h[i];
        phi[po + j] = sum * inverseMu2 + sigmaPhi * z[zi++];
      }
    }
    accumulateCovariance(s, po);
  }
}

/** Adds chain `po`'s outer product φφᵀ/|B| to the batch covariance Ĉ_B (upper triangle). */
function accumulateCovariance(s: TrainingState, po: number): void {
  const { nv, phi, cov } = s;
  const invB = 1 / s.chains;
  for (let a = 0; a < nv; a++) {
    const pa = phi[po + a] * invB;
    for (let bb = a; bb < nv; bb++) cov[a * nv + bb] += pa * phi[po + bb];
  }
}

/** The likelihood ascent of realisation r: D = K⁻¹ − Ĉ_B (symmetric), G = W D, W += η G. */
function ascend(s: TrainingState, r: number): void {
  const { nv, nh, kInverse, cov, d, g, wt, w } = s;
  const wo = r * nh * nv;
  for (let a = 0; a < nv; a++) {
    for (let bb = a; bb < nv; bb++) {
      const v = kInverse[a * nv + bb] - cov[a * nv + bb];
      d[a * nv + bb] = v;
      d[bb * nv + a] = v;
    }
  }
  for (let i = 0; i < nh; i++) {
    for (let bb = 0; bb < nv; bb++) {
      let sum = 0;
      for (let a = 0; a < nv; a++) sum += wt[a * nh + i] * d[a * nv + bb];
      g[i * nv + bb] = sum;
    }
  }
  const alpha = s.c.learningRate;
  for (let k = 0; k < nh * nv; k++) w[wo + k] += alpha * g[k];
}

/** The recorder: eigenvalues of X = WᵀW (and optional projections) per record step. */
function spectrumRecorder(s: TrainingState) {
  const { c, nv, nh } = s;
  const R = c.realisations;
  const recordSteps = c.record.slice();
  const eigenvalues = new Float64Array(recordSteps.length * R * nv);
  const basis = c.projectOnto;
  const projections = basis ? new Float64Array(recordSteps.length * R * nv) : undefined;
  let recordIndex = 0;
  const record = () => {
    const x = DenseMatrix.zeros(nv, nv);
    for (let r = 0; r < R; r++) {
      gramMatrix(s.w, r * nh * nv, nh, nv, x.data);
      if (basis && projections) {
        for (let k = 0; k < nv; k++) {
          let sum = 0;
          for (let a = 0; a < nv; a++) {
            let xa = 0;
            for (let b = 0; b < nv; b++) xa += x.data[a * nv + b] * basis[b * nv + k];
            sum += basis[a * nv + k] * xa;
          }
          projections[(recordIndex * R + r) * nv + k] = sum;
        }
      }
      eigenvalues.set(eigvalsh(x), (recordIndex * R + r) * nv);
    }
    recordIndex++;
  };
  return {
    /** records when `step` is the next record step */
    at(step: number) {
      if (recordIndex < recordSteps.length && recordSteps[recordIndex] === step) record();
    },
    result: () => ({ recordSteps, eigenvalues, projections }),
  };
}

/** Trains every realisation; `onProgress(step)` is called every 1000 steps. */
export function trainGaussianRbm(
  c: RbmTrainingConfig,
  onProgress?: (step: number) => void,
): RbmTrainingResult {
  validateRbm(c);
  const s = trainingState(c);
  const { nv, nh, w, wt, cov } = s;
  const diverged = (step: number, what: string) =>
    new RangeError(
      `RBM training diverged at step ${step}: ${what} (η = ${c.learningRate}, |B| = ${c.chains}; ` +
        `a smaller learning rate or more chains keeps it stable)`,
    );
  const recorder = spectrumRecorder(s);
  recorder.at(0);
  const collapsed = (c.sampler ?? "collapsed") === "collapsed";
  for (let step = 1; step <= c.steps; step++) {
    for (let r = 0; r < c.realisations; r++) {
      const wo = r * nh * nv;
      for (let i = 0; i < nh; i++) for (let j = 0; j < nv; j++) wt[j * nh + i] = w[wo + i * nv + j];
      cov.fill(0);
      if (collapsed) {
        try {
          collapsedChains(s, r);
        } catch (error) {
          if (!(error instanceof NotPositiveDefinite)) throw error;
          throw diverged(step, "the Gibbs transition covariance lost positive definiteness");
        }
      } else {
        explicitChains(s, r);
      }
      ascend(s, r);
    }
    const bad = w.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw diverged(step, `weight ${bad} is ${w[bad]}`);
    recorder.at(step);
    if (onProgress && step % 1000 === 0) onProgress(step);
  }
  return { ...recorder.result(), weights: w };
}

/** X = WᵀW (N_v × N_v, symmetric) of the realisation whose N_h × N_v weights start at `offset`. */
function gramMatrix(
  w: Float64Array,
  offset: number,
  nh: number,
  nv: number,
  out: Float64Array,
): void {
  out.fill(0);
  for (let i = 0; i < nh; i++) {
    for (let a = 0; a < nv; a++) {
      const wia = w[offset + i * nv + a];
      for (let b = a; b < nv; b++) out[a * nv + b] += wia * w[offset + i * nv + b];
    }
  }
  for (let a = 0; a < nv; a++) for (let b = 0; b < a; b++) out[a * nv + b] = out[b * nv + a];
}

/** out = a·b for n×n row-major matrices. */
function multiply(a: Float64Array, b: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      out[i * n + j] = s;
    }
  }
}

/** The coefficients of the collapsed transition: A = c₁X, Q = c₂X + c₃I, over k sweeps. */
interface CollapsedCoefficients {
  c1: number;
  c2: number;
  c3: number;
  sweeps: number;
}

/** Scratch N_v × N_v matrices of the collapsed transition, allocated once per training run. */
interface CollapsedWorkspace {
  x: Float64Array;
  ak: Float64Array;
  a2: Float64Array;
  sum: Float64Array;
  q: Float64Array;
  cholesky: Float64Array;
  tmp: Float64Array;
}

/**
 * The k-sweep transition φ_k = A^k φ₀ + L z of the collapsed sampler: writes A^k into `ak` and the
 * lower Cholesky factor of Q Σ_{m<k} A^{2m} into `cholesky` (A = c₁X, Q = c₂X + c₃I, X = WᵀW).
 */
function collapsedTransition(
  weights: { w: Float64Array; offset: number; nh: number; nv: number },
  k: CollapsedCoefficients,
  workspace: CollapsedWorkspace,
): void {
  const { w, offset: wo, nh, nv } = weights;
  const { c1, c2, c3, sweeps } = k;
  const { x, ak, a2, sum, q, cholesky, tmp } = workspace;
  gramMatrix(w, wo, nh, nv, x);
  // a2 = A², sum = Σ_{m<k} A^{2m}, ak = A^k
  for (let i = 0; i < nv * nv; i++) ak[i] = c1 * x[i];
  multiply(ak, ak, a2, nv);
  sum.fill(0);
  for (let i = 0; i < nv; i++) sum[i * nv + i] = 1;
  q.set(sum); // q holds A^{2m} while summing
  for (let m = 1; m < sweeps; m++) {
    multiply(q, a2, tmp, nv);
    q.set(tmp);
    for (let i = 0; i < nv * nv; i++) sum[i] += q[i];
  }
  // A^k: ak = A, then multiply k − 1 times
  tmp.set(ak);
  for (let m = 1; m < sweeps; m++) {
    multiply(tmp, ak, q, nv);
    tmp.set(q);
  }
  // covariance Q·sum into q, A^k into ak
  for (let i = 0; i < nv * nv; i++) q[i] = c2 * x[i];
  for (let i = 0; i < nv; i++) q[i * nv + i] += c3;
  ak.set(tmp);
  multiply(q, sum, tmp, nv);
  // lower Cholesky of tmp (symmetric positive definite) into `cholesky`. Written out rather than
  // calling lib/linalg's: it runs once per realisation and step on an N_v × N_v matrix (N_v = 10),
  // where one FFI call and its copies cost more than the factorisation, inside preallocated
  // buffers; a failure is the run diverging, reported with its step by the caller.
  cholesky.fill(0);
  for (let i = 0; i < nv; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (tmp[i * nv + j] + tmp[j * nv + i]) / 2;
      for (let k = 0; k < j; k++) s -= cholesky[i * nv + k] * cholesky[j * nv + k];
      if (i === j) {
        if (!(s > 0)) {
          throw new NotPositiveDefinite();
        }
        cholesky[i * nv + i] = Math.sqrt(s);
      } else {
        cholesky[i * nv + j] = s / cholesky[j * nv + j];
      }
    }
  }
}
