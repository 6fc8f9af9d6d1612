/**
 * Outputs that reach Jupyter before the cell ends, in the Deno kernel (2.9).
 *
 * Why this exists (measured with scripts/interleaved_protocol.py; 18 of 100 one-line cells in a
 * bare kernel): the Deno kernel can send a cell's outputs after the cell's `status: idle`, and
 * nbclient and the Notebook/Lab front ends, which have finished with the cell by then, drop them —
 * a table or figure randomly missing from a cell, or (when a front end's requests shift the
 * timing) shown elsewhere. Two things in the kernel cause it:
 * - its JS `broadcast()` (behind `Deno.jupyter.display`, `Deno.jupyter.broadcast` and the cell's
 *   value, `execute_result`) calls the async op `op_jupyter_broadcast` and drops its promise;
 * - even when that promise is awaited, the message is written by I/O that runs on the JS thread's
 *   event loop, which the kernel does not turn again before its server thread reports idle.
 *
 * The fix here: send through the op itself, await it, then yield one timer turn so the write
 * happens while the cell is still running — for our displays and progress bars, and for cell
 * values by replacing the kernel's `broadcastResult` (which it looks up by name at the end of
 * every cell) with one that does the same. Outside the kernel, or if a later Deno changes these
 * internals, everything falls back to the public API.
 */

/** The kernel internals used here (Deno 2.9: `Deno[Deno.internal]`). */
interface KernelInternals {
  core?: { ops?: { op_jupyter_broadcast?: BroadcastOp } };
  jupyter?: {
    formatInner?: (value: unknown, raw: boolean) => Promise<Record<string, unknown>>;
    broadcastResult?: (executionCount: number, result: unknown) => Promise<void>;
  };
}

type BroadcastOp = (
  type: string,
  content: Record<string, unknown>,
  metadata: Record<string, unknown>,
  buffers: unknown[],
) => Promise<void> | void;

interface PublicJupyter {
  broadcast?: (type: string, content: Record<string, unknown>) => Promise<void> | void;
}

function internals(): KernelInternals | null {
  try {
    const deno = Deno as unknown as { internal?: symbol } & Record<symbol, unknown>;
    const key = deno.internal;
    return key ? (deno[key] as KernelInternals | undefined) ?? null : null;
  } catch {
    return null;
  }
}

function publicJupyter(): PublicJupyter | null {
  try {
    // Deno 2.9 defines Deno.jupyter everywhere, as a getter that throws outside the kernel.
    const api = (Deno as unknown as { jupyter?: PublicJupyter }).jupyter;
    return api && typeof api.broadcast === "function" ? api : null;
  } catch {
    return null;
  }
}

/** One timer turn of the JS event loop, in which the kernel writes what was sent (see above). */
const SETTLE_MS = 5;
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** True inside the Deno Jupyter kernel. */
export function inKernel(): boolean {
  return publicJupyter() !== null;
}

/**
 * Sends one iopub message (display_data, update_display_data, execute_result, error) parented to
 * the running cell and resolves once it is written. Returns false outside the kernel.
 */
export async function sendToFrontEnd(
  type: string,
  content: Record<string, unknown>,
): Promise<boolean> {
  const api = publicJupyter();
  if (!api) return false;
  const op = internals()?.core?.ops?.op_jupyter_broadcast;
  if (typeof op === "function") await op(type, content, {}, []);
  else await api.broadcast!(type, content);
  await settle();
  return true;
}

const ORDERED = Symbol.for("rmt-notebooks.orderedResults");

/**
 * Makes the kernel send every cell's value before the cell ends (see the module comment). Safe to
 * call repeatedly; a no-op outside the kernel or when the internals are not there. Returns whether
 * the kernel's result broadcast is now the ordered one.
 */
export function orderCellResults(): boolean {
  const jupyter = internals()?.jupyter;
  const op = internals()?.core?.ops?.op_jupyter_broadcast;
  if (!inKernel() || !jupyter || typeof op !== "function") return false;
  const current = jupyter.broadcastResult as { [ORDERED]?: true } | undefined;
  if (current?.[ORDERED]) return true;
  const formatInner = jupyter.formatInner;
  if (typeof formatInner !== "function") return false;
  // the kernel's own broadcastResult (Deno 2.9, cli/js/40_jupyter.js), with the sends awaited
  const ordered = async (executionCount: number, result: unknown): Promise<void> => {
    if (result === undefined) return;
    try {
      const data = await formatInner(result, false);
      await op(
        "execute_result",
        {
          execution_count: executionCount,
          data,
          metadata: {},
          transient: {},
        },
        {},
        [],
      );
      await settle();
    } catch (err) {
      const error = err instanceof Error ? err : null;
      await op(
        "error",
        {
          ename: error?.name ?? "Error",
          evalue: error?.message ?? String(err),
          traceback: (error?.stack ?? "").split("\n"),
        },
        {},
        [],
      );
    }
  };
  Object.defineProperty(ordered, ORDERED, { value: true });
  jupyter.broadcastResult = ordered;
  return true;
}
