/**
 * The first call of every notebook: fixes the stem, mode, seed and output folders, so that
 * figures, caches and metrics land where the contract says (lib/data/project_paths.ts: the
 * committed figures/<stem>/ and data/<stem>/metrics.json only in a reference run, build/outputs/
 * otherwise; caches in data/<stem>/).
 *
 *   const run = startNotebook({ stem: "00_random_matrix_primer", seed: 20261122 });
 *   const p = run.params({ n: { quick: 200, full: 1000 } });
 */
import { setCurrentNotebook } from "../data/current_notebook.ts";
import {
  dataDirectory,
  figureDirectory,
  isReferenceRun,
  metricsDirectory,
} from "../data/project_paths.ts";
import { linalgBackendDescription } from "../linalg/backend.ts";
import { acquireRunLock, releaseRunLock } from "../data/run_lock.ts";
import { Rng } from "../random/rng.ts";
import { type Mode, modeFromEnvironment } from "./mode.ts";
import { type Params, type ParamSpec, resolveParams } from "./params.ts";
import { installCellHints } from "./cell_hints.ts";
import { orderCellResults } from "./kernel_messages.ts";
import { MetricsWriter } from "./metrics.ts";
import { Progress } from "./progress.ts";

/** A running notebook: its identity, mode, root random stream and output places. */
export interface NotebookRun {
  readonly stem: string;
  readonly mode: Mode;
  readonly seed: number;
  /** the root generator; derive independent streams with rng.stream(k, ...) */
  readonly rng: Rng;
  /** where figures go (figures/<stem>/ of the result root) */
  readonly figureDirectory: string;
  /** caches and training runs (data/<stem>/, not committed) */
  readonly dataDirectory: string;
  readonly metrics: MetricsWriter;
  /**
   * resolves quick/full parameter values for this run's mode; $NB_PARAMS (a JSON object, e.g.
   * for a cluster run at another scale) overrides single values, and `overrides` those
   */
  params<S extends ParamSpec>(spec: S, overrides?: Partial<Record<keyof S, unknown>>): Params<S>;
  /** a progress bar (in place in Jupyter, one line in a terminal) */
  progress(label: string, total: number): Progress;
  /** the parameter names $NB_PARAMS overrides (empty in a standard quick or full run) */
  readonly overriddenParams: readonly string[];
}

/**
 * The parameter overrides in $NB_PARAMS: a JSON object of parameter name → value. Refused in a
 * reference run ($NB_REFERENCE=1, `deno task reproduce --full`), whose figures and metrics are the
 * committed ones of the documented full mode.
 */
export function environmentParams(): Record<string, unknown> {
  const text = Deno.env.get("NB_PARAMS");
  if (text === undefined || text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`NB_PARAMS must be a JSON object of parameter values: ${error}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`NB_PARAMS must be a JSON object of parameter values, got ${text}`);
  }
  if (isReferenceRun()) {
    throw new Error(
      "NB_PARAMS is set in a reference run (deno task reproduce --full): the committed figures " +
        "and metrics come from the documented parameters only; unset NB_PARAMS",
    );
  }
  return value as Record<string, unknown>;
}

/** Starts a notebook run; `mode` defaults to $NB_MODE (quick when unset). */
export function startNotebook(options: { stem: string; seed: number; mode?: Mode }): NotebookRun {
  setCurrentNotebook(options.stem);
  // in Jupyter, each cell's value reaches the front end before the cell ends (not after idle)
  orderCellResults();
  // a cell run before the cells it builds on says which cell to run first
  installCellHints(options.stem);
  if (options.mode !== undefined && options.mode !== "quick" && options.mode !== "full") {
    throw new Error(
      `startNotebook: mode must be "quick" or "full", got ${JSON.stringify(options.mode)}`,
    );
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new Error(`startNotebook: seed must be a non-negative integer, got ${options.seed}`);
  }
  const mode = options.mode ?? modeFromEnvironment();
  const rng = Rng.fromSeed(options.seed);
  const dataDir = dataDirectory(options.stem);
  // one run at a time writes this notebook's figures and metrics (a second one is told who runs)
  const outputs = metricsDirectory(options.stem);
  acquireRunLock(outputs, `notebook ${options.stem}`);
  globalThis.addEventListener("unload", () => releaseRunLock(outputs));
  const metrics = new MetricsWriter(metricsDirectory(options.stem), {
    mode,
    seed: options.seed,
    backend: linalgBackendDescription(),
  });
  return {
    stem: options.stem,
    mode,
    seed: options.seed,
    rng,
    figureDirectory: figureDirectory(options.stem),
    dataDirectory: dataDir,
    metrics,
    params: (spec, overrides) => {
      const fromEnvironment = environmentParams();
      if (Object.keys(fromEnvironment).length > 0) {
        console.log(`parameters overridden by NB_PARAMS: ${JSON.stringify(fromEnvironment)}`);
      }
      return resolveParams(spec, mode, {
        ...fromEnvironment,
        ...overrides,
      } as Partial<Record<keyof typeof spec, unknown>>);
    },
    progress: (label, total) => new Progress(label, total),
    overriddenParams: Object.keys(environmentParams()),
  };
}
