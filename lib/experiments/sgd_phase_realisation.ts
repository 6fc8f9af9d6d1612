/**
 * One realisation of Park, Lucini & Aarts's phase-diagram experiment (arXiv 2509.01349; their
 * `generate.py` and the "Measure observables" cell of `empirical_phase.ipynb`), as a sweep task:
 * train the middle matrix of the tanh teacher–student network (lib/models/tanh_teacher_student.ts)
 * with SGD at one (σ_W, ε) and measure, per realisation,
 *
 * - the spectrum x_a of X = W Wᵀ (squared singular values of W) at 21 snapshots: index 0 is the
 *   initialisation, index i ≥ 1 the end of (0-based) epoch (i − 1)E/20;
 * - the epoch-mean batch loss and the Frobenius norm of the epoch-mean batch gradient at those
 *   snapshots (index 0: the full-data loss and gradient at initialisation);
 * - on 128 fixed test points, at the last snapshot W_f: the test loss mean (y_t − ŷ)² (no ½), the
 *   time overlap q, the field–spin overlaps hs and hsd;
 * - the drift and repulsion terms of the boundary criterion (notebook 08 §4): K_t and V_t as the
 *   authors coded them, with their lower-edge index fixed, and with the variance of the rotated
 *   samples.
 *
 * The authors train E epochs but save nothing after the snapshot at epoch 19E/20; every observable
 * uses that snapshot, so training stops there (19E/20 + 1 epochs), which changes no number.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigh } from "../linalg/eigen.ts";
import {
  drawTanhTeacherStudent,
  featuresOf,
  initialStudent,
  lossAndGradient,
  outputsOf,
  sgdEpoch,
  sgdScratch,
  spinsOf,
  TANH_TEACHER_STUDENT,
  type TanhTeacherStudent,
} from "../models/tanh_teacher_student.ts";
import { Rng } from "../random/rng.ts";

const K = TANH_TEACHER_STUDENT.spins;
const L = TANH_TEACHER_STUDENT.features;

/** Snapshots per realisation (the authors' 21). */
export const PHASE_SNAPSHOTS = 21;
/** Test points of the observables (the authors' 128). */
export const PHASE_TEST_POINTS = 128;
/** Stream key of the test points, shared by every realisation (the authors fix NumPy's seed 42). */
const TEST_STREAM = 42;
/** The authors' divergence guard: a batch loss above this stops a realisation. */
export const PHASE_LOSS_GUARD = 100;

/** One sweep task: realisations [first, first + count) at one (σ_W, ε). */
export interface PhaseTask {
  /** base seed; realisation r draws its disorder from Rng.fromSeed(seed, r) at every grid point */
  seed: number;
  /** initial width σ_W */
  sigmaW: number;
  /** learning rate ε (T = ε/|B|) */
  learningRate: number;
  /** nominal training length E in epochs, a multiple of 20 */
  epochs: number;
  first: number;
  count: number;
  /** samples per realisation (default |B|·n_b = 4000; smaller in tests) */
  samples?: number;
}

const SPECTRA = 0;
const LOSS = SPECTRA + PHASE_SNAPSHOTS * K;
const GRAD = LOSS + PHASE_SNAPSHOTS;
const TEACHER = GRAD + PHASE_SNAPSHOTS;
const SCALARS = TEACHER + K;
const SCALAR_NAMES = [
  "testLoss",
  "q",
  "hs",
  "hsd",
  "drift",
  "repulsionCoded",
  "repulsionFixed",
  "repulsionRotated",
  "maxBatchLoss",
  "guardFired",
  "realisation",
] as const;
/** Numbers stored per realisation in a task's result. */
export const PHASE_RECORD_LENGTH = SCALARS + SCALAR_NAMES.length;

/** The measurements of one realisation. */
export interface PhaseRealisation {
  realisation: number;
  /** ascending eigenvalues of X = W Wᵀ at each of the 21 snapshots */
  spectra: Float64Array[];
  /** epoch-mean batch loss at each snapshot (index 0: full-data loss at initialisation) */
  loss: Float64Array;
  /** ‖epoch-mean batch gradient‖_F at each snapshot (index 0: full-data gradient at init) */
  gradientNorm: Float64Array;
  /** ascending eigenvalues of the teacher's W_t W_tᵀ */
  teacherSpectrum: Float64Array;
  testLoss: number;
  q: number;
  hs: number;
  hsd: number;
  /** K_t = |K̃₀₀| − |K̃₁₅,₁₅| (eigenbasis sorted descending) */
  drift: number;
  /** V_t as coded: element-wise variance rotated, lower edge Ṽ[15, 16 − k] */
  repulsionCoded: number;
  /** V_t with the lower edge Ṽ[15, 15 − k] of the derivation */
  repulsionFixed: number;
  /** V_t from the variance of the rotated samples (UᵀdX_nU), lower edge fixed */
  repulsionRotated: number;
  maxBatchLoss: number;
  guardFired: boolean;
}

/** Checks a task's numbers, naming the parameter, its value and the allowed range. */
export function validatePhaseTask(task: PhaseTask): void {
  const positive = (name: string, v: number) => {
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`${name} must be a positive finite number, got ${v}`);
    }
  };
  positive("sigmaW (σ_W)", task.sigmaW);
  positive("learningRate (ε)", task.learningRate);
  if (!Number.isSafeInteger(task.epochs) || task.epochs < 20 || task.epochs % 20 !== 0) {
    throw new RangeError(
      `epochs must be a multiple of 20 (21 evenly spaced snapshots), ≥ 20; got ${task.epochs}`,
    );
  }
  for (const [name, v, min] of [["first", task.first, 0], ["count", task.count, 1]] as const) {
    if (!Number.isSafeInteger(v) || v < min) {
      throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
    }
  }
  if (!Number.isSafeInteger(task.seed) || task.seed < 0) {
    throw new RangeError(`seed must be a non-negative integer, got ${task.seed}`);
  }
}

/** Ascending eigenvalues of W Wᵀ (16 × 16, built symmetric) and, on request, its eigenvectors. */
function gramEigen(w: Float64Array, vectors: boolean) {
  const x = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      let s = 0;
      for (let l = 0; l < L; l++) s += w[i * L + l] * w[j * L + l];
      x[i * K + j] = s;
      x[j * K + i] = s;
    }
  }
  const e = eigh(new DenseMatrix(K, K, x));
  return vectors ? e : { values: e.values, vectors: null };
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

/** The sweep task: trains and measures `task.count` realisations; count × PHASE_RECORD_LENGTH. */
export function phaseDiagramTask(task: PhaseTask): Float64Array {
  validatePhaseTask(task);
  const out = new Float64Array(task.count * PHASE_RECORD_LENGTH);
  const testX = Rng.fromSeed(task.seed, TEST_STREAM, 0).fillNormal(
    new Float64Array(PHASE_TEST_POINTS * TANH_TEACHER_STUDENT.inputs),
  );
  for (let k = 0; k < task.count; k++) {
    const r = task.first + k;
    const net = drawTanhTeacherStudent(Rng.fromSeed(task.seed, r), task.samples);
    measureRealisation(net, task, testX, out.subarray(k * PHASE_RECORD_LENGTH));
    out[k * PHASE_RECORD_LENGTH + SCALARS + SCALAR_NAMES.indexOf("realisation")] = r;
  }
  return out;
}

function measureRealisation(
  net: TanhTeacherStudent,
  task: PhaseTask,
  testX: Float64Array,
  record: Float64Array,
): void {
  const w = initialStudent(net, task.sigmaW);
  const w0 = w.slice();
  const gradient = new Float64Array(K * L);
  record[LOSS] = lossAndGradient(w, net, 0, net.samples, gradient);
  record[GRAD] = frobenius(gradient);
  record.set(gramEigen(w, false).values, SPECTRA);
  const interval = task.epochs / 20;
  const scratch = sgdScratch();
  let maxBatchLoss = 0;
  let guardFired = false;
  for (let e = 0; e <= 19 * interval; e++) {
    const snapshot = e % interval === 0 ? e / interval + 1 : 0;
    const loss = sgdEpoch(w, net, task.learningRate, scratch, snapshot ? gradient : undefined);
    maxBatchLoss = Math.max(maxBatchLoss, scratch.maxBatchLoss);
    if (scratch.maxBatchLoss > PHASE_LOSS_GUARD) {
      // the authors' guard: the last W fills the remaining snapshots (never reached with tanh)
      guardFired = true;
      for (let i = snapshot || Math.floor(e / interval) + 2; i < PHASE_SNAPSHOTS; i++) {
        record[LOSS + i] = PHASE_LOSS_GUARD;
        record[GRAD + i] = NaN;
        record.set(gramEigen(w, false).values, SPECTRA + i * K);
      }
      break;
    }
    if (snapshot) {
      record[LOSS + snapshot] = loss;
      record[GRAD + snapshot] = frobenius(gradient);
      record.set(gramEigen(w, false).values, SPECTRA + snapshot * K);
    }
  }
  record.set(gramEigen(net.teacher, false).values, TEACHER);
  const s = SCALARS;
  const obs = testObservables(net, w0, w, testX);
  record[s] = obs.testLoss;
  record[s + 1] = obs.q;
  record[s + 2] = obs.hs;
  record[s + 3] = obs.hsd;
  const crit = boundaryTerms(net, w, testX);
  record[s + 4] = crit.drift;
  record[s + 5] = crit.repulsionCoded;
  record[s + 6] = crit.repulsionFixed;
  record[s + 7] = crit.repulsionRotated;
  record[s + 8] = maxBatchLoss;
  record[s + 9] = guardFired ? 1 : 0;
}

/**
 * Test loss, q = Σ s_init·s/(128·16), hs = ⟨h/‖h‖, s/‖s‖⟩/128 and hsd = (1/16)Σ_i cos_n(h_·i, s_·i)
 * with the local field h_ni = y_t,n Z_i (the authors' "Measure observables" cell).
 */
function testObservables(
  net: TanhTeacherStudent,
  w0: Float64Array,
  w: Float64Array,
  testX: Float64Array,
) {
  const n = PHASE_TEST_POINTS;
  const features = featuresOf(net.first, testX, n);
  const yt = outputsOf(net.teacher, net.readout, features, n);
  const yhat = outputsOf(w, net.readout, features, n);
  const s = spinsOf(w, features, n);
  const sInit = spinsOf(w0, features, n);
  let testLoss = 0, q = 0, hDotS = 0, hNorm2 = 0, sNorm2 = 0;
  for (let a = 0; a < n; a++) {
    testLoss += (yt[a] - yhat[a]) ** 2 / n;
    for (let i = 0; i < K; i++) {
      const h = yt[a] * net.readout[i];
      const si = s[a * K + i];
      q += sInit[a * K + i] * si;
      hDotS += h * si;
      hNorm2 += h * h;
      sNorm2 += si * si;
    }
  }
  let hsd = 0;
  for (let i = 0; i < K; i++) {
    let dot = 0, hh = 0, ss = 0;
    for (let a = 0; a < n; a++) {
      const h = yt[a] * net.readout[i];
      const si = s[a * K + i];
      dot += h * si;
      hh += h * h;
      ss += si * si;
    }
    hsd += hh > 0 && ss > 0 ? dot / Math.sqrt(hh * ss) / K : 0;
  }
  return {
    testLoss,
    q: q / (n * K),
    hs: hNorm2 > 0 && sNorm2 > 0 ? hDotS / Math.sqrt(hNorm2 * sNorm2) / n : 0,
    hsd,
  };
}

/**
 * The drift K_t and three versions of the repulsion V_t of the spread x₁ − x₁₆ at W (notebook 08
 * §4; the authors' criterion cell). Per test sample, g_n = −∇ℓ_n = r_n (Z ⊙ (1 − s_n²)) s⁰_nᵀ and
 * dX_n = W g_nᵀ + g_n Wᵀ = a_n u_nᵀ + u_n a_nᵀ with a_n = W s⁰_n, u_n = r_n Z ⊙ (1 − s_n²). With U the
 * eigenvectors of X = W Wᵀ sorted by descending eigenvalue, K̃ = Uᵀ mean_n(dX_n) U and
 *
 *   K_t = |K̃₀₀| − |K̃₁₅,₁₅|
 *   V_t = 2Ṽ[0,15]/15 + Σ_{k=1}^{14} (Ṽ[0,k] + Ṽ[15, 15 − k])/k      (derivation; "fixed")
 *
 * where the authors' Ṽ = Uᵀ Var_n(dX_n) U rotates the element-wise variance (ddof 0), and their
 * lower-edge term reads Ṽ[15, 16 − k] ("coded"). "rotated" uses Var_n(Uᵀ dX_n U) instead.
 */
export function boundaryTerms(net: TanhTeacherStudent, w: Float64Array, testX: Float64Array) {
  const n = testX.length / TANH_TEACHER_STUDENT.inputs;
  const features = featuresOf(net.first, testX, n);
  const yt = outputsOf(net.teacher, net.readout, features, n);
  const { vectors } = gramEigen(w, true);
  // U with columns sorted by descending eigenvalue: column c of U is column K − 1 − c of eigh's
  const u = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let c = 0; c < K; c++) u[i * K + c] = vectors!.get(i, K - 1 - c);
  }
  const mean = new Float64Array(K * K), second = new Float64Array(K * K);
  const rotMean = new Float64Array(K * K), rotSecond = new Float64Array(K * K);
  const a = new Float64Array(K), v = new Float64Array(K);
  const ar = new Float64Array(K), vr = new Float64Array(K);
  for (let m = 0; m < n; m++) {
    let y = 0;
    for (let i = 0; i < K; i++) {
      let pre = 0;
      for (let j = 0; j < L; j++) pre += w[i * L + j] * features[m * L + j];
      a[i] = pre;
      const s = Math.tanh(pre);
      v[i] = 1 - s * s;
      y += net.readout[i] * s;
    }
    const r = yt[m] - y;
    for (let i = 0; i < K; i++) v[i] *= r * net.readout[i];
    for (let c = 0; c < K; c++) {
      let sa = 0, sv = 0;
      for (let i = 0; i < K; i++) {
        sa += u[i * K + c] * a[i];
        sv += u[i * K + c] * v[i];
      }
      ar[c] = sa;
      vr[c] = sv;
    }
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const d = a[i] * v[j] + v[i] * a[j];
        mean[i * K + j] += d / n;
        second[i * K + j] += d * d / n;
        const dr = ar[i] * vr[j] + vr[i] * ar[j];
        rotMean[i * K + j] += dr / n;
        rotSecond[i * K + j] += dr * dr / n;
      }
    }
  }
  const variance = mean.map((m, k) => second[k] - m * m);
  const rotVariance = rotMean.map((m, k) => rotSecond[k] - m * m);
  const rotate = (x: Float64Array) => {
    // Uᵀ x U
    const xu = new Float64Array(K * K), out = new Float64Array(K * K);
    for (let i = 0; i < K; i++) {
      for (let c = 0; c < K; c++) {
        let s = 0;
        for (let j = 0; j < K; j++) s += x[i * K + j] * u[j * K + c];
        xu[i * K + c] = s;
      }
    }
    for (let r = 0; r < K; r++) {
      for (let c = 0; c < K; c++) {
        let s = 0;
        for (let i = 0; i < K; i++) s += u[i * K + r] * xu[i * K + c];
        out[r * K + c] = s;
      }
    }
    return out;
  };
  const vTilde = rotate(variance);
  const last = K - 1;
  const repulsion = (vt: Float64Array, lowerShift: number) => {
    let sum = 2 * vt[last] / last; // 2Ṽ[0, 15]/15
    for (let k = 1; k < last; k++) sum += (vt[k] + vt[last * K + last + lowerShift - k]) / k;
    return sum;
  };
  return {
    drift: Math.abs(rotMean[0]) - Math.abs(rotMean[last * K + last]),
    repulsionCoded: repulsion(vTilde, 1),
    repulsionFixed: repulsion(vTilde, 0),
    repulsionRotated: repulsion(rotVariance, 0),
  };
}

/** The realisations stored in one task's result. */
export function phaseRecords(result: Float64Array): PhaseRealisation[] {
  if (result.length % PHASE_RECORD_LENGTH !== 0) {
    throw new RangeError(
      `a phase-diagram result holds multiples of ${PHASE_RECORD_LENGTH} numbers, got ${result.length}`,
    );
  }
  return Array.from({ length: result.length / PHASE_RECORD_LENGTH }, (_, k) => {
    const r = result.subarray(k * PHASE_RECORD_LENGTH, (k + 1) * PHASE_RECORD_LENGTH);
    const scalar = (name: typeof SCALAR_NAMES[number]) => r[SCALARS + SCALAR_NAMES.indexOf(name)];
    return {
      realisation: scalar("realisation"),
      spectra: Array.from(
        { length: PHASE_SNAPSHOTS },
        (_, i) => r.slice(SPECTRA + i * K, SPECTRA + (i + 1) * K),
      ),
      loss: r.slice(LOSS, LOSS + PHASE_SNAPSHOTS),
      gradientNorm: r.slice(GRAD, GRAD + PHASE_SNAPSHOTS),
      teacherSpectrum: r.slice(TEACHER, TEACHER + K),
      testLoss: scalar("testLoss"),
      q: scalar("q"),
      hs: scalar("hs"),
      hsd: scalar("hsd"),
      drift: scalar("drift"),
      repulsionCoded: scalar("repulsionCoded"),
      repulsionFixed: scalar("repulsionFixed"),
      repulsionRotated: scalar("repulsionRotated"),
      maxBatchLoss: scalar("maxBatchLoss"),
      guardFired: scalar("guardFired") === 1,
    };
  });
}

/** The epochs (0-based, as trained) after which snapshots 1…20 are taken, for length E. */
export function snapshotEpochs(epochs: number): number[] {
  const interval = epochs / 20;
  return Array.from({ length: PHASE_SNAPSHOTS - 1 }, (_, i) => i * interval);
}
