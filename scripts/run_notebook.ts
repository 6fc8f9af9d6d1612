/**
 * Executes one notebook headlessly (scripts/execute_notebook.py over nbclient with the project's
 * Deno kernel) into build/, retrying once when the kernel fails to start.
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import type { Mode } from "../lib/notebook/mode.ts";
import { notebooksDirectory } from "./notebook_list.ts";
import type { SetupResult } from "./setup.ts";
import { typesetHtmlFile } from "./typeset_html.ts";
import { watchForOrphaning } from "./orphan_watch.ts";

/** Folder of executed notebooks and their HTML (gitignored). */
export const buildDirectory = join(repositoryRoot, "build");

/** Outcome of one notebook run. */
export interface NotebookOutcome {
  stem: string;
  ok: boolean;
  seconds: number;
  /** one line naming the notebook and cell that failed, when it failed */
  failure?: string;
  html: string;
}

const CELL_TIMEOUT_S: Record<Mode, number> = { quick: 900, full: 6 * 3600 };
const KERNEL_START_TIMEOUT_S = 180;

function lastJsonLine(text: string): Record<string, unknown> | null {
  const lines = text.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === "object") return value;
    } catch { /* not JSON */ }
  }
  return null;
}

/** A notebook run under a changed environment (e.g. other OpenBLAS kernels, another output root). */
export interface NotebookRunOptions {
  /** variables set for the kernel */
  set?: Record<string, string>;
  /** variables removed from the kernel's environment */
  unset?: readonly string[];
  /** name of the executed notebook and HTML in build/ (default: the stem) */
  buildName?: string;
  /** words for the log line, e.g. "with Haswell kernels" */
  label?: string;
}

/** The kernel's environment: this process's, the setup's, the mode, then the options' changes. */
export function notebookEnvironment(
  mode: Mode,
  setup: SetupResult,
  options: NotebookRunOptions,
): Record<string, string> {
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    ...setup.env,
    NB_MODE: mode,
    // failed agreement checks throw (lib/notebook/agreement.ts)
    NB_HEADLESS: "1",
    ...options.set,
  };
  for (const name of options.unset ?? []) delete env[name];
  return env;
}

async function executeOnce(
  stem: string,
  mode: Mode,
  setup: SetupResult,
  options: NotebookRunOptions,
) {
  await Deno.mkdir(buildDirectory, { recursive: true });
  const name = options.buildName ?? stem;
  const child = new Deno.Command(setup.python, {
    args: [
      join(repositoryRoot, "scripts", "execute_notebook.py"),
      join(notebooksDirectory, `${stem}.ipynb`),
      join(buildDirectory, `${name}.ipynb`),
      join(buildDirectory, `${name}.html`),
      "--kernel=deno",
      `--timeout=${CELL_TIMEOUT_S[mode]}`,
      `--startup-timeout=${KERNEL_START_TIMEOUT_S}`,
      `--cwd=${notebooksDirectory}`,
    ],
    env: notebookEnvironment(mode, setup, options),
    clearEnv: true,
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  // if this runner is orphaned (a process above it killed), stop the notebook run with it
  const stopWatch = watchForOrphaning(async () => {
    console.error(`   ${stem}: the runner's parent process is gone; stopping the notebook run`);
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await Promise.race([child.status, new Promise((r) => setTimeout(r, 10_000))]);
  });
  const { code, stderr } = await child.output().finally(stopWatch);
  const errText = new TextDecoder().decode(stderr);
  return { code, errText, info: lastJsonLine(errText) };
}

/** Runs notebook `stem` in `mode`; never throws for a failing notebook, reports it instead. */
export async function runNotebook(
  stem: string,
  mode: Mode,
  setup: SetupResult,
  options: NotebookRunOptions = {},
): Promise<NotebookOutcome> {
  const t0 = performance.now();
  console.log(`\n== ${stem} (${mode} mode${options.label ? `, ${options.label}` : ""})`);
  let run = await executeOnce(stem, mode, setup, options);
  if (run.code === 3) {
    console.log(`   the kernel did not start (${run.info?.message ?? "?"}); retrying once`);
    run = await executeOnce(stem, mode, setup, options);
  }
  const html = join(buildDirectory, `${options.buildName ?? stem}.html`);
  // the HTML renders its math offline and from any folder (scripts/typeset_html.ts)
  try {
    await typesetHtmlFile(html);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      console.warn(`   note: the math of ${html} was not typeset: ${(error as Error).message}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (run.code === 0) {
    console.log(`   ${stem}: ok in ${seconds.toFixed(1)} s -> ${html}`);
    return { stem, ok: true, seconds, html };
  }
  const info = run.info ?? {};
  const where = `${stem}.ipynb${options.label ? ` (${options.label})` : ""}`;
  const failure = info.kind === "cell"
    ? `${where}, code cell ${info.cell_number} ("${info.source_first_line}"): ${info.what}: ` +
      `${info.ename}: ${String(info.evalue).split("\n")[0]}`
    : info.kind === "kernel-start"
    ? `${where}: the Deno kernel did not start twice: ${info.message}`
    : `${where}: the runner failed (exit ${run.code}): ${
      info.message ?? run.errText.trim().split("\n").slice(-3).join(" | ")
    }`;
  console.error(`   FAILED ${failure}`);
  if (info.kind === "cell") console.error(`   (executed notebook with the error: ${html})`);
  return { stem, ok: false, seconds, failure, html };
}
