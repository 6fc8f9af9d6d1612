/** analyseWeights on the committed fixtures (real torch and numpy files) and its CSV. */
import assert from "node:assert/strict";
import { analyseWeights, metricsCsv } from "../../lib/experiments/model_spectra.ts";

const fixtures = new URL("../fixtures/weights/", import.meta.url).pathname;

Deno.test("analyseWeights: every matrix of a torch checkpoint and an .npz, progress per layer", async () => {
  const seen: string[] = [];
  const r = await analyseWeights(`${fixtures}ckpt.pt`, {
    onLayer: (_, __, name) => void seen.push(name),
  });
  assert.deepEqual(r.layers.map((l) => l.name), [
    "lm_head.weight",
    "transformer.h.0.attn.c_attn.weight",
  ]);
  assert.deepEqual(seen, r.layers.map((l) => l.name));
  const npz = await analyseWeights(`${fixtures}arrays_compressed.npz`);
  assert.deepEqual(npz.skipped, ["conv", "half"], "2×12 and 2×3 matrices have a side < 3");
  assert.ok(npz.layers.every((l) => Number.isFinite(l.stableRank) && l.stableRank >= 1));
  const again = await analyseWeights(`${fixtures}arrays_compressed.npz`);
  assert.deepEqual(again.layers, npz.layers, "the same seed, the same metrics");
  const csv = metricsCsv(npz.layers).trim().split("\n");
  assert.equal(csv.length, npz.layers.length + 1);
  assert.match(csv[0], /^name,rows,cols,aspectRatio,mpVariance/);
});
