import assert from "node:assert/strict";
import { hyper } from "./sgd_settings.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { solveDiscreteLyapunov } from "../../lib/linalg/lyapunov.ts";
import { runSgdLinearRegression } from "../../lib/models/sgd_linear_regression.ts";
import { Rng } from "../../lib/random/rng.ts";
import {
  continuumModeVariances,
  linearRegressionStationaryCovariance,
  modeStationaryMoments,
  modeTransition,
  rotationPerStep,
} from "../../lib/theory/sgd_momentum_moments.ts";

Deno.test("per-mode discrete moments reproduce the test vectors of T05.1", () => {
  const vectors: [number, number, number, number, number, [number, number, number]][] = [
    [1, 0.1, 0.9, 1, 0, [0.513514, -0.27027, 5.405405]],
    [1, 0.1, 0, 1, 0, [0.052632, -0.052632, 1.052632]],
    [0.01, 0.05, 0.99, 0.01, 0, [2.500314, -0.012564, 0.502576]],
    [2, 0.5, 0.5, 0.3, 0.1, [0.10989, -0.153846, 0.615385]],
  ];
  for (const [h, eta, beta, s2, lambda, expected] of vectors) {
    const m = modeStationaryMoments(h, s2, hyper(eta, beta, lambda));
    const got = [m.varTheta, m.covThetaB, m.varB];
    got.forEach((v, i) =>
      assert.ok(Math.abs(v - expected[i]) < 2e-6, `${[h, eta, beta]}: ${v} vs ${expected[i]}`)
    );
  }
});

Deno.test("per-mode moments equal the discrete Lyapunov solution Σ = AΣAᵀ + s²(−η, 1)(−η, 1)ᵀ", () => {
  for (
    const [h, eta, beta, lambda] of [[1, 0.1, 0.9, 0], [0.3, 0.5, 0.5, 0.2], [5, 0.02, 0.99, 0]]
  ) {
    const p = hyper(eta, beta, lambda);
    const s2 = 0.7;
    const q = DenseMatrix.fromRows([[eta * eta * s2, -eta * s2], [-eta * s2, s2]]);
    const sigma = solveDiscreteLyapunov(modeTransition(h, p), q);
    const m = modeStationaryMoments(h, s2, p);
    assert.ok(Math.abs(sigma.get(0, 0) / m.varTheta - 1) < 1e-9);
    assert.ok(Math.abs(sigma.get(0, 1) / m.covThetaB - 1) < 1e-9);
    assert.ok(Math.abs(sigma.get(1, 1) / m.varB - 1) < 1e-9);
  }
  // rotation per step (T05.6 check values): h = 1, η = 0.1, β = 0.9 → 0.32175 rad
  assert.ok(Math.abs(rotationPerStep(1, hyper(0.1, 0.9)) - 0.32175) < 1e-5);
  // the continuum limit: Var θ → ησ²h/(2S(1−β)(h+λ)) as η → 0
  const small = hyper(1e-4, 0.9, 0.05, 8);
  const s2 = 0.5 * 2 / 8; // σ² = 0.5, h = 2: s² = σ²h/S
  const exact = modeStationaryMoments(2, s2, small).varTheta;
  const continuum = continuumModeVariances(2, 0.5, small).varTheta;
  assert.ok(Math.abs(exact / continuum - 1) < 1e-3);
});

Deno.test("unstable hyperparameters are refused before a run", () => {
  assert.throws(
    () => modeStationaryMoments(10, 1, hyper(0.5, 0.5)),
    /unstable: η\(h_max \+ λ\) = 5\.000 must be below 2\(1 \+ β\) = 3\.000/,
  );
  assert.throws(() => modeStationaryMoments(1, 1, hyper(0.1, 1)), /momentum β must be in \[0, 1\)/);
});

Deno.test("simulated SGD on linear regression matches the exact self-consistent covariance", () => {
  const rng = Rng.fromSeed(5);
  const [n, d] = [200, 3];
  const x = new DenseMatrix(n, d, rng.fillNormal(new Float64Array(n * d), 0, 1));
  for (let m = 0; m < n; m++) x.data[m * d + 2] *= 0.4; // an anisotropic Hessian
  const truth = [1, -0.5, 2];
  const y = Float64Array.from(
    { length: n },
    (_, m) => truth.reduce((s, t, i) => s + t * x.get(m, i), 0) + 0.8 * rng.normal(),
  );
  const p = hyper(0.1, 0.9, 0.02, 4);
  const theory = linearRegressionStationaryCovariance(x, y, p);
  const run = runSgdLinearRegression(x, y, p, {
    theta0: theory.thetaStar,
    steps: 400_000,
    burnIn: 2_000,
    every: 20,
    hMax: 2,
  }, Rng.fromSeed(6));
  const records = run.steps.length;
  const cov = new Float64Array(d * d);
  for (let r = 0; r < records; r++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        cov[i * d + j] += ((run.theta[r * d + i] - theory.thetaStar[i]) *
          (run.theta[r * d + j] - theory.thetaStar[j])) / records;
      }
    }
  }
  let diff = 0, size = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      diff += (cov[i * d + j] - theory.covariance.get(i, j)) ** 2;
      size += theory.covariance.get(i, j) ** 2;
    }
  }
  // T05.2: simulation and the exact recursion agree to 1–2 % (Frobenius); 20k correlated records
  assert.ok(
    Math.sqrt(diff / size) < 0.05,
    `relative Frobenius difference ${Math.sqrt(diff / size)}`,
  );
});

Deno.test("SGD on linear regression: bad input and divergence are told apart, with the step", () => {
  const rng = Rng.fromSeed(7);
  const [n, d] = [50, 2];
  const x = new DenseMatrix(n, d, rng.fillNormal(new Float64Array(n * d), 0, 1));
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const p = hyper(0.1, 0.9, 0.02, 4);
  const c = { theta0: new Float64Array(d), steps: 100, burnIn: 10, every: 5, hMax: 2 };
  const run = (change: Partial<typeof c>, xs = x, ys = y) =>
    runSgdLinearRegression(xs, ys, p, { ...c, ...change }, Rng.fromSeed(8));
  assert.throws(() => run({ every: 0 }), /every must be an integer in \[1, 90\]/);
  assert.throws(() => run({ every: -5 }), /every must be an integer/);
  assert.throws(() => run({ burnIn: 100 }), /burnIn must be an integer in \[0, 99\]/);
  const badY = y.slice();
  badY[3] = NaN;
  assert.throws(() => run({}, x, badY), /input y has a non-finite entry NaN at \[3\]/);
  // a Hessian far beyond the declared hMax: the run leaves the finite range, reported with its step
  const huge = new DenseMatrix(n, d, x.data.map((v) => v * 1e3));
  assert.throws(() => run({}, huge), /SGD diverged at step \d+: θ\[\d\] is/);
});
