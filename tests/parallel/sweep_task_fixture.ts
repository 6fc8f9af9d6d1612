// Task module for sweep_test.ts: a seeded computation, and one that fails on purpose.
import { Rng } from "../../lib/random/rng.ts";

export function noisySum(task: { seed: number; setting: number; replica: number }): number {
  const z = Rng.fromSeed(task.seed, task.setting, task.replica).fillNormal(new Float64Array(1000));
  return z.reduce((a, b) => a + b, 0) + task.setting;
}

export function failOnThree(task: { i: number }): number {
  if (task.i === 3) throw new Error("three is not allowed");
  return task.i;
}

/** A task with a structured result: typed arrays and non-finite numbers survive a shard file. */
export function spectrumTask(task: { seed: number; n: number }): {
  values: Float64Array;
  counts: Int32Array;
  edge: number;
} {
  const values = Rng.fromSeed(task.seed, task.n).fillNormal(new Float64Array(task.n));
  return {
    values,
    counts: Int32Array.from(values, (v) => Math.round(10 * v)),
    edge: task.n % 3 === 0 ? Number.NaN : task.n % 3 === 1 ? -Infinity : task.n / 7,
  };
}
