/**
 * Notebook 01's exercises: sampling 2×2 GOE spacings (⟨S⟩ = √(2π)·s), the discrete
 * Ornstein–Uhlenbeck factor 2/(2 − η), and the Kolmogorov–Smirnov distance.
 */
import { type AgreementCheck, within } from "../notebook/agreement.ts";
import { type Exercise, matchesValue } from "../notebook/exercise.ts";
import { Rng } from "../random/rng.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { ouOffDiagonalVariance } from "../theory/teacher_student_fluctuations.ts";
import * as solutions from "./solutions/dyson_brownian_motion.ts";

const SOLUTIONS = "lib/exercises/solutions/dyson_brownian_motion.ts";

/**
 * A statistical check's width: 4.5 standard errors, so that a correct sampler fails with
 * probability 7·10⁻⁶ per check whatever its random numbers, while a sampler with the wrong
 * diagonal variance (s² instead of 2s²) misses ⟨S⟩ by ≈ 10 %, about 25 standard errors at
 * n = 20000.
 */
const Z = 4.5;

/** 01.1: sample 2×2 GOE pair spacings. */
export const goePairExercise: Exercise<(s2: number, count: number, rng: Rng) => number[]> = {
  id: "01.1",
  task: "sample spacings of 2×2 GOE matrices with off-diagonal variance s²",
  reference: solutions.goePairSpacings,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const s2 = 0.04, n = 20000;
    const sample = candidate(s2, n, Rng.fromSeed(101));
    const out: AgreementCheck[] = [matchesValue("number of spacings", sample.length, n, 0)];
    if (sample.length !== n) return out;
    // S is Rayleigh with scale 2s: ⟨S⟩ = √(2π)s, Var S = (4 − π)·2s², ⟨S²⟩ = 8s², Var S² = 64s⁴
    const mean = sample.reduce((a, b) => a + b, 0) / n;
    const second = sample.reduce((a, b) => a + b * b, 0) / n;
    out.push(
      within(
        "⟨S⟩ = √(2π)·s",
        mean,
        Math.sqrt(2 * Math.PI * s2),
        Z * Math.sqrt((4 - Math.PI) * 2 * s2 / n),
      ),
      within("⟨S²⟩ = 8s²", second, 8 * s2, Z * 8 * s2 / Math.sqrt(n)),
    );
    return out;
  },
};

/** 01.2: the discrete OU variance. */
export const ouVarianceExercise: Exercise<(eta: number, eps: number, batch: number) => number> = {
  id: "01.2",
  task: "the stationary off-diagonal variance s² = ηε²/((2 − η)|B|) of the discrete OU process",
  reference: solutions.ouVariance,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    return [[0.1, 0.1, 16], [0.4, 0.1, 16], [0.1, 0.05, 4], [1, 0.2, 8]].map(([a, e, b]) =>
      matchesValue(
        `η = ${a}, ε = ${e}, |B| = ${b}`,
        candidate(a, e, b),
        ouOffDiagonalVariance({ learningRate: a, noise: e, batchSize: b, n: 2 }),
        1e-9,
      )
    );
  },
};

/** 01.3: the KS distance. */
export const ksExercise: Exercise<(sample: number[], cdf: (x: number) => number) => number> = {
  id: "01.3",
  task: "the Kolmogorov–Smirnov distance of a sample from a continuous CDF",
  reference: solutions.ksDistance,
  solutionFile: SOLUTIONS,
  checks(candidate) {
    const rng = Rng.fromSeed(103);
    const surmise = (s: number) => 1 - Math.exp(-Math.PI * s * s / 4);
    const uniform = (x: number) => Math.min(1, Math.max(0, x));
    const cases: [string, number[], (x: number) => number][] = [
      ["three points against U(0, 1)", [0.95, 0.6, 0.7], uniform],
      ["500 uniforms against U(0, 1)", Array.from({ length: 500 }, () => rng.uniform()), uniform],
      [
        "exponentials against the Wigner surmise",
        Array.from({ length: 300 }, () => -Math.log(1 - rng.uniform())),
        surmise,
      ],
    ];
    return cases.map(([label, sample, cdf]) =>
      matchesValue(label, candidate([...sample], cdf), ksDistance(sample, cdf), 1e-9)
    );
  },
};
