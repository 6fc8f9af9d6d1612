/**
 * The sbatch script of a sweep's job array: `#SBATCH` lines for the array (with a throttle `%N`),
 * its name, log files in the sweep's logs/ folder, cores per task, and the partition, time, memory
 * and account passed through; then one command that runs the array task's shard with the deno
 * binary and the checkout the user submitted from (a shared filesystem; compute nodes need no
 * network). Written to `submit.sbatch` in the sweep's folder for the user to read and edit.
 */

/** What the script is made of. */
export interface SlurmScriptOptions {
  /** the sweep's folder (absolute) */
  sweepDirectory: string;
  /** the repository root and the deno binary, as seen from the compute nodes */
  repository: string;
  deno: string;
  /** shards in the split, and which to run now (default all) */
  shards: number;
  indices?: readonly number[];
  /** at most this many array tasks at once (the `%N` throttle) */
  throttle?: number;
  cpusPerTask?: number;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
  /** the job's name (default "sweep") */
  name?: string;
  /** extra environment for the tasks, e.g. OPENBLAS_CORETYPE */
  environment?: Record<string, string>;
}

/** A compact array spec: [0, 1, 2, 5, 7, 8] → "0-2,5,7-8". */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The script's text. */
export function slurmScript(o: SlurmScriptOptions): string {
  if (!Number.isInteger(o.shards) || o.shards < 1) {
    throw new RangeError(`shards must be a positive integer, got ${o.shards}`);
  }
  const indices = o.indices ?? Array.from({ length: o.shards }, (_, i) => i);
  if (indices.length === 0) throw new RangeError("no shard to run");
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= o.shards) {
      throw new RangeError(`shard index ${i} is outside [0, ${o.shards - 1}]`);
    }
  }
  if (o.throttle !== undefined && !(Number.isInteger(o.throttle) && o.throttle >= 1)) {
    throw new RangeError(`throttle must be a positive integer, got ${o.throttle}`);
  }
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=${o.name ?? "sweep"}`,
    `#SBATCH --array=${arraySpec(indices)}${o.throttle ? `%${o.throttle}` : ""}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
    `#SBATCH --output=${o.sweepDirectory}/logs/%A_%a.out`,
    `#SBATCH --error=${o.sweepDirectory}/logs/%A_%a.out`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
    ...(o.account ? [`#SBATCH --account=${o.account}`] : []),
    "",
    "# one shard of the sweep per array task; the shard file is written atomically at the end",
    "set -euo pipefail",
    `cd ${quote(o.repository)}`,
    ...Object.entries(o.environment ?? {}).map(([k, v]) => `export ${k}=${quote(v)}`),
    `exec ${quote(o.deno)} run -A scripts/cluster.ts shard ${quote(o.sweepDirectory)} ` +
    `--index "$SLURM_ARRAY_TASK_ID" --count ${o.shards} --workers "\${SLURM_CPUS_PER_TASK:-1}"`,
    "",
  ];
  return lines.join("\n");
}
