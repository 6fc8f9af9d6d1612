/** Non-finite input is refused at the boundary of the statistics and DMFT helpers (issue: hardening). */
import assert from "node:assert/strict";
import { fitPowerLawTail } from "../../lib/rmt/power_law_tail.ts";
import { jackknifeMean } from "../../lib/rmt/jackknife.ts";
import { ksDistance } from "../../lib/rmt/ks_distance.ts";
import { marchenkoPasturCdf } from "../../lib/rmt/marchenko_pastur.ts";
import { meanTildeRatio } from "../../lib/rmt/spacing_ratio.ts";
import { ginibreEigenvalues, goeMatrix } from "../../lib/rmt/ensembles.ts";
import { Rng } from "../../lib/random/rng.ts";
import { spikedMatrix } from "../../lib/rmt/spiked_matrix.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { densityHistogram } from "../../lib/rmt/histogram.ts";
import {
  ellipticResponseLaplace,
  solveEllipticResponse,
} from "../../lib/theory/dmft/elliptic_response.ts";

Deno.test("statistics helpers refuse NaN and Infinity instead of dropping or averaging them", () => {
  const levels = Array.from({ length: 40 }, (_, i) => i + 0.1 * Math.sin(i));
  assert.throws(() => meanTildeRatio([...levels, NaN]), /⟨r̃⟩: value \[40\] is NaN/);
  assert.throws(() => meanTildeRatio([...levels, Infinity]), /value \[40\] is Infinity/);
  const tail = Array.from({ length: 50 }, (_, i) => 1 + i);
  assert.throws(() => fitPowerLawTail([...tail, NaN]), /power-law fit: value \[50\] is NaN/);
  assert.throws(() => jackknifeMean([1, 2, NaN]), /jackknifeMean: value \[2\] is NaN/);
  assert.throws(() => ksDistance([0.1, 0.2], () => NaN), /the CDF is NaN at x = 0.1/);
  assert.throws(() => ksDistance([0.1, NaN], (x) => x), /KS distance: value \[1\] is NaN/);
  assert.throws(() => marchenkoPasturCdf(NaN, { ratio: 0.5, variance: 1 }), /y is NaN/);
});

Deno.test("DMFT elliptic response: an unstable Euler step and NaN τ are refused", () => {
  assert.throws(
    () => solveEllipticResponse({ shift: 2, tau: 1 }, 1.5, 100),
    /dt = 1.5 is too large .* need dt < 2\/\(z \+ 1 \+ τ\) = 0.5000/,
  );
  assert.throws(() => ellipticResponseLaplace({ shift: 2, tau: NaN }, 1, 0), /tau must be in/);
  assert.throws(() => ellipticResponseLaplace({ shift: 2, tau: 1 }, NaN, 0), /must be finite/);
});

Deno.test("ensemble samplers refuse a negative or NaN variance and runaway sizes", () => {
  const rng = Rng.fromSeed(1);
  assert.throws(() => goeMatrix(4, rng, -1), /GOE: the variance must be finite and ≥ 0, got -1/);
  assert.throws(() => goeMatrix(4, rng, NaN), /GOE: the variance/);
  assert.throws(
    () => goeMatrix(1e6, rng),
    /GOE: n must be an integer in \[1, 20000\], got 1000000/,
  );
  assert.throws(() => ginibreEigenvalues(4, rng, -2), /Ginibre: the variance/);
});

Deno.test("runaway sizes are refused up front with a clear message", () => {
  const rng = Rng.fromSeed(2);
  // no stack overflow from spreading a long vector into Math.hypot
  const { matrix } = spikedMatrix(200_000, 5, 1, 2, rng);
  assert.equal(matrix.rows, 200_000);
  assert.throws(() => spikedMatrix(1e6, 1e6, 1, 1, rng), /1000000×1000000 matrix has 1.00e\+12/);
  assert.throws(() => DenseMatrix.zeros(1e6, 1e6), /beyond the limit of 1073741824 entries/);
  assert.throws(
    () => densityHistogram([1, 2, 3], 1e10),
    /bins must be an integer in \[1, 100000\]/,
  );
});
