import assert from "node:assert/strict";
import { acquireRunLock, lockPath, releaseRunLock } from "../../lib/data/run_lock.ts";

const holderScript = (directory: string) => `
  import { acquireRunLock } from "${new URL("../../lib/data/run_lock.ts", import.meta.url).href}";
  acquireRunLock(${JSON.stringify(directory)}, "notebook x");
  console.log("held");
  await new Promise((r) => setTimeout(r, 60_000));
`;

Deno.test("run lock: one holder at a time, named to the next; a killed holder never blocks", async () => {
  const directory = await Deno.makeTempDir();
  acquireRunLock(directory, "notebook x");
  acquireRunLock(directory, "notebook x"); // the same process again (cell 1 rerun)
  releaseRunLock(directory);

  // another process holds it: a clear error naming that process
  const holder = new Deno.Command(Deno.execPath(), {
    args: ["eval", holderScript(directory)],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = holder.stdout.getReader();
  await reader.read(); // "held"
  try {
    assert.throws(
      () => acquireRunLock(directory, "notebook x"),
      new RegExp(`notebook x is already running in process ${holder.pid} .*kill ${holder.pid}`),
    );
  } finally {
    holder.kill("SIGKILL"); // killed mid-run: its lock goes with it
    await holder.status;
    reader.releaseLock();
    await holder.stdout.cancel();
  }
  acquireRunLock(directory, "notebook x");
  assert.equal(JSON.parse(await Deno.readTextFile(lockPath(directory))).pid, Deno.pid);
  releaseRunLock(directory);
  await Deno.remove(directory, { recursive: true });
});
