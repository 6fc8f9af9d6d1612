import assert from "node:assert/strict";
import { GROSS_TWO_LAYER, twoLayerStudy } from "../../lib/experiments/weight_fluctuations_study.ts";

// T06.2 at its full length (5·10⁴ + 3·10⁵ steps, ≈ 5 s). The slow second-layer modes
// relax in 1/(η(s_k² + ‖a‖²)) ≈ 200 steps, so the window holds > 10³ relaxation times and
// each variance is sampled to ≈ 3 %; the tolerances below are T06.2's.
const study = twoLayerStudy(GROSS_TWO_LAYER, 2311);
const k = GROSS_TWO_LAYER.hidden;

Deno.test("T06.2a, b: the inverse variance–flatness relation in the second layer", () => {
  const { slope, correlation } = study.raw.fit;
  assert.ok(correlation <= -0.8, `corr(log σ², log F) = ${correlation}`);
  assert.ok(slope >= -2 && slope <= -0.9, `slope = ${slope}`);
  // the same after removing the hidden-unit rotation
  assert.ok(study.aligned.fit.correlation <= -0.8 && study.aligned.fit.slope <= -0.9);
});

Deno.test("T06.2c: restricted-Lyapunov theory against the simulated second-layer spectrum", () => {
  // all but the top (learned) direction, in the aligned frame, theory averaged over the window
  const sim = study.aligned.pca.variances, theory = study.quasiStaticVariances;
  for (let i = 1; i < k; i++) {
    const ratio = theory[i] / sim[i];
    assert.ok(ratio >= 0.75 && ratio <= 1.25, `σ²_${i + 1}: theory/sim = ${ratio}`);
  }
  assert.ok(Math.abs(study.theory.fit.slope - study.aligned.fit.slope) <= 0.3);
});

Deno.test("T06.2d: the closed form s²/(s² + ‖a‖²) on the flat half of the directions", () => {
  const sim = study.aligned.pca.variances, closed = study.closedFormVariances!;
  for (let i = k - Math.floor(k / 2); i < k; i++) {
    const ratio = sim[i] / closed[i];
    assert.ok(ratio >= 1 / 1.35 && ratio <= 1.35, `σ²_${i + 1}: sim/closed form = ${ratio}`);
  }
});

Deno.test("T06.2e: the single-layer control shows no inverse relation", () => {
  assert.ok(study.control.fit.correlation > -0.5, `control corr ${study.control.fit.correlation}`);
});

Deno.test("two-layer study refuses settings outside its regime", () => {
  assert.throws(() => twoLayerStudy({ ...GROSS_TWO_LAYER, samples: 15 }, 1), /over-parameterised/);
  assert.throws(() => twoLayerStudy({ ...GROSS_TWO_LAYER, hidden: 30 }, 1), /K = 30/);
  assert.throws(
    () => twoLayerStudy({ ...GROSS_TWO_LAYER, learningRate: 5, steps: 2000, burnIn: 0 }, 1),
    /diverged/,
  );
});
