/**
 * Stationary weight fluctuations of a single-layer linear network f(x) = W x, W ∈ R^{M×N}, trained
 * by plain minibatch SGD on L = (1/(2P)) Σ_μ ‖y_μ − W x_μ‖² (Gross, Raulf & Räth, arXiv 2311.14120;
 * T06.1). On vec(W) (row-major, index a·N + b):
 *
 *   Hessian        H = I_M ⊗ K,   K = XᵀX/P  (Marchenko–Pastur for x ~ N(0, I), q = N/P),
 *   noise at W*    C = (1/P) Σ_μ (r_μ r_μᵀ) ⊗ (x_μ x_μᵀ),   r_μ = y_μ − W* x_μ,
 *   continuum      H Σ_w + Σ_w H = (η/B) C            (Langevin limit, t = ηk),
 *   trace identity tr Σ_w = (η/(2B)) tr(H⁻¹ C),
 *   current        Q = H Σ_w − (η/(2B)) C, antisymmetric, ≠ 0 iff [H, C] ≠ 0.
 *
 * The exact discrete-time covariance (minibatches with replacement) solves the self-consistent
 *
 *   Σ = A Σ Aᵀ + (η²/B) [ (1/P) Σ_μ (r_μ r_μᵀ + S_μ(Σ)) ⊗ x_μ x_μᵀ − H Σ H ],   A = I − ηH,
 *
 * with S_μ(Σ)_{ac} = Σ_{bd} x_μb Σ_{(a,b),(c,d)} x_μd, the covariance of the fluctuation δW x_μ:
 * the per-sample gradient at W* + δW is (δW x_μ − r_μ) ⊗ x_μ, and the mean gradient H vec δW.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { solveDiscreteLyapunov, solveSymmetricLyapunov, symmetrise } from "../linalg/lyapunov.ts";
import { frobeniusNorm } from "../linalg/norms.ts";
import { gemm } from "../linalg/products.ts";
import { inverse, solveSpd } from "../linalg/solve.ts";

/** SGD without momentum: learning rate η and batch size B. */
export interface PlainSgd {
  learningRate: number;
  batchSize: number;
}

/** The least-squares minimum and the objects of T06.1 on vec(W). */
export interface SingleLayerMinimum {
  inputs: number;
  outputs: number;
  samples: number;
  /** K = XᵀX/P (N×N) */
  inputCovariance: DenseMatrix;
  /** H = I_M ⊗ K (MN×MN) */
  hessian: DenseMatrix;
  /** W* (M×N) */
  weights: DenseMatrix;
  /** r_μ = y_μ − W* x_μ (P×M) */
  residuals: DenseMatrix;
  /** σ̂² = mean squared residual per output */
  residualVariance: number;
  /** C = (1/P) Σ_μ r_μ r_μᵀ ⊗ x_μ x_μᵀ (MN×MN) */
  noise: DenseMatrix;
  /** L(W*) */
  loss: number;
}

/** Throws unless η > 0, B a positive integer and η h_max < 2 (plain SGD's stability bound). */
export function assertPlainSgd(p: PlainSgd, hMax?: number): void {
  if (!(p.learningRate > 0 && Number.isFinite(p.learningRate))) {
    throw new RangeError(`SGD: learning rate η must be > 0, got ${p.learningRate}`);
  }
  if (!Number.isInteger(p.batchSize) || p.batchSize < 1) {
    throw new RangeError(`SGD: batch size B must be a positive integer, got ${p.batchSize}`);
  }
  if (hMax !== undefined && !(p.learningRate * hMax < 2)) {
    throw new RangeError(
      `SGD is unstable: η·h_max = ${(p.learningRate * hMax).toPrecision(4)} must be below 2`,
    );
  }
}

/** The Kronecker product A ⊗ B of square matrices (row-major, index i·n + j). */
function kron(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  const m = a.rows, n = b.rows, d = m * n;
  const out = DenseMatrix.zeros(d, d);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a.data[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) {
        const row = (i * n + j) * d + k * n;
        for (let l = 0; l < n; l++) out.data[row + l] = aik * b.data[j * n + l];
      }
    }
  }
  return out;
}

/** The least-squares minimum of data X (P×N), Y (P×M) and its Hessian and noise covariance. */
export function singleLayerMinimum(x: DenseMatrix, y: DenseMatrix): SingleLayerMinimum {
  const p = x.rows, n = x.cols, m = y.cols;
  if (y.rows !== p) throw new RangeError(`single layer: X has ${p} rows, Y has ${y.rows}`);
  if (p <= n) {
    throw new RangeError(
      `single layer: P = ${p} ≤ N = ${n} is over-parameterised — the minimum has zero loss and ` +
        `no stationary SGD noise; this theory needs P > N`,
    );
  }
  const k = gemm(x, x, { transA: true, alpha: 1 / p });
  symmetrise(k);
  const xty = gemm(x, y, { transA: true, alpha: 1 / p }); // N×M
  const wt = solveSpd(k, xty); // W*ᵀ, N×M
  const weights = wt.transpose();
  const fitted = gemm(x, wt);
  const residuals = new DenseMatrix(p, m, y.data.map((v, i) => v - fitted.data[i]));
  let squares = 0;
  for (const r of residuals.data) squares += r * r;
  // C = (1/P) Σ_μ (r rᵀ) ⊗ (x xᵀ): row (a,b), column (c,d) = (1/P) Σ r_a r_c x_b x_d
  const d = m * n;
  const noise = DenseMatrix.zeros(d, d);
  const v = new Float64Array(d);
  for (let mu = 0; mu < p; mu++) {
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < n; b++) v[a * n + b] = residuals.data[mu * m + a] * x.data[mu * n + b];
    }
    for (let i = 0; i < d; i++) {
      const vi = v[i] / p;
      const row = i * d;
      for (let j = 0; j < d; j++) noise.data[row + j] += vi * v[j];
    }
  }
  symmetrise(noise);
  return {
    inputs: n,
    outputs: m,
    samples: p,
    inputCovariance: k,
    hessian: kron(DenseMatrix.identity(m), k),
    weights,
    residuals,
    residualVariance: squares / (p * m),
    noise,
    loss: squares / (2 * p),
  };
}

function largestCurvature(min: SingleLayerMinimum): number {
  const h = eigvalsh(min.inputCovariance);
  return h[h.length - 1];
}

/** Σ_w from the continuum Lyapunov equation H Σ_w + Σ_w H = (η/B) C. */
export function continuumWeightCovariance(min: SingleLayerMinimum, p: PlainSgd): DenseMatrix {
  assertPlainSgd(p, largestCurvature(min));
  const scaled = new DenseMatrix(
    min.noise.rows,
    min.noise.cols,
    min.noise.data.map((v) => (p.learningRate / p.batchSize) * v),
  );
  return solveSymmetricLyapunov(min.hessian, scaled);
}

/** (η/(2B)) tr(H⁻¹C) — equal to tr Σ_w of the continuum solution (multiply by H⁻¹, take traces). */
export function traceIdentity(min: SingleLayerMinimum, p: PlainSgd): number {
  const hInvC = gemm(inverse(min.hessian), min.noise);
  let t = 0;
  for (let i = 0; i < hInvC.rows; i++) t += hInvC.get(i, i);
  return (p.learningRate / (2 * p.batchSize)) * t;
}

/**
 * The exact discrete-time stationary covariance of plain SGD with replacement (module comment),
 * iterated from Σ = 0 until the relative change is below `tolerance`.
 */
export function discreteWeightCovariance(
  x: DenseMatrix,
  min: SingleLayerMinimum,
  p: PlainSgd,
  options: { iterations?: number; tolerance?: number } = {},
): DenseMatrix {
  assertPlainSgd(p, largestCurvature(min));
  const { inputs: n, outputs: m, samples: count } = min;
  const d = m * n, eta = p.learningRate;
  const a = DenseMatrix.identity(d);
  for (let i = 0; i < d * d; i++) a.data[i] -= eta * min.hessian.data[i];
  const factor = (eta * eta) / p.batchSize;
  let sigma = DenseMatrix.zeros(d, d);
  const s = new Float64Array(m * m), w = new Float64Array(m * m);
  const sx = new Float64Array(d);
  for (let it = 0; it < (options.iterations ?? 200); it++) {
    const q = DenseMatrix.zeros(d, d);
    for (let mu = 0; mu < count; mu++) {
      const xm = x.data.subarray(mu * n, mu * n + n);
      // S_μ = (I ⊗ xᵀ) Σ (I ⊗ x): first Σ(I ⊗ x) column by column
      for (let c = 0; c < m; c++) {
        for (let i = 0; i < d; i++) {
          let acc = 0;
          const row = i * d + c * n;
          for (let l = 0; l < n; l++) acc += sigma.data[row + l] * xm[l];
          sx[i] = acc;
        }
        for (let a2 = 0; a2 < m; a2++) {
          let acc = 0;
          for (let b = 0; b < n; b++) acc += xm[b] * sx[a2 * n + b];
          s[a2 * m + c] = acc;
        }
      }
      for (let a2 = 0; a2 < m; a2++) {
        for (let c = 0; c < m; c++) {
          w[a2 * m + c] = (min.residuals.data[mu * m + a2] * min.residuals.data[mu * m + c] +
            s[a2 * m + c]) / count;
        }
      }
      // += W_μ ⊗ x xᵀ
      for (let a2 = 0; a2 < m; a2++) {
        for (let b = 0; b < n; b++) {
          const row = (a2 * n + b) * d;
          for (let c = 0; c < m; c++) {
            const wb = w[a2 * m + c] * xm[b];
            const col = row + c * n;
            for (let l = 0; l < n; l++) q.data[col + l] += wb * xm[l];
          }
        }
      }
    }
    const hsh = gemm(gemm(min.hessian, sigma), min.hessian);
    for (let i = 0; i < d * d; i++) q.data[i] = factor * (q.data[i] - hsh.data[i]);
    symmetrise(q);
    const next = solveDiscreteLyapunov(a, q);
    let change = 0, size = 0;
    for (let i = 0; i < d * d; i++) {
      change += (next.data[i] - sigma.data[i]) ** 2;
      size += next.data[i] ** 2;
    }
    sigma = next;
    if (change <= (options.tolerance ?? 1e-12) ** 2 * size) return sigma;
  }
  throw new RangeError(
    "single layer: the self-consistent Lyapunov iteration did not converge (is η·h_max close " +
      "to 2, or B very small?)",
  );
}

/** ‖C − σ̂²H‖_F / ‖σ̂²H‖_F: how far the noise is from the Hessian (0 when r ⟂ x, P ≫ N). */
export function noiseHessianMismatch(min: SingleLayerMinimum): number {
  const s2 = min.residualVariance;
  const diff = min.noise.data.map((v, i) => v - s2 * min.hessian.data[i]);
  return frobeniusNorm(diff) / (s2 * frobeniusNorm(min.hessian));
}

/** ‖HΣ − ΣH‖_F / ‖HΣ + ΣH‖_F: broken detailed balance (0 iff H and Σ commute). */
export function commutatorMeasure(hessian: DenseMatrix, sigma: DenseMatrix): number {
  const hs = gemm(hessian, sigma), sh = gemm(sigma, hessian);
  const minus = hs.data.map((v, i) => v - sh.data[i]);
  const plus = hs.data.map((v, i) => v + sh.data[i]);
  return frobeniusNorm(minus) / frobeniusNorm(plus);
}

/** Q = HΣ_w − (η/(2B)) C, antisymmetric for the continuum Σ_w (the probability current's matrix). */
export function currentMatrix(
  min: SingleLayerMinimum,
  sigma: DenseMatrix,
  p: PlainSgd,
): DenseMatrix {
  const hs = gemm(min.hessian, sigma);
  const c = p.learningRate / (2 * p.batchSize);
  return new DenseMatrix(hs.rows, hs.cols, hs.data.map((v, i) => v - c * min.noise.data[i]));
}

/**
 * The loss as a quadratic around W (M×N): L(W) = (1/(2P)) Σ_μ ‖y_μ − W x_μ‖², its gradient on
 * vec(W), (W K − YᵀX/P), and its Hessian I_M ⊗ K (taken from `min`).
 */
export function singleLayerQuadratic(
  x: DenseMatrix,
  y: DenseMatrix,
  w: DenseMatrix,
  min: SingleLayerMinimum,
): { loss: number; gradient: Float64Array; hessian: DenseMatrix } {
  const p = x.rows, n = x.cols, m = y.cols;
  if (w.rows !== m || w.cols !== n) throw new RangeError(`single layer: W must be ${m}×${n}`);
  const out = gemm(x, w, { transB: true }); // P×M
  let squares = 0;
  for (let i = 0; i < out.data.length; i++) squares += (y.data[i] - out.data[i]) ** 2;
  const wk = gemm(w, min.inputCovariance); // M×N
  const ytx = gemm(y, x, { transA: true, alpha: 1 / p }); // M×N
  const gradient = wk.data.map((v, i) => v - ytx.data[i]);
  return { loss: squares / (2 * p), gradient: Float64Array.from(gradient), hessian: min.hessian };
}
