/**
 * Probability currents of an Ornstein–Uhlenbeck process and their discrete-time signature
 * (Kunin et al., arXiv 2107.09133 §5; T05.7).
 *
 * For dx = −A x dt + √(2D) dW the stationary covariance solves AΣ + ΣAᵀ = 2D. Writing
 * A = (D + Q) U with U = Σ⁻¹ gives Q = AΣ − D, which is antisymmetric; the stationary density is
 * p_ss ∝ exp(−½ xᵀUx) (the "modified loss" Ψ = ½ xᵀUx) and the Fokker–Planck current is
 *
 *   J(x) = −A x p − D ∇p = −(D + Q) U x p + D U x p = −Q U x p_ss(x) = −Q ∇Ψ p_ss.
 *
 * Detailed balance holds iff Q = 0, i.e. (for symmetric A and D) iff [A, D] = 0. In discrete time,
 * x_{k+1} = F x_k + noise has E[x_{k+1}x_kᵀ] = FΣ, so the antisymmetric lag-1 covariance is
 * FΣ − ΣFᵀ, which for F = I − ηA is −η(AΣ − ΣAᵀ) = −2ηQ in the continuum scaling.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemm } from "../linalg/products.ts";
import { inverse } from "../linalg/solve.ts";
import { eigvals } from "../linalg/eigen.ts";
import { solveContinuousLyapunov, solveDiscreteLyapunov } from "../linalg/lyapunov.ts";

/**
 * The OU decomposition: Σ (AΣ + ΣAᵀ = 2D), Q = AΣ − D and U = Σ⁻¹. The process has a stationary
 * state only when every eigenvalue of A has a positive real part; otherwise this throws, naming
 * the eigenvalue that breaks stability (the Lyapunov equation alone would return a "covariance"
 * that is not positive definite).
 */
export function ouDecomposition(
  a: DenseMatrix,
  d: DenseMatrix,
): { sigma: DenseMatrix; q: DenseMatrix; u: DenseMatrix } {
  const { re, im } = eigvals(a);
  if (re.length > 0 && !(re[0] > 0)) {
    const shown = im[0] === 0
      ? `${re[0]}`
      : `${re[0]} ${im[0] < 0 ? "−" : "+"} ${Math.abs(im[0])}i`;
    throw new RangeError(
      `ouDecomposition: A has the eigenvalue ${shown}, whose real part is not positive, so ` +
        `dx = −A x dt + √(2D) dW is unstable and has no stationary covariance`,
    );
  }
  const twoD = new DenseMatrix(d.rows, d.cols, d.data.map((v) => 2 * v));
  const sigma = solveContinuousLyapunov(a, twoD);
  const as = gemm(a, sigma);
  const q = new DenseMatrix(d.rows, d.cols, as.data.map((v, i) => v - d.data[i]));
  return { sigma, q, u: inverse(sigma) };
}

/** The stationary covariance of x_{k+1} = F x_k + G ξ: Σ = FΣFᵀ + GGᵀ. */
export function recursionCovariance(
  transition: DenseMatrix,
  noiseFactor: DenseMatrix,
): DenseMatrix {
  return solveDiscreteLyapunov(transition, gemm(noiseFactor, noiseFactor, { transB: true }));
}

/** The exact antisymmetric lag-1 covariance E[x_{k+1}x_kᵀ] − E[x_k x_{k+1}ᵀ] = FΣ − ΣFᵀ. */
export function lagOneAntisymmetry(transition: DenseMatrix, sigma: DenseMatrix): DenseMatrix {
  const fs = gemm(transition, sigma);
  return antisymmetricPart(fs, 2);
}

/** scale · (M − Mᵀ)/2; with scale 2 it is M − Mᵀ. */
export function antisymmetricPart(m: DenseMatrix, scale = 1): DenseMatrix {
  const n = m.rows;
  const out = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out.data[i * n + j] = (scale * (m.data[i * n + j] - m.data[j * n + i])) / 2;
    }
  }
  return out;
}

/**
 * The two-dimensional example of Kunin et al.'s Figure 3 (T05.7): A = V⁻¹ diag(4, 1) V with
 * V = [[−1, 1], [1, 1]], D = diag(4, 1), b = (−0.1, 0.05); loss Φ = ½xᵀAx − bᵀx, SGD-like update
 * x_{k+1} = x_k − η(Ax_k − b) − η L ξ with LLᵀ = D.
 */
export const FIGURE3_TOY = {
  a: DenseMatrix.fromRows([[2.5, -1.5], [-1.5, 2.5]]),
  d: DenseMatrix.fromRows([[4, 0], [0, 1]]),
  b: Float64Array.of(-0.1, 0.05),
  x0: Float64Array.of(0.09, 0),
} as const;

/** The toy's recursion at learning rate η: F = I − ηA, offset ηb, noise factor ηL (L = D^{1/2}). */
export function toyRecursion(
  eta: number,
  a: DenseMatrix = FIGURE3_TOY.a,
  d: DenseMatrix = FIGURE3_TOY.d,
  b: Float64Array = FIGURE3_TOY.b,
): { transition: DenseMatrix; offset: Float64Array; noiseFactor: DenseMatrix } {
  if (!(eta > 0)) throw new RangeError(`toy recursion: η must be > 0, got ${eta}`);
  const n = a.rows;
  const transition = DenseMatrix.identity(n);
  for (let i = 0; i < n * n; i++) transition.data[i] -= eta * a.data[i];
  const noiseFactor = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    if (d.data.some((v, k) => k % n !== Math.floor(k / n) && v !== 0)) {
      throw new RangeError("toy recursion: D must be diagonal");
    }
    noiseFactor.data[i * n + i] = eta * Math.sqrt(d.data[i * n + i]);
  }
  return { transition, offset: b.map((v) => eta * v), noiseFactor };
}
