/**
 * Discrete-time DMFT of gradient descent on the random-feature model, exact for step η (T04.6;
 * notebook 04, §4). Time steps t = 0…T−1 (time t·η). Causal TTI kernels are sequences
 * (causal_sequences.ts); two-time correlations are dense T×T matrices.
 *
 * Responses (fixed point, from R_d = R_s = I):
 *   G = (I + ηJ(R_s R_d + λI))⁻¹,  R_d = (I + (η/α) G J R_s)⁻¹,  R_s = (I + (η/ν) R_d G J)⁻¹
 * Sources: g = G(1 + ηλ J1) (= H(t) at λ = 0), K1 = G J R_s, K2 = G J,
 *   Q1 = (I − η R_d K1)/α, Q3 = R_d K2, q_g = R_d g.
 * Correlations (linear, causal fixed point from C = 0):
 *   C_v = g gᵀ + (η²/α) K1 C_d K1ᵀ + (η²/ν) K2 C_s K2ᵀ
 *   C_q = α Q1 C_d Q1ᵀ + q_g q_gᵀ + (η²/ν) Q3 C_s Q3ᵀ
 *   C_d = R_d (C_v + σ² 11ᵀ) R_dᵀ,   C_s = R_s C_q R_sᵀ
 * Outputs: test loss L(t) = C_v(t,t) + σ², train loss L̂(t) = C_d(t,t), and the loss of the
 * Hermitian matrix with the same spectrum, L_H(t) = g(2t) (at σ = λ = 0).
 */
import { DenseMatrix } from "../../linalg/dense_matrix.ts";
import { gemm } from "../../linalg/products.ts";
import {
  addScaled,
  causalInverse,
  convolve,
  identitySequence,
  integratorSequence,
  toeplitzMatrix,
} from "./causal_sequences.ts";
import { randomFeatureSpectrumEdge } from "./random_feature_resolvent.ts";

/** The problem: ratios, label noise, ridge, GD step and horizon. */
export interface RandomFeatureGdProblem {
  alpha: number;
  nu: number;
  /** label-noise standard deviation σ */
  noise: number;
  /** ridge λ (weight decay on the readout); 0 for plain GD */
  ridge: number;
  /** GD step η */
  eta: number;
  /** number of time steps T (t = 0…T−1) */
  steps: number;
}

/** The TTI response sequences (length 2T, so that g(2t) is available for every t < T). */
export interface RandomFeatureResponses {
  G: Float64Array;
  Rd: Float64Array;
  Rs: Float64Array;
  /** g = G(1 + ηλJ1): the mean of v(t)/β* */
  g: Float64Array;
  iterations: number;
}

/** Everything the DMFT returns. */
export interface RandomFeatureGdSolution {
  problem: RandomFeatureGdProblem;
  responses: RandomFeatureResponses;
  /** T×T correlation matrices, row-major */
  Cv: Float64Array;
  Cd: Float64Array;
  Cq: Float64Array;
  Cs: Float64Array;
  testLoss: Float64Array;
  trainLoss: Float64Array;
  /** g(2t): the test loss of the Hermitian counterpart (σ = λ = 0) */
  hermitianLoss: Float64Array;
  correlationIterations: number;
}

/** Throws a RangeError for invalid or unstable settings (η ≥ 2/λ_max(AB) diverges). */
export function validateRandomFeatureProblem(p: RandomFeatureGdProblem): void {
  const { alpha, nu, noise, ridge, eta, steps } = p;
  if (!(alpha > 0 && nu > 0)) {
    throw new RangeError(`alpha and nu must be positive, got ${alpha}, ${nu}`);
  }
  if (!(noise >= 0) || !(ridge >= 0)) {
    throw new RangeError(`noise and ridge must be ≥ 0, got ${noise}, ${ridge}`);
  }
  if (!Number.isInteger(steps) || steps < 2) {
    throw new RangeError(`steps must be an integer ≥ 2, got ${steps}`);
  }
  const edge = randomFeatureSpectrumEdge({ alpha, nu });
  const limit = 2 / (edge + ridge);
  if (!(eta > 0 && eta < limit)) {
    throw new RangeError(
      `GD step η = ${eta} is outside the stable range (0, ${limit.toFixed(4)}): λ_max(AB) = ${
        edge.toFixed(3)
      }`,
    );
  }
}

/** The response fixed point (sequences of length n). */
export function randomFeatureResponses(
  p: RandomFeatureGdProblem,
  n = 2 * p.steps,
): RandomFeatureResponses {
  const { alpha, nu, eta, ridge } = p;
  const I = identitySequence(n), J = integratorSequence(n);
  let Rd: Float64Array = I.slice(), Rs: Float64Array = I.slice(), G: Float64Array = I.slice();
  let iterations = 0;
  for (; iterations < 4 * n + 10; iterations++) {
    const RsRd = addScaled(convolve(Rs, Rd), ridge, I);
    G = causalInverse(addScaled(I, eta, convolve(J, RsRd)));
    const newRd = causalInverse(addScaled(I, eta / alpha, convolve(convolve(G, J), Rs)));
    const newRs = causalInverse(addScaled(I, eta / nu, convolve(convolve(newRd, G), J)));
    let change = 0;
    for (let t = 0; t < n; t++) {
      change = Math.max(change, Math.abs(newRd[t] - Rd[t]), Math.abs(newRs[t] - Rs[t]));
    }
    Rd = newRd;
    Rs = newRs;
    if (change < 1e-15 && iterations > 2) break;
  }
  const RsRd = addScaled(convolve(Rs, Rd), ridge, I);
  G = causalInverse(addScaled(I, eta, convolve(J, RsRd)));
  const source = Float64Array.from({ length: n }, (_, t) => 1 + eta * ridge * t);
  return { G, Rd, Rs, g: convolve(G, source), iterations };
}

/** K C Kᵀ for a dense T×T K and C (row-major). */
export function sandwich(k: DenseMatrix<Float64Array>, c: Float64Array, T: number): Float64Array {
  const kc = gemm(k, new DenseMatrix(T, T, c), { checkFinite: false });
  return gemm(kc, k, { transB: true, checkFinite: false }).data;
}

/** The causal kernels of the correlation equations, as sequences (T04.6). */
export function correlationKernelSequences(p: RandomFeatureGdProblem, r: RandomFeatureResponses) {
  const n = r.G.length;
  const J = integratorSequence(n), I = identitySequence(n);
  const K1 = convolve(convolve(r.G, J), r.Rs);
  const K2 = convolve(r.G, J);
  const Q1 = addScaled(I, -p.eta, convolve(r.Rd, K1)).map((v) => v / p.alpha);
  const Q3 = convolve(r.Rd, K2);
  return { K1, K2, Q1, Q3, qg: convolve(r.Rd, r.g) };
}

/** The dense kernels of the correlation equations, with R_d and R_s folded in (see below). */
function correlationKernels(p: RandomFeatureGdProblem, r: RandomFeatureResponses) {
  const { alpha, eta, noise, steps: T } = p;
  const { K1, K2, Q1, Q3, qg } = correlationKernelSequences(p, r);
  // C_d and C_s enter only through sandwiches, so R_d and R_s are folded into the kernels (causal
  // convolutions, O(T²)): K1 C_d K1ᵀ = M1 (C_v + σ²11ᵀ) M1ᵀ with M1 = K1 R_d, and so on. A sweep
  // then costs 4 sandwiches (8 gemms) instead of 6, and the σ² parts are fixed outer products.
  const M1 = convolve(K1, r.Rd),
    M2 = convolve(K2, r.Rs),
    M3 = convolve(Q1, r.Rd),
    M4 = convolve(Q3, r.Rs);
  const dense = (k: Float64Array) => new DenseMatrix(T, T, toeplitzMatrix(k, T));
  const cumulative = (k: Float64Array) => { // (K·1)(t) = Σ_{s ≤ t} k[s]
    const out = new Float64Array(T);
    let acc = 0;
    for (let t = 0; t < T; t++) out[t] = acc += k[t];
    return out;
  };
  const s2 = noise * noise;
  return {
    M1: dense(M1),
    M2: dense(M2),
    M3: dense(M3),
    M4: dense(M4),
    Rd: dense(r.Rd),
    Rs: dense(r.Rs),
    gg: outer(r.g.subarray(0, T)),
    qq: outer(qg.subarray(0, T)),
    // the σ² parts of (η²/α) K1 C_d K1ᵀ and α Q1 C_d Q1ᵀ
    noiseV: outer(cumulative(M1), (eta * eta / alpha) * s2),
    noiseQ: outer(cumulative(M3), alpha * s2),
  };
}

function outer(x: Float64Array, c = 1): Float64Array {
  const T = x.length;
  const m = new Float64Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) m[i * T + j] = c * x[i] * x[j];
  return m;
}

function add(...terms: Float64Array[]): Float64Array {
  const out = terms[0].slice();
  for (const t of terms.slice(1)) for (let i = 0; i < out.length; i++) out[i] += t[i];
  return out;
}

/**
 * The fixed point X = S + Σ_k c_k M_k X M_kᵀ of a causal linear map (the sweeps converge in at most
 * T steps; in practice 40–70 at 1e-12).
 */
function sandwichFixedPoint(
  source: Float64Array,
  terms: { c: number; m: DenseMatrix<Float64Array> }[],
  T: number,
): Float64Array {
  let x = new Float64Array(T * T) as Float64Array;
  for (let iteration = 0; iteration < T + 5; iteration++) {
    const next = source.slice();
    for (const { c, m } of terms) {
      const y = sandwich(m, x, T);
      for (let i = 0; i < next.length; i++) next[i] += c * y[i];
    }
    const done = sweepConverged(iteration, [[x, next]], "the DMFT correlations diverged");
    x = next;
    if (done) break;
  }
  return x;
}

/**
 * Whether a correlation sweep has converged: the largest change of any (old, new) pair is below
 * 1e−12 of the first new matrix's largest entry, after at least 3 sweeps (C initialised to 0 can
 * look unchanged after the first). Throws a RangeError with `diverged` when the change is not finite.
 */
export function sweepConverged(
  iteration: number,
  pairs: readonly (readonly [Float64Array, Float64Array])[],
  diverged: string,
): boolean {
  let change = 0, scale = 0;
  for (const [old, next] of pairs) {
    for (let i = 0; i < next.length; i++) change = Math.max(change, Math.abs(next[i] - old[i]));
  }
  for (const v of pairs[0][1]) scale = Math.max(scale, Math.abs(v));
  if (!Number.isFinite(change)) throw new RangeError(diverged);
  return iteration >= 3 && change <= 1e-12 * scale;
}

const diagonal = (m: Float64Array, T: number) =>
  Float64Array.from({ length: T }, (_, t) => m[t * T + t]);

/** Solves the DMFT. */
export function solveRandomFeatureGd(p: RandomFeatureGdProblem): RandomFeatureGdSolution {
  validateRandomFeatureProblem(p);
  const { alpha, nu, eta, noise, steps: T } = p;
  const r = randomFeatureResponses(p);
  const k = correlationKernels(p, r);
  const sourceV = add(k.gg, k.noiseV), sourceQ = add(k.qq, k.noiseQ);
  let Cv: Float64Array = new Float64Array(T * T), Cq: Float64Array = new Float64Array(T * T);
  let iterations = 0;
  for (; iterations < T + 5; iterations++) {
    // Gauss–Seidel: C_q is updated from the new C_v
    const a = sandwich(k.M1, Cv, T), b = sandwich(k.M2, Cq, T);
    const newCv = sourceV.map((v, i) => v + (eta * eta / alpha) * a[i] + (eta * eta / nu) * b[i]);
    const c = sandwich(k.M3, newCv, T), d = sandwich(k.M4, Cq, T);
    const newCq = sourceQ.map((v, i) => v + alpha * c[i] + (eta * eta / nu) * d[i]);
    const done = sweepConverged(
      iterations,
      [[Cv, newCv], [Cq, newCq]],
      "the DMFT correlations diverged",
    );
    Cv = newCv;
    Cq = newCq;
    if (done) break;
  }
  const ones = outer(new Float64Array(T).fill(1), noise * noise);
  const Cd = sandwich(k.Rd, add(Cv, ones), T);
  const Cs = sandwich(k.Rs, Cq, T);
  return {
    problem: { ...p },
    responses: r,
    Cv,
    Cd,
    Cq,
    Cs,
    testLoss: diagonal(Cv, T).map((v) => v + noise * noise),
    trainLoss: diagonal(Cd, T),
    hermitianLoss: Float64Array.from({ length: T }, (_, t) => r.g[2 * t]),
    correlationIterations: iterations,
  };
}

/** Equal-time overlaps of two models that share β* and some of their randomness (T04.10). */
export interface EnsembleOverlaps {
  /** C^X(t,t): the two share the data (X, ε), not the features — the infinite feature ensemble */
  sharedData: Float64Array;
  /** C^F(t,t): the two share the features, not the data — the infinite data average (bagging) */
  sharedFeatures: Float64Array;
  /** g(t)²: nothing shared but β* — the bias² */
  bias: Float64Array;
}

/**
 * Cross-overlaps (T04.10): drop the fields the two models do not share.
 *   C^X = g gᵀ + (η²/α) K1 R_d (C^X + σ² 11ᵀ) R_dᵀ K1ᵀ
 *   C^F = g gᵀ + (η²/ν) K2 R_s C_q^F R_sᵀ K2ᵀ,  C_q^F = q_g q_gᵀ + (η²/ν) Q3 R_s C_q^F R_sᵀ Q3ᵀ
 * A K-model ensemble then has test loss σ² + C_v/K + (1 − 1/K) C^{X or F}.
 */
export function randomFeatureEnsembleOverlaps(p: RandomFeatureGdProblem): EnsembleOverlaps {
  validateRandomFeatureProblem(p);
  const { alpha, nu, eta, steps: T } = p;
  const r = randomFeatureResponses(p);
  const k = correlationKernels(p, r);
  const cx = sandwichFixedPoint(add(k.gg, k.noiseV), [{ c: (eta * eta) / alpha, m: k.M1 }], T);
  const cqf = sandwichFixedPoint(k.qq, [{ c: (eta * eta) / nu, m: k.M4 }], T);
  const cf = add(k.gg, sandwich(k.M2, cqf, T).map((v) => (eta * eta / nu) * v));
  return {
    sharedData: diagonal(cx, T),
    sharedFeatures: diagonal(cf, T),
    bias: Float64Array.from({ length: T }, (_, t) => r.g[t] ** 2),
  };
}
