/** The independent-spike control: sampled shifts of σ₁ against the BBP prediction. */
import assert from "node:assert/strict";
import { spikeShiftControl } from "../../lib/rmt/spiked_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("spike control: above the threshold the top singular value moves as predicted", () => {
  // θ = d/√M = 2 on a 300×300 unit-variance matrix: σ₁/√M → (1 + θ²)/θ = 2.5, edge 2
  const c = spikeShiftControl(300, 300, 1, 2 * Math.sqrt(300), 3, Rng.fromSeed(5));
  assert.ok(Math.abs(c.predictedShift - 0.5) < 1e-12, `${c.predictedShift}`);
  // finite-size corrections at M = 300 are a few per cent of the shift
  for (const s of c.sampledShifts) assert.ok(Math.abs(s - 0.5) < 0.05, `sampled shift ${s}`);
});

Deno.test("spike control: below the threshold the top singular value barely moves", () => {
  const c = spikeShiftControl(300, 300, 1, 0.5 * Math.sqrt(300), 3, Rng.fromSeed(6));
  assert.equal(c.predictedShift, 0);
  // the edge fluctuates on the Tracy–Widom scale M^{−2/3} ≈ 0.02
  for (const s of c.sampledShifts) assert.ok(Math.abs(s) < 0.05, `sampled shift ${s}`);
  assert.throws(() => spikeShiftControl(10, 10, 1, 1, 0, Rng.fromSeed(1)), /draws must be/);
});
