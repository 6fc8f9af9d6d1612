/**
 * Wishart matrices: W of size M×N with iid N(0, s²) entries, and the spectrum of Y = WᵀW / M.
 */
import { Rng } from "../random/rng.ts";
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvalsh } from "../linalg/eigen.ts";
import { gemm } from "../linalg/products.ts";

/** Eigenvalues (ascending) of WᵀW / M for one M×N Gaussian W with entry variance `variance`. */
export function wishartEigenvalues(m: number, n: number, variance: number, rng: Rng): Float64Array {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) {
    throw new RangeError(`Wishart: sizes must be positive integers, got M = ${m}, N = ${n}`);
  }
  if (!(variance > 0 && Number.isFinite(variance))) {
    throw new RangeError(`Wishart: variance must be finite and > 0, got ${variance}`);
  }
  const w = new DenseMatrix(m, n, rng.fillNormal(new Float64Array(m * n), 0, Math.sqrt(variance)));
  // Y = WᵀW / M is positive semi-definite: rounding can leave its zero eigenvalues (N > M) at
  // ±1e-16·‖Y‖, and the negative ones are set to the exact 0.
  return eigvalsh(gemm(w, w, { transA: true, alpha: 1 / m })).map((v) => Math.max(v, 0));
}

/** One task of a Wishart sweep (plain data, so it can cross to a worker). */
export interface WishartTask {
  m: number;
  n: number;
  variance: number;
  seed: number;
  /** stream keys, e.g. [settingIndex, replica] */
  stream: number[];
}

/** Sweep task: the spectrum of one Wishart sample, drawn from the task's own stream. */
export function wishartSpectrumTask(task: WishartTask): Float64Array {
  return wishartEigenvalues(task.m, task.n, task.variance, Rng.fromSeed(task.seed, ...task.stream));
}
