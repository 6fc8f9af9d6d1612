/**
 * The exact mean-squared displacement of SGD with momentum on a quadratic loss in its stationary
 * state, and the anomalous exponent it implies (Kunin et al., arXiv 2107.09133 §6).
 *
 * Per Hessian mode the state z = (θ, b) obeys z_{k+1} = A z_k + noise with stationary covariance
 * Σ_z, so E[θ_{k0+k} θ_{k0}] = (A^k Σ_z)_θθ and
 *
 *   MSD(k) = E‖θ_{k0+k} − θ_{k0}‖² = Σ_i 2 [Var θ_i − (A_i^k Σ_{z,i})_θθ].
 *
 * Its overdamped continuum limit is Σ_i 2 Var θ_i (1 − e^{−r_i k}), r_i = η(h_i + λ)/(1 − β): modes
 * with r_i k > 1 have saturated. For h_i = h_max i^{−α} and noise ∝ h (equal Var θ_i) the number
 * of unsaturated modes grows as k^{1/α}, so MSD ∝ k^{1/α} between (1−β)/(ηh_max) and
 * (1−β)/(η(h_min + λ)).
 */
import { fitLine } from "../linalg/line_fit.ts";
import { modeStationaryMoments, type SgdHyperparameters } from "./sgd_momentum_moments.ts";

/** h_i = h_max · i^{−α}, i = 1..d. */
export function powerLawSpectrum(d: number, alpha: number, hMax = 1): Float64Array {
  if (!(Number.isInteger(d) && d > 0) || !(alpha > 0) || !(hMax > 0)) {
    throw new RangeError(`power-law spectrum: need d ≥ 1, α > 0, h_max > 0`);
  }
  return Float64Array.from({ length: d }, (_, i) => hMax * (i + 1) ** -alpha);
}

/** (A^k Σ)_θθ for the 2×2 mode matrices, A^k by repeated squaring (k up to 2^52). */
function propagatedThetaTheta(a: number[], sigma: number[], k: number): number {
  // 2×2 row-major products
  const mul = (x: number[], y: number[]) => [
    x[0] * y[0] + x[1] * y[2],
    x[0] * y[1] + x[1] * y[3],
    x[2] * y[0] + x[3] * y[2],
    x[2] * y[1] + x[3] * y[3],
  ];
  let power = [1, 0, 0, 1];
  let base = a;
  let e = k;
  while (e > 0) {
    if (e % 2 === 1) power = mul(power, base);
    base = mul(base, base);
    e = Math.floor(e / 2);
  }
  return power[0] * sigma[0] + power[1] * sigma[2];
}

/**
 * Exact stationary MSD at integer lags for modes with curvatures h_i and per-step additive noise
 * variances s_i² (for linear regression with Σ = σ²H, s_i² = σ²h_i/S).
 */
export function exactMsd(
  hessian: ArrayLike<number>,
  noiseVariance: ArrayLike<number>,
  p: SgdHyperparameters,
  lags: readonly number[],
): Float64Array {
  if (hessian.length !== noiseVariance.length) {
    throw new RangeError("exactMsd: one noise variance per Hessian eigenvalue");
  }
  for (const k of lags) {
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`exactMsd: bad lag ${k}`);
  }
  const out = new Float64Array(lags.length);
  const { learningRate: eta, momentum: beta, weightDecay: lambda } = p;
  for (let i = 0; i < hessian.length; i++) {
    const h = hessian[i];
    const m = modeStationaryMoments(h, noiseVariance[i], p);
    const hp = h + lambda;
    const a = [1 - eta * hp, -eta * beta, hp, beta];
    const sigma = [m.varTheta, m.covThetaB, m.covThetaB, m.varB];
    lags.forEach((k, j) => {
      out[j] += 2 * (m.varTheta - propagatedThetaTheta(a, sigma, k));
    });
  }
  return out;
}

/** The plateau MSD(∞) = 2 Σ_i Var θ_i. */
export function msdPlateau(
  hessian: ArrayLike<number>,
  noiseVariance: ArrayLike<number>,
  p: SgdHyperparameters,
): number {
  let s = 0;
  for (let i = 0; i < hessian.length; i++) {
    s += 2 * modeStationaryMoments(hessian[i], noiseVariance[i], p).varTheta;
  }
  return s;
}

/** Overdamped continuum MSD: Σ_i 2 Var θ_i (1 − e^{−r_i k}), r_i = η(h_i + λ)/(1 − β). */
export function overdampedMsd(
  hessian: ArrayLike<number>,
  noiseVariance: ArrayLike<number>,
  p: SgdHyperparameters,
  lags: readonly number[],
): Float64Array {
  const out = new Float64Array(lags.length);
  for (let i = 0; i < hessian.length; i++) {
    const v = modeStationaryMoments(hessian[i], noiseVariance[i], p).varTheta;
    const r = (p.learningRate * (hessian[i] + p.weightDecay)) / (1 - p.momentum);
    lags.forEach((k, j) => (out[j] += 2 * v * -Math.expm1(-r * k)));
  }
  return out;
}

/** Integer lags spaced evenly in log k from kMin to kMax (duplicates removed). */
export function logLags(kMin: number, kMax: number, perDecade = 10): number[] {
  if (!(kMin >= 1 && kMax >= kMin)) throw new RangeError(`logLags: need 1 ≤ kMin ≤ kMax`);
  const n = Math.max(1, Math.ceil(Math.log10(kMax / kMin) * perDecade));
  const lags = Array.from(
    { length: n + 1 },
    (_, i) => Math.round(kMin * (kMax / kMin) ** (i / n)),
  );
  return [...new Set(lags)];
}

/** Local slope d log MSD / d log k, by differences between neighbouring lags (at their midpoints). */
export function localSlopes(
  lags: readonly number[],
  msd: ArrayLike<number>,
): { lag: number; slope: number }[] {
  const out: { lag: number; slope: number }[] = [];
  for (let j = 0; j + 1 < lags.length; j++) {
    out.push({
      lag: Math.sqrt(lags[j] * lags[j + 1]),
      slope: Math.log(msd[j + 1] / msd[j]) / Math.log(lags[j + 1] / lags[j]),
    });
  }
  return out;
}

/** OLS slope c of log MSD on log k over the lags in [kMin, kMax] (at least two lags). */
export function fitDiffusionExponent(
  lags: readonly number[],
  msd: ArrayLike<number>,
  kMin: number,
  kMax: number,
): number {
  const xs: number[] = [], ys: number[] = [];
  lags.forEach((k, j) => {
    if (k >= kMin && k <= kMax) {
      if (!(msd[j] > 0)) throw new RangeError(`fitDiffusionExponent: MSD(${k}) = ${msd[j]}`);
      xs.push(Math.log(k));
      ys.push(Math.log(msd[j]));
    }
  });
  if (xs.length < 2) throw new RangeError(`fitDiffusionExponent: fewer than two lags in window`);
  return fitLine(xs, ys).slope;
}
