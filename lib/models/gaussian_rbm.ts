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
 * for the φ it keeps, from 10 normals per chain instead of 60. Both are polynomials in X, formed
 * from the powers X … X^{2k−1} (symmetric products, half the work of general ones).
 *
 * Speed (realisation-steps per second, `deno task bench`): the hot loop works on contiguous
 * Float64Arrays (realisation r's W at r·N_h·N_v, its chains after it), draws normals in bulk from
 * FastNormals and creates no objects per realisation or step. Its small products run two rows,
 * columns or chains at a time, so that each loaded entry serves two sums (1.15–1.2× measured);
 * every sum keeps its order, so the results are bit for bit those of one at a time.
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
    next: new Float64Array(2 * nv),
    d: square(),
    g: new Float64Array(nh * nv),
    coefficients: collapsedCoefficients(c),
    workspace: collapsedWorkspace(nv),
  };
}

/**
 * Collapsed sampler: every chain of realisation r moves k sweeps at once, φ ← A^k φ + L z, and its
 * outer products accumulate into Ĉ_B. Throws NotPositiveDefinite when L does not exist.
 */
function collapsedChains(s: TrainingState, r: number): void {
  const { nv, nh, chains, phi, zc, next, cov } = s;
  const { ak, cholesky } = s.workspace;
  const invB = 1 / chains;
  collapsedTransition({ w: s.w, offset: r * nh * nv, nh, nv }, s.coefficients, s.workspace);
  s.normals.fill(zc);
  // two chains at a time, so that each entry of A^k and L is loaded once for both (the sums of
  // each chain keep their order, so the bits are those of one chain at a time)
  let b = 0;
  for (; b + 1 < chains; b += 2) {
    const p0 = (r * chains + b) * nv, p1 = p0 + nv;
    const z0 = b * nv, z1 = z0 + nv;
    for (let a = 0; a < nv; a++) {
      let sum0 = 0, sum1 = 0;
      const row = a * nv;
      for (let j = 0; j < nv; j++) {
        const m = ak[row + j];
        sum0 += m * phi[p0 + j];
        sum1 += m * phi[p1 + j];
      }
      for (let j = 0; j <= a; j++) {
        const l = cholesky[row + j];
        sum0 += l * zc[z0 + j];
        sum1 += l * zc[z1 + j];
      }
      next[a] = sum0;
      next[nv + a] = sum1;
    }
    for (let a = 0; a < 2 * nv; a++) phi[p0 + a] = next[a];
    // both outer products into Ĉ_B, chain b's term before chain b + 1's in every entry
    for (let a = 0; a < nv; a++) {
      const pa0 = next[a] * invB, pa1 = next[nv + a] * invB;
      const row = a * nv;
      for (let bb = a; bb < nv; bb++) {
        cov[row + bb] += pa0 * next[bb];
        cov[row + bb] += pa1 * next[nv + bb];
      }
    }
  }
  for (; b < chains; b++) {
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
  for (let i = 0; i < nh; i++) for (let j = 0; j < nv; j++) wt[j * nh + i] = w[wo + i * nv + j];
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
  const { nv, nh, kInverse, cov, d, g, w } = s;
  const wo = r * nh * nv;
  for (let a = 0; a < nv; a++) {
    for (let bb = a; bb < nv; bb++) {
      const v = kInverse[a * nv + bb] - cov[a * nv + bb];
      d[a * nv + bb] = v;
      d[bb * nv + a] = v;
    }
  }
  // G = W D, two rows of W at a time sharing the loads of D (row bb of D is its column bb: D is
  // symmetric); each sum keeps its order
  let i = 0;
  for (; i + 1 < nh; i += 2) {
    const w0 = wo + i * nv, w1 = w0 + nv;
    for (let bb = 0; bb < nv; bb++) {
      const db = bb * nv;
      let s0 = 0, s1 = 0;
      for (let a = 0; a < nv; a++) {
        const v = d[db + a];
        s0 += w[w0 + a] * v;
        s1 += w[w1 + a] * v;
      }
      g[i * nv + bb] = s0;
      g[(i + 1) * nv + bb] = s1;
    }
  }
  for (; i < nh; i++) {
    for (let bb = 0; bb < nv; bb++) {
      let sum = 0;
      for (let a = 0; a < nv; a++) sum += w[wo + i * nv + a] * d[bb * nv + a];
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
  const { w, cov } = s;
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
  // X_ab = Σ_i W_ia W_ib summed over i in order, in a register; two columns b at a time
  for (let a = 0; a < nv; a++) {
    let b = a;
    for (; b + 1 < nv; b += 2) {
      let s0 = 0, s1 = 0;
      for (let i = 0; i < nh; i++) {
        const row = offset + i * nv;
        const wa = w[row + a];
        s0 += wa * w[row + b];
        s1 += wa * w[row + b + 1];
      }
      out[a * nv + b] = s0;
      out[b * nv + a] = s0;
      out[a * nv + b + 1] = s1;
      out[(b + 1) * nv + a] = s1;
    }
    if (b < nv) {
      let sum = 0;
      for (let i = 0; i < nh; i++) sum += w[offset + i * nv + a] * w[offset + i * nv + b];
      out[a * nv + b] = sum;
      out[b * nv + a] = sum;
    }
  }
}

/**
 * One power of X in the collapsed transition: out = prev·X (prev = X^{p−1}; powers of one matrix
 * commute, so the product is symmetric: only the upper triangle is computed, from rows of both
 * since X_kj = X_jk, and mirrored, at half the cost of a general product), and on the way
 * cov += coefficient·out and, when `ak` is given, ak = scale·out.
 */
function powerStep(
  prev: Float64Array,
  x: Float64Array,
  out: Float64Array,
  n: number,
  cov: Float64Array,
  coefficient: number,
  ak: Float64Array | null,
  scale: number,
): void {
  const store = (i: number, j: number, s: number) => {
    out[i * n + j] = s;
    out[j * n + i] = s;
    const c = coefficient * s;
    cov[i * n + j] += c;
    if (j !== i) cov[j * n + i] += c;
    if (ak) {
      ak[i * n + j] = scale * s;
      ak[j * n + i] = scale * s;
    }
  };
  for (let i = 0; i < n; i++) {
    const pi = i * n;
    let j = i;
    // two entries at a time, sharing the loads of row i (each sum keeps its order)
    for (; j + 1 < n; j += 2) {
      const x0 = j * n, x1 = x0 + n;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < n; k++) {
        const p = prev[pi + k];
        s0 += p * x[x0 + k];
        s1 += p * x[x1 + k];
      }
      store(i, j, s0);
      store(i, j + 1, s1);
    }
    if (j < n) {
      const xj = j * n;
      let s0 = 0;
      for (let k = 0; k < n; k++) s0 += prev[pi + k] * x[xj + k];
      store(i, j, s0);
    }
  }
}

/**
 * The collapsed sampler's k-sweep law for weights W (N_h × N_v): φ_k = A^k φ₀ + N(0, C) with
 * A = (σ_h²/μ²) WᵀW and C = Q Σ_{m<k} A^{2m}, Q = (σ_h²/μ⁴) WᵀW + I/μ² (module comment), as the
 * trainer forms them (exposed for tests and teaching; training never allocates per step).
 */
export function collapsedSweepLaw(
  w: Float64Array,
  nh: number,
  nv: number,
  model: { mu2: number; sigmaH2: number; gibbsSweeps: number },
): { transition: Float64Array; covariance: Float64Array } {
  const workspace = collapsedWorkspace(nv);
  collapsedTransition({ w, offset: 0, nh, nv }, collapsedCoefficients(model), workspace);
  return { transition: workspace.ak, covariance: workspace.covariance };
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
  /** X = WᵀW */
  x: Float64Array;
  /** A^k */
  ak: Float64Array;
  /** X^p and X^{p+1} while the powers are formed */
  power: Float64Array;
  next: Float64Array;
  /** the k-sweep noise covariance Q Σ_{m<k} A^{2m} */
  covariance: Float64Array;
  /** its lower Cholesky factor */
  cholesky: Float64Array;
}

/** A = c₁X, Q = c₂X + c₃I: c₁ = σ_h²/μ², c₂ = σ_h²/μ⁴, c₃ = 1/μ² (module comment). */
function collapsedCoefficients(
  model: { mu2: number; sigmaH2: number; gibbsSweeps: number },
): CollapsedCoefficients {
  const { mu2, sigmaH2, gibbsSweeps } = model;
  return { c1: sigmaH2 / mu2, c2: sigmaH2 / (mu2 * mu2), c3: 1 / mu2, sweeps: gibbsSweeps };
}

/** The scratch matrices of the collapsed transition for N_v visible units. */
function collapsedWorkspace(nv: number): CollapsedWorkspace {
  const square = () => new Float64Array(nv * nv);
  return {
    x: square(),
    ak: square(),
    power: square(),
    next: square(),
    covariance: square(),
    cholesky: square(),
  };
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
  const { x, ak, power, next, covariance: tmp, cholesky } = workspace;
  gramMatrix(w, wo, nh, nv, x);
  // Everything is a polynomial in X: A^k = c₁^k X^k and
  //   Q Σ_{m<k} A^{2m} = Σ_{m<k} c₁^{2m} (c₂ X^{2m+1} + c₃ X^{2m}),
  // so the powers X, X², …, X^{2k−1} (2k − 2 symmetric products) give both.
  tmp.fill(0);
  for (let i = 0; i < nv; i++) tmp[i * nv + i] = c3; // m = 0, X⁰ term
  const akScale = c1 ** sweeps;
  for (let i = 0; i < nv * nv; i++) tmp[i] += c2 * x[i]; // m = 0, X¹ term
  if (sweeps === 1) { for (let i = 0; i < nv * nv; i++) ak[i] = akScale * x[i]; }
  let prev = x, out = power;
  for (let p = 2; p <= 2 * sweeps - 1; p++) {
    const coefficient = (p & 1 ? c2 : c3) * c1 ** (2 * (p >> 1));
    powerStep(prev, x, out, nv, tmp, coefficient, p === sweeps ? ak : null, akScale);
    prev = out;
    out = out === power ? next : power;
  }
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
