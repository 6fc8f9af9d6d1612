/**
 * Level statistics against their iid null: the null sits at the GOE values (⟨r̃⟩ → 0.5307, Atas
 * et al. 2013; ⟨s²⟩ ≈ 1.286 for the exact GOE spacing law, 4/π for the surmise) for a rectangular
 * shape; an iid matrix falls inside its interval, uncorrelated (Poisson) levels fall below it.
 */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";
import { bulkLevelStatistics, levelStatisticsNull } from "../../lib/rmt/layer_level_statistics.ts";
import { layerMetrics } from "../../lib/rmt/layer_metrics.ts";
import { binomialUpperBound } from "../../lib/rmt/statistical_thresholds.ts";
import { fillUncorrelatedLevels } from "../../lib/rmt/tilde_ratio_null.ts";

Deno.test("the iid null of a 300×900 layer is centred on the GOE values and seeded", () => {
  const nul = levelStatisticsNull(300, 900, { draws: 200, seed: 4 });
  // 200 draws: the null mean is known to sd/√200; the large-n values hold to O(1/n)
  const r = nul.meanTildeRatio;
  assert.ok(Math.abs(r.mean - 0.5307) < 4 * r.sd / Math.sqrt(200) + 0.005, `⟨r̃⟩ ${r.mean}`);
  const s = nul.meanSquaredSpacing;
  assert.ok(Math.abs(s.mean - 1.286) < 4 * s.sd / Math.sqrt(200) + 0.02, `⟨s²⟩ ${s.mean}`);
  assert.deepEqual(levelStatisticsNull(300, 900, { draws: 200, seed: 4 }), nul);
  assert.throws(() => levelStatisticsNull(30, 90, { draws: 5 }), /draws must be an integer ≥ 20/);
  assert.throws(() => bulkLevelStatistics([1, 2, 3]), /at least 8 bulk levels/);
});

Deno.test("iid layers keep GOE level statistics; Poisson levels are flagged as weaker", () => {
  const cache = new Map();
  for (const [m, n, seed] of [[600, 200, 1], [250, 250, 2], [150, 450, 3]]) {
    const w = new DenseMatrix(m, n, Rng.fromSeed(seed).fillNormal(new Float64Array(m * n), 0, 1));
    const r = layerMetrics("iid", w, Rng.fromSeed(seed, 1), { nullCache: cache });
    assert.equal(
      r.levelRepulsion,
      "GOE",
      `${m}×${n}: ⟨r̃⟩ ${r.meanTildeRatio}, ⟨s²⟩ ${r.meanSquaredSpacing}`,
    );
    assert.ok(
      r.meanTildeRatio! > r.tildeRatioNullLow! && r.meanTildeRatio! < r.tildeRatioNullHigh!,
    );
  }
  // a diagonal 200×400 matrix whose squared singular values are uncorrelated levels
  const levels = fillUncorrelatedLevels(new Float64Array(200), Rng.fromSeed(9), 50);
  const w = DenseMatrix.zeros(200, 400);
  levels.forEach((v, i) => w.set(i, i, Math.sqrt(v)));
  const poisson = layerMetrics("poisson", w, Rng.fromSeed(10), { nullCache: cache });
  assert.equal(poisson.levelRepulsion, "weaker");
  assert.ok(poisson.meanTildeRatio! < poisson.tildeRatioNullLow!, `⟨r̃⟩ ${poisson.meanTildeRatio}`);
});

Deno.test("binomialUpperBound: the count of flags a family of null tests stays under", () => {
  // n = 60, p = 0.005: P(X ≥ 3) = 0.0035, P(X ≥ 4) = 0.00024 (direct sums)
  assert.equal(binomialUpperBound(60, 0.005), 3);
  assert.equal(binomialUpperBound(60, 0.005, 0.01), 2);
  assert.equal(binomialUpperBound(10, 0), 0);
  assert.equal(binomialUpperBound(5, 1), 5);
  assert.throws(() => binomialUpperBound(10, 1.5), /p must be in \[0, 1\], got 1.5/);
});
