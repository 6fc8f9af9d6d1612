/**
 * Sweeps computed elsewhere — as shards of a SLURM job array (scripts/cluster.ts) — and merged into
 * a store that runSweep consults before computing. A sweep is identified by its task function
 * (module path relative to the repository and export name) and its task list: the hash of those
 * is the sweep's configuration hash. Its folder, `<output root>/data/sweeps/<export>-<hash>/`,
 * holds
 *
 * - `sweep.json`: the description (module, export, tasks, hash), written when the sweep is recorded;
 * - `shards/shard-<i>-of-<n>.json`: the results of the contiguous task range of shard i of n, with
 *   the sweep's hash, the range, the numeric environment it was computed in and the SLURM job and
 *   array task ids; each written atomically, so a killed task leaves no shard;
 * - `merged.json`: every task's result once all n shards are present, from one numeric environment
 *   (or several, when explicitly allowed, and then recorded as such).
 *
 * A shard of another configuration, a shard set with a gap, or a partial set is never merged, and
 * runSweep uses only a merged result. With the same numeric environment the shards' results equal
 * a local run's value for value: each task is deterministic in its own task description.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../data/atomic_write.ts";
import { configHash, type ConfigValue } from "../data/config_hash.ts";
import { outputRoot, repositoryRoot } from "../data/project_paths.ts";
import {
  describeNumericEnvironment,
  type NumericEnvironment,
  numericEnvironment,
} from "../linalg/numeric_environment.ts";
import { decodeSweepValue, encodeSweepValue } from "./sweep_values.ts";

/** What identifies a sweep and lets any machine run it. */
export interface SweepDescription {
  format: 1;
  hash: string;
  /** the task module, relative to the repository root */
  module: string;
  exportName: string;
  tasks: ConfigValue[];
}

/** One shard's file. */
export interface SweepShard {
  hash: string;
  index: number;
  count: number;
  /** task range [start, end) */
  start: number;
  end: number;
  environment: NumericEnvironment;
  slurm: { job: string; task: string } | null;
  seconds: number;
  results: unknown[];
}

/** The description of the sweep `runSweep(moduleUrl, exportName, tasks)` would run, or null when
 * its tasks are not plain JSON data (such a sweep runs only locally). */
export function describeSweep(
  moduleUrl: string | URL,
  exportName: string,
  tasks: readonly unknown[],
): SweepDescription | null {
  const url = String(moduleUrl);
  if (!url.startsWith("file:")) return null;
  const module = relative(repositoryRoot, fileURLToPath(url));
  if (module.startsWith("..")) return null;
  try {
    const hash = configHash({ module, exportName, tasks: tasks as ConfigValue[] });
    return { format: 1, hash, module, exportName, tasks: tasks as ConfigValue[] };
  } catch {
    return null;
  }
}

/** The sweep store's root: `<output root>/data/sweeps`. */
export function sweepStoreRoot(): string {
  return join(outputRoot(), "data", "sweeps");
}

/** The folder of a sweep. */
export function sweepDirectory(d: SweepDescription, root = sweepStoreRoot()): string {
  return join(root, `${d.exportName}-${d.hash}`);
}

/** Writes `sweep.json` (idempotent); returns the sweep's folder. */
export async function recordSweep(d: SweepDescription, root = sweepStoreRoot()): Promise<string> {
  const dir = sweepDirectory(d, root);
  await Deno.mkdir(join(dir, "shards"), { recursive: true });
  await writeTextAtomically(join(dir, "sweep.json"), JSON.stringify(d) + "\n");
  return dir;
}

/** Reads a sweep folder's description, checking that its hash matches its content. */
export async function readSweep(dir: string): Promise<SweepDescription> {
  const path = join(dir, "sweep.json");
  let d: SweepDescription;
  try {
    d = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new Error(`${path}: not a recorded sweep (${(error as Error).message})`);
  }
  const hash = configHash({ module: d.module, exportName: d.exportName, tasks: d.tasks });
  if (d.format !== 1 || hash !== d.hash) {
    throw new Error(`${path}: its tasks do not hash to ${d.hash} (edited or damaged)`);
  }
  return d;
}

/** Task range [start, end) of shard `index` of `count` over `tasks` tasks (contiguous, balanced). */
export function shardRange(tasks: number, index: number, count: number): [number, number] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`shard count must be a positive integer, got ${count}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shard index must be an integer in [0, ${count - 1}], got ${index}`);
  }
  return [Math.floor((index * tasks) / count), Math.floor(((index + 1) * tasks) / count)];
}

/** The file name of shard `index` of `count`. */
export function shardFileName(index: number, count: number): string {
  return `shard-${index}-of-${count}.json`;
}

/**
 * Writes a shard's results atomically, with its environment (take it before the sweep runs: sweep
 * workers set OpenBLAS to one thread process-wide while they run) and SLURM ids.
 */
export async function writeShard(
  dir: string,
  d: SweepDescription,
  index: number,
  count: number,
  results: readonly unknown[],
  seconds: number,
  environment: NumericEnvironment = numericEnvironment(),
): Promise<string> {
  const [start, end] = shardRange(d.tasks.length, index, count);
  if (results.length !== end - start) {
    throw new RangeError(`shard ${index}: ${results.length} results for tasks [${start}, ${end})`);
  }
  const job = Deno.env.get("SLURM_ARRAY_JOB_ID") ?? Deno.env.get("SLURM_JOB_ID");
  const shard: SweepShard = {
    hash: d.hash,
    index,
    count,
    start,
    end,
    environment,
    slurm: job ? { job, task: Deno.env.get("SLURM_ARRAY_TASK_ID") ?? "" } : null,
    seconds,
    results: results.map((r, i) => encodeSweepValue(r, `task ${start + i}`)),
  };
  const path = join(dir, "shards", shardFileName(index, count));
  await writeTextAtomically(path, JSON.stringify(shard) + "\n");
  return path;
}

/** The shard files present for a sweep, parsed (results left encoded). */
export async function readShards(dir: string): Promise<SweepShard[]> {
  const out: SweepShard[] = [];
  try {
    for await (const e of Deno.readDir(join(dir, "shards"))) {
      if (!e.isFile || !/^shard-\d+-of-\d+\.json$/.test(e.name)) continue;
      const path = join(dir, "shards", e.name);
      try {
        out.push(JSON.parse(await Deno.readTextFile(path)));
      } catch (error) {
        throw new Error(`${path}: unreadable shard (${(error as Error).message})`);
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Which shards of `count` are present and which are missing. */
export function shardCoverage(
  shards: readonly SweepShard[],
  count: number,
): { done: number[]; missing: number[] } {
  const done = shards.filter((s) => s.count === count).map((s) => s.index);
  return {
    done,
    missing: Array.from({ length: count }, (_, i) => i).filter((i) => !done.includes(i)),
  };
}

/** Options of mergeShards. */
export interface MergeOptions {
  /** merge shards computed in different numeric environments (recorded in merged.json) */
  allowMixedEnvironments?: boolean;
}

/**
 * Merges a complete shard set into `merged.json`. Refuses: a shard of another configuration, shards
 * of different counts, a missing shard, ranges that do not tile the tasks, and shards from
 * different numeric environments unless allowed. Returns the merged file's path.
 */
export async function mergeShards(dir: string, options: MergeOptions = {}): Promise<string> {
  const d = await readSweep(dir);
  const shards = await readShards(dir);
  if (shards.length === 0) throw new Error(`${dir}: no shard to merge`);
  for (const s of shards) {
    if (s.hash !== d.hash) {
      throw new Error(
        `${dir}: shard ${s.index} of ${s.count} belongs to configuration ${s.hash}, not ${d.hash}`,
      );
    }
  }
  const counts = [...new Set(shards.map((s) => s.count))];
  if (counts.length > 1) {
    throw new Error(`${dir}: shards of different splits (${counts.join(", ")}); remove one set`);
  }
  const count = counts[0];
  const { missing } = shardCoverage(shards, count);
  if (missing.length > 0) {
    throw new Error(
      `${dir}: ${missing.length} of ${count} shards missing (${missing.join(", ")}); ` +
        `a partial sweep is never merged — resubmit them`,
    );
  }
  let cursor = 0;
  for (const s of shards) {
    const [start, end] = shardRange(d.tasks.length, s.index, count);
    if (
      s.start !== start || s.end !== end || s.start !== cursor || s.results.length !== end - start
    ) {
      throw new Error(
        `${dir}: shard ${s.index} covers [${s.start}, ${s.end}), not [${start}, ${end})`,
      );
    }
    cursor = end;
  }
  const environments = [...new Set(shards.map((s) => describeNumericEnvironment(s.environment)))];
  if (environments.length > 1 && !options.allowMixedEnvironments) {
    throw new Error(
      `${dir}: shards were computed in ${environments.length} numeric environments ` +
        `(${environments.join("; ")}), so their results would not equal one run's; rerun them ` +
        `on one kind of node, or merge with --allow-mixed-environments (recorded in merged.json)`,
    );
  }
  const path = join(dir, "merged.json");
  await writeTextAtomically(
    path,
    JSON.stringify({
      hash: d.hash,
      shards: count,
      environments,
      mixedEnvironments: environments.length > 1,
      slurm: shards.map((s) => s.slurm),
      results: shards.flatMap((s) => s.results),
    }) + "\n",
  );
  return path;
}

/** The merged results of a sweep, or null when it has none (never a partial set). */
export async function mergedSweepResults(
  d: SweepDescription,
  root = sweepStoreRoot(),
): Promise<{ results: unknown[]; environments: string[] } | null> {
  const path = join(sweepDirectory(d, root), "merged.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const merged = JSON.parse(text);
  if (merged.hash !== d.hash || merged.results?.length !== d.tasks.length) {
    throw new Error(`${path}: does not hold this sweep's ${d.tasks.length} results`);
  }
  return { results: merged.results.map(decodeSweepValue), environments: merged.environments };
}
