/**
 * `deno task cluster COMMAND …`: a notebook's heavy sweeps as SLURM job arrays
 * (lib/parallel/sweep_store.ts). SLURM is the engine; this only writes, submits and collects.
 *
 *   record NOTEBOOK [--full]        run the notebook in record-only mode: its next sweep without
 *                                   merged results is written to the sweep store, not computed
 *   submit NOTEBOOK|SWEEP_DIR [--full] [--shards N] [--throttle K] [--cpus C] [--partition P]
 *          [--time T] [--mem M] [--account A] [--dry-run]
 *                                   write SWEEP_DIR/submit.sbatch and sbatch it (--dry-run: write only)
 *   status SWEEP_DIR                shards done, missing and failed (shard files, logs, squeue)
 *   resubmit SWEEP_DIR [options]    submit only the missing shards
 *   merge SWEEP_DIR [--allow-mixed-environments]
 *                                   all shards → merged.json; the notebook then uses it
 *   shard SWEEP_DIR --index I --count N [--workers W]
 *                                   what one array task runs (also usable without SLURM)
 *
 * The notebook, run again (`deno task reproduce --full 01`), finds the merged results and fills
 * its usual cache in seconds; a notebook with several sweeps is recorded, submitted and merged once
 * per sweep (`record` says when none is left).
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { describeNumericEnvironment } from "../lib/linalg/numeric_environment.ts";
import { arraySpec, slurmScript } from "../lib/parallel/slurm_script.ts";
import { runShard } from "../lib/parallel/sweep_shard.ts";
import { mergeShards, readShards, readSweep, shardCoverage } from "../lib/parallel/sweep_store.ts";
import { NOTEBOOK_CODE_DIR, notebookModule } from "./notebook_code.ts";
import { notebooksDirectory, selectNotebooks } from "./notebook_list.ts";

const USAGE = "usage: deno task cluster record|submit|status|resubmit|merge|shard … " +
  "(see the comment at the top of scripts/cluster.ts, or the README's cluster section)";

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  Deno.exit(2);
}

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < min) {
    fail(`--${name} must be an integer ≥ ${min}, got ${text}`);
  }
  return v;
}

/**
 * Runs the notebook's code in record-only mode, without Jupyter (a login node may have only deno):
 * its code cells as one module (scripts/notebook_code.ts), run by deno with NB_MODE and
 * $NB_SWEEP_RECORD set. Figures it saves before the sweep go to build/outputs/ (not a reference
 * run). Returns the recorded sweep folder, or null when the notebook ran to its end (every sweep
 * has its results).
 */
export async function recordNotebookSweep(stem: string, full: boolean): Promise<string | null> {
  const recordFile = await Deno.makeTempFile({ prefix: "sweep-record-" });
  const module = join(repositoryRoot, NOTEBOOK_CODE_DIR, `${stem}.record.ts`);
  try {
    await Deno.mkdir(join(repositoryRoot, NOTEBOOK_CODE_DIR), { recursive: true });
    await Deno.writeTextFile(module, notebookModule(join(notebooksDirectory, `${stem}.ipynb`)));
    console.log(`${stem} (${full ? "full" : "quick"} mode), record-only: up to its next sweep`);
    const { success, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", module],
      cwd: repositoryRoot,
      env: { NB_MODE: full ? "full" : "quick", NB_SWEEP_RECORD: recordFile, NB_REFERENCE: "0" },
      stdout: "inherit",
      stderr: "piped",
    }).output();
    const recorded = (await Deno.readTextFile(recordFile)).trim().split("\n").filter((l) => l);
    if (recorded.length > 0) return recorded[0];
    if (!success) {
      const tail = new TextDecoder().decode(stderr).trim().split("\n").slice(-15).join("\n");
      throw new Error(`${stem} failed before reaching a sweep:\n${tail}`);
    }
    return null;
  } finally {
    await Deno.remove(recordFile).catch(() => {});
    await Deno.remove(module).catch(() => {});
  }
}

/** `squeue` lines of this user's jobs named like the sweep, or null without SLURM's client. */
async function squeue(name: string): Promise<string[] | null> {
  try {
    const { stdout, success } = await new Deno.Command("squeue", {
      args: ["--noheader", "--me", "--name", name, "--array", "--format", "%i %T %R"],
      stdout: "piped",
      stderr: "null",
    }).output();
    return success ? new TextDecoder().decode(stdout).trim().split("\n").filter((l) => l) : null;
  } catch {
    return null;
  }
}

/**
 * The array tasks (job_task) of still-missing shards whose logs report an error, with the log's
 * last line; a shard done by a later resubmission is not reported.
 */
async function failedLogs(dir: string, missing: number[]): Promise<{ id: string; line: string }[]> {
  const out: { id: string; line: string }[] = [];
  try {
    for await (const e of Deno.readDir(join(dir, "logs"))) {
      const id = e.name.replace(/\.out$/, "");
      if (!missing.includes(Number(id.split("_")[1]))) continue;
      const text = await Deno.readTextFile(join(dir, "logs", e.name));
      if (/error|killed|CANCELLED|DUE TO TIME LIMIT|oom/i.test(text)) {
        out.push({ id, line: text.trim().split("\n").at(-1) ?? "" });
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out;
}

async function submit(
  dir: string,
  shards: number,
  indices: number[],
  values: Record<string, unknown>,
) {
  const d = await readSweep(dir);
  const script = slurmScript({
    sweepDirectory: dir,
    repository: repositoryRoot,
    deno: Deno.execPath(),
    shards,
    indices,
    throttle: integer("throttle", values.throttle as string | undefined, 1),
    cpusPerTask: integer("cpus", values.cpus as string | undefined, 1),
    partition: values.partition as string | undefined,
    time: values.time as string | undefined,
    mem: values.mem as string | undefined,
    account: values.account as string | undefined,
    name: `sweep-${d.hash.slice(0, 8)}`,
    environment: Object.fromEntries(
      ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LINALG_BACKEND"].flatMap((k) =>
        Deno.env.get(k) ? [[k, Deno.env.get(k)!]] : []
      ),
    ),
  });
  await Deno.mkdir(join(dir, "logs"), { recursive: true });
  const path = join(dir, "submit.sbatch");
  await writeTextAtomically(path, script);
  console.log(`${d.exportName}: ${d.tasks.length} tasks in ${shards} shards; script ${path}`);
  if (values["dry-run"]) {
    console.log(`dry run: submit it with  sbatch ${path}`);
    return;
  }
  const { success, stdout, stderr } = await new Deno.Command("sbatch", {
    args: ["--parsable", path],
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => fail(`sbatch could not be run (${error.message})`));
  if (!success) fail(`sbatch failed: ${new TextDecoder().decode(stderr).trim()}`);
  console.log(
    `submitted job ${new TextDecoder().decode(stdout).trim()} (array ${arraySpec(indices)})`,
  );
}

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      full: { type: "boolean", default: false },
      shards: { type: "string" },
      throttle: { type: "string" },
      cpus: { type: "string" },
      partition: { type: "string" },
      time: { type: "string" },
      mem: { type: "string" },
      account: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "allow-mixed-environments": { type: "boolean", default: false },
      index: { type: "string" },
      count: { type: "string" },
      workers: { type: "string" },
    },
    allowPositionals: true,
  });
  const target = positionals[0] ?? fail(USAGE);
  // every option is checked before anything runs
  const shardsOption = integer("shards", values.shards, 1);
  integer("throttle", values.throttle, 1);
  integer("cpus", values.cpus, 1);
  integer("workers", values.workers, 0);
  try {
    if (command === "record" || (command === "submit" && !/[\/\\]/.test(target))) {
      const [stem] = selectNotebooks([target]);
      const dir = await recordNotebookSweep(stem, values.full!);
      if (dir === null) {
        console.log(`${stem}: every sweep has its results; run the notebook`);
        Deno.exit(0);
      }
      console.log(`recorded ${dir}`);
      if (command === "record") Deno.exit(0);
      const shards = shardsOption ?? 4;
      await submit(dir, shards, Array.from({ length: shards }, (_, i) => i), values);
    } else if (command === "submit") {
      const dir = resolve(target);
      const shards = shardsOption ?? 4;
      await submit(dir, shards, Array.from({ length: shards }, (_, i) => i), values);
    } else if (command === "shard") {
      const index = integer("index", values.index ?? Deno.env.get("SLURM_ARRAY_TASK_ID"), 0) ??
        fail("--index (or $SLURM_ARRAY_TASK_ID) is needed");
      const count = integer("count", values.count, 1) ?? fail("--count is needed");
      // the failure path's test (scripts/slurm_check.ts) makes one array task fail on purpose
      if (Deno.env.get("NB_SWEEP_FAIL_SHARD") === String(index)) {
        console.error(`error: shard ${index} failed on purpose (NB_SWEEP_FAIL_SHARD=${index})`);
        Deno.exit(1);
      }
      const path = await runShard(resolve(target), index, count, {
        workers: integer("workers", values.workers, 0),
      });
      console.log(`wrote ${path}`);
    } else if (command === "status" || command === "resubmit") {
      const dir = resolve(target);
      const d = await readSweep(dir);
      const shards = await readShards(dir);
      const count = integer("shards", values.shards, 1) ?? shards[0]?.count ??
        (await shardCountFromScript(dir)) ?? fail(`${dir}: no shard yet; give --shards N`);
      const { done, missing } = shardCoverage(shards, count);
      if (command === "resubmit") {
        if (missing.length === 0) console.log("every shard is done; merge it");
        else await submit(dir, count, missing, values);
        Deno.exit(0);
      }
      const queue = await squeue(`sweep-${d.hash.slice(0, 8)}`);
      console.log(`${d.exportName} (${d.tasks.length} tasks, configuration ${d.hash})`);
      console.log(`  done    ${done.length}/${count}${done.length ? `: ${arraySpec(done)}` : ""}`);
      console.log(`  missing ${missing.length}${missing.length ? `: ${arraySpec(missing)}` : ""}`);
      for (const s of shards) {
        console.log(
          `  shard ${s.index}: tasks [${s.start}, ${s.end}) in ${s.seconds.toFixed(1)} s, ` +
            `${describeNumericEnvironment(s.environment)}` +
            (s.slurm ? `, job ${s.slurm.job} task ${s.slurm.task}` : ""),
        );
      }
      if (queue === null) console.log("  squeue: not available here");
      else for (const line of queue) console.log(`  queued/running: ${line}`);
      for (const f of await failedLogs(dir, missing)) {
        const [job, task] = f.id.split("_");
        console.log(`  FAILED job ${job} array task ${task}: ${f.line}`);
      }
      if (missing.length === 0) console.log("  complete: run `deno task cluster merge` on it");
    } else if (command === "merge") {
      const path = await mergeShards(resolve(target), {
        allowMixedEnvironments: values["allow-mixed-environments"],
      });
      console.log(`merged -> ${path}; the notebook now uses it`);
    } else fail(USAGE);
  } catch (error) {
    console.error(`cluster: ${(error as Error).message}`);
    Deno.exit(1);
  }
}

/** The shard count of the last written script (its --count), if any. */
async function shardCountFromScript(dir: string): Promise<number | null> {
  try {
    const m = (await Deno.readTextFile(join(dir, "submit.sbatch"))).match(/--count (\d+)/);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
