/**
 * Sample moments of a trajectory: a streaming accumulator of the mean, covariance and lag-1
 * covariance E[x_{k+1} x_kᵀ] (whose antisymmetric part signals broken detailed balance), the
 * covariance of a stored trajectory through one gemm, and its principal components (PCA, as in
 * Feng & Tu, PNAS 118:e2015617118, 2021: w(t) = ⟨w⟩ + Σ_i θ_i(t) p_i, σ_i² = ⟨θ_i²⟩).
 */
import { DenseMatrix } from "./dense_matrix.ts";
import { eigh } from "./eigen.ts";
import { gemm } from "./products.ts";

/** Streaming mean, covariance and lag-1 covariance of x_0, x_1, … (each of length n). */
export class RunningMoments {
  readonly dimension: number;
  #count = 0;
  #sum: Float64Array;
  #sumNext: Float64Array;
  #outer: Float64Array;
  #lag: Float64Array;
  #previous: Float64Array | null = null;
  #pairs = 0;
  #trackLag: boolean;

  constructor(dimension: number, options: { lag?: boolean } = {}) {
    this.dimension = dimension;
    this.#trackLag = options.lag ?? true;
    this.#sum = new Float64Array(dimension);
    this.#sumNext = new Float64Array(dimension);
    this.#outer = new Float64Array(dimension * dimension);
    this.#lag = new Float64Array(this.#trackLag ? dimension * dimension : 0);
  }

  /** Adds the next state (copied); consecutive calls are consecutive times for the lag. */
  add(x: ArrayLike<number>): void {
    const n = this.dimension;
    if (x.length !== n) {
      throw new RangeError(`RunningMoments: state has ${x.length} ≠ ${n} entries`);
    }
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      this.#sum[i] += xi;
      const row = i * n;
      for (let j = 0; j < n; j++) this.#outer[row + j] += xi * x[j];
    }
    this.#count++;
    if (!this.#trackLag) return;
    const prev = this.#previous;
    if (prev) {
      for (let i = 0; i < n; i++) {
        const xi = x[i];
        this.#sumNext[i] += xi;
        const row = i * n;
        for (let j = 0; j < n; j++) this.#lag[row + j] += xi * prev[j];
      }
      this.#pairs++;
    } else {
      this.#previous = new Float64Array(n);
    }
    this.#previous!.set(x);
  }

  get count(): number {
    return this.#count;
  }

  mean(): Float64Array {
    this.#need(1);
    return this.#sum.map((v) => v / this.#count);
  }

  /** Cov(x_k, x_k), normalised by the number of states. */
  covariance(): DenseMatrix {
    this.#need(1);
    const n = this.dimension, m = this.mean();
    const c = DenseMatrix.zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        c.data[i * n + j] = this.#outer[i * n + j] / this.#count - m[i] * m[j];
      }
    }
    return c;
  }

  /** Cov(x_{k+1}, x_k) over consecutive pairs. */
  lagCovariance(): DenseMatrix {
    if (!this.#trackLag) throw new Error("RunningMoments: created without lag tracking");
    if (this.#pairs < 1) throw new RangeError("RunningMoments: no consecutive pair yet");
    const n = this.dimension;
    // the mean of x_k over the pairs is the total minus the last state, over the pair count
    const meanPrev = this.#sum.map((v, i) => (v - this.#previous![i]) / this.#pairs);
    const meanNext = this.#sumNext.map((v) => v / this.#pairs);
    const c = DenseMatrix.zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        c.data[i * n + j] = this.#lag[i * n + j] / this.#pairs - meanNext[i] * meanPrev[j];
      }
    }
    return c;
  }

  #need(k: number): void {
    if (this.#count < k) throw new RangeError("RunningMoments: no state added yet");
  }
}

/** Mean and covariance (normalised by the record count) of a records × n row-major trajectory. */
export function trajectoryMoments(
  trajectory: Float64Array,
  n: number,
): { mean: Float64Array; covariance: DenseMatrix } {
  const records = trajectory.length / n;
  if (!(Number.isInteger(records) && records >= 2)) {
    throw new RangeError(`trajectoryMoments: need ≥ 2 whole records of length ${n}`);
  }
  const mean = new Float64Array(n);
  for (let r = 0; r < records; r++) for (let i = 0; i < n; i++) mean[i] += trajectory[r * n + i];
  for (let i = 0; i < n; i++) mean[i] /= records;
  const centred = new DenseMatrix(records, n, trajectory.map((v, k) => v - mean[k % n]));
  const covariance = gemm(centred, centred, { transA: true, alpha: 1 / records });
  for (let i = 0; i < n; i++) { // exact symmetry for eigh
    for (let j = i + 1; j < n; j++) {
      const v = (covariance.data[i * n + j] + covariance.data[j * n + i]) / 2;
      covariance.data[i * n + j] = v;
      covariance.data[j * n + i] = v;
    }
  }
  return { mean, covariance };
}

/** Principal components: variances σ_i² descending and their unit directions p_i (columns). */
export interface PrincipalComponents {
  variances: Float64Array;
  directions: DenseMatrix;
}

/** PCA of a covariance matrix (eigenvalues sorted descending). */
export function principalComponents(covariance: DenseMatrix): PrincipalComponents {
  const n = covariance.rows;
  const { values, vectors } = eigh(covariance);
  const directions = DenseMatrix.zeros(n, n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) directions.data[i * n + k] = vectors.data[i * n + (n - 1 - k)];
  }
  return { variances: values.slice().reverse(), directions };
}
