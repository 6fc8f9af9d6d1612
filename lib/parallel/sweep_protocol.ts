/** Messages between `runSweep` (sweep.ts) and its workers (sweep_worker.ts). */

/** Main → worker: run task `index` with `task` through `exportName` of `moduleUrl`. */
export interface SweepRequest {
  moduleUrl: string;
  exportName: string;
  index: number;
  task: unknown;
}

/** Worker → main: the result of task `index`, or its error. */
export type SweepReply =
  | { index: number; ok: true; result: unknown }
  | { index: number; ok: false; message: string; stack?: string };
