/**
 * The browser test: the Jupyter front end that `deno task lab` chooses, driven in headless
 * Chromium (Debian's `chromium`, npm `playwright-core`) the way a reader uses it — open each
 * notebook, Run All, wait until every cell has run — then check what the page shows: every
 * figure a cell saves appears exactly once, under that cell (figures carry data-figure="<name>"),
 * and no cell shows an error or a failed check. Screenshots go to build/browser/.
 *
 * The notebooks run from copies in build/browser/notebooks/ (with lib/ and data/ linked beside
 * them), so the front end's autosave can never write outputs into the committed notebooks; their
 * caches are the checkout's, so a run after the headless pass costs little.
 */
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { notebooksDirectory } from "./notebook_list.ts";
import { jupyterFrontEnd, rootFlag } from "./setup/jupyter_front_end.ts";
import type { SetupResult } from "./setup.ts";

/** Where the copies, the server log and the screenshots go. */
export const browserDirectory = join(repositoryRoot, "build", "browser");

/** What one notebook showed after Run All. */
export interface BrowserOutcome {
  stem: string;
  problems: string[];
  screenshot: string;
  seconds: number;
}

/** One code cell as the page shows it. */
export interface ShownCell {
  index: number;
  source: string;
  figures: string[];
  errors: string[];
  texts: string[];
}

/** The names saved by a cell's source: `.save("name")`, and an ESD report's two figures. */
export function savedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/(\w+)\.save\("([^"]+)"\)/g)) {
    const isReport = new RegExp(`\\b${m[1]}\\s*=\\s*esdReport\\(`).test(source);
    if (isReport) names.push(`${m[2]}_density`, `${m[2]}_tail`);
    else names.push(m[2]);
  }
  return names;
}

/** The problems of one notebook's page: missing, misplaced or repeated figures; errors; FAILs. */
export function pageProblems(cells: readonly ShownCell[]): string[] {
  const problems: string[] = [];
  const savedBy = new Map<string, number>();
  for (const c of cells) for (const name of savedNames(c.source)) savedBy.set(name, c.index);
  for (const c of cells) {
    for (const e of c.errors) problems.push(`cell ${c.index}: error ${e}`);
    for (const t of c.texts) {
      if (/do not hold in this run|^FAIL /m.test(t)) {
        problems.push(
          `cell ${c.index}: a check failed: ${t.split("\n").find((l) => /FAIL/.test(l))}`,
        );
      }
    }
    for (const name of c.figures) {
      const owner = savedBy.get(name);
      if (owner !== undefined && owner !== c.index) {
        problems.push(`figure ${name} shown under cell ${c.index}, saved by cell ${owner}`);
      }
    }
  }
  for (const [name, owner] of savedBy) {
    const shown = cells.flatMap((c) => c.figures).filter((n) => n === name).length;
    if (shown !== 1) problems.push(`figure ${name} (cell ${owner}) shown ${shown} times`);
  }
  return problems;
}

async function waitFor(what: string, seconds: number, ready: () => Promise<boolean>) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function prepareCopies(stems: readonly string[]): Promise<void> {
  const copies = join(browserDirectory, "notebooks");
  await Deno.remove(copies, { recursive: true }).catch(() => {});
  await Deno.mkdir(copies, { recursive: true });
  for (const stem of stems) {
    await Deno.copyFile(join(notebooksDirectory, `${stem}.ipynb`), join(copies, `${stem}.ipynb`));
  }
  // lib/ and data/ linked beside the copies: the modules load from there (so the copies' root is
  // build/browser/ and their figures and metrics land in build/browser/build/outputs/), and the
  // caches, training runs and committed seed records are the checkout's own
  for (const name of ["lib", "data"]) {
    const link = join(browserDirectory, name);
    await Deno.remove(link, { recursive: true }).catch(() => {});
    await Deno.symlink(join(repositoryRoot, name), link);
  }
}

/**
 * Runs every notebook in `stems` through the front end in headless Chromium. Throws when the
 * front end cannot be driven (e.g. JupyterLab, which this test does not drive yet).
 */
export async function browserRunAll(
  stems: readonly string[],
  setup: SetupResult,
  options: { chromium: string; timeoutS?: number },
): Promise<BrowserOutcome[]> {
  await prepareCopies(stems);
  const frontEnd = await jupyterFrontEnd(browserDirectory);
  if (frontEnd.kind !== "classic") {
    throw new Error("the browser test drives the classic Notebook; JupyterLab is installed here");
  }
  const port = freePort();
  const token = crypto.randomUUID();
  const server = new Deno.Command(frontEnd.command, {
    args: [
      ...frontEnd.args,
      ...rootFlag(),
      "--no-browser",
      `--port=${port}`,
      "--ip=127.0.0.1",
      `--NotebookApp.token=${token}`,
    ],
    cwd: browserDirectory,
    env: { ...setup.env, NB_MODE: "quick" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // the server's log goes to build/browser/server.log
  const log = await Deno.open(join(browserDirectory, "server.log"), {
    write: true,
    create: true,
    truncate: true,
  });
  const serverLog = server.stderr.pipeTo(log.writable).catch(() => {});
  const base = `http://127.0.0.1:${port}`;
  const browser = await playwright.launch({
    executablePath: options.chromium,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const outcomes: BrowserOutcome[] = [];
  try {
    await waitFor("the Jupyter server", 60, async () => {
      const r = await fetch(`${base}/api?token=${token}`);
      await r.body?.cancel();
      return r.ok;
    });
    for (const stem of stems) {
      const t0 = performance.now();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const screenshot = join(browserDirectory, `${stem}.png`);
      const problems: string[] = [];
      try {
        await page.goto(`${base}/notebooks/notebooks/${stem}.ipynb?token=${token}`);
        const kernelReady = () =>
          page.evaluate(() => {
            // deno-lint-ignore no-explicit-any
            const nb = (globalThis as any).Jupyter?.notebook;
            return Boolean(nb?.kernel?.is_connected?.() && nb.kernel.info_reply?.status === "ok");
          });
        await waitFor(`the kernel of ${stem}`, 180, kernelReady);
        await page.evaluate(() => {
          // deno-lint-ignore no-explicit-any
          const nb = (globalThis as any).Jupyter.notebook;
          nb.set_autosave_interval(0);
          nb.execute_all_cells();
        });
        await waitFor(`Run All of ${stem}`, options.timeoutS ?? 900, () =>
          page.evaluate(() => {
            // deno-lint-ignore no-explicit-any
            const nb = (globalThis as any).Jupyter.notebook;
            // deno-lint-ignore no-explicit-any
            const code = nb.get_cells().filter((c: any) => c.cell_type === "code");
            return nb.kernel_busy === false && code.every((c: { input_prompt_number: unknown }) =>
              typeof c.input_prompt_number === "number"
            );
          }));
        const cells: ShownCell[] = await page.evaluate(() => {
          // deno-lint-ignore no-explicit-any
          const nb = (globalThis as any).Jupyter.notebook;
          // deno-lint-ignore no-explicit-any
          return nb.get_cells().flatMap((c: any, index: number) => {
            if (c.cell_type !== "code") return [];
            const area = c.element[0].querySelector(".output_wrapper");
            const figures = [...area.querySelectorAll("svg[data-figure]")].map((
              s: { getAttribute(name: string): string | null },
            ) => s.getAttribute("data-figure"));
            // deno-lint-ignore no-explicit-any
            const outputs = c.output_area.outputs as any[];
            return [{
              index,
              source: c.get_text(),
              figures,
              errors: outputs.filter((o) => o.output_type === "error").map((o) =>
                `${o.ename}: ${o.evalue}`
              ),
              texts: outputs.map((o) => o.text ?? o.data?.["text/plain"] ?? "").map((t) =>
                Array.isArray(t) ? t.join("") : String(t)
              ),
            }];
          });
        });
        problems.push(...pageProblems(cells));
      } catch (error) {
        problems.push((error as Error).message);
      } finally {
        await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
        await page.evaluate(() => {
          // deno-lint-ignore no-explicit-any
          (globalThis as any).Jupyter?.notebook?.kernel?.kill();
        }).catch(() => {});
        await page.close();
      }
      outcomes.push({ stem, problems, screenshot, seconds: (performance.now() - t0) / 1000 });
    }
  } finally {
    await browser.close();
    try {
      server.kill("SIGTERM");
    } catch { /* already gone */ }
    await server.status;
    await serverLog;
  }
  return outcomes;
}
