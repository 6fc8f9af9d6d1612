import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemm } from "../linalg/products.ts";
import { inverse } from "../linalg/solve.ts";

/**
 * Theory of the Gaussian (scalar-field) RBM of Aarts, Lucini & Park (arXiv 2407.16427, 2411.13512).
 *
 * With action S = μ²φ·φ/2 + h·h/(2σ_h²) − φᵀWᵀh the visible marginal is Gaussian with kernel
 * K_RBM = μ² − σ_h² WᵀW, so learning a target kernel K means x_i = eig(WᵀW) → μ² − κ_i. For X and K
 * sharing eigenvectors the learning rule Ẇ = W[K⁻¹ − (μ² − X)⁻¹] (t = step·η) gives the flow
 *
 *   dx/dt = 2x [1/κ − 1/(μ² − x)],
 *
 * with fixed point x* = μ² − κ and linearised rate 2Ω, Ω = (μ² − κ)/κ². The PCD noise gives a
 * degenerate pair the off-diagonal variance s²_off = (η/|B|) κ² Ω = η(μ² − κ)/|B| (T02.3,
 * "Noise and width", derived for η/|B| → 0), hence ⟨S⟩ = √(2π) s_off.
 */

/** The RBM's fixed parameters. */
export interface RbmParams {
  /** μ² (9 in the paper) */
  mu2: number;
  /** σ_h² (1 in the paper) */
  sigmaH2: number;
}

/** The paper's RBM: μ² = 9, σ_h = 1. */
export const PAPER_RBM: RbmParams = { mu2: 9, sigmaH2: 1 };

/** Kernel of the 1-D periodic free scalar field: K_ij = (2 + m²)δ_ij − δ_{i,j±1 mod N}. */
export function latticeKernel(n: number, m2: number): Float64Array {
  if (!Number.isInteger(n) || n < 3) throw new RangeError(`lattice size must be ≥ 3, got ${n}`);
  if (!(m2 > 0)) throw new RangeError(`mass² must be > 0, got ${m2}`);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = 2 + m2;
    k[i * n + ((i + 1) % n)] -= 1;
    k[i * n + ((i + n - 1) % n)] -= 1;
  }
  return k;
}

/** Eigenvalues κ_k = m² + 2 − 2cos(2πk/N), ascending. */
export function latticeKernelEigenvalues(n: number, m2: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => m2 + 2 - 2 * Math.cos((2 * Math.PI * k) / n))
    .sort();
}

/** Learning targets x* = μ² − κ for each κ (throws if μ² ≤ κ: no positive target). */
export function targetEigenvalues(
  kappa: ArrayLike<number>,
  p: RbmParams = PAPER_RBM,
): Float64Array {
  return Float64Array.from(kappa, (k) => {
    if (!(p.mu2 > k)) throw new RangeError(`μ² = ${p.mu2} must exceed every κ (got κ = ${k})`);
    return p.mu2 - k;
  });
}

/** Ω = (μ² − κ)/κ², half the linearised relaxation rate of the flow. */
export function omega(kappa: number, p: RbmParams = PAPER_RBM): number {
  return (p.mu2 - kappa) / (kappa * kappa);
}

/** The flow's right-hand side dx/dt = 2x (1/κ − 1/(μ² − x)). */
export function flowRate(x: number, kappa: number, p: RbmParams = PAPER_RBM): number {
  return 2 * x * (1 / kappa - 1 / (p.mu2 - x));
}

/** One RK4 step of length h of the scalar flow. */
function flowStep(x: number, h: number, kappa: number, p: RbmParams): number {
  const k1 = flowRate(x, kappa, p);
  const k2 = flowRate(x + (h / 2) * k1, kappa, p);
  const k3 = flowRate(x + (h / 2) * k2, kappa, p);
  const k4 = flowRate(x + h * k3, kappa, p);
  return x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
}

/** x(t) on the grid `times` from x(0) = x0, by RK4 with step ≤ dt. */
export function flowTrajectory(
  x0: number,
  kappa: number,
  times: ArrayLike<number>,
  p: RbmParams = PAPER_RBM,
  dt = 0.01,
): Float64Array {
  const out = new Float64Array(times.length);
  let x = x0;
  let t = 0;
  for (let k = 0; k < times.length; k++) {
    while (t < times[k] - 1e-12) {
      const h = Math.min(dt, times[k] - t);
      x = flowStep(x, h, kappa, p);
      t += h;
    }
    out[k] = x;
  }
  return out;
}

/** Time t (= steps·η) for the flow from x0 to reach `fraction` of the target μ² − κ. */
export function flowTimeTo(
  x0: number,
  kappa: number,
  fraction = 0.9,
  p: RbmParams = PAPER_RBM,
  dt = 0.001,
): number {
  const target = fraction * (p.mu2 - kappa);
  if (!(x0 > 0)) throw new RangeError(`the flow needs x0 > 0, got ${x0}`);
  let x = x0;
  let t = 0;
  while (x < target) {
    const next = flowStep(x, dt, kappa, p);
    if (next >= target) return t + dt * (target - x) / (next - x);
    x = next;
    t += dt;
    if (t > 1e6) throw new Error("flow did not reach the target");
  }
  return t;
}

/** The small-η/|B| pair width s²_off = η(μ² − κ)/|B| and ⟨S⟩ = √(2π) s_off. */
export function pairSpacingPrediction(
  kappa: number,
  learningRate: number,
  chains: number,
  p: RbmParams = PAPER_RBM,
): { offDiagonalVariance: number; meanSpacing: number } {
  const v = (learningRate * (p.mu2 - kappa)) / chains;
  return { offDiagonalVariance: v, meanSpacing: Math.sqrt(2 * Math.PI * v) };
}

/**
 * A W (N_h = N_v = n) whose WᵀW has the eigenvectors of the symmetric K and eigenvalues `x` paired
 * with K's ascending eigenvalues: W = diag(√x) Vᵀ with V the eigenvectors of K (so WᵀW = V x Vᵀ).
 */
export function alignedWeights(
  kernelEigenvectors: Float64Array,
  x: ArrayLike<number>,
  n: number,
): Float64Array {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const root = Math.sqrt(x[i]);
    for (let j = 0; j < n; j++) w[i * n + j] = root * kernelEigenvectors[j * n + i]; // row i = √x_i v_iᵀ
  }
  return w;
}

/**
 * The deterministic (|B| → ∞, η → 0) matrix flow Ẇ = W [K⁻¹ − (μ² − σ_h² WᵀW)⁻¹] from W₀, by RK4
 * with step dt: returns, at each requested time, the diagonal v_kᵀ X v_k of X = WᵀW in the
 * orthonormal basis `basis` (columns v_k). Unlike the scalar flow, it needs no alignment of X with
 * K: from a random start the off-diagonal part of X in K's eigenbasis slows the weaker modes.
 */
export function matrixFlowProjections(
  w0: Float64Array,
  kernel: Float64Array,
  basis: Float64Array,
  n: number,
  times: ArrayLike<number>,
  p: RbmParams = PAPER_RBM,
  dt = 0.1,
): Float64Array {
  const kInverse = inverse(new DenseMatrix(n, n, kernel));
  const rate = (w: DenseMatrix): DenseMatrix => {
    const x = gemm(w, w, { transA: true, alpha: p.sigmaH2 });
    const m = new DenseMatrix(n, n, x.data.map((v) => -v));
    for (let i = 0; i < n; i++) m.data[i * n + i] += p.mu2;
    const mInverse = inverse(m);
    const d = new DenseMatrix(n, n, kInverse.data.map((v, i) => v - mInverse.data[i]));
    return gemm(w, d);
  };
  const axpy = (w: DenseMatrix, k: DenseMatrix, h: number) =>
    new DenseMatrix(n, n, w.data.map((v, i) => v + h * k.data[i]));
  const v = new DenseMatrix(n, n, basis);
  const out = new Float64Array(times.length * n);
  let w = new DenseMatrix(n, n, w0.slice());
  let t = 0;
  for (let k = 0; k < times.length; k++) {
    while (t < times[k] - 1e-12) {
      const h = Math.min(dt, times[k] - t);
      const k1 = rate(w);
      const k2 = rate(axpy(w, k1, h / 2));
      const k3 = rate(axpy(w, k2, h / 2));
      const k4 = rate(axpy(w, k3, h));
      w = new DenseMatrix(
        n,
        n,
        w.data.map((val, i) =>
          val + (h / 6) * (k1.data[i] + 2 * k2.data[i] + 2 * k3.data[i] + k4.data[i])
        ),
      );
      t += h;
    }
    const x = gemm(w, w, { transA: true });
    const xv = gemm(x, v);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let a = 0; a < n; a++) s += v.data[a * n + j] * xv.data[a * n + j];
      out[k * n + j] = s;
    }
  }
  return out;
}
