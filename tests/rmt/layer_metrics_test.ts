/** Per-layer metrics on matrices whose answer is known: iid, a planted spike, a planted trap. */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { singularValues } from "../../lib/linalg/svd.ts";
import { layerMetrics } from "../../lib/rmt/layer_metrics.ts";
import { spikedMatrix, spikeOutlierPrediction } from "../../lib/rmt/spiked_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

const gaussian = (m: number, n: number, s2: number, seed: number) =>
  new DenseMatrix(m, n, Rng.fromSeed(seed).fillNormal(new Float64Array(m * n), 0, Math.sqrt(s2)));

Deno.test("iid Gaussian layers: MP variance, no tail, no spike, no trap, GOE level statistics", () => {
  for (const [m, n, seed] of [[400, 100, 1], [200, 200, 2], [100, 300, 3]]) {
    const w = gaussian(m, n, 0.01, seed);
    const r = layerMetrics("w", w, Rng.fromSeed(seed, 1));
    // the KS-fitted s² scatters from draw to draw by 0.9 % at these rectangular shapes and 1.5 %
    // for the square one, whose density diverges at its hard edge (sd over 12 seeds, measured):
    // the bound is 3.5 of those standard deviations
    const tolerance = 3.5 * (m === n ? 0.015 : 0.009);
    assert.ok(Math.abs(r.mpVariance / 0.01 - 1) < tolerance, `${m}×${n}: s² ${r.mpVariance}`);
    assert.equal(r.tailSupported, false);
    assert.equal(r.alpha, null);
    assert.equal(r.alphaHat, null);
    assert.equal(r.spikes, 0);
    assert.equal(r.correlationTraps, 0);
    assert.equal(r.levelRepulsion, "GOE", `⟨r̃⟩ ${r.meanTildeRatio}, ⟨s²⟩ ${r.meanSquaredSpacing}`);
    // the two spectra are two draws of one law: the 3σ two-sample KS bound 1.8·√(2/k)
    const k = Math.min(m, n);
    assert.ok(r.shuffledDistance < 1.8 * Math.sqrt(2 / k), `distance ${r.shuffledDistance}`);
    // the norms from the singular values directly
    const sv = singularValues(w);
    const squares = Array.from(sv, (v) => v * v);
    const total = squares.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(r.stableRank - total / squares[0]) < 1e-9 * r.stableRank);
    assert.ok(Math.abs(r.logSpectralNorm - Math.log10(squares[0])) < 1e-10);
    assert.ok(Math.abs(r.logFrobeniusNorm - Math.log10(total)) < 1e-10);
    assert.ok(r.entropy > 0.8 && r.entropy < 1, `entropy ${r.entropy}`);
    assert.ok(r.mpSoftRank > 0.9 && r.mpSoftRank < 1.1, `soft rank ${r.mpSoftRank}`);
  }
});

Deno.test("a planted spike is one spike and no trap; a planted large entry is a trap", () => {
  const { matrix, d } = spikedMatrix(400, 100, 0.01, 3, Rng.fromSeed(11));
  const spike = layerMetrics("spike", matrix, Rng.fromSeed(12));
  assert.equal(spike.spikes, 1);
  // the spike at its BBP position (Benaych-Georges & Nadakuditi 2012): λ_max fluctuates by
  // O(N^{-1/2}) relative: 3.4 % sd at this size, mean +0.7 % (measured over 40 other seeds);
  // 4 sd allowed
  const predicted = spikeOutlierPrediction(400, 100, 0.01, d);
  const top = 10 ** spike.logSpectralNorm;
  assert.ok(Math.abs(top / predicted - 1) < 4 * 0.034, `λ_max ${top} vs BBP ${predicted}`);
  assert.equal(spike.correlationTraps, 0, "shuffling spreads a rank-one signal over all entries");
  const w = gaussian(400, 100, 0.01, 13);
  w.set(17, 42, 5); // one entry of 50 standard deviations: an eigenvalue ≈ 25 above the edge ≈ 9
  const trap = layerMetrics("trap", w, Rng.fromSeed(14));
  assert.ok(trap.spikes >= 1);
  assert.equal(trap.correlationTraps, 1, "the large entry survives shuffling");
});

Deno.test("a low-rank signal makes the real spectrum far from the shuffled one", () => {
  const w = gaussian(300, 100, 0.01, 21);
  const u = gaussian(300, 5, 1, 22), v = gaussian(5, 100, 1, 23);
  for (let i = 0; i < 300; i++) {
    for (let j = 0; j < 100; j++) {
      let s = 0;
      for (let r = 0; r < 5; r++) s += u.get(i, r) * v.get(r, j);
      w.set(i, j, w.get(i, j) + 0.05 * s);
    }
  }
  const r = layerMetrics("low rank", w, Rng.fromSeed(24));
  assert.ok(r.spikes >= 5, `spikes ${r.spikes}`);
  assert.equal(r.correlationTraps, 0);
  assert.ok(r.entropy < 0.9, `entropy ${r.entropy}`);
  assert.throws(
    () => layerMetrics("zero", DenseMatrix.zeros(5, 5), Rng.fromSeed(1)),
    /layer zero: W is zero/,
  );
});

Deno.test("an orthogonal layer (every eigenvalue equal) is analysed without level statistics", () => {
  // a Householder reflection I − 2vvᵀ/|v|²: orthogonal up to rounding
  const v = Rng.fromSeed(2).fillNormal(new Float64Array(20), 0, 1);
  const norm2 = v.reduce((s, x) => s + x * x, 0);
  const w = new DenseMatrix(
    20,
    20,
    Float64Array.from({ length: 400 }, (_, k) => {
      const [i, j] = [Math.floor(k / 20), k % 20];
      return (i === j ? 1 : 0) - (2 * v[i] * v[j]) / norm2;
    }),
  );
  const r = layerMetrics("orthogonal", w, Rng.fromSeed(3));
  assert.ok(Math.abs(r.stableRank - 20) < 1e-9);
  assert.ok(Math.abs(r.entropy - 1) < 1e-12);
  assert.equal(r.levelRepulsion, null);
  assert.equal(r.meanTildeRatio, null);
  assert.equal(r.tailSupported, false);
});
