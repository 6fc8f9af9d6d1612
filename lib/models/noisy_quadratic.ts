/**
 * SGD with momentum and weight decay on a noisy quadratic: in the Hessian eigenbasis every mode is
 * independent, θ_i has curvature h_i and the gradient carries additive Gaussian noise of variance
 * s_i² per step (Kunin et al., arXiv 2107.09133; T05.8):
 *
 *   b ← β b + h_i θ + s_i ξ + λ θ,   θ ← θ − η b.
 *
 * The run starts from an exact draw of the stationary state (per mode a 2-D Gaussian with the
 * moments of lib/theory/sgd_momentum_moments.ts), so no burn-in is needed, and accumulates the
 * time-averaged MSD ⟨‖θ_{k0+k} − θ_{k0}‖²⟩_{k0} at the requested lags from a ring buffer.
 */
import { FastNormals } from "../random/fast_normals.ts";
import type { Rng } from "../random/rng.ts";
import { modeStationaryMoments, type SgdHyperparameters } from "../theory/sgd_momentum_moments.ts";

/** Time-averaged MSD of a stationary run. */
export interface NoisyQuadraticMsd {
  lags: number[];
  msd: Float64Array;
  /** number of (k0, k0 + lag) pairs averaged per lag */
  pairs: number[];
}

/** Runs `steps` steps from a stationary start and returns the time-averaged MSD at `lags`. */
export function noisyQuadraticMsd(
  hessian: ArrayLike<number>,
  noiseVariance: ArrayLike<number>,
  p: SgdHyperparameters,
  c: { steps: number; lags: readonly number[]; origins?: number },
  rng: Rng,
): NoisyQuadraticMsd {
  const d = hessian.length;
  if (noiseVariance.length !== d) throw new RangeError("noisy quadratic: one s² per mode");
  const maxLag = Math.max(...c.lags);
  if (!(Number.isInteger(c.steps) && c.steps > maxLag)) {
    throw new RangeError(`noisy quadratic: need more steps (${c.steps}) than the largest lag`);
  }
  // origins: every `stride`-th step serves as k0 (all steps by default)
  const stride = Math.max(1, Math.floor(c.origins ? (c.steps - maxLag) / c.origins : 1));
  const normals = new FastNormals(rng);
  const theta = new Float64Array(d), b = new Float64Array(d), s = new Float64Array(d);
  const hp = Float64Array.from({ length: d }, (_, i) => hessian[i] + p.weightDecay);
  for (let i = 0; i < d; i++) {
    const m = modeStationaryMoments(hessian[i], noiseVariance[i], p);
    // (θ, b) ~ N(0, [[Vθ, C], [C, Vb]]) by its Cholesky factor
    const l11 = Math.sqrt(m.varTheta);
    const l21 = m.covThetaB / l11;
    const l22 = Math.sqrt(Math.max(0, m.varB - l21 * l21));
    const u = normals.normal(), v = normals.normal();
    theta[i] = l11 * u;
    b[i] = l21 * u + l22 * v;
    s[i] = Math.sqrt(noiseVariance[i]);
  }
  const ring = new Float64Array((maxLag + 1) * d);
  const msd = new Float64Array(c.lags.length);
  const pairs = c.lags.map(() => 0);
  const { learningRate: eta, momentum: beta } = p;
  for (let k = 0; k <= c.steps; k++) {
    if (k > 0) {
      for (let i = 0; i < d; i++) {
        b[i] = beta * b[i] + hp[i] * theta[i] + s[i] * normals.normal();
        theta[i] -= eta * b[i];
      }
    }
    const slot = k % (maxLag + 1);
    ring.set(theta, slot * d);
    c.lags.forEach((lag, j) => {
      const origin = k - lag;
      if (origin < 0 || origin % stride !== 0) return;
      const o = (origin % (maxLag + 1)) * d;
      let sum = 0;
      for (let i = 0; i < d; i++) sum += (theta[i] - ring[o + i]) ** 2;
      msd[j] += sum;
      pairs[j]++;
    });
  }
  if (!theta.every(Number.isFinite)) throw new Error("noisy quadratic: the run diverged");
  return { lags: [...c.lags], msd: msd.map((v, j) => v / pairs[j]), pairs };
}
