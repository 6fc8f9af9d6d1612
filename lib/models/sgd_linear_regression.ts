/**
 * SGD with heavy-ball momentum and weight decay (PyTorch convention, dampening 0) on linear
 * regression with minibatches of size S drawn with replacement (Kunin et al., arXiv 2107.09133):
 *
 *   g_B = (1/S) Σ_{μ∈B} x_μ (x_μᵀθ − y_μ),   b ← βb + g_B + λθ,   θ ← θ − ηb.
 */
import type { DenseMatrix } from "../linalg/dense_matrix.ts";
import type { Rng } from "../random/rng.ts";
import { assertStable, type SgdHyperparameters } from "../theory/sgd_momentum_moments.ts";

/** Recorded states of a run. */
export interface SgdRun {
  /** θ after each recorded step: records × d */
  theta: Float64Array;
  /** b after each recorded step: records × d */
  buffer: Float64Array;
  steps: number[];
}

/**
 * Runs `steps` SGD steps from θ₀ (b₀ = 0), recording θ and b every `every` steps after `burnIn`.
 * `hMax` (the largest Hessian eigenvalue) is checked against the stability bound first.
 */
export function runSgdLinearRegression(
  x: DenseMatrix,
  y: Float64Array,
  p: SgdHyperparameters,
  c: { theta0: Float64Array; steps: number; burnIn: number; every: number; hMax: number },
  rng: Rng,
): SgdRun {
  assertStable(c.hMax, p);
  const n = x.rows, d = x.cols;
  if (y.length !== n || c.theta0.length !== d) {
    throw new RangeError("SGD: shapes of X, y and θ₀ differ");
  }
  if (!Number.isInteger(c.steps) || c.steps < 1) {
    throw new RangeError(`SGD: steps must be a positive integer, got ${c.steps}`);
  }
  if (!Number.isInteger(c.burnIn) || c.burnIn < 0 || c.burnIn >= c.steps) {
    throw new RangeError(`SGD: burnIn must be an integer in [0, ${c.steps - 1}], got ${c.burnIn}`);
  }
  if (!Number.isInteger(c.every) || c.every < 1 || c.every > c.steps - c.burnIn) {
    throw new RangeError(
      `SGD: every must be an integer in [1, ${c.steps - c.burnIn}] (steps − burnIn, so that ` +
        `something is recorded), got ${c.every}`,
    );
  }
  for (const [name, values] of [["X", x.data], ["y", y], ["θ₀", c.theta0]] as const) {
    const bad = Array.prototype.findIndex.call(values, (v: number) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(`SGD: input ${name} has a non-finite entry ${values[bad]} at [${bad}]`);
    }
  }
  const theta = c.theta0.slice();
  const b = new Float64Array(d);
  const g = new Float64Array(d);
  const records = Math.max(0, Math.floor((c.steps - c.burnIn) / c.every));
  const out: SgdRun = {
    theta: new Float64Array(records * d),
    buffer: new Float64Array(records * d),
    steps: [],
  };
  const { learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: s } = p;
  let r = 0;
  for (let k = 1; k <= c.steps; k++) {
    g.fill(0);
    for (let q = 0; q < s; q++) {
      const mu = rng.int(n);
      let residual = -y[mu];
      for (let i = 0; i < d; i++) residual += x.data[mu * d + i] * theta[i];
      for (let i = 0; i < d; i++) g[i] += (x.data[mu * d + i] * residual) / s;
    }
    for (let i = 0; i < d; i++) {
      b[i] = beta * b[i] + g[i] + lambda * theta[i];
      theta[i] -= eta * b[i];
      if (!Number.isFinite(theta[i])) {
        throw new RangeError(
          `SGD diverged at step ${k}: θ[${i}] is ${theta[i]} (η = ${eta}, β = ${beta}, S = ${s})`,
        );
      }
    }
    if (k > c.burnIn && (k - c.burnIn) % c.every === 0 && r < records) {
      out.theta.set(theta, r * d);
      out.buffer.set(b, r * d);
      out.steps.push(k);
      r++;
    }
  }
  return out;
}
