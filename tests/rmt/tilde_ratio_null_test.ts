/**
 * Null laws of the head-averaged ⟨r̃⟩: their means match the exact Poisson value and the
 * large-size GOE value, their spread shrinks as 1/√heads, the same seed gives the same law, and
 * bad sizes or quantile levels get errors naming the parameter.
 */
import assert from "node:assert/strict";
import { MEAN_TILDE_RATIO_LARGE_N } from "../../lib/rmt/spacing_ratio.ts";
import {
  nullQuantile,
  sampleTildeRatioNull,
  tildeRatioNullFromSamples,
  type TildeRatioNullOptions,
} from "../../lib/rmt/tilde_ratio_null.ts";

const base: TildeRatioNullOptions = {
  kind: "poisson",
  rows: 32,
  cols: 128,
  heads: 4,
  bulkFraction: 0.9,
  draws: 4000,
  seed: 7,
};

Deno.test("tilde-ratio null: Poisson mean is 2 ln 2 − 1; sd falls as 1/√heads; seeded", () => {
  const four = sampleTildeRatioNull(base);
  const sixteen = sampleTildeRatioNull({ ...base, heads: 16 });
  for (const n of [four, sixteen]) {
    const se = n.sd / Math.sqrt(n.options.draws);
    assert.ok(Math.abs(n.mean - MEAN_TILDE_RATIO_LARGE_N.poisson) < 4 * se, `${n.mean}`);
  }
  // sd ratio 2 within the sampling error of two sds from 4000 draws (≈ 1.6 % each)
  assert.ok(Math.abs(four.sd / sixteen.sd - 2) < 0.15, `${four.sd / sixteen.sd}`);
  assert.deepEqual(sampleTildeRatioNull(base).samples, four.samples);
  const q = nullQuantile(four, 0.5);
  assert.ok(Math.abs(q - four.mean) < 0.2 * four.sd, "the median of a near-symmetric law");
});

Deno.test("tilde-ratio null: iid heads approach the GOE value and sit far above Poisson", () => {
  const iid = sampleTildeRatioNull({ ...base, kind: "wishart", rows: 48, cols: 192, draws: 200 });
  const se = iid.sd / Math.sqrt(200);
  // finite-size bias of ⟨r̃⟩ at 43 bulk levels is below 0.005 (Atas et al. 2013, Fig. 2)
  assert.ok(Math.abs(iid.mean - MEAN_TILDE_RATIO_LARGE_N[1]) < 4 * se + 0.005, `${iid.mean}`);
  assert.ok(iid.mean - MEAN_TILDE_RATIO_LARGE_N.poisson > 5 * iid.sd);
});

Deno.test("tilde-ratio null: errors name the parameter", () => {
  assert.throws(() => sampleTildeRatioNull({ ...base, rows: 2 }), /rows must be an integer ≥ 3/);
  assert.throws(() => sampleTildeRatioNull({ ...base, heads: 0 }), /heads/);
  assert.throws(() => sampleTildeRatioNull({ ...base, draws: 1.5 }), /draws/);
  assert.throws(() => sampleTildeRatioNull({ ...base, bulkFraction: 0 }), /bulkFraction/);
  assert.throws(
    () => sampleTildeRatioNull({ ...base, kind: "wishart", rows: 64, cols: 32 }),
    /rows ≤ cols/,
  );
  assert.throws(() => sampleTildeRatioNull({ ...base, seed: -1 }), /seed/);
  const small = sampleTildeRatioNull({ ...base, draws: 100 });
  assert.throws(() => nullQuantile(small, 0.999), /needs ≥ 10000 draws/);
  assert.throws(() => nullQuantile(small, 1), /quantile level/);
  assert.throws(() => tildeRatioNullFromSamples(base, [0.4, 0.5]), /2 samples for 4000 draws/);
  assert.throws(
    () => tildeRatioNullFromSamples({ ...base, draws: 2 }, [0.4, NaN]),
    /finite/,
  );
});
