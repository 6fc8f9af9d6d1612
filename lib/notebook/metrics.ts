/**
 * The metrics file of a notebook run, data/<stem>/metrics.json (of the result root, see
 * lib/data/project_paths.ts): a flat map name → number or
 * array of numbers, plus mode, seed, backend, the numeric environment (lib/linalg/numeric_environment.ts)
 * and wall time. It is rewritten atomically after
 * every `record`, so an interrupted run keeps every number it had reached.
 */
import { join } from "node:path";
import { writeTextAtomically } from "../data/atomic_write.ts";
import type { Mode } from "./mode.ts";
import { type NumericEnvironment, numericEnvironment } from "../linalg/numeric_environment.ts";

/** A metric value: a finite number or an array of finite numbers. */
export type MetricValue = number | readonly number[];

const RESERVED = new Set([
  "mode",
  "seed",
  "backend",
  "numeric_environment",
  "wall_time_s",
  "started_at",
]);

/** Accumulates a run's key numbers and keeps metrics.json up to date. */
export class MetricsWriter {
  readonly path: string;
  #values = new Map<string, MetricValue>();
  #header: {
    mode: Mode;
    seed: number;
    backend: string;
    environment: NumericEnvironment;
    startedAt: Date;
  };

  constructor(directory: string, header: { mode: Mode; seed: number; backend: string }) {
    this.path = join(directory, "metrics.json");
    this.#header = { ...header, environment: numericEnvironment(), startedAt: new Date() };
  }

  /** Adds or replaces metrics and rewrites the file; refuses non-finite values by name. */
  async record(values: Record<string, MetricValue | Float64Array>): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      if (RESERVED.has(name)) throw new Error(`metric name ${name} is reserved`);
      if (!/^[A-Za-z0-9_.:-]+$/.test(name)) {
        throw new Error(`bad metric name ${JSON.stringify(name)}`);
      }
      const v = typeof value === "number" ? value : Array.from(value);
      const bad = typeof v === "number" ? !Number.isFinite(v) : v.some((x) => !Number.isFinite(x));
      if (bad) {
        throw new Error(`metric ${name} is not finite: ${JSON.stringify(value).slice(0, 80)}`);
      }
      this.#values.set(name, v);
    }
    await this.write();
  }

  /** The metrics recorded so far, with the header fields. */
  snapshot(): Record<string, MetricValue | string | NumericEnvironment> {
    const h = this.#header;
    const wall = (Date.now() - h.startedAt.getTime()) / 1000;
    const out: Record<string, MetricValue | string | NumericEnvironment> = {
      mode: h.mode,
      seed: h.seed,
      backend: h.backend,
      numeric_environment: h.environment,
      started_at: h.startedAt.toISOString(),
      wall_time_s: Math.round(wall * 1000) / 1000,
    };
    for (const [k, v] of [...this.#values].sort(([a], [b]) => a.localeCompare(b))) out[k] = v;
    return out;
  }

  /** Writes metrics.json (atomically). */
  async write(): Promise<void> {
    await writeTextAtomically(this.path, JSON.stringify(this.snapshot(), null, 2) + "\n");
  }
}
