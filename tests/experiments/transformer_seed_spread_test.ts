/**
 * The seed-spread task: one record per (kernel, seed), written once and skipped on a rerun,
 * read back sorted, and pooled per checkpoint; records of different configs are refused.
 */
import assert from "node:assert/strict";
import type { GptRunConfig } from "../../lib/experiments/gpt_run_config.ts";
import {
  readSeedRecords,
  runSeedSpread,
  seedRecordPath,
  seedSpread,
} from "../../lib/experiments/transformer_seed_spread.ts";
import { linalgKernelName } from "../../lib/linalg/backend.ts";
import { tinyGptConfig, tinyText } from "./tiny_gpt_fixture.ts";

const text = tinyText;
// heads of 8 levels (width 16, 2 heads): the unfolding needs at least 6 per head
const config: GptRunConfig = {
  ...tinyGptConfig,
  name: "tiny",
  model: { ...tinyGptConfig.model, width: 16 },
  training: { ...tinyGptConfig.training, steps: 12 },
  checkpoints: 3,
};

Deno.test("seed spread: records per kernel and seed, skipped on rerun, pooled per checkpoint", async () => {
  const results = await Deno.makeTempDir(), runs = await Deno.makeTempDir();
  try {
    const lines: string[] = [];
    const options = {
      config,
      seeds: [3, 1],
      text,
      resultsDirectory: results,
      runsDirectory: runs,
      onProgress: (l: string) => lines.push(l),
    };
    const first = await runSeedSpread(options);
    assert.deepEqual(first.map((r) => r.seed), [3, 1]);
    const kernel = linalgKernelName();
    for (const r of first) {
      assert.equal(r.kernel, kernel);
      assert.deepEqual(r.checkpoints.map((c) => c.step), [0, 10, 12]);
      assert.equal(r.checkpoints[0].tildeRatios.length, 2);
      await Deno.stat(seedRecordPath(results, kernel, r.seed));
    }
    // different seeds, different networks
    assert.notEqual(first[0].checkpoints[2].ks, first[1].checkpoints[2].ks);
    const again = await runSeedSpread(options);
    assert.deepEqual(again, first);
    assert.ok(lines.slice(2).every((l) => l.includes("recorded already")));

    const read = await readSeedRecords(results);
    assert.deepEqual(read.map((r) => r.seed), [1, 3]);
    const spread = seedSpread(read, (c) => c.meanTildeRatio);
    assert.equal(spread.length, 3);
    const v = read.map((r) => r.checkpoints[1].meanTildeRatio);
    assert.ok(Math.abs(spread[1].mean - (v[0] + v[1]) / 2) < 1e-15);
    assert.ok(Math.abs(spread[1].sd - Math.abs(v[0] - v[1]) / Math.SQRT2) < 1e-12);
    assert.equal(spread[1].runs, 2);
    assert.deepEqual(seedSpread([], (c) => c.ks), []);
    const other = { ...read[0], checkpoints: read[0].checkpoints.slice(1) };
    assert.throws(() => seedSpread([read[1], other], (c) => c.ks), /different configs/);
    assert.deepEqual(await readSeedRecords(`${results}/missing`), []);
    await assert.rejects(() => runSeedSpread({ ...options, seeds: [-1] }), /non-negative/);
  } finally {
    await Deno.remove(results, { recursive: true });
    await Deno.remove(runs, { recursive: true });
  }
});
