/**
 * One shard of a recorded sweep, as a SLURM array task runs it: the contiguous task range of shard
 * `index` of `count` (shardRange) computed with runSweep on this node's cores — the store bypassed —
 * and written to the sweep's shards/ folder (writeShard, atomically).
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { repositoryRoot } from "../data/project_paths.ts";
import { numericEnvironment } from "../linalg/numeric_environment.ts";
import { runSweep } from "./sweep.ts";
import { readSweep, shardRange, writeShard } from "./sweep_store.ts";

/** Computes and writes shard `index` of `count` of the sweep in `dir`; returns the shard's path. */
export async function runShard(
  dir: string,
  index: number,
  count: number,
  options: { workers?: number; progress?: boolean } = {},
): Promise<string> {
  const d = await readSweep(dir);
  const [start, end] = shardRange(d.tasks.length, index, count);
  const environment = numericEnvironment(); // the process's, before workers change its threads
  const t0 = performance.now();
  const results = await runSweep(
    pathToFileURL(join(repositoryRoot, d.module)),
    d.exportName,
    d.tasks.slice(start, end),
    {
      workers: options.workers,
      progress: options.progress === false ? false : `shard ${index + 1}/${count}, tasks`,
      store: false,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  return await writeShard(dir, d, index, count, results, seconds, environment);
}
