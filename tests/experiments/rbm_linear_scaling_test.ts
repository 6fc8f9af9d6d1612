import assert from "node:assert/strict";
import {
  analyseRbmSetting,
  degeneratePairs,
  distinctRbmSettings,
  recordSteps,
} from "../../lib/experiments/rbm_linear_scaling.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("RBM experiment plumbing: settings, pair indices, record steps", () => {
  assert.equal(distinctRbmSettings().length, 12); // 6 + 4 + 2 new of the equal-ratio triple
  const pairs = degeneratePairs();
  assert.deepEqual(pairs.map((p) => [p.low, p.high]), [[7, 8], [5, 6], [3, 4], [1, 2]]);
  assert.ok(
    Math.abs(pairs[0].kappa - 4.381966) < 1e-6 && Math.abs(pairs[3].kappa - 7.618034) < 1e-6,
  );
  assert.deepEqual(recordSteps({ burnIn: 800, snapshots: 3, spacing: 64 }, 0.1), [
    8000,
    8640,
    9280,
  ]);
});

Deno.test("pair statistics: a planted GOE pair gives its ⟨S⟩, the surmise and λ/κ = 1", () => {
  const rng = Rng.fromSeed(3);
  const targets = [1, 1.382, 1.382, 2.382, 2.382, 3.618, 3.618, 4.618, 4.618, 5];
  const s = 0.05; // off-diagonal std of every 2×2 block
  const spectra = Array.from({ length: 300 }, () =>
    Array.from({ length: 4 }, () => {
      const x = Float64Array.from(targets);
      for (const [lo, hi] of [[1, 2], [3, 4], [5, 6], [7, 8]]) {
        const a = Math.SQRT2 * s * rng.normal(),
          d = Math.SQRT2 * s * rng.normal(),
          b = s * rng.normal();
        const half = Math.hypot((a - d) / 2, b);
        x[lo] = targets[lo] + (a + d) / 2 - half;
        x[hi] = targets[hi] + (a + d) / 2 + half;
      }
      return x;
    }));
  const r = analyseRbmSetting(spectra, { learningRate: 0.1, chains: 16 });
  for (const q of r.pairs) {
    assert.ok(
      Math.abs(q.meanSpacing - Math.sqrt(2 * Math.PI) * s) < 4 * q.meanSpacingError,
      `${q.meanSpacing}`,
    );
    assert.ok(q.ksSurmise < 1.8 / Math.sqrt(q.samples));
    assert.ok(Math.abs(q.lambdaOverKappa - 1) < 0.003);
    assert.ok(Math.abs(q.snapshotCorrelation) < 0.15); // independent snapshots
  }
});
