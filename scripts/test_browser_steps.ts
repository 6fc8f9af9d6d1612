/**
 * The two browser steps of `deno task test`: each exported HTML opened alone and offline
 * (html_check.ts), and Run All of every notebook in Jupyter (browser_check.ts). Both need Debian's
 * Chromium; without it they say plainly that they were skipped and why.
 */
import { join } from "node:path";
import { browserRunAll } from "./browser_check.ts";
import { findChromium, rawTexInSharedHtml } from "./html_check.ts";
import { buildDirectory } from "./run_notebook.ts";
import { buildBook } from "./book.ts";
import { checkBook } from "./book_check.ts";
import type { SetupResult } from "./setup.ts";

/** Records one check's outcome (the test runner's counter). */
export type Count = (ok: boolean, what: string) => void;

const SKIPPED = "   skipped: Chromium is not installed (Debian: apt-get install chromium)";

/** The exported HTML of each notebook renders its math alone and offline. */
async function htmlChecks(stems: readonly string[], chromium: string, count: Count) {
  for (const stem of stems) {
    const html = join(buildDirectory, `${stem}.html`);
    try {
      const raw = await rawTexInSharedHtml(chromium, html);
      if (raw.length > 0) {
        console.error(`   FAILED ${stem}.html shows raw TeX: ${raw.slice(0, 3).join(" | ")}`);
      }
      count(raw.length === 0, `${stem}.html shows ${raw.length} raw TeX fragments`);
    } catch (error) {
      console.error(`   FAILED ${stem}.html: ${(error as Error).message}`);
      count(false, `${stem}.html could not be checked`);
    }
  }
}

/** Run All of each notebook in the browser shows every saved figure once, under its cell. */
async function runAllChecks(
  stems: readonly string[],
  setup: SetupResult,
  chromium: string,
  count: Count,
) {
  try {
    for (const o of await browserRunAll(stems, setup, { chromium })) {
      for (const p of o.problems) console.error(`   FAILED ${o.stem}: ${p}`);
      if (o.problems.length === 0) {
        console.log(`   ${o.stem}: ok in ${o.seconds.toFixed(0)} s -> ${o.screenshot}`);
      }
      count(o.problems.length === 0, `${o.stem} in the browser: ${o.problems[0] ?? ""}`);
    }
  } catch (error) {
    console.error(`   FAILED the browser test could not run: ${(error as Error).message}`);
    count(false, "the browser test");
  }
}

/** Runs both browser steps over `stems` (after their headless pass has written build/). */
export async function browserSteps(
  stems: readonly string[],
  setup: SetupResult,
  count: Count,
): Promise<void> {
  const chromium = findChromium();
  console.log("\n== exported HTML renders its math alone and offline (headless Chromium)");
  if (chromium) await htmlChecks(stems, chromium, count);
  else console.log(SKIPPED);
  console.log("\n== Run All in Jupyter in headless Chromium: every figure once, under its cell");
  if (chromium) await runAllChecks(stems, setup, chromium, count);
  else console.log(SKIPPED);
}

/**
 * The course site: built from this run's executed notebooks (build/<stem>.html), then walked in
 * Chromium offline (scripts/book_check.ts). Without Chromium only the build is checked, and the
 * walk says that it was skipped.
 */
export async function bookSteps(count: Count): Promise<void> {
  let built = false;
  try {
    const summary = await buildBook();
    console.log(`   built: ${summary.pages.length} pages, ${summary.figures} figures`);
    built = true;
  } catch (error) {
    console.error(`   FAILED the course site did not build: ${(error as Error).message}`);
  }
  count(built, "the course site did not build");
  if (!built) return;
  const chromium = findChromium();
  if (!chromium) {
    console.log(SKIPPED);
    return;
  }
  try {
    const result = await checkBook(chromium);
    for (const p of result.problems) console.error(`   FAILED ${p}`);
    console.log(`   ${result.pages.length} pages walked, ${result.problems.length} problems`);
    count(result.problems.length === 0, `the course site: ${result.problems[0] ?? ""}`);
  } catch (error) {
    console.error(`   FAILED the course site could not be walked: ${(error as Error).message}`);
    count(false, "the course site walk");
  }
}
