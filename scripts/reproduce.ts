/**
 * `deno task reproduce [--full] [notebook ...]`: sets up what is missing, executes the notebooks
 * (all, or those named by number or stem) headlessly, and exports their figures and metrics.
 * The mode comes from --full / --quick, else $NB_MODE, else quick. A full-mode run is a
 * reference run: its figures and metrics replace the committed ones in figures/ and data/. A
 * quick run writes them to build/outputs/ (lib/data/project_paths.ts), leaving the tree clean.
 */
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { type Mode, parseMode } from "../lib/notebook/mode.ts";
import { selectNotebooks } from "./notebook_list.ts";
import { type NotebookOutcome, runNotebook } from "./run_notebook.ts";
import { ensureSetup } from "./setup.ts";

/** Parses the command line into a mode and notebook selectors. */
export function parseReproduceArgs(args: string[]): { mode: Mode; names: string[] } {
  const { values, positionals } = parseArgs({
    args,
    options: { full: { type: "boolean" }, quick: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.full && values.quick) throw new Error("choose one of --full and --quick");
  const mode = values.full ? "full" : values.quick ? "quick" : parseMode(Deno.env.get("NB_MODE"));
  return { mode, names: positionals };
}

/** Runs the selected notebooks and returns their outcomes. */
export async function reproduce(mode: Mode, names: string[]): Promise<NotebookOutcome[]> {
  const stems = selectNotebooks(names);
  const setup = await ensureSetup();
  const outcomes: NotebookOutcome[] = [];
  // parameters changed through NB_PARAMS (a cluster run at another scale) never replace the
  // committed reference figures and metrics: such a run writes to build/outputs/ like quick mode
  const changed = (Deno.env.get("NB_PARAMS") ?? "").trim() !== "";
  const reference = mode === "full" && !changed;
  if (reference) {
    console.log("full mode: a reference run, rewriting figures/ and data/*/metrics.json");
  } else if (mode === "full") {
    console.log("full mode with NB_PARAMS: not a reference run; outputs to build/outputs/");
  }
  for (const stem of stems) {
    outcomes.push(
      await runNotebook(stem, mode, setup, reference ? { set: { NB_REFERENCE: "1" } } : {}),
    );
  }
  return outcomes;
}

if (import.meta.main) {
  let outcomes: NotebookOutcome[];
  let mode: Mode;
  try {
    const parsed = parseReproduceArgs(Deno.args);
    mode = parsed.mode;
    outcomes = await reproduce(mode, parsed.names);
  } catch (error) {
    console.error(`reproduce: ${(error as Error).message}`);
    Deno.exit(1);
  }
  const failed = outcomes.filter((o) => !o.ok);
  console.log(
    `\nreproduce: ${outcomes.length - failed.length} of ${outcomes.length} notebooks ran`,
  );
  for (const f of failed) console.error(`  FAILED ${f.failure}`);
  const root = Deno.env.get("NB_OUTPUT_DIR") ||
    (mode === "full" ? "" : join(relative(Deno.cwd(), repositoryRoot), "build", "outputs"));
  const where = root === "" ? "" : `${root}/`;
  console.log(
    `figures in ${where}figures/<notebook>/, metrics in ${where}data/<notebook>/metrics.json`,
  );
  Deno.exit(failed.length === 0 ? 0 : 1);
}
