/**
 * The two browser steps of `deno task test`: each exported HTML opened alone and offline
 * (html_check.ts), and Run All of every notebook in Jupyter (browser_check.ts). Both need Debian's
 * Chromium; without it they say plainly that they were skipped and why.
 */
import { join } from "node:path";
import { browserRunAll } from "./browser_check.ts";
import { findChromium, rawTexInSharedHtml } from "./html_check.ts";
import { buildDirectory } from "./run_notebook.ts";
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
