/** The primer's experiments at small size: the checks the notebook makes hold, and same seed = same numbers. */
import assert from "node:assert/strict";
import {
  semicircleExperiment,
  spacingExperiment,
  spacingRatioExperiment,
} from "../../lib/experiments/level_statistics_primer.ts";
import { jupyterDisplay } from "../../lib/notebook/jupyter_display.ts";
import { esdReport } from "../../lib/notebook/esd_report.ts";
import { spikedMatrix, spikeOutlierPrediction } from "../../lib/rmt/spiked_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("semicircle experiment: fitted radius near 2√n s, small KS, reproducible", () => {
  const c = { n: 100, replicas: 6, variance: 0.5, seed: 1 };
  const r = semicircleExperiment(c);
  assert.ok(
    Math.abs(r.fit.radius / r.radiusTheory - 1) < 0.05,
    `${r.fit.radius} vs ${r.radiusTheory}`,
  );
  assert.ok(r.ks < 0.05);
  assert.ok(r.histogram.length > 5 && r.theory.length === 301);
  assert.deepEqual(semicircleExperiment(c).fit, r.fit);
});

Deno.test("spacing experiment: GOE samples follow the surmise, Poisson does not", () => {
  const { samples, theory } = spacingExperiment({ pairs: 4000, n: 100, replicas: 8, seed: 2 });
  const [pairs, bulk, poisson] = samples;
  assert.ok(Math.abs(pairs.meanSquare - 4 / Math.PI) < 3 * (4 / Math.PI) / Math.sqrt(4000));
  // accepted / rejected at the KS critical value 1.8/√n (p ≈ 0.003)
  const critical = (x: { spacings: Float64Array }) => 1.8 / Math.sqrt(x.spacings.length);
  for (const goe of [pairs, bulk]) {
    assert.ok(goe.ksSurmise < critical(goe) && goe.ksPoisson > critical(goe), goe.label);
  }
  assert.ok(poisson.ksPoisson < critical(poisson) && poisson.ksSurmise > critical(poisson));
  assert.equal(new Set(theory.map((t) => t.kind)).size, 2);
});

Deno.test("spacing-ratio experiment: ⟨r̃⟩ of GOE, GUE, Poisson near 0.5307, 0.5996, 0.3863", () => {
  const { samples } = spacingRatioExperiment({ n: 100, replicas: 10, seed: 3 });
  const expected = [0.5307, 0.5996, 0.3863];
  samples.forEach((s, i) => {
    assert.ok(Math.abs(s.meanTilde - expected[i]) < 0.03, `${s.label}: ${s.meanTilde}`);
  });
});

Deno.test("esdReport: spiked matrix outlier at the BBP prediction; displays table and figures", () => {
  const [m, n, s2] = [600, 200, 0.01];
  const { matrix, d } = spikedMatrix(m, n, s2, 2, Rng.fromSeed(4));
  const report = esdReport(matrix);
  const a = report.analysis;
  assert.equal(a.outliers.length, 1);
  const predicted = spikeOutlierPrediction(m, n, s2, d);
  assert.ok(Math.abs(a.outliers[0] / predicted - 1) < 0.05, `${a.outliers[0]} vs ${predicted}`);
  const below = esdReport(spikedMatrix(m, n, s2, 0.6, Rng.fromSeed(5)).matrix);
  assert.equal(below.analysis.outliers.length, 0); // below the BBP threshold: no outlier
  const bundle = report[jupyterDisplay]();
  assert.match(bundle["text/html"], /<table>.*outliers.*<svg/s);
  assert.match(bundle["text/plain"], /MP fit: entry variance s²/);
  assert.throws(
    () => spikedMatrix(3, 3, 1, -1, Rng.fromSeed(6)),
    /strength must be finite and ≥ 0/,
  );
});
