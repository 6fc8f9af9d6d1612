/**
 * `deno task reproduce [--full] [notebook ...]`: sets up what is missing, executes the notebooks
 * (all, or those named by number or stem) headlessly, and exports their figures and metrics.
 * The mode comes from --full / --quick, else $NB_MODE, else quick.
 */
import { parseArgs } from "node:util";
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
  for (const stem of stems) outcomes.push(await runNotebook(stem, mode, setup));
  return outcomes;
}

if (import.meta.main) {
  let outcomes: NotebookOutcome[];
  try {
    const { mode, names } = parseReproduceArgs(Deno.args);
    outcomes = await reproduce(mode, names);
  } catch (error) {
    console.error(`reproduce: ${(error as Error).message}`);
    Deno.exit(1);
  }
  const failed = outcomes.filter((o) => !o.ok);
  console.log(
    `\nreproduce: ${outcomes.length - failed.length} of ${outcomes.length} notebooks ran`,
  );
  for (const f of failed) console.error(`  FAILED ${f.failure}`);
  console.log("figures in figures/<notebook>/, metrics in data/<notebook>/metrics.json");
  Deno.exit(failed.length === 0 ? 0 : 1);
}
