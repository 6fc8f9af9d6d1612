/**
 * `deno task test`: sets up what is missing, then runs the unit tests of lib/, every notebook in
 * quick mode (headless, through Jupyter), the no-outputs check and `deno task check`. Ends with
 * one line `N passed, N failed`, counted over unit tests, notebooks and checks.
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { runChecks } from "./check.ts";
import { allNotebookStems, notebooksDirectory } from "./notebook_list.ts";
import { notebooksWithOutputs } from "./notebook_outputs.ts";
import { runNotebook } from "./run_notebook.ts";
import { ensureSetup } from "./setup.ts";

/** Parses deno test's summary line ("ok | 12 passed (3 steps) | 0 failed"). */
export function parseDenoTestSummary(output: string): { passed: number; failed: number } | null {
  // deno-lint-ignore no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const m = [...plain.matchAll(/(?:^|\n)(?:ok|FAILED) \| (\d+) passed[^|]*\| (\d+) failed/g)].at(
    -1,
  );
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

/** Runs `deno test tests/` with extra environment variables (e.g. a forced linalg backend). */
async function runUnitTests(
  label: string,
  env: Record<string, string> = {},
): Promise<{ passed: number; failed: number }> {
  console.log(`== unit tests (deno test tests/)${label}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check=remote", "tests/"],
    cwd: repositoryRoot,
    env,
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    text += decoder.decode(chunk, { stream: true });
  }
  const status = await child.status;
  const summary = parseDenoTestSummary(text);
  if (!summary) return { passed: 0, failed: 1 }; // e.g. a type error stopped the run before tests
  if (!status.success && summary.failed === 0) return { ...summary, failed: 1 };
  return summary;
}

if (import.meta.main) {
  const failures: string[] = [];
  let passed = 0;
  let failed = 0;
  const count = (ok: boolean, what: string) => {
    if (ok) passed++;
    else {
      failed++;
      failures.push(what);
    }
  };
  try {
    const setup = await ensureSetup();
    const unit = await runUnitTests("");
    passed += unit.passed;
    failed += unit.failed;
    if (unit.failed > 0) failures.push(`${unit.failed} unit test(s)`);
    // The whole suite again on the pure-TS linalg backend, so the fallback cannot rot.
    const fallback = await runUnitTests(", LINALG_BACKEND=js", { LINALG_BACKEND: "js" });
    passed += fallback.passed;
    failed += fallback.failed;
    if (fallback.failed > 0) failures.push(`${fallback.failed} unit test(s) on LINALG_BACKEND=js`);

    for (const stem of allNotebookStems()) {
      const outcome = await runNotebook(stem, "quick", setup);
      count(outcome.ok, outcome.failure ?? stem);
    }

    console.log("\n== committed notebooks carry no outputs");
    const offenders = await notebooksWithOutputs(notebooksDirectory);
    for (const stem of allNotebookStems()) {
      const bad = offenders.find((o) => o.startsWith(`${stem}.ipynb`));
      if (bad) console.error(`   FAILED ${bad}`);
      count(!bad, bad ?? "");
    }

    for (const check of await runChecks()) count(check.ok, check.name);
  } catch (error) {
    console.error(`test: ${(error as Error).message}`);
    count(false, "setup");
  }
  console.log(`\nbuild outputs in ${join(repositoryRoot, "build")}`);
  for (const f of failures) console.error(`FAILED: ${f}`);
  console.log(`${passed} passed, ${failed} failed`);
  Deno.exit(failed === 0 ? 0 : 1);
}
