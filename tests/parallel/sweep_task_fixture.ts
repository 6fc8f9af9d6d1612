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
