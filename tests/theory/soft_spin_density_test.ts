import assert from "node:assert/strict";
import {
  marchenkoPasturMeanSpacing,
  SOFT_SPIN_CRITICAL_VARIANCE,
  softSpinDensity,
} from "../../lib/theory/soft_spin_density.ts";

/** ∫ p(φ) dφ over (−1, 1) by the substitution φ = tanh z (Simpson in z, |z| ≤ 12σ). */
function integral(variance: number): number {
  const zMax = 12 * Math.sqrt(variance), n = 20_000, h = 2 * zMax / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const z = -zMax + i * h;
    const phi = Math.tanh(z);
    const weight = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += weight * softSpinDensity(phi, variance) * (1 - phi * phi);
  }
  return s * h / 3;
}

Deno.test("p_tanh integrates to 1 and has the paper's values at 0 (T08.3)", () => {
  for (const v of [0.1, 0.5, 2]) assert.ok(Math.abs(integral(v) - 1) < 1e-6, `σ_z² = ${v}`);
  // p(0) = 1/√(2πσ_z²)
  assert.ok(Math.abs(softSpinDensity(0, 0.1) - 1.262) < 5e-4);
  assert.ok(Math.abs(softSpinDensity(0, 0.5) - 0.564) < 5e-4);
  assert.ok(Math.abs(softSpinDensity(0, 2) - 0.282) < 5e-4);
});

Deno.test("p_tanh is unimodal below σ_z² = ½ and bimodal above (T08.3)", () => {
  const modes = (v: number) => {
    const phis = Array.from({ length: 1999 }, (_, i) => -0.999 + i * 0.001);
    const p = phis.map((x) => softSpinDensity(x, v));
    return p.filter((x, i) => i > 0 && i < p.length - 1 && x > p[i - 1] && x > p[i + 1]).length;
  };
  assert.equal(modes(SOFT_SPIN_CRITICAL_VARIANCE * 0.8), 1);
  assert.equal(modes(SOFT_SPIN_CRITICAL_VARIANCE * 1.25), 2);
  assert.throws(() => softSpinDensity(0, -1), /σ_z² \(variance\)/);
});

Deno.test("the MP mean spacing of X(0) is 0.1886 σ_W² for K = 16, r = 2", () => {
  assert.ok(Math.abs(marchenkoPasturMeanSpacing(1, 16, 2) - 0.18856) < 1e-5);
  assert.ok(Math.abs(marchenkoPasturMeanSpacing(3, 16, 2) / 9 - 0.18856) < 1e-5);
});
