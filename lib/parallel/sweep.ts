/**
 * Runs a sweep — one task per (setting, seed) — over Deno workers, with progress.
 *
 * The task function lives in a module (not a notebook cell) and is called as `fn(task)` in a
 * worker; it must be deterministic in its task (draw randomness from `Rng.fromSeed(task.seed, …)`
 * or a stream keyed by the task's indices). Results come back in task order, so the outcome is
 * the same for any worker count, including the in-process run with `workers: 0`.
 *
 * Before computing, a sweep whose tasks are plain data looks for its results merged from SLURM
 * shards (scripts/cluster.ts) and uses them when present; in record-only mode
 * ($NB_SWEEP_RECORD=<file>) it is recorded for the cluster instead of computed (SweepRecorded).
 */
import { cpus } from "node:os";
import { restoreLinalgThreads } from "../linalg/backend.ts";
import { Progress } from "../notebook/progress.ts";
import type { SweepReply, SweepRequest } from "./sweep_protocol.ts";
import { describeSweep, mergedSweepResults, recordSweep } from "./sweep_store.ts";

/**
 * Thrown by runSweep in record-only mode ($NB_SWEEP_RECORD set to a file): the sweep is written to
 * the sweep store and its folder appended to that file, and the notebook stops here.
 */
export class SweepRecorded extends Error {
  constructor(readonly directory: string, readonly tasks: number) {
    super(
      `sweep recorded for the cluster (${tasks} tasks) in ${directory}; record-only mode stops here`,
    );
    this.name = "SweepRecorded";
  }
}

/** Options of `runSweep`. */
export interface SweepOptions {
  /** number of workers; 0 runs in this thread (default: number of cores, at most #tasks) */
  workers?: number;
  /** progress bar label (default: the export name); false for none */
  progress?: string | false;
  /**
   * consult the sweep store (lib/parallel/sweep_store.ts) for results merged from cluster shards,
   * and record the sweep in record-only mode (default true; a shard's own run passes false)
   */
  store?: boolean;
}

/** The default worker count: the machine's cores. */
export function defaultWorkerCount(): number {
  return Math.max(1, cpus().length);
}

/**
 * Calls `exportName` of the module at `moduleUrl` on every task, over workers, and returns the
 * results in task order. The first failing task stops the sweep with an error naming it.
 */
export async function runSweep<Task, Result>(
  moduleUrl: string | URL,
  exportName: string,
  tasks: readonly Task[],
  options: SweepOptions = {},
): Promise<Result[]> {
  const url = String(moduleUrl);
  if (options.store ?? true) {
    const description = describeSweep(url, exportName, tasks);
    if (description) {
      const merged = await mergedSweepResults(description);
      if (merged) {
        console.log(
          `sweep ${exportName}: ${tasks.length} results merged from cluster shards ` +
            `(${merged.environments.join("; ")})`,
        );
        return merged.results as Result[];
      }
      const recordFile = Deno.env.get("NB_SWEEP_RECORD");
      if (recordFile) {
        const directory = await recordSweep(description);
        await Deno.writeTextFile(recordFile, directory + "\n", { append: true });
        throw new SweepRecorded(directory, tasks.length);
      }
    }
  }
  const workerCount = Math.min(options.workers ?? defaultWorkerCount(), tasks.length);
  if (!Number.isInteger(workerCount) || workerCount < 0) {
    throw new RangeError(`workers must be a non-negative integer, got ${options.workers}`);
  }
  const progress = options.progress === false
    ? null
    : new Progress(options.progress ?? exportName, tasks.length);
  const results = new Array<Result>(tasks.length);
  const describe = (i: number) => `task ${i} ${JSON.stringify(tasks[i]).slice(0, 120)}`;

  if (workerCount === 0) {
    const module = await import(url) as Record<string, unknown>;
    const fn = module[exportName];
    if (typeof fn !== "function") throw new Error(`${url} has no function ${exportName}`);
    for (let i = 0; i < tasks.length; i++) {
      try {
        results[i] = await fn(tasks[i]);
      } catch (error) {
        throw new Error(`sweep ${exportName}: ${describe(i)} failed: ${(error as Error).message}`);
      }
      await progress?.tick();
    }
    return results;
  }

  const workers = Array.from(
    { length: workerCount },
    () => new Worker(new URL("./sweep_worker.ts", import.meta.url), { type: "module" }),
  );
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const send = (worker: Worker) => {
        if (next >= tasks.length) return;
        const index = next++;
        worker.postMessage(
          { moduleUrl: url, exportName, index, task: tasks[index] } satisfies SweepRequest,
        );
      };
      for (const worker of workers) {
        worker.onmessage = async (event: MessageEvent<SweepReply>) => {
          if (failed) return;
          const reply = event.data;
          if (!reply.ok) {
            failed = true;
            reject(
              new Error(`sweep ${exportName}: ${describe(reply.index)} failed: ${reply.message}`),
            );
            return;
          }
          results[reply.index] = reply.result as Result;
          finished++;
          send(worker);
          await progress?.tick();
          if (finished === tasks.length) resolve();
        };
        worker.onerror = (event: ErrorEvent) => {
          event.preventDefault();
          if (failed) return;
          failed = true;
          reject(new Error(`sweep ${exportName}: a worker crashed: ${event.message}`));
        };
        send(worker);
      }
      if (tasks.length === 0) resolve();
    });
  } finally {
    for (const worker of workers) worker.terminate();
    restoreLinalgThreads(); // workers set OpenBLAS to one thread process-wide
  }
  return results;
}
