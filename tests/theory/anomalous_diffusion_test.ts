import assert from "node:assert/strict";
import { hyper } from "./sgd_settings.ts";
import {
  exactMsd,
  fitDiffusionExponent,
  localSlopes,
  logLags,
  msdPlateau,
  overdampedMsd,
  powerLawSpectrum,
} from "../../lib/theory/anomalous_diffusion.ts";
import { noisyQuadraticMsd } from "../../lib/models/noisy_quadratic.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("T05.8: exact MSD reproduces the closed-form test vectors", () => {
  const h = powerLawSpectrum(100, 1.5);
  const msd = exactMsd(h, h, hyper(0.1, 0.9), [1, 10, 100, 1000]);
  [0.12870, 6.4948, 36.868, 88.859].forEach((v, j) =>
    assert.ok(Math.abs(msd[j] / v - 1) < 5e-5, `MSD(${10 ** j}) = ${msd[j]}, expected ${v}`)
  );
  assert.ok(Math.abs(msdPlateau(h, h, hyper(0.1, 0.9)) - 100.06) < 0.005);
  assert.ok(Math.abs(msdPlateau(h, h, hyper(0.1, 0.9, 1e-3)) - 74.52) < 0.005);
  // the MSD tends to its plateau, and the overdamped form agrees at lags ≫ 1/(1−β)
  const far = exactMsd(h, h, hyper(0.1, 0.9), [1e9])[0];
  assert.ok(Math.abs(far / msdPlateau(h, h, hyper(0.1, 0.9)) - 1) < 1e-9);
  const od = overdampedMsd(h, h, hyper(0.1, 0, 0), [100, 1000]);
  const ex = exactMsd(h, h, hyper(0.1, 0, 0), [100, 1000]);
  od.forEach((v, j) => assert.ok(Math.abs(v / ex[j] - 1) < 0.05));
});

Deno.test("T05.8: simulated noisy-quadratic MSD matches the exact formula at every lag", () => {
  const h = powerLawSpectrum(100, 1.5);
  const lags = logLags(1, 10_000, 4);
  for (const beta of [0, 0.9]) {
    const p = hyper(0.1, beta);
    const exact = exactMsd(h, h, p, lags);
    // 10⁵ steps (T05.8 plans 2·10⁵): at lag 10⁴ about 10 independent windows of the slowest
    // saturating modes remain, so the largest lag gets a wider band than the rest
    const sim = noisyQuadraticMsd(
      h,
      h,
      p,
      { steps: 100_000, lags, origins: 3000 },
      Rng.fromSeed(8, beta * 10),
    );
    lags.forEach((k, j) => {
      const tol = k <= 1000 ? 0.05 : 0.12;
      assert.ok(
        Math.abs(sim.msd[j] / exact[j] - 1) < tol,
        `β = ${beta}, k = ${k}: simulated ${sim.msd[j]}, exact ${exact[j]}`,
      );
    });
  }
});

Deno.test("T05.9: the anomalous exponent follows c ≈ 1/α for a power-law Hessian", () => {
  const eta = 0.1;
  for (const [alpha, centre, band] of [[2, 0.49, 0.05], [1.5, 0.61, 0.05], [3, 0.34, 0.04]]) {
    const h = powerLawSpectrum(1000, alpha);
    const kMin = 10 / (eta * h[0]), kMax = 0.1 / (eta * h[h.length - 1]);
    const lags = logLags(kMin, kMax);
    const c = fitDiffusionExponent(lags, exactMsd(h, h, hyper(eta, 0), lags), kMin, kMax);
    assert.ok(Math.abs(c - centre) <= band, `α = ${alpha}: c = ${c}`);
    assert.ok(c >= 1 / alpha - 0.08 && c <= 1 / alpha + 0.02, `α = ${alpha}: c = ${c} vs 1/α`);
  }
  // ballistic start under momentum, diffusive by k = 10
  const h = powerLawSpectrum(1000, 1.5);
  const slopes = localSlopes([1, 2, 10, 11], exactMsd(h, h, hyper(0.1, 0.9), [1, 2, 10, 11]));
  assert.ok(slopes[0].slope >= 1.8, `slope at k = 1: ${slopes[0].slope}`);
  assert.ok(slopes[2].slope <= 1.2, `slope at k = 10: ${slopes[2].slope}`);
  // weight decay saturates the MSD beyond (1−β)/(ηλ)
  const lambda = 1e-3;
  const scale = 1 / (0.1 * lambda);
  const tail = exactMsd(h, h, hyper(0.1, 0, lambda), [10 * scale, 11 * scale]);
  assert.ok(Math.log(tail[1] / tail[0]) / Math.log(1.1) < 0.05);
});

Deno.test("MSD helpers refuse bad input", () => {
  assert.throws(() => powerLawSpectrum(0, 1), /need d ≥ 1/);
  assert.throws(() => exactMsd([1], [1, 2], hyper(0.1, 0), [1]), /one noise variance/);
  assert.throws(() => exactMsd([30], [1], hyper(0.1, 0), [1]), /unstable/);
  assert.throws(() => fitDiffusionExponent([1, 2], [1, 2], 5, 6), /fewer than two lags/);
});
