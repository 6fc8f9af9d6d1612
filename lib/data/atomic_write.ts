/**
 * Atomic file writes: write a temporary file in the target's folder, then rename it over the
 * target. rename(2) within one file system is atomic, so a reader (or a rerun after a kill) sees
 * either the old file or the complete new one, never a half-written file.
 */
import { basename, dirname, join } from "node:path";

/** Prefix of every temporary file; `removeStaleTemporaries` cleans these up. */
export const TEMPORARY_PREFIX = ".tmp-";

/** A fresh temporary path beside `target`. */
export function temporaryPathFor(target: string): string {
  const tag = `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  return join(dirname(target), `${TEMPORARY_PREFIX}${tag}-${basename(target)}`);
}

/**
 * Writes `target` atomically: `write(tmpPath)` produces the file at a temporary path, which is
 * then renamed onto `target`. On any error the temporary file is removed.
 */
export async function writeAtomically(
  target: string,
  write: (temporaryPath: string) => void | Promise<void>,
): Promise<void> {
  await Deno.mkdir(dirname(target), { recursive: true });
  const tmp = temporaryPathFor(target);
  try {
    await write(tmp);
    await Deno.rename(tmp, target);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/** Writes a text file atomically. */
export function writeTextAtomically(target: string, text: string): Promise<void> {
  return writeAtomically(target, (tmp) => Deno.writeTextFile(tmp, text));
}

/** Writes a binary file atomically. */
export function writeBytesAtomically(target: string, bytes: Uint8Array): Promise<void> {
  return writeAtomically(target, (tmp) => Deno.writeFile(tmp, bytes));
}

/** Removes temporary files left in `directory` by killed processes; returns how many. */
export async function removeStaleTemporaries(directory: string): Promise<number> {
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(directory)) {
      if (entry.isFile && entry.name.startsWith(TEMPORARY_PREFIX)) {
        const pid = Number(entry.name.slice(TEMPORARY_PREFIX.length).split("-")[0]);
        if (pid === Deno.pid || processIsAlive(pid)) continue; // another live writer's file
        await Deno.remove(join(directory, entry.name)).catch(() => {});
        removed++;
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return removed;
}

function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    return Deno.statSync(`/proc/${pid}`).isDirectory;
  } catch {
    return false; // no /proc (macOS): treat as stale only if not ours; good enough for a cache
  }
}
