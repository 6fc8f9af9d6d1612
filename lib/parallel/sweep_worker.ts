/// <reference lib="deno.worker" />
/**
 * Worker side of `runSweep`: imports the task module once per module URL and runs one task per
 * message. Results are structured-cloned back (typed arrays are transferred when possible).
 */
import type { SweepReply, SweepRequest } from "./sweep_protocol.ts";

const modules = new Map<string, Record<string, unknown>>();

self.onmessage = async (event: MessageEvent<SweepRequest>) => {
  const { moduleUrl, exportName, index, task } = event.data;
  try {
    let module = modules.get(moduleUrl);
    if (!module) {
      module = await import(moduleUrl) as Record<string, unknown>;
      modules.set(moduleUrl, module);
    }
    const fn = module[exportName];
    if (typeof fn !== "function") throw new Error(`${moduleUrl} has no function ${exportName}`);
    const result = await fn(task);
    self.postMessage({ index, ok: true, result } satisfies SweepReply);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    self.postMessage({ index, ok: false, message: e.message, stack: e.stack } satisfies SweepReply);
  }
};
