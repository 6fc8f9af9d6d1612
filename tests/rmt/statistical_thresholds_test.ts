import assert from "node:assert/strict";
import {
  chiSquareThreshold,
  familyNormalThreshold,
  familyStudentThreshold,
  ksThreshold,
  studentSquareSumThreshold,
  THREE_SIGMA_LEVEL,
  twoSidedNormalThreshold,
  twoSidedStudentThreshold,
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

Deno.test("thresholds: Student's t for errors estimated from few samples", () => {
  // t tables: t_{0.975}(3) = 3.182446, t_{0.975}(19) = 2.093024
  assert.ok(Math.abs(twoSidedStudentThreshold(0.05, 3) - 3.182446) < 1e-5);
  assert.ok(Math.abs(twoSidedStudentThreshold(0.05, 19) - 2.093024) < 1e-5);
  // many degrees of freedom: the normal threshold
  assert.ok(Math.abs(twoSidedStudentThreshold(THREE_SIGMA_LEVEL, 1e7) - 3) < 1e-3);
  // t with 1 dof is Cauchy: P(|T| > t) = 1 − (2/π) atan t
  assert.ok(Math.abs(twoSidedStudentThreshold(0.1, 1) - Math.tan((Math.PI / 2) * 0.9)) < 1e-8);
  assert.ok(familyStudentThreshold(14, 19) > familyNormalThreshold(14));
  assert.throws(() => twoSidedStudentThreshold(0.05, 0), /degrees of freedom/);
  assert.throws(() => familyStudentThreshold(0, 3), /family size/);
});

Deno.test("thresholds: the sum of squared t variables", () => {
  // Σ T_i² with m = 1 is F(1, ν): its 0.0027 quantile is the squared two-sided t threshold
  const one = studentSquareSumThreshold(1, 5, 0.01, 100_000);
  const exact = twoSidedStudentThreshold(0.01, 5) ** 2;
  assert.ok(Math.abs(one / exact - 1) < 0.05, `${one} vs ${exact}`);
  // many degrees of freedom: the χ² threshold (sampling error of the quantile ≈ 2 %)
  const chi = studentSquareSumThreshold(4, 400, 0.01, 100_000);
  assert.ok(Math.abs(chi / chiSquareThreshold(4, 0.01) - 1) < 0.04, `${chi}`);
  // estimated errors widen the tail
  assert.ok(studentSquareSumThreshold(6, 9, 0.01, 50_000) > 1.1 * chiSquareThreshold(6, 0.01));
  assert.throws(() => studentSquareSumThreshold(3, 0), /degrees of freedom/);
  assert.throws(() => studentSquareSumThreshold(3, 5, 0.0027, 1000), /fewer than 50/);
});
