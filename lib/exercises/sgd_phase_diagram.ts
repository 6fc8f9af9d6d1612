/**
 * Notebook 08's exercises: the soft-spin density, one SGD step of the teacher–student network, and
 * the authors' T_c rule. Each is checked against the library on seeded inputs.
 */
import { criticalTemperature as libraryCriticalTemperature } from "../experiments/sgd_phase_analysis.ts";
import type { AgreementCheck } from "../notebook/agreement.ts";
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import {
  drawTanhTeacherStudent,
  initialStudent,
  sgdEpoch,
  sgdScratch,
} from "../models/tanh_teacher_student.ts";
import { Rng } from "../random/rng.ts";
import { softSpinDensity } from "../theory/soft_spin_density.ts";
import * as solutions from "./solutions/sgd_phase_diagram.ts";

const SOLUTIONS = "lib/exercises/solutions/sgd_phase_diagram.ts";

/** 08.1: p(φ) of φ = tanh z. */
export const softSpinExercise: Exercise<(phi: number, variance: number) => number> = {
  id: "08.1",
  task: "the density of a soft spin φ = tanh z, z ~ N(0, σ_z²)",
  reference: solutions.softSpinDensity,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[0, 0.1], [0.5, 0.5], [-0.9, 2], [0.99, 2], [0.3, 0.45]].map(([phi, v]) =>
      matchesValue(`φ = ${phi}, σ_z² = ${v}`, candidate(phi, v), softSpinDensity(phi, v), 1e-9)
    );
  },
};

const rows = (a: ArrayLike<number>, cols: number) =>
  Array.from({ length: a.length / cols }, (_, i) => Array.from(a).slice(i * cols, (i + 1) * cols));

/** 08.2: one SGD step on a batch of 4, checked against the library's fused epoch. */
export const sgdStepExercise: Exercise<
  (
    w: number[][],
    features: number[][],
    labels: number[],
    readout: number[],
    learningRate: number,
  ) => number[][]
> = {
  id: "08.2",
  task: "one SGD step W ← W − ε ∇L_B of the tanh teacher–student network",
  reference: solutions.sgdStep,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const out: AgreementCheck[] = [];
    for (const [seed, sigmaW, lr] of [[1, 0.125, 0.5], [2, 4, 8]]) {
      const net = drawTanhTeacherStudent(Rng.fromSeed(808, seed), 4);
      const w = initialStudent(net, sigmaW);
      const got = candidate(
        rows(w, 32),
        rows(net.features, 32),
        Array.from(net.labels),
        Array.from(net.readout),
        lr,
      );
      const expected = w.slice();
      sgdEpoch(expected, net, lr, sgdScratch());
      const flat = Array.isArray(got) ? got.flat() : got;
      out.push(matchesValue(`σ_W = ${sigmaW}, ε = ${lr}: new W`, flat, expected, 1e-10, 1e-14));
    }
    return out;
  },
};

/** 08.3: the T_c midpoint rule. */
export const criticalTemperatureExercise: Exercise<
  (temperatures: number[], fraction: number[], level: number) => number | null
> = {
  id: "08.3",
  task: "the authors' T_c rule: the midpoint after the last T with f above the level",
  reference: solutions.criticalTemperature,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const temps = Array.from({ length: 12 }, (_, i) => 2 ** (i - 5));
    const cases: [string, number[], number][] = [
      ["paper's f at 1/σ_W = 8", [1, 1, 1, 0.98, 0.67, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 0.68],
      ["a dip below the level, then above", [
        1,
        0.6,
        0.9,
        0.7,
        0.5,
        0.4,
        0.4,
        0.5,
        0.3,
        0.2,
        0.1,
        0,
      ], 0.68],
      ["never above", temps.map(() => 0.2), 0.68],
      ["above at every T", temps.map(() => 0.99), 0.95],
    ];
    return cases.map(([name, f, level]) => {
      const expected = libraryCriticalTemperature(temps, f, level);
      const got = candidate(temps, f, level);
      if (expected === null) {
        return { name, passed: got === null, detail: `returned ${got}, expected null` };
      }
      return matchesValue(name, got, expected, 1e-12);
    });
  },
};
