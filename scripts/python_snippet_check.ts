/**
 * The README's "reading results from Python" example, run as written: the fenced ```python block
 * after the marker comment is executed from the repository root by a Python with pandas and
 * pyarrow (`.venv`, filled by pip on first need). Run after the notebooks' headless pass, which
 * writes the cached tables it reads.
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { capture } from "./setup/run_command.ts";
import { ensureVenvModules } from "./setup/python_env.ts";

/** The marker that precedes the tested block in README.md. */
export const SNIPPET_MARKER = "<!-- tested by deno task test: python -->";

/** The code of the first ```python block after the marker, or null when there is none. */
export function readmePythonSnippet(readme: string): string | null {
  const at = readme.indexOf(SNIPPET_MARKER);
  if (at < 0) return null;
  const m = readme.slice(at).match(/```python\n([\s\S]*?)```/);
  return m ? m[1] : null;
}

/** Outcome: ok, failed with the reason, or skipped (no Python with pandas and pyarrow here). */
export type SnippetOutcome =
  | { status: "ok"; output: string }
  | { status: "failed"; reason: string }
  | { status: "skipped"; reason: string };

/** Runs the README's Python example. */
export async function runReadmePythonSnippet(): Promise<SnippetOutcome> {
  const snippet = readmePythonSnippet(await Deno.readTextFile(join(repositoryRoot, "README.md")));
  if (!snippet) {
    return { status: "failed", reason: `README.md has no block after ${SNIPPET_MARKER}` };
  }
  const env = await ensureVenvModules(["pandas", "pyarrow"], ["pandas", "pyarrow"]);
  if (env.python === null) return { status: "skipped", reason: env.reason };
  const run = await capture(env.python, ["-c", snippet], { cwd: repositoryRoot });
  if (run.code !== 0) {
    return { status: "failed", reason: run.stderr.trim().split("\n").slice(-2).join(" | ") };
  }
  return { status: "ok", output: run.stdout };
}

if (import.meta.main) {
  const outcome = await runReadmePythonSnippet();
  console.log(outcome.status === "ok" ? outcome.output : `${outcome.status}: ${outcome.reason}`);
  Deno.exit(outcome.status === "failed" ? 1 : 0);
}
