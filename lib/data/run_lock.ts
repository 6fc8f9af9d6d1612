/**
 * One run at a time per output folder. Two runs of the same notebook writing the same figures and
 * metrics (a headless run started while the notebook is open in Jupyter, or a rerun while a killed
 * run's kernel still computes) would interleave their files. A run holds an exclusive OS file lock
 * (flock) on `<folder>/.run.lock`, which also records its process id for the message a second run
 * gets. The operating system drops the lock when the process ends, however it ends, so a killed
 * run can never leave a lock that blocks: there is nothing stale to clear.
 */
import { join } from "node:path";

/** The lock file of an output folder. */
export function lockPath(directory: string): string {
  return join(directory, ".run.lock");
}

interface LockRecord {
  pid: number;
  started: string;
  what: string;
}

/** Locks this process holds, by path (flock is per open file: reopening would conflict). */
const held = new Map<string, Deno.FsFile>();

/**
 * Takes the lock of `directory` for this process (again, harmlessly, when it already holds it).
 * Throws a clear error naming the process that holds it otherwise.
 */
export function acquireRunLock(directory: string, what: string): void {
  const path = lockPath(directory);
  if (held.has(path)) return;
  Deno.mkdirSync(directory, { recursive: true });
  const file = Deno.openSync(path, { read: true, write: true, create: true });
  if (!file.tryLockSync(true)) {
    file.close();
    let holder: Partial<LockRecord> = {};
    try {
      holder = JSON.parse(Deno.readTextFileSync(path));
    } catch { /* being written by its holder */ }
    const who = holder.pid ? `process ${holder.pid} (since ${holder.started})` : "another process";
    throw new Error(
      `${what} is already running in ${who}, writing to ${directory}. Wait for it to finish, ` +
        `or stop it${holder.pid ? ` (kill ${holder.pid})` : ""}, then run again.`,
    );
  }
  const record: LockRecord = { pid: Deno.pid, started: new Date().toISOString(), what };
  file.truncateSync(0);
  file.writeSync(new TextEncoder().encode(JSON.stringify(record) + "\n"));
  held.set(path, file);
}

/** Releases the lock of `directory` if this process holds it. */
export function releaseRunLock(directory: string): void {
  const path = lockPath(directory);
  const file = held.get(path);
  if (!file) return;
  held.delete(path);
  file.unlockSync();
  file.close();
}
