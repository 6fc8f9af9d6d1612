import assert from "node:assert/strict";
import {
  chiSquareThreshold,
  familyNormalThreshold,
  ksThreshold,
  THREE_SIGMA_LEVEL,
  twoSidedNormalThreshold,
} from "../../lib/rmt/statistical_thresholds.ts";

Deno.test("thresholds: 3σ, Bonferroni, χ² quantiles and the KS critical value", () => {
  assert.ok(Math.abs(twoSidedNormalThreshold(THREE_SIGMA_LEVEL) - 3) < 0.001);
  assert.ok(Math.abs(twoSidedNormalThreshold(0.05) - 1.959964) < 1e-5);
  // Φ⁻¹(1 − 0.0027/28) = 3.72819 (Python statistics.NormalDist().inv_cdf)
  assert.ok(Math.abs(familyNormalThreshold(14) - 3.72819) < 1e-4);
  // χ² quantiles: P(χ²₁ > 9) = 0.0027; χ²₂ has P(> x) = e^{−x/2}
  assert.ok(Math.abs(chiSquareThreshold(1) - 9) < 0.01);
  assert.ok(Math.abs(chiSquareThreshold(2, 0.01) - -2 * Math.log(0.01)) < 1e-8);
  assert.ok(Math.abs(ksThreshold(100) * 10 - 1.8183) < 1e-3);
  assert.throws(() => twoSidedNormalThreshold(0), /level/);
});
