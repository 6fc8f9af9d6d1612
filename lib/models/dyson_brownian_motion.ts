/**
 * Direct simulation of Dyson Brownian motion with a quadratic potential (β = 1), the eigenvalue
 * SDE that SGD noise induces (Aarts, Lucini & Park, arXiv 2407.16427):
 *
 *   dλ_i = −γ (λ_i − κ) dt + D Σ_{j≠i} dt / (λ_i − λ_j) + √(2D) dB_i .
 *
 * Its stationary law is GOE(n) centred at κ with off-diagonal variance s² = D/(2γ).
 * Euler–Maruyama; a step that would let two eigenvalues cross (which the exact process never
 * does) is redone as two half steps with fresh increments, down to dt/2²⁰.
 */
import type { Rng } from "../random/rng.ts";

/** Parameters of the SDE and its discretisation. */
export interface DysonConfig {
  /** initial eigenvalues (any order; they are sorted, and must be distinct) */
  initial: ArrayLike<number>;
  /** centre κ of the potential */
  centre: number;
  /** restoring rate γ > 0 */
  rate: number;
  /** diffusion D ≥ 0 */
  diffusion: number;
  /** time step dt > 0 */
  dt: number;
  /** number of steps */
  steps: number;
  /** record every this many steps (default 1) */
  recordEvery?: number;
}

/** Recorded trajectories: times and, per time, the n sorted eigenvalues. */
export interface DysonTrajectories {
  times: number[];
  /** times.length × n, row-major */
  values: Float64Array;
}

function drift(lambda: Float64Array, c: DysonConfig, i: number): number {
  let repulsion = 0;
  for (let j = 0; j < lambda.length; j++) if (j !== i) repulsion += 1 / (lambda[i] - lambda[j]);
  return -c.rate * (lambda[i] - c.centre) + c.diffusion * repulsion;
}

function ordered(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i] > x[i - 1])) return false;
  return true;
}

/** One step of length dt from `lambda` (in place), halving on a would-be crossing. */
function advance(lambda: Float64Array, c: DysonConfig, dt: number, rng: Rng, depth: number): void {
  const next = new Float64Array(lambda.length);
  const noise = Math.sqrt(2 * c.diffusion * dt);
  for (let i = 0; i < lambda.length; i++) {
    next[i] = lambda[i] + drift(lambda, c, i) * dt + noise * rng.normal();
  }
  if (ordered(next)) {
    lambda.set(next);
    return;
  }
  if (depth >= 20) throw new Error("Dyson simulation: eigenvalues cross even at dt/2²⁰");
  advance(lambda, c, dt / 2, rng, depth + 1);
  advance(lambda, c, dt / 2, rng, depth + 1);
}

/** Simulates the SDE from `initial`; deterministic in `rng`. */
export function simulateDysonBrownianMotion(c: DysonConfig, rng: Rng): DysonTrajectories {
  if (!(c.rate > 0) || !(c.diffusion >= 0) || !(c.dt > 0)) {
    throw new RangeError(
      `Dyson simulation: need rate γ > 0, diffusion D ≥ 0, dt > 0 (got ${c.rate}, ${c.diffusion}, ${c.dt})`,
    );
  }
  if (!Number.isInteger(c.steps) || c.steps < 0) {
    throw new RangeError(`Dyson simulation: steps must be a non-negative integer, got ${c.steps}`);
  }
  const lambda = Float64Array.from(c.initial).sort();
  if (!ordered(lambda)) {
    throw new RangeError("Dyson simulation: initial eigenvalues must be distinct");
  }
  const every = c.recordEvery ?? 1;
  const times = [0];
  const values: number[] = [...lambda];
  for (let step = 1; step <= c.steps; step++) {
    advance(lambda, c, c.dt, rng, 0);
    if (step % every === 0) {
      times.push(step * c.dt);
      values.push(...lambda);
    }
  }
  return { times, values: Float64Array.from(values) };
}
