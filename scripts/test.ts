/**
 * `deno task test`: sets up what is missing, then runs the unit tests of lib/ (and those that the
 * linear-algebra backend can change a second time on the pure-TS fallback), every notebook in
 * quick mode (headless, through Jupyter), the figure lint (lib/plot/figure_lint.ts) over the
 * committed full-mode figures and that run's quick-mode figures, each notebook again with its
 * requests interleaved as a
 * browser sends them (scripts/protocol_check.ts), the README's Python example
 * (scripts/python_snippet_check.ts), the browser steps (scripts/test_browser_steps.ts), the
 * course site built from this run's notebooks and walked in Chromium (scripts/book_check.ts),
 * the clean-tree and no-outputs checks and `deno task check`. Ends with
 * one line `N passed, N failed`, counted over unit tests, notebooks and checks.
 *
 * `--other-kernel NOTEBOOK` (CI's guard, repeatable) runs that notebook once more under other
 * OpenBLAS kernels than this machine's (scripts/other_kernel.ts) with a fresh output folder, so
 * its training and caches are really recomputed: a check that holds only for one machine's
 * rounding fails here.
 */
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { figureDirectory, repositoryRoot } from "../lib/data/project_paths.ts";
import { lintFigures, textRulesApply } from "./figure_lint.ts";
import { runChecks } from "./check.ts";
import { allNotebookStems, notebooksDirectory } from "./notebook_list.ts";
import { notebooksWithOutputs } from "./notebook_outputs.ts";
import { selectNotebooks } from "./notebook_list.ts";
import { describeSwitch, otherKernelSwitch } from "./other_kernel.ts";
import { runNotebook } from "./run_notebook.ts";
import { changedBy, treeStatus } from "./tree_status.ts";
import { bookSteps, browserSteps } from "./test_browser_steps.ts";
import { interleavedProtocolCheck } from "./protocol_check.ts";
import { runReadmePythonSnippet } from "./python_snippet_check.ts";
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

/**
 * The tests whose results the linear-algebra backend can change: lib/linalg itself (its tests
 * also compare both backends in one process) and lib/rmt, whose spectra and fits call it
 * directly. They run a second time on the pure-TS fallback so that it cannot rot; everything
 * else builds on these and runs once.
 */
export const FALLBACK_TEST_PATHS = ["tests/linalg/", "tests/rmt/"];

/** Runs `deno test` on `paths` with extra environment variables (e.g. a forced linalg backend). */
async function runUnitTests(
  label: string,
  env: Record<string, string> = {},
  paths: readonly string[] = ["tests/"],
): Promise<{ passed: number; failed: number }> {
  console.log(`== unit tests (deno test ${paths.join(" ")})${label}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check=remote", ...paths],
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

/** Removes a notebook's quick-mode figures (never the committed figures/ of a reference run). */
async function removeQuickFigures(stem: string): Promise<void> {
  const directory = figureDirectory(stem);
  if (!directory.startsWith(join(repositoryRoot, "build") + "/")) return;
  await Deno.remove(directory, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
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
    const { values } = parseArgs({
      args: Deno.args,
      options: { "other-kernel": { type: "string", multiple: true } },
      strict: true,
    });
    const requested = values["other-kernel"] ?? [];
    const otherKernelStems = requested.length > 0 ? selectNotebooks(requested) : [];
    const setup = await ensureSetup();
    const treeBefore = await treeStatus();
    const unit = await runUnitTests("");
    passed += unit.passed;
    failed += unit.failed;
    if (unit.failed > 0) failures.push(`${unit.failed} unit test(s)`);
    // What the backend can change, again on the pure-TS linalg backend.
    const fallback = await runUnitTests(
      ", LINALG_BACKEND=js",
      { LINALG_BACKEND: "js" },
      FALLBACK_TEST_PATHS,
    );
    passed += fallback.passed;
    failed += fallback.failed;
    if (fallback.failed > 0) failures.push(`${fallback.failed} unit test(s) on LINALG_BACKEND=js`);

    // the figure lint below reads this run's quick-mode figures: none may be left from an earlier run
    for (const stem of allNotebookStems()) await removeQuickFigures(stem);
    for (const stem of allNotebookStems()) {
      const outcome = await runNotebook(stem, "quick", setup);
      count(outcome.ok, outcome.failure ?? stem);
    }

    console.log("\n== figure lint: committed full-mode figures and this run's quick-mode figures");
    if (!textRulesApply()) {
      console.log("   DejaVu Sans not found: text rules skipped (install fonts-dejavu-core)");
    }
    for (const stem of allNotebookStems()) {
      for (
        const [kind, directory] of [
          ["committed", join(repositoryRoot, "figures", stem)],
          ["quick", figureDirectory(stem)],
        ]
      ) {
        const report = lintFigures([directory]);
        const bad = [...report].filter(([, problems]) => problems.length > 0);
        for (const [file, problems] of bad) {
          for (const p of problems) {
            console.error(`   FAILED ${relative(repositoryRoot, file)}: ${p.rule}: ${p.message}`);
          }
        }
        console.log(`   ${stem} (${kind}): ${report.size} figures, ${bad.length} with problems`);
        count(report.size > 0 && bad.length === 0, `figure lint: ${stem} (${kind})`);
      }
    }

    if (otherKernelStems.length > 0) {
      const change = await otherKernelSwitch();
      for (const stem of otherKernelStems) {
        const fresh = await Deno.makeTempDir({ prefix: `${stem}-other-kernel-` });
        try {
          const outcome = await runNotebook(stem, "quick", setup, {
            set: { ...change.set, NB_OUTPUT_DIR: fresh },
            unset: change.unset,
            buildName: `${stem}.other-kernel`,
            label: `again on ${describeSwitch(change)}, fresh output folder`,
          });
          count(outcome.ok, outcome.failure ?? `${stem} (other kernel)`);
        } finally {
          await Deno.remove(fresh, { recursive: true }).catch(() => {});
        }
      }
    }

    console.log(
      "\n== outputs land under their cells when requests interleave as from a browser (protocol)",
    );
    for (const stem of allNotebookStems()) {
      const o = await interleavedProtocolCheck(stem, setup);
      for (const d of o.differences) console.error(`   FAILED ${stem}: ${d}`);
      if (o.ok) {
        console.log(`   ${stem}: ${o.outputs} outputs, same cells both ways (${o.seconds} s)`);
      }
      count(o.ok, `${stem} outputs under the wrong cells or lost: ${o.differences[0] ?? ""}`);
    }

    console.log("\n== the README's example of reading the results from Python (pandas, pyarrow)");
    const snippet = await runReadmePythonSnippet();
    if (snippet.status === "ok") console.log(`   ok (${snippet.output.split("\n").length} lines)`);
    else if (snippet.status === "failed") console.error(`   FAILED ${snippet.reason}`);
    else console.log(`   skipped: ${snippet.reason}`);
    // CI must run it; elsewhere a machine without pip only skips it
    const mustRun = Deno.env.get("CI") === "true";
    count(
      snippet.status === "ok" || (snippet.status === "skipped" && !mustRun),
      `README Python example: ${snippet.status === "ok" ? "" : snippet.reason}`,
    );

    await browserSteps(allNotebookStems(), setup, count);

    console.log("\n== the course site (deno task book) from this run's notebooks, opened offline");
    await bookSteps(count);

    console.log("\n== the runs left the tree as they found it (git status)");
    const treeAfter = await treeStatus();
    if (treeBefore === null || treeAfter === null) {
      console.log("   skipped: not a git checkout");
    } else {
      const changed = changedBy(treeBefore, treeAfter);
      for (const line of changed) console.error(`   FAILED changed by the test run: ${line}`);
      count(changed.length === 0, `the test run changed ${changed.length} file(s) in the tree`);
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
