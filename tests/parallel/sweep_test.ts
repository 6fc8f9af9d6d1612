import assert from "node:assert/strict";
import { runSweep } from "../../lib/parallel/sweep.ts";

const fixture = new URL("./sweep_task_fixture.ts", import.meta.url);
const tasks = Array.from(
  { length: 12 },
  (_, k) => ({ seed: 11, setting: k % 3, replica: Math.floor(k / 3) }),
);

Deno.test("a sweep gives identical results, in task order, for any worker count", async () => {
  const serial = await runSweep<typeof tasks[0], number>(fixture, "noisySum", tasks, {
    workers: 0,
    progress: false,
  });
  const one = await runSweep(fixture, "noisySum", tasks, { workers: 1, progress: false });
  const three = await runSweep(fixture, "noisySum", tasks, { workers: 3, progress: false });
  assert.deepEqual(one, serial);
  assert.deepEqual(three, serial);
  assert.equal(new Set(serial).size, serial.length);
});

Deno.test("a failing task stops the sweep with an error that names it", async () => {
  const failing = Array.from({ length: 6 }, (_, i) => ({ i }));
  await assert.rejects(
    runSweep(fixture, "failOnThree", failing, { workers: 2, progress: false }),
    /sweep failOnThree: task 3 \{"i":3\} failed: three is not allowed/,
  );
  await assert.rejects(
    runSweep(fixture, "failOnThree", failing, { workers: 0, progress: false }),
    /task 3/,
  );
  await assert.rejects(
    runSweep(fixture, "missing", failing, { workers: 1, progress: false }),
    /no function missing/,
  );
  assert.deepEqual(await runSweep(fixture, "noisySum", [], { progress: false }), []);
});
