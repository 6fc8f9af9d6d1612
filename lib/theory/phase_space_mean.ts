/**
 * The mean phase-space trajectory of SGD with momentum on a quadratic mode (Kunin et al., arXiv
 * 2107.09133 §4; T05.6). With t = ηk, a = θ − μ and the velocity v = −b
 * (PyTorch's buffer b has the opposite sign), the continuum mean obeys
 * ä + 2γȧ + ω²a = 0 with γ = (1−β)/(η(1+β)), ω² = 2(h+λ)/(η(1+β)), so (underdamped, Ω² = ω² − γ²)
 *
 *   a(t) = e^{−γt}[a₀ cos Ωt + (γa₀ + v₀)/Ω sin Ωt],
 *   v(t) = e^{−γt}[v₀ cos Ωt − (ω²a₀ + γv₀)/Ω sin Ωt],
 *
 * with cosh/sinh of √(γ² − ω²) when overdamped and the linear limit when critical. The exact
 * discrete mean is A^k (a₀, b₀) with A = [[1 − ηh', −ηβ], [h', β]].
 */
import type { SgdHyperparameters } from "./sgd_momentum_moments.ts";

/** Continuum damping γ, natural frequency ω and oscillation frequency per unit t. */
export function continuumModeFrequencies(
  h: number,
  p: SgdHyperparameters,
): { gamma: number; omega: number; regime: "underdamped" | "overdamped" | "critical" } {
  const { learningRate: eta, momentum: beta, weightDecay: lambda } = p;
  const gamma = (1 - beta) / (eta * (1 + beta));
  const omega = Math.sqrt((2 * (h + lambda)) / (eta * (1 + beta)));
  const gap = omega - gamma;
  const regime = Math.abs(gap) <= 1e-12 * omega
    ? "critical"
    : gap > 0
    ? "underdamped"
    : "overdamped";
  return { gamma, omega, regime };
}

/** The continuum mean (a, v) at times t from (a₀, v₀). */
export function continuumModeMean(
  h: number,
  p: SgdHyperparameters,
  start: { a0: number; v0: number },
  times: readonly number[],
): { t: number; a: number; v: number }[] {
  const { gamma: g, omega: w, regime } = continuumModeFrequencies(h, p);
  const { a0, v0 } = start;
  return times.map((t) => {
    const e = Math.exp(-g * t);
    if (regime === "critical") {
      return { t, a: e * (a0 + (g * a0 + v0) * t), v: e * (v0 - (w * w * a0 + g * v0) * t) };
    }
    const under = regime === "underdamped";
    const f = Math.sqrt(Math.abs(w * w - g * g));
    const cos = under ? Math.cos(f * t) : Math.cosh(f * t);
    const sin = under ? Math.sin(f * t) : Math.sinh(f * t);
    return {
      t,
      a: e * (a0 * cos + ((g * a0 + v0) / f) * sin),
      v: e * (v0 * cos - ((w * w * a0 + g * v0) / f) * sin),
    };
  });
}

/** The exact discrete mean (θ_k − μ, b_k) for k = 0..steps from (a₀, b₀). */
export function discreteModeMean(
  h: number,
  p: SgdHyperparameters,
  start: { a0: number; b0: number },
  steps: number,
): { a: Float64Array; b: Float64Array } {
  const { learningRate: eta, momentum: beta, weightDecay: lambda } = p;
  const hp = h + lambda;
  const a = new Float64Array(steps + 1), b = new Float64Array(steps + 1);
  a[0] = start.a0;
  b[0] = start.b0;
  for (let k = 0; k < steps; k++) {
    b[k + 1] = beta * b[k] + hp * a[k];
    a[k + 1] = a[k] - eta * b[k + 1];
  }
  return { a, b };
}

/**
 * The rotation per step φ and decay per step R of a mean trajectory a_k, estimated from the exact
 * two-term recursion a_{k+1} = 2R cos φ · a_k − R² a_{k−1} by least squares over all k.
 */
export function fitDampedRotation(a: ArrayLike<number>): { angle: number; decay: number } {
  // normal equations for a_{k+1} = p1 a_k + p2 a_{k−1}
  let s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
  for (let k = 1; k + 1 < a.length; k++) {
    s11 += a[k] * a[k];
    s12 += a[k] * a[k - 1];
    s22 += a[k - 1] * a[k - 1];
    t1 += a[k + 1] * a[k];
    t2 += a[k + 1] * a[k - 1];
  }
  const det = s11 * s22 - s12 * s12;
  const p1 = (t1 * s22 - t2 * s12) / det;
  const p2 = (s11 * t2 - s12 * t1) / det;
  if (!(p2 < 0)) throw new RangeError("fitDampedRotation: the trajectory does not oscillate");
  const decay = Math.sqrt(-p2);
  const c = p1 / (2 * decay);
  if (!(Math.abs(c) < 1)) throw new RangeError("fitDampedRotation: no rotation (overdamped)");
  return { angle: Math.acos(c), decay };
}

/**
 * The continuum initial condition of a discrete start (θ₀ − μ = a₀, buffer b₀): the velocity at an
 * integer step is the centred difference (θ_{k+1} − θ_{k−1})/(2η) = −(b_k + b_{k+1})/2, so
 * v₀ = −(b₀ + βb₀ + h'a₀)/2. The one-sided v₀ = −b₀ puts the continuum mean out of phase: for
 * a momentum-less start at ηh = 0.05, β = 0.99 it differs from the exact discrete mean by 11 % of
 * a₀ within three periods, against 2.8 % with the centred velocity.
 */
export function continuumStart(
  h: number,
  p: SgdHyperparameters,
  start: { a0: number; b0: number },
): { a0: number; v0: number } {
  const b1 = p.momentum * start.b0 + (h + p.weightDecay) * start.a0;
  return { a0: start.a0, v0: -(start.b0 + b1) / 2 };
}
