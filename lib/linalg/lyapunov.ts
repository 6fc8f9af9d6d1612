/**
 * Lyapunov equations for stationary covariances of linear stochastic dynamics.
 *
 * Continuous, A·Σ + Σ·Aᵀ = C: the stationary covariance of dθ = −A·θ dt + dW with
 * E[dW dWᵀ] = C dt is Σ = ∫₀^∞ e^{−At} C e^{−Aᵀt} dt, which exists when every eigenvalue of A
 * has positive real part. Solved by the scaled matrix-sign-function (Newton) iteration
 * A ← (μA + (μA)⁻¹)/2, C ← (μC + A⁻¹CA⁻ᵀ/μ)/2, which keeps the solution invariant and drives
 * A → sign(A) = ±I, so Σ = ±C_∞/2 (Roberts 1980, Int. J. Control 32:677; Higham, "Functions of
 * Matrices", §5.3 and eq. 5.38 for the Frobenius scaling μ = sqrt(‖A⁻¹‖/‖A‖)).
 *
 * Discrete, Σ = A·Σ·Aᵀ + C: the stationary covariance of θ_{t+1} = A·θ_t + ξ_t with
 * Cov ξ = C is Σ = Σ_j A^j C (Aᵀ)^j, which converges when the spectral radius ρ(A) < 1. Solved by
 * Smith's doubling, Σ ← Σ + A_k Σ A_kᵀ, A_{k+1} = A_k² (Smith 1968, SIAM J. Appl. Math. 16:198),
 * k ≈ log₂(log ε / log ρ) steps.
 *
 * Both use only gemm and inverse, so they run unchanged on either backend; the answer is always
 * checked against the equation's residual before it is returned.
 */
import { DenseMatrix, type FloatArray } from "./dense_matrix.ts";
import { EPSILON } from "./conditioning.ts";
import { eigh } from "./eigen.ts";
import { LinalgError } from "./linalg_error.ts";
import { frobeniusNorm } from "./norms.ts";
import { gemm } from "./products.ts";
import { inverse } from "./solve.ts";
import { assertFinite, assertSquare } from "./validate.ts";

/** Options of the Lyapunov solvers. */
export interface LyapunovOptions {
  /**
   * Largest accepted relative residual ‖lhs − rhs‖_F / (scale of the terms); default 1e-9.
   * Beyond it the solver throws instead of returning an inaccurate Σ.
   */
  tolerance?: number;
}

type F64 = DenseMatrix<Float64Array>;

function checkedPair(operation: string, a: DenseMatrix<FloatArray>, c: DenseMatrix<FloatArray>) {
  assertSquare(operation, "A", a);
  assertSquare(operation, "C", c);
  if (a.rows !== c.rows) {
    throw new LinalgError(operation, `A is ${a.rows}×${a.rows} but C is ${c.rows}×${c.rows}`);
  }
  assertFinite(operation, "A", a);
  assertFinite(operation, "C", c);
  return { a: a.toFloat64(), c: c.toFloat64() };
}

/** x·X + y·Y, elementwise. */
function combine(x: number, xm: F64, y: number, ym: F64): F64 {
  const out = DenseMatrix.zeros(xm.rows, xm.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = x * xm.data[i] + y * ym.data[i];
  return out;
}

function isSymmetric(c: F64): boolean {
  const n = c.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (c.data[i * n + j] !== c.data[j * n + i]) return false;
  }
  return true;
}

/** Replaces S by (S + Sᵀ)/2 in place and returns it. */
export function symmetrise<M extends DenseMatrix<FloatArray>>(s: M): M {
  const n = s.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = (s.data[i * n + j] + s.data[j * n + i]) / 2;
      s.data[i * n + j] = v;
      s.data[j * n + i] = v;
    }
  }
  return s;
}

function checkResidual(
  operation: string,
  residual: number,
  scale: number,
  tolerance: number,
  hint: string,
): void {
  const relative = residual / (scale || 1);
  if (!(relative <= tolerance)) {
    throw new LinalgError(
      operation,
      `no accurate solution: relative residual ${relative.toExponential(2)} > ${tolerance} ` +
        `(${hint})`,
    );
  }
}

/** Σ with A·Σ + Σ·Aᵀ = C, for A whose eigenvalues all have real parts of one sign. */
export function solveContinuousLyapunov(
  a: DenseMatrix<FloatArray>,
  c: DenseMatrix<FloatArray>,
  options: LyapunovOptions = {},
): F64 {
  const operation = "solveContinuousLyapunov";
  const { a: a0, c: c0 } = checkedPair(operation, a, c);
  const n = a0.rows;
  let ak = a0;
  let ck = c0;
  let scaling = true;
  let previousChange = Infinity;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ainv: F64;
    try {
      ainv = inverse(ak);
    } catch (error) {
      throw new LinalgError(
        operation,
        `A (or an iterate) is singular — an eigenvalue on the imaginary axis, so there is no ` +
          `unique solution (${(error as Error).message})`,
      );
    }
    const mu = scaling ? Math.sqrt(frobeniusNorm(ainv) / frobeniusNorm(ak)) : 1;
    const next = combine(mu / 2, ak, 1 / (2 * mu), ainv);
    const sandwich = gemm(gemm(ainv, ck), ainv, { transB: true }); // A⁻¹ C A⁻ᵀ
    ck = combine(mu / 2, ck, 1 / (2 * mu), sandwich);
    const change = frobeniusNorm(combine(1, next, -1, ak)) / frobeniusNorm(next);
    ak = next;
    if (change < 1e-2) scaling = false; // scaling speeds the start, spoils the quadratic end
    if (change <= 10 * n * EPSILON || (change < 1e-8 && change >= previousChange)) break;
    previousChange = change;
  }
  // A_∞ = sign(A) must be ±I; anything else means eigenvalues on both sides of the axis.
  let trace = 0;
  for (let i = 0; i < n; i++) trace += ak.data[i * n + i];
  const sign = Math.sign(trace);
  const deviation = frobeniusNorm(combine(1, ak, -sign, DenseMatrix.identity(n)));
  if (!(deviation <= 1e-6 * Math.sqrt(n))) {
    throw new LinalgError(
      operation,
      "A has eigenvalues with both positive and negative real parts (or on the imaginary " +
        "axis); this solver needs all real parts of one sign (a stable or anti-stable A)",
    );
  }
  let sigma = combine(sign / 2, ck, 0, ck);
  if (isSymmetric(c0)) sigma = symmetrise(sigma);

  const as = gemm(a0, sigma);
  const sat = gemm(sigma, a0, { transB: true });
  const residual = frobeniusNorm(combine(1, combine(1, as, 1, sat), -1, c0));
  const scale = 2 * frobeniusNorm(a0) * frobeniusNorm(sigma) + frobeniusNorm(c0);
  checkResidual(operation, residual, scale, options.tolerance ?? 1e-9, "A is ill-conditioned");
  return sigma;
}

/** Σ with Σ = A·Σ·Aᵀ + C, for A with spectral radius < 1. */
export function solveDiscreteLyapunov(
  a: DenseMatrix<FloatArray>,
  c: DenseMatrix<FloatArray>,
  options: LyapunovOptions = {},
): F64 {
  const operation = "solveDiscreteLyapunov";
  const { a: a0, c: c0 } = checkedPair(operation, a, c);
  let ak = a0;
  let sigma = c0.clone();
  let converged = false;
  for (let iteration = 0; iteration < 64; iteration++) {
    // Overflow is detected from the norms below, so the products skip their finiteness scan.
    const unchecked = { checkFinite: false };
    const term = gemm(gemm(ak, sigma, unchecked), ak, { transB: true, ...unchecked }); // A_k Σ A_kᵀ
    sigma = combine(1, sigma, 1, term);
    const termNorm = frobeniusNorm(term);
    const sigmaNorm = frobeniusNorm(sigma);
    if (!Number.isFinite(sigmaNorm)) break;
    if (termNorm <= EPSILON * sigmaNorm) {
      converged = true;
      break;
    }
    ak = gemm(ak, ak, unchecked);
    if (!Number.isFinite(frobeniusNorm(ak))) break;
  }
  if (!converged) {
    throw new LinalgError(
      operation,
      "the series Σ_j A^j C (Aᵀ)^j does not converge: the spectral radius of A is ≥ 1 " +
        "(unstable dynamics have no stationary covariance)",
    );
  }
  if (isSymmetric(c0)) sigma = symmetrise(sigma);
  const asat = gemm(gemm(a0, sigma), a0, { transB: true });
  const residual = frobeniusNorm(combine(1, sigma, -1, combine(1, asat, 1, c0)));
  const scale = frobeniusNorm(sigma) + frobeniusNorm(asat) + frobeniusNorm(c0);
  checkResidual(operation, residual, scale, options.tolerance ?? 1e-9, "ρ(A) is close to 1");
  return sigma;
}

/**
 * Σ with H·Σ + Σ·H = C for symmetric positive-definite H, in H's eigenbasis
 * (H = V diag(h) Vᵀ): Σ = V [ (VᵀCV)_ij / (h_i + h_j) ] Vᵀ. Exact up to rounding, and the form in
 * which the trace identity tr Σ = ½ tr(H⁻¹C) is evident (notebook 06, §1; T06.1a).
 */
export function solveSymmetricLyapunov(
  h: DenseMatrix<FloatArray>,
  c: DenseMatrix<FloatArray>,
  options: LyapunovOptions = {},
): F64 {
  const operation = "solveSymmetricLyapunov";
  const { a: h0, c: c0 } = checkedPair(operation, h, c);
  const n = h0.rows;
  const { values, vectors } = eigh(h0);
  if (!(values[0] > 0)) {
    throw new LinalgError(
      operation,
      `H must be positive definite; its smallest eigenvalue is ${values[0]} (a flat direction ` +
        `has no stationary variance — restrict the equation to range(H) first)`,
    );
  }
  const rotated = gemm(gemm(vectors, c0, { transA: true }), vectors); // VᵀCV
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) rotated.data[i * n + j] /= values[i] + values[j];
  }
  let sigma = gemm(gemm(vectors, rotated), vectors, { transB: true });
  if (isSymmetric(c0)) sigma = symmetrise(sigma);
  const hs = gemm(h0, sigma);
  const residual = frobeniusNorm(combine(1, combine(1, hs, 1, gemm(sigma, h0)), -1, c0));
  const scale = 2 * frobeniusNorm(h0) * frobeniusNorm(sigma) + frobeniusNorm(c0);
  checkResidual(operation, residual, scale, options.tolerance ?? 1e-9, "H is ill-conditioned");
  return sigma;
}
