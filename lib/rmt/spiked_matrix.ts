/**
 * A rank-one "signal plus noise" weight matrix, the simplest model of a learned direction:
 * W = G + d·u·vᵀ with G (M×N) iid N(0, s²) and unit vectors u, v. Its top eigenvalue of WᵀW
 * leaves the Marchenko–Pastur bulk only above the BBP threshold d_c = s (MN)^{1/4}, and then sits at
 *
 *   λ_out = (d² + s²M)(d² + s²N) / d²
 *
 * (Benaych-Georges & Nadakuditi, J. Multivar. Anal. 111, 120 (2012), for rectangular matrices);
 * below the threshold it sticks to the bulk edge s²(√M + √N)².
 */
import { checkAllocation, DenseMatrix } from "../linalg/dense_matrix.ts";
import { frobeniusNorm } from "../linalg/norms.ts";
import { singularValues } from "../linalg/svd.ts";
import type { Rng } from "../random/rng.ts";

/** The BBP threshold d_c = s (MN)^{1/4} for entry variance s². */
export function spikeThreshold(m: number, n: number, variance: number): number {
  return Math.sqrt(variance) * Math.pow(m * n, 0.25);
}

/** The predicted top eigenvalue of WᵀW for spike strength d (bulk edge below the threshold). */
export function spikeOutlierPrediction(m: number, n: number, variance: number, d: number): number {
  if (d <= spikeThreshold(m, n, variance)) return variance * (Math.sqrt(m) + Math.sqrt(n)) ** 2;
  return ((d * d + variance * m) * (d * d + variance * n)) / (d * d);
}

function unitVector(length: number, rng: Rng): Float64Array {
  const v = rng.fillNormal(new Float64Array(length), 0, 1);
  const norm = frobeniusNorm(v); // not Math.hypot(...v): spreading a long array overflows the stack
  return v.map((x) => x / norm);
}

/** W = G + d·u·vᵀ with random unit u, v; `strength` is d in units of the threshold d_c. */
export function spikedMatrix(
  m: number,
  n: number,
  variance: number,
  strength: number,
  rng: Rng,
): { matrix: DenseMatrix; d: number } {
  if (!(strength >= 0 && Number.isFinite(strength))) {
    throw new RangeError(`spike strength must be finite and ≥ 0, got ${strength}`);
  }
  checkAllocation(m, n);
  if (m < 1 || n < 1) throw new RangeError(`spiked matrix: m and n must be ≥ 1, got ${m}×${n}`);
  if (!(variance > 0 && Number.isFinite(variance))) {
    throw new RangeError(`spiked matrix: variance must be finite and > 0, got ${variance}`);
  }
  const d = strength * spikeThreshold(m, n, variance);
  const w = new DenseMatrix(m, n, rng.fillNormal(new Float64Array(m * n), 0, Math.sqrt(variance)));
  const u = unitVector(m, rng);
  const v = unitVector(n, rng);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) w.data[i * n + j] += d * u[i] * v[j];
  }
  return { matrix: w, d };
}

/** The outcome of the independent-spike control (spikeShiftControl). */
export interface SpikeShiftControl {
  /** predicted top singular value of (G + d·uvᵀ)/√M minus the bulk edge (√M + √N)s/√M */
  predictedShift: number;
  /** per draw: σ₁(G + d·uvᵀ) − σ₁(G), in units of √M */
  sampledShifts: number[];
}

/**
 * The null hypothesis "the spike is independent of the bulk": for a Gaussian G (M×N, entry
 * variance s²) and a rank-one d·uvᵀ with random unit u, v, how far the top singular value moves
 * (Benaych-Georges & Nadakuditi 2012; √λ_out of spikeOutlierPrediction), predicted and sampled
 * over `draws` independent matrices. Each draw uses stream [r] of `rng`; G is the same with and
 * without the spike.
 */
export function spikeShiftControl(
  m: number,
  n: number,
  variance: number,
  d: number,
  draws: number,
  rng: Rng,
): SpikeShiftControl {
  if (!(Number.isInteger(draws) && draws >= 1)) {
    throw new RangeError(`spike control: draws must be an integer ≥ 1, got ${draws}`);
  }
  if (!(d >= 0 && Number.isFinite(d))) {
    throw new RangeError(`spike control: d must be finite and ≥ 0, got ${d}`);
  }
  const scale = Math.sqrt(m);
  const edge = Math.sqrt(variance) * (Math.sqrt(m) + Math.sqrt(n));
  const predictedShift = (Math.sqrt(spikeOutlierPrediction(m, n, variance, d)) - edge) / scale;
  const strength = d / spikeThreshold(m, n, variance);
  const sampledShifts = Array.from({ length: draws }, (_, r) => {
    const plain = spikedMatrix(m, n, variance, 0, rng.stream(r)).matrix;
    const spiked = spikedMatrix(m, n, variance, strength, rng.stream(r)).matrix;
    return (singularValues(spiked)[0] - singularValues(plain)[0]) / scale;
  });
  return { predictedShift, sampledShifts };
}
