/** Each fit recovers known parameters from synthetic data; the ESD analysis finds a planted spike. */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { analyseSpectrum } from "../../lib/rmt/esd_analysis.ts";
import { goeEigenvalues } from "../../lib/rmt/ensembles.ts";
import { goldenSection, nelderMead } from "../../lib/rmt/minimize.ts";
import { fitPowerLawTail } from "../../lib/rmt/power_law_tail.ts";
import {
  fitGoePairDensity,
  fitMarchenkoPastur,
  fitSemicircle,
} from "../../lib/rmt/spectral_fits.ts";
import { wishartEigenvalues } from "../../lib/rmt/wishart.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("minimisers: golden section on a parabola, Nelder–Mead on Rosenbrock", () => {
  // a minimum is located only to ~√ε relative: f is flat to rounding within that distance
  const g = goldenSection((x) => (x - 1.3) ** 2 + 2, -5, 5, 1e-9);
  assert.ok(Math.abs(g.x - 1.3) < 1e-7 && Math.abs(g.value - 2) < 1e-14, `${g.x}`);
  const r = nelderMead(([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2, [-1.2, 1], {
    tolerance: 1e-16,
  });
  assert.ok(Math.abs(r.x[0] - 1) < 1e-4 && Math.abs(r.x[1] - 1) < 1e-4, `${r.x}`);
});

Deno.test("MP fit recovers s² (2%) from Wishart spectra, also with planted outliers", () => {
  const rng = Rng.fromSeed(11);
  const y = [...wishartEigenvalues(800, 200, 0.3, rng), ...wishartEigenvalues(800, 200, 0.3, rng)];
  const fit = fitMarchenkoPastur(y, 0.25);
  assert.ok(Math.abs(fit.variance / 0.3 - 1) < 0.02, `s² = ${fit.variance}`);
  assert.ok(fit.ks < 0.03);
  const withOutliers = [...y.slice(0, 390), 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const robust = fitMarchenkoPastur(withOutliers, 0.25);
  assert.ok(Math.abs(robust.variance / 0.3 - 1) < 0.05, `s² = ${robust.variance}`);
  assert.throws(() => fitMarchenkoPastur([-1, -2], 0.5), /positive mean/);
});

Deno.test("semicircle and 2×2-GOE fits recover centre, radius and σ", () => {
  const rng = Rng.fromSeed(12);
  const e = goeEigenvalues(600, rng, 0.01).map((v) => v + 2); // R = 2√600·0.1
  const sc = fitSemicircle(e);
  assert.ok(Math.abs(sc.centre - 2) < 0.02, `centre ${sc.centre}`);
  assert.ok(Math.abs(sc.radius / (2 * Math.sqrt(6)) - 1) < 0.03, `radius ${sc.radius}`);
  const sigma = 0.2;
  const pairs: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const a = sigma * rng.normal(),
      d = sigma * rng.normal(),
      b = (sigma / Math.SQRT2) * rng.normal();
    const half = Math.hypot((a - d) / 2, b);
    pairs.push(1 + (a + d) / 2 - half, 1 + (a + d) / 2 + half);
  }
  const g = fitGoePairDensity(pairs);
  assert.ok(Math.abs(g.centre - 1) < 0.01, `x₀ = ${g.centre}`);
  assert.ok(Math.abs(g.sigma / sigma - 1) < 0.02, `σ = ${g.sigma}`);
});

Deno.test("power-law tail: α and x_min recovered from a body + Pareto tail", () => {
  const rng = Rng.fromSeed(13);
  const alpha = 2.5, xmin = 2;
  const values: number[] = [];
  for (let i = 0; i < 3000; i++) values.push(xmin * (1 - rng.uniform()) ** (-1 / (alpha - 1)));
  for (let i = 0; i < 3000; i++) values.push(xmin * rng.uniform()); // body below x_min
  const fit = fitPowerLawTail(values);
  assert.ok(
    Math.abs(fit.alpha - alpha) < 3 * fit.alphaError + 0.02,
    `α = ${fit.alpha} ± ${fit.alphaError}`,
  );
  assert.ok(fit.xmin > 1.6 && fit.xmin < 2.6, `x_min = ${fit.xmin}`);
  assert.ok(fit.tailSize > 2000 && fit.tailSize < 3600);
  assert.throws(() => fitPowerLawTail([1, 2, 3]), /at least 10 positive values/);
});

Deno.test("ESD analysis: a random W has no outliers; a spiked one has exactly its spike", () => {
  const rng = Rng.fromSeed(14);
  const [m, n, s] = [600, 200, 0.05];
  const w = new DenseMatrix(m, n, rng.fillNormal(new Float64Array(m * n), 0, s));
  const plain = analyseSpectrum(w);
  assert.equal(plain.eigenvalues.length, 200);
  assert.equal(plain.outliers.length, 0);
  assert.ok(Math.abs(plain.variance / (s * s) - 1) < 0.03, `s² = ${plain.variance}`);
  assert.ok(Math.abs(plain.meanTildeRatio - 0.53) < 0.04);
  // plant θ·u·vᵀ with θ well above the BBP threshold
  const u = rng.fillNormal(new Float64Array(m), 0, 1 / Math.sqrt(m));
  const v = rng.fillNormal(new Float64Array(n), 0, 1 / Math.sqrt(n));
  const spiked = w.clone();
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) spiked.data[i * n + j] += 4 * u[i] * v[j];
  const a = analyseSpectrum(spiked);
  assert.equal(a.outliers.length, 1);
  assert.ok(a.outliers[0] > a.edges[1] * 1.2);
  // the transposed matrix has the same spectrum
  const t = analyseSpectrum(spiked.transpose());
  assert.ok(Math.abs(t.eigenvalues[199] / a.eigenvalues[199] - 1) < 1e-10);
  assert.throws(() => analyseSpectrum(DenseMatrix.zeros(2, 5)), /at least 3×3/);
});
