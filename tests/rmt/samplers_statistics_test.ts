/** Samplers against their densities, level statistics and the ⟨r̃⟩ targets (T00.1–T00.4). */
import assert from "node:assert/strict";
import {
  ginibreEigenvalues,
  goeEigenvalues,
  goeMatrix,
  gueEigenvalues,
  poissonLevels,
} from "../../lib/rmt/ensembles.ts";
import { goePairCdf, goePairDensity } from "../../lib/rmt/goe_pair_density.ts";
import { jackknife, jackknifeBlocks, jackknifeMean } from "../../lib/rmt/jackknife.ts";
import { ksDistance, ksTwoSample } from "../../lib/rmt/ks_distance.ts";
import {
  normalisedSpacings,
  spacings,
  unfoldByCdf,
  unfoldByPolynomial,
} from "../../lib/rmt/level_statistics.ts";
import { marchenkoPasturCdf, marchenkoPasturEdges } from "../../lib/rmt/marchenko_pastur.ts";
import { semicircleCdf } from "../../lib/rmt/semicircle.ts";
import { MEAN_TILDE_RATIO_LARGE_N, meanTildeRatio } from "../../lib/rmt/spacing_ratio.ts";
import { spacingCdf } from "../../lib/rmt/wigner_surmise.ts";
import { wishartEigenvalues } from "../../lib/rmt/wishart.ts";
import { eigvalsh } from "../../lib/linalg/eigen.ts";
import { Rng } from "../../lib/random/rng.ts";

/** Eigenvalues of n 2×2 GOE matrices (diagonal sd σ, off-diagonal σ/√2), in closed form. */
function goePairs(
  n: number,
  sigma: number,
  rng: Rng,
): { levels: Float64Array; gaps: Float64Array } {
  const levels = new Float64Array(2 * n);
  const gaps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = sigma * rng.normal(),
      d = sigma * rng.normal(),
      b = (sigma / Math.SQRT2) * rng.normal();
    const half = Math.hypot((a - d) / 2, b);
    levels[2 * i] = (a + d) / 2 - half;
    levels[2 * i + 1] = (a + d) / 2 + half;
    gaps[i] = 2 * half;
  }
  return { levels, gaps };
}

Deno.test("T00.1: 2×10⁵ GOE pair spacings follow the surmise (⟨s²⟩ ± 0.015, KS < 0.01)", () => {
  const { gaps } = goePairs(200_000, 1, Rng.fromSeed(1));
  const s = normalisedSpacings(gaps);
  const s2 = s.reduce((acc, v) => acc + v * v, 0) / s.length;
  assert.ok(Math.abs(s2 - 4 / Math.PI) < 0.015, `⟨s²⟩ = ${s2}`);
  assert.ok(ksDistance(s, (x) => spacingCdf(x, 1)) < 0.01);
  assert.ok(ksDistance(s, (x) => spacingCdf(x, "poisson")) > 0.2); // Poisson rejected
});

Deno.test("T00.2: 4×10⁵ pair eigenvalues match ρ(x; x₀, σ); ⟨S⟩ = √π σ, ⟨S²⟩ = 4σ²", () => {
  const sigma = 1; // the tolerance 0.01 is for densities in units of σ (peak ≈ 0.32)
  const { levels, gaps } = goePairs(200_000, sigma, Rng.fromSeed(2));
  const p = { centre: 0, sigma };
  const [lo, hi] = [-4 * sigma, 4 * sigma];
  const bins = 60, width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  for (const x of levels) if (x >= lo && x < hi) counts[Math.floor((x - lo) / width)]++;
  let worst = 0;
  for (let k = 0; k < bins; k++) {
    const a = lo + k * width;
    const expected = (goePairCdf(a + width, p) - goePairCdf(a, p)) / width; // bin average of ρ
    worst = Math.max(worst, Math.abs(counts[k] / (levels.length * width) - expected));
  }
  assert.ok(worst < 0.01, `max |histogram − ρ| = ${worst}`);
  assert.ok(goePairDensity(0.1, p) > 0);
  const meanS = gaps.reduce((a, v) => a + v, 0) / gaps.length;
  const meanS2 = gaps.reduce((a, v) => a + v * v, 0) / gaps.length;
  assert.ok(Math.abs(meanS / (Math.sqrt(Math.PI) * sigma) - 1) < 0.005, `⟨S⟩ = ${meanS}`);
  assert.ok(Math.abs(meanS2 / (4 * sigma * sigma) - 1) < 0.01, `⟨S²⟩ = ${meanS2}`);
});

Deno.test("T00.3: ⟨r̃⟩ of GOE, GUE and Poisson samples match 0.5307, 0.5996, 0.3863 (± 0.02)", () => {
  const rng = Rng.fromSeed(3);
  const pooled = (sample: () => Float64Array, reps: number) => {
    let sum = 0;
    for (let r = 0; r < reps; r++) sum += meanTildeRatio(sample(), 0.8);
    return sum / reps;
  };
  const goe = pooled(() => goeEigenvalues(200, rng), 10);
  const gue = pooled(() => gueEigenvalues(150, rng), 10);
  const poisson = pooled(() => poissonLevels(2000, rng), 5);
  assert.ok(Math.abs(goe - MEAN_TILDE_RATIO_LARGE_N[1]) < 0.02, `GOE ${goe}`);
  assert.ok(Math.abs(gue - MEAN_TILDE_RATIO_LARGE_N[2]) < 0.02, `GUE ${gue}`);
  assert.ok(Math.abs(poisson - MEAN_TILDE_RATIO_LARGE_N.poisson) < 0.02, `Poisson ${poisson}`);
});

Deno.test("T00.4: W 384×64 — MP edges within 5%, mean within 1%, KS < 0.03, ⟨r̃⟩ 0.53 ± 0.02", () => {
  const rng = Rng.fromSeed(4);
  const s2 = 0.02 ** 2;
  const all: number[] = [];
  let r = 0, min = 0, max = 0;
  const reps = 20;
  for (let k = 0; k < reps; k++) {
    const x = wishartEigenvalues(384, 64, s2, rng).map((v) => 384 * v); // eigenvalues of WᵀW
    all.push(...x);
    r += meanTildeRatio(x) / reps;
    min += x[0] / reps; // the edges of one matrix, averaged over replicas
    max += x[63] / reps;
  }
  const [lo, hi] = marchenkoPasturEdges({ ratio: 64 / 384, variance: s2 }).map((e) => 384 * e);
  assert.ok(Math.abs(min / lo - 1) < 0.05 && Math.abs(max / hi - 1) < 0.05, `[${min}, ${max}]`);
  const x = all;
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  assert.ok(Math.abs(mean / (384 * s2) - 1) < 0.01);
  const ks = ksDistance(all, (v) => marchenkoPasturCdf(v / 384, { ratio: 64 / 384, variance: s2 }));
  assert.ok(ks < 0.03, `KS = ${ks}`);
  assert.ok(Math.abs(r - 0.53) < 0.02, `⟨r̃⟩ = ${r}`);
});

Deno.test("samplers: GOE follows the semicircle, Ginibre the circular law, N > M Wishart has zeros", () => {
  const rng = Rng.fromSeed(5);
  const n = 400;
  const h = goeMatrix(n, rng, 0.25, 3);
  assert.equal(h.get(4, 7), h.get(7, 4));
  const e = eigvalsh(h);
  const ks = ksDistance(e, (x) => semicircleCdf(x, { centre: 3, radius: 2 * Math.sqrt(n * 0.25) }));
  assert.ok(ks < 0.03, `GOE vs semicircle KS = ${ks}`);
  // Ginibre: uniform in the disk of radius √(n·var): E|λ|²/R² = 1/2
  const { re, im } = ginibreEigenvalues(300, rng, 2);
  const r2 = re.reduce((a, v, i) => a + (v * v + im[i] * im[i]) / (300 * 2), 0) / 300;
  assert.ok(Math.abs(r2 - 0.5) < 0.03, `⟨|λ|²⟩/R² = ${r2}`);
  // N > M: N − M zero eigenvalues; the rest follow the continuous part of MP (mass 1/c)
  const nonzero: number[] = [];
  let zeros = 0;
  for (let k = 0; k < 10; k++) {
    const y = wishartEigenvalues(40, 100, 1, rng);
    zeros += y.filter((v) => v < 1e-10).length;
    nonzero.push(...y.filter((v) => v >= 1e-10));
  }
  assert.equal(zeros, 600);
  const p = { ratio: 2.5, variance: 1 };
  const continuous = (v: number) => (marchenkoPasturCdf(v, p) - 0.6) / 0.4;
  const ksNonzero = ksDistance(nonzero, continuous);
  assert.ok(ksNonzero < 0.05, `KS = ${ksNonzero}`);
});

Deno.test("unfolding: by CDF and by polynomial give unit mean spacing and GOE statistics", () => {
  const rng = Rng.fromSeed(6);
  const n = 600;
  const e = goeEigenvalues(n, rng, 1);
  const radius = 2 * Math.sqrt(n);
  const byCdf = unfoldByCdf(e, (x) => semicircleCdf(x, { centre: 0, radius }));
  const bulk = (u: Float64Array) => spacings(u.subarray(n / 10, n - n / 10));
  const sCdf = bulk(byCdf);
  const meanCdf = sCdf.reduce((a, v) => a + v, 0) / sCdf.length;
  assert.ok(Math.abs(meanCdf - 1) < 0.05, `mean spacing ${meanCdf}`);
  const sPoly = bulk(unfoldByPolynomial(e, 9));
  const meanPoly = sPoly.reduce((a, v) => a + v, 0) / sPoly.length;
  assert.ok(Math.abs(meanPoly - 1) < 0.05, `mean spacing ${meanPoly}`);
  assert.ok(ksDistance(normalisedSpacings(sPoly), (s) => spacingCdf(s, 1)) < 0.06);
  assert.ok(ksDistance(normalisedSpacings(sPoly), (s) => spacingCdf(s, "poisson")) > 0.2);
  assert.throws(() => unfoldByPolynomial([1, 2, 3], 3), /degree must be an integer in \[1, 2\]/);
});

Deno.test("jackknife: the mean's error is s/√n; general and O(n) forms agree", () => {
  const x = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) + i / 10);
  const fast = jackknifeMean(x);
  const slow = jackknife(x, (v) => v.reduce((a, b) => a + b, 0) / v.length);
  const mean = x.reduce((a, b) => a + b, 0) / 50;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / 49);
  assert.ok(Math.abs(fast.error - sd / Math.sqrt(50)) < 1e-12);
  assert.ok(Math.abs(slow.error - fast.error) < 1e-12);
  assert.ok(Math.abs(slow.estimate - mean) < 1e-12);
  assert.throws(() => jackknifeMean([1]), /at least 2/);
});

Deno.test("two-sample KS: 0 for equal samples, 1 for separated ones, exact on a small case", () => {
  assert.equal(ksTwoSample([1, 2, 3], [3, 2, 1]), 0);
  assert.equal(ksTwoSample([1, 2], [5, 6, 7]), 1);
  assert.ok(Math.abs(ksTwoSample([1, 2, 3, 4], [2.5, 10]) - 0.5) < 1e-15);
  const rng = Rng.fromSeed(7);
  const a = Float64Array.from({ length: 4000 }, () => rng.normal());
  const b = Float64Array.from({ length: 4000 }, () => rng.normal());
  assert.ok(ksTwoSample(a, b) < 1.8 / Math.sqrt(2000));
});

Deno.test("block jackknife: blocks of one value reproduce the plain jackknife of the mean", () => {
  const x = [1.5, 2, 4, 3.25, 0.5, 7];
  const plain = jackknifeMean(x);
  const blocks = jackknifeBlocks(x.map((v) => [1, v]), ([n, s]) => s / n);
  assert.ok(
    Math.abs(blocks.error - plain.error) < 1e-12 &&
      Math.abs(blocks.estimate - plain.estimate) < 1e-12,
  );
  // correlated blocks: the error of the mean reflects the spread of block means
  const correlated = [[10, 10 * 1.0], [10, 10 * 1.2], [10, 10 * 0.8], [10, 10 * 1.1]];
  const r = jackknifeBlocks(correlated, ([n, s]) => s / n);
  const means = [1.0, 1.2, 0.8, 1.1];
  assert.ok(Math.abs(r.error - jackknifeMean(means).error) < 1e-12);
});
