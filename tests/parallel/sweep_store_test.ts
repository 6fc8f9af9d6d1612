/**
 * Sweeps across machines (lib/parallel/sweep_store.ts): shards computed apart and merged equal a
 * local run value for value; partial, foreign and mixed-environment shard sets are refused;
 * record-only mode records instead of computing; the sbatch script says what it will run. SLURM
 * itself is exercised in CI (.ci/run) only.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runSweep, SweepRecorded } from "../../lib/parallel/sweep.ts";
import { runShard } from "../../lib/parallel/sweep_shard.ts";
import {
  describeSweep,
  mergeShards,
  readShards,
  recordSweep,
  shardRange,
} from "../../lib/parallel/sweep_store.ts";
import { decodeSweepValue, encodeSweepValue } from "../../lib/parallel/sweep_values.ts";
import { arraySpec, slurmScript } from "../../lib/parallel/slurm_script.ts";

const fixture = new URL("./sweep_task_fixture.ts", import.meta.url);
const tasks = Array.from({ length: 10 }, (_, k) => ({ seed: 5, n: 20 + k }));

/** Runs `fn` with the sweep store (and every other output) in a fresh folder. */
async function withOutputRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "sweep-store-" });
  const before = Deno.env.get("NB_OUTPUT_DIR");
  Deno.env.set("NB_OUTPUT_DIR", root);
  try {
    await fn(root);
  } finally {
    if (before === undefined) Deno.env.delete("NB_OUTPUT_DIR");
    else Deno.env.set("NB_OUTPUT_DIR", before);
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("sweep values survive JSON: typed arrays, NaN, ±Infinity, nesting", () => {
  const value = {
    a: Float64Array.of(1.5, -0, Number.MIN_VALUE),
    b: [Float32Array.of(0.1), Int32Array.of(-7), Uint8Array.of(255)],
    c: { d: NaN, e: Infinity, f: -Infinity, g: "x", h: null, i: true },
  };
  const back = decodeSweepValue(JSON.parse(JSON.stringify(encodeSweepValue(value))));
  assert.deepEqual(back, value);
  assert.ok(Object.is((back as typeof value).a[1], -0));
  assert.throws(() => encodeSweepValue({ m: new Map() }), /result.m: a sweep result cannot hold/);
});

Deno.test("shards computed apart and merged equal the local run, value for value", async () => {
  await withOutputRoot(async () => {
    const local = await runSweep(fixture, "spectrumTask", tasks, { workers: 2, progress: false });
    const d = describeSweep(fixture, "spectrumTask", tasks)!;
    assert.ok(d, "plain-data tasks are describable");
    const dir = await recordSweep(d);
    for (const i of [2, 0, 1]) await runShard(dir, i, 3, { workers: 1, progress: false });
    assert.deepEqual((await readShards(dir)).map((s) => [s.start, s.end]), [[0, 3], [3, 6], [
      6,
      10,
    ]]);
    await mergeShards(dir);
    const merged = await runSweep(fixture, "spectrumTask", tasks, { workers: 2, progress: false });
    assert.deepEqual(merged, local);
    // a different task list is a different sweep: computed, not taken from the store
    const other = tasks.slice(0, 4);
    assert.notEqual(describeSweep(fixture, "spectrumTask", other)!.hash, d.hash);
  });
});

Deno.test("a partial, foreign or mixed-environment shard set is refused", async () => {
  await withOutputRoot(async () => {
    const d = describeSweep(fixture, "spectrumTask", tasks)!;
    const dir = await recordSweep(d);
    await runShard(dir, 0, 2, { workers: 0, progress: false });
    await assert.rejects(() => mergeShards(dir), /1 of 2 shards missing \(1\); a partial sweep/);
    const second = await runShard(dir, 1, 2, { workers: 0, progress: false });
    const shard = JSON.parse(await Deno.readTextFile(second));
    await Deno.writeTextFile(second, JSON.stringify({ ...shard, hash: "0123456789abcdef" }));
    await assert.rejects(() => mergeShards(dir), /shard 1 of 2 belongs to configuration 0123/);
    // a kernel no machine reports: the two shards surely differ in environment
    const env = { ...shard.environment, kernel: "another-kernel" };
    await Deno.writeTextFile(second, JSON.stringify({ ...shard, environment: env }));
    await assert.rejects(() => mergeShards(dir), /2 numeric environments .*--allow-mixed/);
    const path = await mergeShards(dir, { allowMixedEnvironments: true });
    assert.equal(JSON.parse(await Deno.readTextFile(path)).mixedEnvironments, true);
    assert.deepEqual(shardRange(10, 2, 3), [6, 10]);
    assert.throws(() => shardRange(10, 3, 3), /shard index must be an integer in \[0, 2\]/);
  });
});

Deno.test("record-only mode records the sweep and stops instead of computing", async () => {
  await withOutputRoot(async (root) => {
    const file = join(root, "recorded.txt");
    Deno.env.set("NB_SWEEP_RECORD", file);
    try {
      await assert.rejects(
        () => runSweep(fixture, "spectrumTask", tasks, { workers: 0, progress: false }),
        (e: Error) => e instanceof SweepRecorded && /10 tasks/.test(e.message),
      );
    } finally {
      Deno.env.delete("NB_SWEEP_RECORD");
    }
    const dir = (await Deno.readTextFile(file)).trim();
    assert.match(dir, /spectrumTask-[0-9a-f]{16}$/);
    assert.equal(JSON.parse(await Deno.readTextFile(join(dir, "sweep.json"))).tasks.length, 10);
  });
});

Deno.test("the sbatch script: array with throttle, resources, the shard command", () => {
  assert.equal(arraySpec([0, 1, 2, 5, 7, 8]), "0-2,5,7-8");
  const text = slurmScript({
    sweepDirectory: "/shared/sweeps/s-1",
    repository: "/shared/repo",
    deno: "/shared/bin/deno",
    shards: 4,
    indices: [1, 3],
    throttle: 2,
    cpusPerTask: 8,
    partition: "short",
    time: "01:00:00",
    mem: "4G",
    account: "phys",
  });
  for (
    const line of [
      "#SBATCH --array=1,3%2",
      "#SBATCH --cpus-per-task=8",
      "#SBATCH --partition=short",
      "#SBATCH --time=01:00:00",
      "#SBATCH --mem=4G",
      "#SBATCH --account=phys",
      "#SBATCH --output=/shared/sweeps/s-1/logs/%A_%a.out",
    ]
  ) assert.ok(text.includes(line), line);
  assert.match(
    text,
    /cd '\/shared\/repo'\nexec '\/shared\/bin\/deno' run -A scripts\/cluster.ts shard/,
  );
  assert.match(text, /--count 4/);
  assert.throws(
    () => slurmScript({ sweepDirectory: "d", repository: "r", deno: "x", shards: 2, indices: [2] }),
    /outside \[0, 1\]/,
  );
});
