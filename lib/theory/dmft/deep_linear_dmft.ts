/**
 * Discrete-time DMFT of GD on a two-layer linear network from random initialisation, in the
 * feature-learning (μP-style) parameterisation (notebook 04, session 2; T04.13):
 *   f(x) = w·(Wx)/(γ₀N),  W (N×D), w (N) iid N(0,1) at init,  lr ηγ₀²N,
 *   w_{t+1} = w_t + ηγ₀ W_t g_t,  W_{t+1} = W_t + ηγ₀ w_t g_tᵀ,  g_t = XᵀΔ_t/P.
 * The kernels are no longer time-translation invariant (the NTK scale |w_t|²/N moves), so every
 * kernel is a dense T×T matrix. With SL(t,s) = 1[s < t], J the strictly lower ones:
 *   Kg = R_{w|φ}/γ₀ + η (C_wᵀ ∘ SL);  G = (I + Kg R_Δ)⁻¹;  R_{v|c1} = −G Kg/α;  R_Δ = (I − R_{v|c1})⁻¹
 *   R_{ĝ|ψ} = −R_Δ G/(γ₀ν);  Kw = R_{ĝ|ψ} + ηγ₀ (C_ĝᵀ ∘ SL);  Gw = (I − ηγ₀ J Kw)⁻¹;  R_{w|φ} = ηγ₀ Gw J
 *   C_w = Gw (11ᵀ + (ηγ₀)² J C_ĝ Jᵀ) Gwᵀ;   S0 = 11ᵀ + C_w/(γ₀²ν)
 *   C_v = G (S0 + Kg C_Δ Kgᵀ/α) Gᵀ;   C_ĝ = Ag C_Δ Agᵀ/α + R_Δ G S0 Gᵀ R_Δᵀ,  Ag = I − R_Δ G Kg
 *   C_Δ = R_Δ (C_v + σ² 11ᵀ) R_Δᵀ
 * iterated jointly with damping 0.5. Test loss C_v(t,t) + σ², train loss C_Δ(t,t), and
 * C_w(t,t) = |w_t|²/N, the NTK scale whose motion breaks time-translation invariance.
 */
import { DenseMatrix } from "../../linalg/dense_matrix.ts";
import { gemm } from "../../linalg/products.ts";

/** The problem. */
export interface DeepLinearProblem {
  alpha: number;
  nu: number;
  /** feature-learning strength γ₀ */
  gamma: number;
  noise: number;
  eta: number;
  steps: number;
}

/** The solution: losses, |w|²/N, and the kernels for the TTI diagnostic. */
export interface DeepLinearSolution {
  testLoss: Float64Array;
  trainLoss: Float64Array;
  /** C_w(t,t) = |w_t|²/N */
  readoutNorm: Float64Array;
  /** the kernel Kg (T×T, row-major) */
  kernel: Float64Array;
  iterations: number;
}

type M = Float64Array;

function product(a: M, b: M, T: number, transB = false): M {
  return gemm(new DenseMatrix(T, T, a), new DenseMatrix(T, T, b), { transB, checkFinite: false })
    .data;
}

function sandwich(k: M, c: M, T: number): M {
  return product(product(k, c, T), k, T, true);
}

/** (L)⁻¹ of a lower-triangular T×T matrix by forward substitution. */
function lowerInverse(l: M, T: number): M {
  const inv = new Float64Array(T * T);
  for (let j = 0; j < T; j++) {
    inv[j * T + j] = 1 / l[j * T + j];
    for (let i = j + 1; i < T; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[i * T + k] * inv[k * T + j];
      inv[i * T + j] = -s / l[i * T + i];
    }
  }
  return inv;
}

const identity = (T: number) => {
  const m = new Float64Array(T * T);
  for (let i = 0; i < T; i++) m[i * T + i] = 1;
  return m;
};

/** Solves the two-layer DMFT. */
export function solveDeepLinear(p: DeepLinearProblem, maxIterations = 400): DeepLinearSolution {
  const { alpha, nu, gamma, noise, eta, steps: T } = p;
  for (const [k, v] of Object.entries({ alpha, nu, gamma, eta })) {
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${k} must be positive, got ${v}`);
  }
  if (!(noise >= 0) || !Number.isInteger(T) || T < 2) {
    throw new RangeError(`need σ ≥ 0 and steps ≥ 2`);
  }
  const I = identity(T);
  const J = new Float64Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j < i; j++) J[i * T + j] = 1;
  const ones = new Float64Array(T * T).fill(1);
  const s2 = noise * noise;
  const strictLowerOfTranspose = (c: M, scale: number) => {
    const out = new Float64Array(T * T);
    for (let t = 0; t < T; t++) for (let s = 0; s < t; s++) out[t * T + s] = scale * c[s * T + t];
    return out;
  };
  let Rwphi: M = new Float64Array(T * T);
  let Cw: M = ones.slice(), Cg: M = new Float64Array(T * T), CDelta: M = new Float64Array(T * T);
  let Cv: M = new Float64Array(T * T),
    RDelta: M = I.slice(),
    G: M = I.slice(),
    Kg: M = new Float64Array(T * T);
  const damp = (old: M, next: M) => old.map((v, i) => 0.5 * v + 0.5 * next[i]);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    Kg = Rwphi.map((v) => v / gamma);
    const cwT = strictLowerOfTranspose(Cw, eta);
    for (let i = 0; i < T * T; i++) Kg[i] += cwT[i];
    const KgR = product(Kg, RDelta, T);
    G = lowerInverse(I.map((v, i) => v + KgR[i]), T);
    const GKg = product(G, Kg, T);
    RDelta = lowerInverse(I.map((v, i) => v + GKg[i] / alpha), T); // (I − R_{v|c1})⁻¹
    const RG = product(RDelta, G, T);
    const Kw = RG.map((v) => -v / (gamma * nu));
    const cgT = strictLowerOfTranspose(Cg, eta * gamma);
    for (let i = 0; i < T * T; i++) Kw[i] += cgT[i];
    const JKw = product(J, Kw, T);
    const Gw = lowerInverse(I.map((v, i) => v - eta * gamma * JKw[i]), T);
    const newRwphi = product(Gw, J, T).map((v) => eta * gamma * v);
    const JCgJ = product(product(J, Cg, T), J, T, true);
    const newCw = sandwich(Gw, ones.map((v, i) => v + (eta * gamma) ** 2 * JCgJ[i]), T);
    const S0 = ones.map((v, i) => v + newCw[i] / (gamma * gamma * nu));
    const KgCK = sandwich(Kg, CDelta, T);
    const newCv = sandwich(G, S0.map((v, i) => v + KgCK[i] / alpha), T);
    const RGKg = product(RG, Kg, T);
    const Ag = I.map((v, i) => v - RGKg[i]);
    const a = sandwich(Ag, CDelta, T), b = sandwich(RG, S0, T);
    const newCg = a.map((v, i) => v / alpha + b[i]);
    const newCDelta = sandwich(RDelta, newCv.map((v) => v + s2), T);
    let change = 0, scale = 0;
    for (let i = 0; i < T * T; i++) {
      change = Math.max(change, Math.abs(newCv[i] - Cv[i]), Math.abs(newCw[i] - Cw[i]));
      scale = Math.max(scale, Math.abs(newCv[i]));
    }
    Rwphi = damp(Rwphi, newRwphi);
    Cw = damp(Cw, newCw);
    Cg = damp(Cg, newCg);
    Cv = damp(Cv, newCv);
    CDelta = damp(CDelta, newCDelta);
    if (!Number.isFinite(change)) throw new RangeError("the deep-linear DMFT diverged: lower η");
    if (iterations > 5 && change <= 1e-10 * scale) break;
  }
  if (iterations >= maxIterations) {
    throw new Error(`the deep-linear DMFT did not converge in ${maxIterations} sweeps`);
  }
  const diag = (m: M) => Float64Array.from({ length: T }, (_, t) => m[t * T + t]);
  return {
    testLoss: diag(Cv).map((v) => v + s2),
    trainLoss: diag(CDelta),
    readoutNorm: diag(Cw),
    kernel: Kg,
    iterations,
  };
}
