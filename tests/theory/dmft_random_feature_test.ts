/**
 * T04.5–T04.9: the random-feature resolvent, the exact discrete-time DMFT of GD
 * against finite-size simulations (D = 1000, 3 seeds), the non-Hermitian vs Hermitian contrast,
 * the α ↔ ν symmetry, label noise and ridge.
 */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { inverse } from "../../lib/linalg/solve.ts";
import { matmul } from "../../lib/linalg/products.ts";
import { Rng } from "../../lib/random/rng.ts";
import { simulateRandomFeatureMean } from "../../lib/experiments/dmft_simulations.ts";
import {
  randomFeatureAtom,
  randomFeatureResolvent,
} from "../../lib/theory/dmft/random_feature_resolvent.ts";
import {
  randomFeatureResponses,
  solveRandomFeatureGd,
} from "../../lib/theory/dmft/random_feature_gd_dmft.ts";
import { randomFeatureLossesZDomain } from "../../lib/theory/dmft/random_feature_z_domain.ts";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

Deno.test("T04.5: the cubic for m(s) gives (1/D) Tr (s + AB)⁻¹ of a D = 800 draw", () => {
  const D = 800;
  for (const [alpha, nu] of [[0.5, 1], [2, 0.5]]) {
    const rng = Rng.fromSeed(5);
    const P = alpha * D, N = nu * D;
    const X = new DenseMatrix(P, D, rng.fillNormal(new Float64Array(P * D)));
    const F = new DenseMatrix(N, D, rng.fillNormal(new Float64Array(N * D)));
    const gram = (m: DenseMatrix<Float64Array>, k: number) => {
      const g = matmul(new DenseMatrix(m.cols, m.rows, transpose(m)), m);
      return new DenseMatrix(D, D, g.data.map((v) => v / k));
    };
    const AB = matmul(gram(F, N), gram(X, P));
    for (const s of [0.1, 0.5, 2]) {
      const shifted = new DenseMatrix(D, D, AB.data.map((v, i) => v + (i % (D + 1) === 0 ? s : 0)));
      const inv = inverse(shifted);
      let trace = 0;
      for (let i = 0; i < D; i++) trace += inv.data[i * D + i] / D;
      const theory = randomFeatureResolvent({ alpha, nu }, s).H;
      assert.ok(
        rel(trace, theory) < 0.005,
        `(α, ν) = (${alpha}, ${nu}), s = ${s}: ${trace} vs ${theory}`,
      );
    }
  }
});

function transpose(m: DenseMatrix<Float64Array>): Float64Array {
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return out;
}

Deno.test("DMFT: the GD responses are the resolvent — Σ_t g(t) x^t = (1 + ηs) H(s)/η with x = 1/(1 + ηs)", () => {
  // exact for discrete GD: g(t) = (1/D) Tr (I − ηAB)^t, so its generating function is a resolvent
  const eta = 0.1;
  for (const [alpha, nu] of [[0.5, 1], [2, 0.5], [1.5, 3]]) {
    const r = randomFeatureResponses({ alpha, nu, noise: 0, ridge: 0, eta, steps: 400 });
    for (const s of [0.3, 1, 3]) {
      const x = 1 / (1 + eta * s);
      let sum = 0;
      for (let t = r.g.length - 1; t >= 0; t--) sum = sum * x + r.g[t];
      const theory = ((1 + eta * s) * randomFeatureResolvent({ alpha, nu }, s).H) / eta;
      assert.ok(rel(sum, theory) < 1e-9, `(${alpha}, ${nu}), s = ${s}: ${sum} vs ${theory}`);
    }
    // g(t) tends to the mass of the zero eigenvalues of AB
    assert.ok(Math.abs(r.g[r.g.length - 1] - randomFeatureAtom({ alpha, nu })) < 0.01);
  }
});

Deno.test("T04.8: the σ = 0 test loss is symmetric under α ↔ ν; bad steps are refused", () => {
  const a = solveRandomFeatureGd({ alpha: 0.5, nu: 1, noise: 0, ridge: 0, eta: 0.1, steps: 120 });
  const b = solveRandomFeatureGd({ alpha: 1, nu: 0.5, noise: 0, ridge: 0, eta: 0.1, steps: 120 });
  for (let t = 0; t < 120; t++) assert.ok(Math.abs(a.testLoss[t] - b.testLoss[t]) < 1e-8);
  assert.throws(
    () => solveRandomFeatureGd({ alpha: 0.5, nu: 1, noise: 0, ridge: 0, eta: 0.3, steps: 10 }),
    /outside the stable range \(0, 0\.22/,
  );
  assert.throws(
    () => solveRandomFeatureGd({ alpha: -1, nu: 1, noise: 0, ridge: 0, eta: 0.1, steps: 10 }),
    /positive/,
  );
});

/** Mean curves over 3 draws at D = 1000. */
function simulated(alpha: number, nu: number, noise: number, ridge: number, steps: number) {
  return simulateRandomFeatureMean({ alpha, nu, noise, ridge, eta: 0.1, steps }, {
    dimension: 1000,
    seeds: 3,
    seed: 1,
  });
}

Deno.test("T04.6–T04.7: non-Hermitian loss is non-monotone without label noise; the Hermitian one is not", async () => {
  const steps = 300;
  const grid = [5, 8, 10, 20, 50, 100, 200, 299];
  for (const [alpha, nu, minStep, minStepTolerance] of [[0.5, 1, 8, 2], [2, 0.5, 30, 5]]) {
    const dmft = solveRandomFeatureGd({ alpha, nu, noise: 0, ridge: 0, eta: 0.1, steps });
    const sim = await simulated(alpha, nu, 0, 0, steps);
    for (const t of grid) {
      assert.ok(
        rel(sim.test[t], dmft.testLoss[t]) < 0.05,
        `(${alpha}, ${nu}) L at step ${t}: ${sim.test[t]} vs ${dmft.testLoss[t]}`,
      );
    }
    // The DMFT minimum is located to the step; the simulated curve is so flat near it (at (2, 0.5)
    // the loss changes by 0.003 between steps 20 and 50) that its argmin wanders with the draw, so
    // the simulation is checked for an interior minimum of the same depth (±0.02, T04.7).
    const argmin = (curve: Float64Array) =>
      curve.reduce((best, v, t) => (v < curve[best] ? t : best), 0);
    const dmftMin = argmin(dmft.testLoss), simMin = argmin(sim.test);
    assert.ok(
      Math.abs(dmftMin - minStep) <= minStepTolerance,
      `(${alpha}, ${nu}) DMFT minimum at step ${dmftMin}`,
    );
    assert.ok(
      simMin > 0 && simMin < steps - 1,
      `(${alpha}, ${nu}) simulated minimum at step ${simMin}`,
    );
    assert.ok(Math.abs(sim.test[simMin] - dmft.testLoss[dmftMin]) < 0.02, "depth of the minimum");
    assert.ok(sim.test[steps - 1] > sim.test[simMin], "the simulated loss rises after its minimum");
    // the Hermitian counterpart: monotone, matching g(2t), tending to the zero-mode mass
    for (let t = 0; t < steps; t++) {
      if (t > 0) {
        assert.ok(sim.hermitian[t] <= sim.hermitian[t - 1] + 0.005, `Hermitian loss rises at ${t}`);
      }
      if (t > 0) assert.ok(dmft.hermitianLoss[t] <= dmft.hermitianLoss[t - 1] + 1e-12);
      // β*·v_{2t}/D = β*ᵀWβ*/D with 0 ≤ W ≤ I is a one-probe trace estimate of g(2t): its
      // variance is ≤ 2 tr(W²)/D² ≤ 2g(2t)/D (measured ±5–7 % per draw at late times), so the
      // planned 3 % (T04.7) is not resolvable with 3 draws; the bound is 3 such standard errors + 1 %
      const g2 = dmft.hermitianLoss[t];
      const tolerance = 0.01 * g2 + 3 * Math.sqrt((2 * g2) / (1000 * 3));
      assert.ok(
        Math.abs(sim.hermitian[t] - g2) < tolerance,
        `L_H at ${t}: ${sim.hermitian[t]} vs ${g2}`,
      );
    }
    assert.ok(Math.abs(dmft.hermitianLoss[steps - 1] - randomFeatureAtom({ alpha, nu })) < 0.01);
  }
  const a = solveRandomFeatureGd({ alpha: 0.5, nu: 1, noise: 0, ridge: 0, eta: 0.1, steps });
  const lMin = Math.min(...a.testLoss);
  assert.ok(a.testLoss[299] - lMin > 0.15, "the loss rises by more than 0.15 after its minimum");
  const b = solveRandomFeatureGd({ alpha: 2, nu: 0.5, noise: 0, ridge: 0, eta: 0.1, steps });
  // late-time limit (1 − ν)α/(α − ν) = 2/3: the OLS inflation of the unlearnable component
  assert.ok(rel(b.testLoss[299], 2 / 3) < 0.01);
});

Deno.test("T04.9: label noise and ridge — DMFT vs simulation, late-time ordering, train loss", async () => {
  const steps = 200;
  const late: number[] = [];
  for (const ridge of [0, 0.5]) {
    const dmft = solveRandomFeatureGd({ alpha: 0.5, nu: 1, noise: 0.5, ridge, eta: 0.1, steps });
    const sim = await simulated(0.5, 1, 0.5, ridge, steps);
    for (const t of [8, 20, 50, 100, 199]) {
      assert.ok(
        rel(sim.test[t], dmft.testLoss[t]) < 0.04,
        `λ = ${ridge}, L at ${t}: ${sim.test[t]} vs ${dmft.testLoss[t]}`,
      );
      assert.ok(
        Math.abs(sim.train[t] - dmft.trainLoss[t]) < 0.01,
        `λ = ${ridge}, train loss at ${t}`,
      );
    }
    late.push(dmft.testLoss[steps - 1]);
  }
  const mid = solveRandomFeatureGd({ alpha: 0.5, nu: 1, noise: 0.5, ridge: 0.1, eta: 0.1, steps });
  assert.ok(
    late[0] > mid.testLoss[steps - 1] && mid.testLoss[steps - 1] > late[1],
    `ordering ${late}`,
  );
});

Deno.test("DMFT: the Z-domain closed form reproduces the time-domain fixed point", () => {
  for (
    const p of [
      { alpha: 0.5, nu: 1, noise: 0, ridge: 0, eta: 0.1, steps: 100 },
      { alpha: 2, nu: 0.5, noise: 0.5, ridge: 0.1, eta: 0.1, steps: 100 },
    ]
  ) {
    const z = randomFeatureLossesZDomain(p), d = solveRandomFeatureGd(p);
    for (let t = 0; t < p.steps; t++) {
      assert.ok(Math.abs(z.testLoss[t] - d.testLoss[t]) < 1e-8, `test loss at ${t}`);
      assert.ok(Math.abs(z.trainLoss[t] - d.trainLoss[t]) < 1e-8, `train loss at ${t}`);
    }
  }
});
