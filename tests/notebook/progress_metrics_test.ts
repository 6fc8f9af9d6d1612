import assert from "node:assert/strict";
import { Progress, type ProgressSink } from "../../lib/notebook/progress.ts";
import { MetricsWriter } from "../../lib/notebook/metrics.ts";

function recordingSink() {
  const events: { kind: string; id: string; text: string; final?: boolean }[] = [];
  const sink: ProgressSink = {
    start: (id, text) => void events.push({ kind: "start", id, text }),
    update: (id, text, _html, final) => void events.push({ kind: "update", id, text, final }),
  };
  return { sink, events };
}

Deno.test("progress updates one display in place, throttled, and always reports the end", async () => {
  const { sink, events } = recordingSink();
  let clock = 0;
  const bar = new Progress("sweep", 100, { sink, intervalMs: 50, now: () => clock });
  for (let i = 0; i < 100; i++) {
    clock += 1; // 1 ms per unit: an update every 50 units at most
    await bar.tick();
  }
  assert.equal(events[0].kind, "start");
  assert.ok(events.every((e) => e.id === events[0].id), "all updates target one display id");
  const updates = events.filter((e) => e.kind === "update");
  assert.ok(updates.length >= 2 && updates.length <= 3, `${updates.length} updates`);
  assert.equal(updates.at(-1)!.final, true);
  assert.match(updates.at(-1)!.text, /sweep \[#+\] 100\/100 \(100%\) done in/);
  assert.throws(() => new Progress("x", -1, { sink }), /non-negative integer/);
});

Deno.test("metrics.json holds the header and values, and refuses non-finite numbers", async () => {
  const dir = await Deno.makeTempDir();
  const metrics = new MetricsWriter(dir, { mode: "quick", seed: 7, backend: "js" });
  await metrics.record({ slope: 0.5, widths: [1, 2] });
  await metrics.record({ ks: new Float64Array([0.01]) });
  const saved = JSON.parse(await Deno.readTextFile(metrics.path));
  assert.equal(saved.mode, "quick");
  assert.equal(saved.seed, 7);
  assert.equal(saved.backend, "js");
  assert.equal(typeof saved.wall_time_s, "number");
  assert.deepEqual([saved.slope, saved.widths, saved.ks], [0.5, [1, 2], [0.01]]);
  await assert.rejects(metrics.record({ bad: NaN }), /metric bad is not finite/);
  await assert.rejects(metrics.record({ v: [1, Infinity] }), /metric v is not finite/);
  await assert.rejects(metrics.record({ mode: 1 }), /reserved/);
});

Deno.test("a progress bar outside the Jupyter kernel writes to the terminal, never throws", async () => {
  const p = new Progress("outside the kernel", 2);
  await p.tick();
  await p.tick();
});
