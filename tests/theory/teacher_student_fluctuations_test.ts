import assert from "node:assert/strict";
import {
  continuumOffDiagonalVariance,
  meanPairSpacing,
  offDiagonalVariance,
  ouOffDiagonalVariance,
  pairSigma,
} from "../../lib/theory/teacher_student_fluctuations.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("fluctuation theory: OU and continuum limits, ⟨S⟩ = √π σ, instability refused", () => {
  const s = { learningRate: 0.1, batchSize: 16, noise: 0.1, n: 2 };
  assert.ok(Math.abs(ouOffDiagonalVariance(s) - 0.1 * 0.01 / (1.9 * 16)) < 1e-18);
  // T01.3: ⟨S⟩ = sqrt(2π/(2−η))·sqrt(ηε²/|B|) = 1.818·sqrt(ηA/|B|) at η = 0.1
  assert.ok(
    Math.abs(meanPairSpacing(ouOffDiagonalVariance(s)) / Math.sqrt(0.1 * 0.01 / 16) - 1.8184) <
      1e-4,
  );
  // the data noise vanishes for |B| → ∞ and η → 0 leaves the continuum value
  const big = { ...s, batchSize: 1e9 };
  assert.ok(Math.abs(offDiagonalVariance(big) / ouOffDiagonalVariance(big) - 1) < 1e-6);
  const tiny = { ...s, learningRate: 1e-6 };
  assert.ok(Math.abs(offDiagonalVariance(tiny) / continuumOffDiagonalVariance(tiny) - 1) < 1e-5);
  const v = offDiagonalVariance(s);
  assert.ok(Math.abs(meanPairSpacing(v) - Math.sqrt(Math.PI) * pairSigma(v)) < 1e-15);
  assert.throws(
    () => offDiagonalVariance({ ...s, learningRate: 1.5, batchSize: 1 }),
    /no stationary state/,
  );
});

Deno.test("fluctuation theory: the data-noise formula matches a direct scalar-block simulation", () => {
  // δ ← δ(I − ηC) + ηA with fresh Gaussian data each step, n = 3, |B| = 4 (strong data noise)
  const [n, B, a, eps] = [3, 4, 0.3, 1];
  const rng = Rng.fromSeed(11);
  const reps = 16000, burn = 100;
  let sum = 0, count = 0;
  const delta = new Float64Array(n * n);
  const x = new Float64Array(n * B);
  for (let r = 0; r < reps; r++) {
    delta.fill(0);
    for (let t = 0; t < burn; t++) {
      rng.fillNormal(x, 0, 1);
      const next = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let dc = 0;
          for (let l = 0; l < n; l++) {
            let c = 0;
            for (let b = 0; b < B; b++) c += x[l * B + b] * x[j * B + b] / B;
            dc += delta[i * n + l] * c;
          }
          next[i * n + j] = delta[i * n + j] - a * dc;
        }
      }
      const off = a * eps / Math.sqrt(B);
      for (let i = 0; i < n; i++) {
        next[i * n + i] += Math.SQRT2 * off * rng.normal();
        for (let j = i + 1; j < n; j++) {
          const v = off * rng.normal();
          next[i * n + j] += v;
          next[j * n + i] += v;
        }
      }
      delta.set(next);
    }
    const sym = (delta[1] + delta[n]) / 2; // symmetric part, entry (0, 1)
    sum += sym * sym;
    count++;
  }
  const measured = sum / count;
  const predicted = offDiagonalVariance({ learningRate: a, batchSize: B, noise: eps, n });
  const ou = ouOffDiagonalVariance({ learningRate: a, batchSize: B, noise: eps, n });
  // the standard error of a variance estimate from `count` Gaussian samples is √(2/count)
  assert.ok(
    Math.abs(measured / predicted - 1) < 3 * Math.sqrt(2 / count),
    `${measured} vs ${predicted}`,
  );
  assert.ok(
    Math.abs(measured / ou - 1) > 3 * Math.sqrt(2 / count),
    "the OU value alone is off here",
  );
});
