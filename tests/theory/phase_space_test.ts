import assert from "node:assert/strict";
import { hyper } from "./sgd_settings.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { frobeniusNorm } from "../../lib/linalg/norms.ts";
import { simulateLinearRecursion } from "../../lib/models/linear_recursion.ts";
import { Rng } from "../../lib/random/rng.ts";
import {
  continuumModeFrequencies,
  continuumModeMean,
  continuumStart,
  discreteModeMean,
  fitDampedRotation,
} from "../../lib/theory/phase_space_mean.ts";
import {
  antisymmetricPart,
  FIGURE3_TOY,
  lagOneAntisymmetry,
  ouDecomposition,
  recursionCovariance,
  toyRecursion,
} from "../../lib/theory/probability_current.ts";
import {
  continuumPhaseSpaceCovariance,
  modifiedLossModeWeights,
  modifiedLossTemperature,
} from "../../lib/theory/modified_loss.ts";
import {
  continuumModeVariances,
  modeStationaryMoments,
  modeTransition,
  rotationPerStep,
} from "../../lib/theory/sgd_momentum_moments.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

Deno.test("T05.1: one simulated mode has the exact discrete stationary moments (10⁶ steps)", () => {
  const p = hyper(0.1, 0.9);
  const s2 = 1;
  const m = modeStationaryMoments(1, s2, p);
  const stats = simulateLinearRecursion(
    {
      transition: modeTransition(1, p),
      noiseFactor: DenseMatrix.fromRows([[-p.learningRate * Math.sqrt(s2)], [Math.sqrt(s2)]]),
    },
    { x0: new Float64Array(2), steps: 1_000_000, burnIn: 1000 },
    Rng.fromSeed(11),
  );
  // about 2.5·10⁴ independent samples (correlation time ≈ 1/(1−√β) = 20 steps): 3σ ≈ 2.7 %
  close(stats.covariance.get(0, 0) / m.varTheta, 1, 0.03, "Var θ");
  close(stats.covariance.get(0, 1) / m.covThetaB, 1, 0.03, "Cov θb");
  close(stats.covariance.get(1, 1) / m.varB, 1, 0.03, "Var b");
  // T05.7d: the lag-1 antisymmetry in (θ, b) is AΣ − ΣAᵀ
  const predicted = lagOneAntisymmetry(
    modeTransition(1, p),
    DenseMatrix.fromRows([
      [m.varTheta, m.covThetaB],
      [m.covThetaB, m.varB],
    ]),
  );
  const measured = antisymmetricPart(stats.lagCovariance, 2);
  close(measured.get(0, 1) / predicted.get(0, 1), 1, 0.1, "lag-1 antisymmetry (θ, b)");
});

Deno.test("T05.1: the continuum limit of the discrete moments", () => {
  for (const [h, beta, lambda] of [[1, 0.9, 0], [0.2, 0, 0.05], [3, 0.99, 0.1]]) {
    const p = hyper(1e-4, beta, lambda);
    const s2 = 0.3;
    const v = modeStationaryMoments(h, s2, p).varTheta;
    close((v * (h + lambda) * (1 - beta) * 2) / (p.learningRate * s2), 1, 1e-3, "continuum limit");
  }
});

Deno.test("continuum frequencies and the damped-cosine mean (T05.6 check values)", () => {
  const p = hyper(0.1, 0.9);
  const f = continuumModeFrequencies(1, p);
  assert.equal(f.regime, "underdamped");
  close(p.learningRate * Math.sqrt(f.omega ** 2 - f.gamma ** 2), 0.32015, 5e-5, "ηΩ");
  close(Math.exp(-f.gamma * p.learningRate), 0.94873, 5e-5, "e^{−γη}");
  close(rotationPerStep(1, p), 0.32175, 5e-5, "φ");
  // the discrete mean is A^k z₀ and its fitted rotation and decay are φ and √β exactly
  const mean = discreteModeMean(1, p, { a0: 1, b0: 0 }, 60);
  const a = modeTransition(1, p);
  let z = [1, 0];
  for (let k = 1; k <= 60; k++) {
    z = [a.get(0, 0) * z[0] + a.get(0, 1) * z[1], a.get(1, 0) * z[0] + a.get(1, 1) * z[1]];
    close(mean.a[k], z[0], 1e-12, `a_${k}`);
  }
  const fit = fitDampedRotation(mean.a);
  close(fit.angle, rotationPerStep(1, p), 1e-9, "fitted φ");
  close(fit.decay, Math.sqrt(0.9), 1e-9, "fitted decay");
  // continuum solutions satisfy ä + 2γȧ + ω²a = 0 in every regime
  for (const h of [1, f.gamma ** 2 * p.learningRate * 1.9 / 2, 0.001]) {
    const g = continuumModeFrequencies(h, p);
    const dt = 1e-4;
    const [m0, m1, m2] = continuumModeMean(h, p, { a0: 1, v0: -0.3 }, [
      0.5,
      0.5 + dt,
      0.5 + 2 * dt,
    ]);
    const acc = (m2.a - 2 * m1.a + m0.a) / dt ** 2;
    const vel = (m2.a - m0.a) / (2 * dt);
    close(
      acc + 2 * g.gamma * vel + g.omega ** 2 * m1.a,
      0,
      1e-3 * (1 + g.omega ** 2),
      `ODE (${g.regime})`,
    );
    close(vel, m1.v, 1e-5 * (1 + Math.abs(vel)), `v = ȧ (${g.regime})`);
  }
});

Deno.test("the continuum mean converges to the discrete one at first order in η", () => {
  const error = (eta: number) => {
    const p = hyper(eta, 0.99);
    const steps = Math.ceil((3 * 2 * Math.PI) / rotationPerStep(1, p));
    const disc = discreteModeMean(1, p, { a0: 1, b0: 0 }, steps);
    const times = Array.from({ length: steps + 1 }, (_, k) => eta * k);
    const cont = continuumModeMean(1, p, continuumStart(1, p, { a0: 1, b0: 0 }), times);
    return Math.max(...Array.from(disc.a, (v, k) => Math.abs(v - cont[k].a)));
  };
  const [e1, e2] = [error(0.05), error(0.025)];
  assert.ok(e1 < 0.05, `ηh = 0.05: ${e1}`);
  close(e1 / e2, 2, 0.5, "error ratio when η halves");
});

Deno.test("T05.7: the Figure 3 toy's OU decomposition (Kunin et al. Fig. 3 numbers)", () => {
  const { sigma, q, u } = ouDecomposition(FIGURE3_TOY.a, FIGURE3_TOY.d);
  [[2.1625, 0.9375], [0.9375, 0.9625]].forEach((row, i) =>
    row.forEach((v, j) => close(sigma.get(i, j), v, 1e-9, `Σ${i}${j}`))
  );
  close(q.get(0, 1), 0.9, 1e-9, "Q01");
  close(q.get(1, 0), -0.9, 1e-9, "Q10");
  close(q.get(0, 0), 0, 1e-9, "Q00");
  close(u.get(0, 1), -0.77963, 5e-6, "U01");
  close(u.get(1, 1), 1.79834, 5e-6, "U11");
  // commuting control: D = I gives Q = 0
  const control = ouDecomposition(FIGURE3_TOY.a, DenseMatrix.identity(2));
  assert.ok(frobeniusNorm(control.q) < 1e-12);
  // an unstable process has no stationary covariance: refused, naming the eigenvalue
  assert.throws(
    () => ouDecomposition(DenseMatrix.fromRows([[-1, 0], [0, 2]]), DenseMatrix.identity(2)),
    /eigenvalue -1, whose real part is not positive/,
  );
  assert.throws(
    () => ouDecomposition(DenseMatrix.fromRows([[0, 1], [-1, 0]]), DenseMatrix.identity(2)),
    /eigenvalue 0 − 1i/,
  );
});

Deno.test("T05.7: simulated toy — covariance, current and the antisymmetric lag-1 covariance", () => {
  const eta = 1e-2;
  const steps = 1_000_000;
  const run = (d: DenseMatrix, seed: number) => {
    const system = toyRecursion(eta, FIGURE3_TOY.a, d);
    const exact = recursionCovariance(system.transition, system.noiseFactor);
    const stats = simulateLinearRecursion(system, {
      x0: FIGURE3_TOY.x0,
      steps,
      burnIn: 2000,
    }, Rng.fromSeed(12, seed));
    return { system, exact, stats };
  };
  const { system, exact, stats } = run(FIGURE3_TOY.d, 1);
  // (a) covariance against the discrete Lyapunov solution (≈ 5000 relaxation times)
  const gap = frobeniusNorm(
    new DenseMatrix(2, 2, stats.covariance.data.map((v, i) => v - exact.data[i])),
  );
  assert.ok(gap / frobeniusNorm(exact) < 0.05, `covariance: ${gap / frobeniusNorm(exact)}`);
  // the mean is the minimum A⁻¹b = (−0.04375, −0.00625)
  close(stats.mean[0], -0.04375, 0.003, "mean x");
  close(stats.mean[1], -0.00625, 0.003, "mean y");
  // ‖Q‖ from the simulation: Σ ≈ 2 Cov/η, Q = antisym(AΣ)
  const sigmaSim = new DenseMatrix(2, 2, stats.covariance.data.map((v) => (2 * v) / eta));
  const a = FIGURE3_TOY.a;
  const qSim = a.get(0, 0) * sigmaSim.get(0, 1) + a.get(0, 1) * sigmaSim.get(1, 1) -
    (a.get(1, 0) * sigmaSim.get(0, 0) + a.get(1, 1) * sigmaSim.get(1, 0));
  close(qSim / 2, 0.9, 0.09, "Q01 from simulation");
  // (b) the antisymmetric lag-1 covariance against FΣ − ΣFᵀ = −η(AΣ − ΣAᵀ)
  const predicted = lagOneAntisymmetry(system.transition, exact).get(0, 1);
  const measured = antisymmetricPart(stats.lagCovariance, 2).get(0, 1);
  close(measured / predicted, 1, 0.15, "lag-1 antisymmetry");
  close(predicted, -9.07e-5, 0.05e-5, "−η(AΣ − ΣAᵀ)₀₁ at η = 10⁻²");
  // (c) commuting control: antisymmetry below 0.1 % of the lag-1 covariance
  const control = run(DenseMatrix.identity(2), 2).stats;
  const ratio = frobeniusNorm(antisymmetricPart(control.lagCovariance, 2)) /
    frobeniusNorm(control.lagCovariance);
  assert.ok(ratio < 1e-3, `control antisymmetry ratio ${ratio}`);
  const brokenRatio = Math.abs(measured) * Math.SQRT2 / frobeniusNorm(stats.lagCovariance);
  assert.ok(brokenRatio > 5e-3, `broken detailed balance ratio ${brokenRatio}`);
});

Deno.test("modified loss: the phase-space Lyapunov solution with Σ = σ²H gives the closed forms", () => {
  const hessian = DenseMatrix.fromRows([[1.2, 0.3, 0], [0.3, 0.5, 0.1], [0, 0.1, 0.05]]);
  const sigma2 = 0.4;
  const noise = new DenseMatrix(3, 3, hessian.data.map((v) => sigma2 * v));
  for (const lambda of [0, 0.1]) {
    const p = hyper(0.01, 0.9, lambda, 8);
    const cov = continuumPhaseSpaceCovariance(hessian, noise, p);
    const temperature = modifiedLossTemperature(sigma2, p);
    // Cov_θ = T(H+λ)⁻¹H: check (H+λ)·Cov_θ = T·H; Cov_v = σ²H/(S(1−β²)); Cov(θ, v) = 0
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let lhs = lambda * cov.get(i, j);
        for (let k = 0; k < 3; k++) lhs += hessian.get(i, k) * cov.get(k, j);
        close(lhs, temperature * hessian.get(i, j), 1e-9, `(H+λ)Cov_θ ${i}${j}`);
        close(
          cov.get(3 + i, 3 + j),
          (sigma2 * hessian.get(i, j)) / (8 * (1 - 0.81)),
          1e-9,
          "Cov_v",
        );
        close(cov.get(i, 3 + j), 0, 1e-9, "Cov(θ, v)");
      }
    }
    // the per-mode weights are the inverse covariances in units of T
    const w = modifiedLossModeWeights(0.5, p);
    const mode = continuumModeVariances(0.5, sigma2, p);
    close(temperature / w.position, mode.varTheta, 1e-12, "position weight");
    close(modifiedLossTemperature(sigma2, p) / w.velocity, mode.varV, 1e-12, "velocity weight");
  }
  // the continuum is the small-η limit of the exact discrete moments
  const p = hyper(1e-4, 0.9, 0.05, 8);
  const one = DenseMatrix.fromRows([[0.7]]);
  const cov = continuumPhaseSpaceCovariance(one, new DenseMatrix(1, 1, Float64Array.of(0.28)), p);
  const exact = modeStationaryMoments(0.7, 0.28 / 8, p);
  close(cov.get(0, 0) / exact.varTheta, 1, 1e-3, "Var θ");
  close(cov.get(1, 1) / exact.varB, 1, 1e-3, "Var v = Var b");
});
