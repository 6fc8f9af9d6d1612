/**
 * Stops a runner's children when the runner is orphaned. `deno task reproduce` runs as a chain
 * (npx → sh → deno task → deno run → python/nbclient → Deno kernel); a SIGKILL or `timeout` on
 * any process above this one used to leave the rest running — a kernel computing and writing
 * caches with nobody waiting for it. This watch notices when any ancestor exits (Linux: the
 * /proc chain recorded at start; elsewhere: the parent id changing), then runs `onOrphaned`
 * (stop the children) and exits. The Python runner in turn shuts its kernel down, and the kernel
 * is killed with the runner (scripts/execute_notebook.py).
 */

interface Ancestor {
  pid: number;
  /** start time in clock ticks since boot (field 22 of /proc/<pid>/stat): a reused pid differs */
  start: string;
}

function statOf(pid: number): { ppid: number; start: string } | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // the command name (field 2) may hold spaces and parentheses: parse after its last ')'
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), start: fields[19] };
  } catch {
    return null;
  }
}

/** This process's ancestors below init, nearest first (empty where /proc is not available). */
export function ancestors(pid = Deno.pid): Ancestor[] {
  const chain: Ancestor[] = [];
  let current = statOf(pid);
  while (current && current.ppid > 1 && chain.length < 64) {
    const parent = statOf(current.ppid);
    if (!parent) break;
    chain.push({ pid: current.ppid, start: parent.start });
    current = parent;
  }
  return chain;
}

/** True while every recorded ancestor is still the same running process. */
export function ancestorsAlive(chain: readonly Ancestor[]): boolean {
  return chain.every((a) => statOf(a.pid)?.start === a.start);
}

/**
 * Starts the watch; returns a function that stops it. Checks once per `intervalMs`; the timer
 * does not keep the process alive.
 */
export function watchForOrphaning(
  onOrphaned: () => void | Promise<void>,
  intervalMs = 1000,
): () => void {
  const chain = ancestors();
  const parent = Deno.ppid;
  let fired = false;
  const timer = setInterval(async () => {
    const orphaned = chain.length > 0 ? !ancestorsAlive(chain) : Deno.ppid !== parent;
    if (!orphaned || fired) return;
    fired = true;
    try {
      await onOrphaned();
    } finally {
      Deno.exit(143);
    }
  }, intervalMs);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
