/**
 * CI's test of the cluster path on a real one-node SLURM (.ci/slurm_cluster.sh brings it up; root
 * only — .ci/run calls this, `deno task test` never does): notebook 01's quick sweep is recorded
 * and submitted as a 3-task array with a throttle, one array task failing on purpose; status must
 * name the failed task and the missing shard; a resubmission of the missing shard completes the
 * set; the merge equals the sweep computed locally value for value; and notebook 01, run on the
 * merged results, writes the same metrics as a purely local run. Then notebook 08's cluster recipe
 * on a 2×2 sub-grid (NB_PARAMS, as the README's paper-scale recipe but tiny): its grid sweep is
 * recorded, submitted as a 2-task array and merged, and the merge equals the local sweep.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { runSweep } from "../lib/parallel/sweep.ts";
import { readSweep } from "../lib/parallel/sweep_store.ts";
import { decodeSweepValue } from "../lib/parallel/sweep_values.ts";
import { pathToFileURL } from "node:url";

const deno = Deno.execPath();

/** Runs a command in the repository, this process's environment plus `env`; returns its output. */
async function sh(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const child = new Deno.Command(command, {
    args,
    cwd: repositoryRoot,
    env,
    stdout: "piped",
    stderr: "piped",
  });
  const { success, stdout, stderr } = await child.output();
  const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  if (!success) throw new Error(`${command} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** Polls squeue until no job of this user is queued or running (sbatch --wait polls slowly). */
async function waitForQueue(timeoutSeconds: number): Promise<void> {
  const t0 = performance.now();
  while ((performance.now() - t0) / 1000 < timeoutSeconds) {
    const out = await sh("squeue", ["--noheader", "--me"]);
    if (out.trim() === "") return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`jobs still queued after ${timeoutSeconds} s`);
}

const metricsWithoutTiming = async (root: string) => {
  const m = JSON.parse(
    await Deno.readTextFile(join(root, "data", "01_dyson_brownian_motion", "metrics.json")),
  );
  delete m.started_at;
  delete m.wall_time_s;
  return m;
};

if (import.meta.main) {
  const t0 = performance.now();
  const clusterRoot = await Deno.makeTempDir({ prefix: "slurm-check-" });
  const localRoot = await Deno.makeTempDir({ prefix: "slurm-check-local-" });
  const cluster = (args: string[], env: Record<string, string> = {}) =>
    sh(deno, ["run", "-A", "scripts/cluster.ts", ...args], { NB_OUTPUT_DIR: clusterRoot, ...env });
  await sh("bash", [".ci/slurm_cluster.sh", "up"]);
  try {
    console.log("== SLURM: notebook 01's quick sweep as a 3-task array, task 1 failing on purpose");
    Deno.env.set("NB_SWEEP_FAIL_SHARD", "1"); // sbatch exports the environment to the tasks
    const submitted = await cluster(["submit", "01", "--shards", "3", "--throttle", "2"]);
    Deno.env.delete("NB_SWEEP_FAIL_SHARD");
    const dir = submitted.match(/recorded (\S+)/)?.[1];
    assert.ok(dir, `no sweep recorded:\n${submitted}`);
    await waitForQueue(240);
    const failed = await cluster(["status", dir]);
    console.log(failed.trim().split("\n").map((l) => `   ${l}`).join("\n"));
    assert.match(failed, /missing 1: 1/);
    assert.match(failed, /FAILED job \d+ array task 1: .*failed on purpose/);
    await assert.rejects(() => cluster(["merge", dir]), /a partial sweep is never merged/);

    console.log("== resubmit the missing shard, merge");
    await cluster(["resubmit", dir]);
    await waitForQueue(240);
    const done = await cluster(["status", dir]);
    assert.match(done, /done {4}3\/3/);
    assert.doesNotMatch(done, /FAILED/);
    await cluster(["merge", dir]);

    console.log("== the merged results equal the sweep computed here, value for value");
    const d = await readSweep(dir);
    const merged = JSON.parse(await Deno.readTextFile(join(dir, "merged.json")));
    const local = await runSweep(
      pathToFileURL(join(repositoryRoot, d.module)),
      d.exportName,
      d.tasks,
      {
        progress: false,
        store: false,
      },
    );
    assert.deepEqual(merged.results.map(decodeSweepValue), local);
    console.log(`   ${local.length} task results identical`);

    console.log("== notebook 01 on the merged results vs a purely local run: the same metrics");
    await sh(deno, ["task", "reproduce", "01"], { NB_OUTPUT_DIR: clusterRoot });
    await sh(deno, ["task", "reproduce", "01"], { NB_OUTPUT_DIR: localRoot });
    const [a, b] = [await metricsWithoutTiming(clusterRoot), await metricsWithoutTiming(localRoot)];
    assert.deepEqual(a, b);
    console.log(`   ${Object.keys(a).length} metrics identical`);

    console.log("== notebook 08's grid as an array job: a 2×2 sub-grid through NB_PARAMS, merged");
    const subGrid = JSON.stringify({
      inverseSigmaW: [4, 8],
      temperatures: [0.125, 4],
      gridRealisations: 2,
      columnRealisations: 2,
      gradientRealisations: 2,
      epochs: 20,
    });
    const recorded08 = await cluster(["submit", "08", "--full", "--shards", "2"], {
      NB_PARAMS: subGrid,
    });
    const dir08 = recorded08.match(/recorded (\S+)/)?.[1];
    assert.ok(dir08, `no sweep recorded for 08:\n${recorded08}`);
    await waitForQueue(240);
    assert.match(await cluster(["status", dir08]), /done {4}2\/2/);
    await cluster(["merge", dir08]);
    const d08 = await readSweep(dir08);
    assert.equal(d08.exportName, "phaseDiagramTask");
    assert.equal(d08.tasks.length, 4);
    const merged08 = JSON.parse(await Deno.readTextFile(join(dir08, "merged.json")));
    const local08 = await runSweep(
      pathToFileURL(join(repositoryRoot, d08.module)),
      d08.exportName,
      d08.tasks,
      { progress: false, store: false },
    );
    assert.deepEqual(merged08.results.map(decodeSweepValue), local08);
    console.log(`   ${local08.length} grid points identical to the local sweep`);
    console.log(`ok: the SLURM path in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await sh("bash", [".ci/slurm_cluster.sh", "down"]).catch((e) => console.error(String(e)));
    await Deno.remove(clusterRoot, { recursive: true }).catch(() => {});
    await Deno.remove(localRoot, { recursive: true }).catch(() => {});
  }
}
