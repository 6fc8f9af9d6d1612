/** Densities and CDFs against closed forms and their stated moments (T00.1–T00.3). */
import assert from "node:assert/strict";
import { goePairCdf, goePairDensity } from "../../lib/rmt/goe_pair_density.ts";
import {
  marchenkoPasturAtom,
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
} from "../../lib/rmt/marchenko_pastur.ts";
import { semicircleCdf, semicircleDensity } from "../../lib/rmt/semicircle.ts";
import {
  MEAN_TILDE_RATIO_SURMISE,
  spacingRatioCdf,
  spacingRatioDensity,
} from "../../lib/rmt/spacing_ratio.ts";
import {
  type LevelStatistics,
  spacingCdf,
  spacingDensity,
  spacingSecondMoment,
} from "../../lib/rmt/wigner_surmise.ts";

/** ∫ f·{1, x, x²} on [a, b] by the midpoint rule with n cells. */
function integrate(f: (x: number) => number, a: number, b: number, n = 200_000) {
  const h = (b - a) / n;
  let m0 = 0, m1 = 0, m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = a + (i + 0.5) * h;
    const p = f(x) * h;
    m0 += p;
    m1 += p * x;
    m2 += p * x * x;
  }
  return { m0, m1, m2, variance: m2 / m0 - (m1 / m0) ** 2 };
}

Deno.test("Wigner surmises and Poisson: normalised, ⟨s⟩ = 1, ⟨s²⟩ as stated, CDF = ∫ density", () => {
  const expected: Record<string, number> = {
    1: 4 / Math.PI,
    2: (3 * Math.PI) / 8,
    4: (45 * Math.PI) / 128,
    poisson: 2,
  };
  for (const kind of [1, 2, 4, "poisson"] as LevelStatistics[]) {
    const { m0, m1, m2 } = integrate((s) => spacingDensity(s, kind), 0, 40);
    assert.ok(Math.abs(m0 - 1) < 1e-8, `β=${kind}: ∫P = ${m0}`);
    assert.ok(Math.abs(m1 - 1) < 1e-8, `β=${kind}: ⟨s⟩ = ${m1}`);
    assert.ok(Math.abs(m2 - expected[String(kind)]) < 1e-7, `β=${kind}: ⟨s²⟩ = ${m2}`);
    assert.ok(Math.abs(spacingSecondMoment(kind) - expected[String(kind)]) < 1e-12);
    for (const s of [0.3, 1, 1.7]) {
      const partial = integrate((t) => spacingDensity(t, kind), 0, s, 20_000).m0;
      assert.ok(Math.abs(spacingCdf(s, kind) - partial) < 1e-8, `β=${kind}: CDF(${s})`);
    }
  }
  assert.ok(Math.abs(spacingCdf(1, 1) - (1 - Math.exp(-Math.PI / 4))) < 1e-15);
  assert.throws(() => spacingDensity(1, 3 as never), /β must be 1, 2, 4 or "poisson"/);
});

Deno.test("2×2-GOE density: integrates to 1, variance 1.5σ², closed-form CDF = ∫ density", () => {
  const p = { centre: 2, sigma: 0.3 };
  const { m0, m1, variance } = integrate((x) => goePairDensity(x, p), -2, 6);
  assert.ok(Math.abs(m0 - 1) < 1e-9);
  assert.ok(Math.abs(m1 - 2) < 1e-9);
  assert.ok(Math.abs(variance - 1.5 * 0.09) < 1e-9);
  for (const x of [1.5, 2, 2.2, 2.9]) {
    const partial = integrate((t) => goePairDensity(t, p), -2, x, 50_000).m0;
    assert.ok(Math.abs(goePairCdf(x, p) - partial) < 1e-9, `F(${x})`);
  }
});

Deno.test("semicircle: integrates to 1, variance R²/4, CDF = ∫ density", () => {
  const p = { centre: -1, radius: 3 };
  const { m0, m1, variance } = integrate((x) => semicircleDensity(x, p), -4, 2);
  assert.ok(Math.abs(m0 - 1) < 1e-7);
  assert.ok(Math.abs(m1 + 1) < 1e-7);
  assert.ok(Math.abs(variance - 9 / 4) < 1e-6);
  for (const x of [-3.5, -1, 0.7]) {
    const partial = integrate((t) => semicircleDensity(t, p), -4, x, 50_000).m0;
    assert.ok(Math.abs(semicircleCdf(x, p) - partial) < 1e-7);
  }
});

Deno.test("spacing-ratio surmise: normalised; ⟨r̃⟩ and ⟨r⟩ reproduce Atas et al. to 1e-4", () => {
  const meanR: Record<number, number> = { 1: 1.75, 2: 1.3607, 4: 1.1747 };
  for (const beta of [1, 2, 4] as const) {
    // r ∈ [0, 1] and r = 1/t for the rest (P(r)dr = P(1/t) dt/t²)
    const inner = integrate((r) => spacingRatioDensity(r, beta), 0, 1, 400_000);
    const outer = integrate((t) => spacingRatioDensity(1 / t, beta) / (t * t), 0, 1, 400_000);
    const outerMean = integrate(
      (t) => spacingRatioDensity(1 / t, beta) / (t * t * t),
      0,
      1,
      400_000,
    );
    assert.ok(Math.abs(inner.m0 + outer.m0 - 1) < 1e-6, `β=${beta}: normalisation`);
    const tilde = 2 * inner.m1; // P(r̃) = 2P(r) on [0, 1]
    assert.ok(Math.abs(tilde - MEAN_TILDE_RATIO_SURMISE[beta]) < 1e-4, `β=${beta}: ⟨r̃⟩ = ${tilde}`);
    const mean = inner.m1 + outerMean.m0;
    assert.ok(Math.abs(mean - meanR[beta]) < 1e-4, `β=${beta}: ⟨r⟩ = ${mean}`);
  }
  const poisson = integrate((r) => 2 * spacingRatioDensity(r, "poisson"), 0, 1);
  assert.ok(Math.abs(poisson.m1 - MEAN_TILDE_RATIO_SURMISE.poisson) < 1e-8);
});

Deno.test("Marchenko–Pastur with N > M: atom 1 − 1/c at zero, mean s², second moment s⁴(1+c)", () => {
  const p = { ratio: 2.5, variance: 0.7 };
  assert.ok(Math.abs(marchenkoPasturAtom(p) - 0.6) < 1e-15);
  assert.equal(marchenkoPasturAtom({ ratio: 0.5, variance: 1 }), 0);
  assert.ok(Math.abs(marchenkoPasturCdf(0, p) - 0.6) < 1e-15);
  const [lo, hi] = marchenkoPasturEdges(p);
  const { m0, m1, m2 } = integrate((y) => marchenkoPasturDensity(y, p), lo, hi, 400_000);
  assert.ok(Math.abs(m0 - 1 / 2.5) < 1e-4); // the continuous part holds 1/c
  assert.ok(Math.abs(m1 - 0.7) < 1e-4);
  assert.ok(Math.abs(m2 - 0.49 * 3.5) < 1e-3);
  assert.ok(Math.abs(marchenkoPasturCdf(hi, p) - 1) < 1e-12);
  assert.throws(() => marchenkoPasturEdges({ ratio: 0, variance: 1 }), /must be finite and > 0/);
});

Deno.test("spacing-ratio CDF: F(1) = 1/2 by symmetry, Poisson closed form, GOE samples (KS)", () => {
  for (const kind of [1, 2, 4, "poisson"] as LevelStatistics[]) {
    assert.ok(Math.abs(spacingRatioCdf(1, kind) - 0.5) < 1e-10, `β=${kind}`);
    const partial = integrate((r) => spacingRatioDensity(r, kind), 0, 0.4, 50_000).m0;
    assert.ok(Math.abs(spacingRatioCdf(0.4, kind) - partial) < 1e-9, `β=${kind}: F(0.4)`);
    assert.ok(Math.abs(spacingRatioCdf(3, kind) + spacingRatioCdf(1 / 3, kind) - 1) < 1e-12);
  }
  assert.equal(spacingRatioCdf(2, "poisson"), 2 / 3);
});
