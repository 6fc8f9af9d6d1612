import assert from "node:assert/strict";
import {
  curvatureAlong,
  FENG_TU_FACTOR,
  numericalFlatness,
  quadraticFlatness,
} from "../../lib/theory/flatness.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";

Deno.test("flatness: the quadratic closed form equals the numerical width", () => {
  for (const [loss, slope, curvature] of [[0.1, 0, 2], [0.3, 0.05, 0.01], [1, -0.4, 5]]) {
    const profile = (d: number) => loss + slope * d + (curvature * d * d) / 2;
    for (const factor of [FENG_TU_FACTOR, 2]) {
      const closed = quadraticFlatness({ loss, slope, curvature }, factor);
      const numeric = numericalFlatness(profile, { factor });
      assert.ok(Math.abs(numeric.width / closed - 1) < 1e-8, `${closed} vs ${numeric.width}`);
      assert.ok(numeric.left < 0 && numeric.right > 0);
    }
  }
});

Deno.test("flatness: a quartic profile and κ = pᵀHp", () => {
  // L = L0 (1 + δ⁴): ends at δ = ±(f − 1)^{1/4}
  const numeric = numericalFlatness((d) => 0.2 * (1 + d ** 4), { factor: 3 });
  assert.ok(Math.abs(numeric.width - 2 * 2 ** 0.25) < 1e-8);
  const h = DenseMatrix.fromRows([[2, 1], [1, 3]]);
  assert.ok(Math.abs(curvatureAlong(h, [Math.SQRT1_2, Math.SQRT1_2]) - 3.5) < 1e-14);
});

Deno.test("flatness: clear errors instead of infinite or NaN widths", () => {
  assert.throws(() => quadraticFlatness({ loss: 1, slope: 0, curvature: 0 }), /not positive/);
  assert.throws(() => quadraticFlatness({ loss: 0, slope: 0, curvature: 1 }), /L₀/);
  assert.throws(() => quadraticFlatness({ loss: 1, slope: 0, curvature: 1 }, 1), /factor/);
  assert.throws(() => numericalFlatness(() => 1, { maxDistance: 10 }), /stays below/);
});
