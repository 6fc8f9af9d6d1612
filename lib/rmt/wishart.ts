/**
 * Wishart matrices: W of size M×N with iid N(0, s²) entries, and the spectrum of Y = WᵀW / M.
 */
import { Rng } from "../random/rng.ts";
import { symmetricEigenvalues } from "../linalg/symmetric_eigenvalues.ts";

/** Eigenvalues (ascending) of WᵀW / M for one M×N Gaussian W with entry variance `variance`. */
export function wishartEigenvalues(m: number, n: number, variance: number, rng: Rng): Float64Array {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) {
    throw new RangeError(`Wishart: sizes must be positive integers, got M = ${m}, N = ${n}`);
  }
  if (!(variance > 0 && Number.isFinite(variance))) {
    throw new RangeError(`Wishart: variance must be finite and > 0, got ${variance}`);
  }
  const w = rng.fillNormal(new Float64Array(m * n), 0, Math.sqrt(variance)); // row-major M×N
  // Gram matrix G = WᵀW / M, accumulated row by row of W (upper triangle, then mirrored).
  const g = new Float64Array(n * n);
  for (let r = 0; r < m; r++) {
    const row = r * n;
    for (let i = 0; i < n; i++) {
      const wi = w[row + i];
      if (wi === 0) continue;
      const gi = i * n;
      for (let j = i; j < n; j++) g[gi + j] += wi * w[row + j];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = g[i * n + j] / m;
      g[i * n + j] = v;
      g[j * n + i] = v;
    }
  }
  return symmetricEigenvalues(g, n);
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
