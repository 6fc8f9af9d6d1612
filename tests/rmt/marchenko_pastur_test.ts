import assert from "node:assert/strict";
import {
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
} from "../../lib/rmt/marchenko_pastur.ts";
import { wishartEigenvalues } from "../../lib/rmt/wishart.ts";
import { ksDistance } from "../../lib/rmt/ks_distance.ts";
import { densityHistogram, freedmanDiaconisBins } from "../../lib/rmt/histogram.ts";
import { Rng } from "../../lib/random/rng.ts";
import { largestWishartEigenvalue } from "../../lib/rmt/tracy_widom.ts";

/** Midpoint-rule moments of the density on a fine grid (independent of the CDF's quadrature). */
function moments(ratio: number, variance: number): [number, number, number] {
  const [lo, hi] = marchenkoPasturEdges({ ratio, variance });
  const n = 400_000;
  const h = (hi - lo) / n;
  let m0 = 0, m1 = 0, m2 = 0;
  for (let i = 0; i < n; i++) {
    const y = lo + (i + 0.5) * h;
    const p = marchenkoPasturDensity(y, { ratio, variance }) * h;
    m0 += p;
    m1 += p * y;
    m2 += p * y * y;
  }
  return [m0, m1, m2];
}

Deno.test("MP density integrates to 1 with mean s² and second moment s⁴(1+c)", () => {
  for (const [c, s2] of [[0.25, 1], [0.5, 2.5], [0.9, 0.3]]) {
    const [m0, m1, m2] = moments(c, s2);
    assert.ok(Math.abs(m0 - 1) < 1e-4, `c=${c}: mass ${m0}`);
    assert.ok(Math.abs(m1 - s2) < 1e-4 * s2, `c=${c}: mean ${m1}`);
    assert.ok(Math.abs(m2 - s2 * s2 * (1 + c)) < 1e-3 * s2 * s2, `c=${c}: second moment ${m2}`);
  }
});

Deno.test("MP CDF rises from 0 to 1 and matches the integrated density", () => {
  const p = { ratio: 0.5, variance: 1 };
  const [lo, hi] = marchenkoPasturEdges(p);
  assert.equal(marchenkoPasturCdf(lo, p), 0);
  assert.equal(marchenkoPasturCdf(hi, p), 1);
  let previous = 0;
  for (let i = 1; i < 50; i++) {
    const y = lo + ((hi - lo) * i) / 50;
    const f = marchenkoPasturCdf(y, p);
    assert.ok(f >= previous);
    previous = f;
  }
  // F(mid) against a midpoint sum of the density up to mid.
  const mid = (lo + hi) / 2;
  const n = 200_000;
  let direct = 0;
  for (let i = 0; i < n; i++) {
    direct += marchenkoPasturDensity(lo + ((i + 0.5) * (mid - lo)) / n, p) * (mid - lo) / n;
  }
  assert.ok(Math.abs(marchenkoPasturCdf(mid, p) - direct) < 1e-5);
  assert.throws(
    () => marchenkoPasturEdges({ ratio: -1.5, variance: 1 }),
    /ratio c = N\/M must be finite and > 0/,
  );
  assert.throws(() => marchenkoPasturDensity(1, { ratio: 0.5, variance: NaN }), /variance/);
});

Deno.test("Wishart spectra follow MP: KS < 0.03, mean within 5 standard errors", () => {
  const n = 64, m = 384, s2 = 0.7, replicas = 6;
  const all = new Float64Array(n * replicas);
  for (let r = 0; r < replicas; r++) {
    all.set(wishartEigenvalues(m, n, s2, Rng.fromSeed(99, r)), r * n);
  }
  const p = { ratio: n / m, variance: s2 };
  const ks = ksDistance(all, (y) => marchenkoPasturCdf(y, p));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  assert.ok(ks < 0.03, `KS ${ks}`);
  assert.ok(Math.abs(mean - s2) < 5 * s2 * Math.sqrt(2 / (m * n * replicas)), `mean ${mean}`);
  assert.throws(() => wishartEigenvalues(0, 3, 1, Rng.fromSeed(1)), /positive integers/);
});

Deno.test("density histogram integrates to 1; Freedman–Diaconis bin count", () => {
  const z = Rng.fromSeed(4).fillNormal(new Float64Array(8000));
  const h = densityHistogram(z);
  const width = h.edges[1] - h.edges[0];
  assert.ok(Math.abs(h.density.reduce((a, b) => a + b, 0) * width - 1) < 1e-12);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 8000);
  // Normal: IQR = 1.349, so the width is ≈ 2·1.349/8000^{1/3} = 0.135 over a range of ≈ 7.5.
  const bins = freedmanDiaconisBins(z);
  assert.ok(bins > 45 && bins < 70, `${bins} bins`);
  assert.throws(() => densityHistogram([1, NaN]), /value 1 is NaN/);
});

Deno.test("the mean largest eigenvalue sits at Johnstone's Tracy–Widom prediction, below y₊", () => {
  const n = 64, m = 384, s2 = 0.7, replicas = 40;
  let sum = 0;
  for (let r = 0; r < replicas; r++) {
    const values = wishartEigenvalues(m, n, s2, Rng.fromSeed(123, r));
    sum += values[n - 1];
  }
  const mean = sum / replicas;
  const tw = largestWishartEigenvalue(m, n, s2);
  const [, hi] = marchenkoPasturEdges({ ratio: n / m, variance: s2 });
  // 4 standard errors of a mean of 40 TW draws; the TW shift below y₊ is about 6 of them.
  assert.ok(
    Math.abs(mean - tw.mean) < 4 * tw.sd / Math.sqrt(replicas),
    `mean λmax ${mean} vs ${tw.mean}`,
  );
  assert.ok(tw.mean < hi);
  assert.throws(() => largestWishartEigenvalue(1, 3, 1), /M ≥ 2/);
});
