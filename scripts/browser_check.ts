// deno-lint-ignore-file no-explicit-any -- the page-side code reads the front ends' own objects
// (Jupyter.notebook, jupyterapp), which have no types here
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

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof playwright.launch>>["newPage"]>>;

/** How the test opens, runs and reads one notebook in a given front end. */
interface FrontEndDriver {
  /** server options beyond the front end's own */
  serverArgs(port: number, token: string): string[];
  url(base: string, stem: string, token: string): string;
  kernelReady(page: Page, stem: string): Promise<boolean>;
  runAll(page: Page, stem: string): Promise<void>;
  finished(page: Page, stem: string): Promise<boolean>;
  cells(page: Page, stem: string): Promise<ShownCell[]>;
  stopKernel(page: Page, stem: string): Promise<void>;
}

/** The names in a figure's markup (data-figure="<name>"). */
const FIGURE_NAMES = /data-figure="([^"]+)"/g;

const CLASSIC: FrontEndDriver = {
  serverArgs: (port, token) => [
    "--no-browser",
    `--port=${port}`,
    "--ip=127.0.0.1",
    `--NotebookApp.token=${token}`,
  ],
  url: (base, stem, token) => `${base}/notebooks/notebooks/${stem}.ipynb?token=${token}`,
  kernelReady: (page) =>
    page.evaluate(() => {
      const nb = (globalThis as any).Jupyter?.notebook;
      return Boolean(nb?.kernel?.is_connected?.() && nb.kernel.info_reply?.status === "ok");
    }),
  runAll: (page) =>
    page.evaluate(() => {
      const nb = (globalThis as any).Jupyter.notebook;
      nb.set_autosave_interval(0);
      nb.execute_all_cells();
    }),
  finished: (page) =>
    page.evaluate(() => {
      const nb = (globalThis as any).Jupyter.notebook;
      const code = nb.get_cells().filter((c: any) => c.cell_type === "code");
      return nb.kernel_busy === false && code.every((c: { input_prompt_number: unknown }) =>
        typeof c.input_prompt_number === "number"
      );
    }),
  cells: (page) =>
    page.evaluate(() => {
      const nb = (globalThis as any).Jupyter.notebook;
      return nb.get_cells().flatMap((c: any, index: number) => {
        if (c.cell_type !== "code") return [];
        const area = c.element[0].querySelector(".output_wrapper");
        const figures = [...area.querySelectorAll("svg[data-figure]")].map((
          s: { getAttribute(name: string): string | null },
        ) => s.getAttribute("data-figure"));
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
    }),
  stopKernel: (page) =>
    page.evaluate(() => {
      (globalThis as any).Jupyter?.notebook?.kernel?.kill();
    }),
};

/**
 * JupyterLab, with the application exposed to the page (LabApp.expose_app_in_browser) so the test
 * can run its commands and read its notebook model. A figure counts as shown when its output is in
 * the cell's output model and rendered in the cell's output area.
 */
const LAB: FrontEndDriver = {
  serverArgs: (port, token) => [
    "--no-browser",
    `--port=${port}`,
    "--ip=127.0.0.1",
    `--IdentityProvider.token=${token}`,
    "--LabApp.expose_app_in_browser=True",
    `--LabApp.workspaces_dir=${join(browserDirectory, "workspaces")}`,
  ],
  // a workspace of its own per notebook, reset: no tab of an earlier notebook is restored
  url: (base, stem, token) =>
    `${base}/lab/workspaces/test-${stem}/tree/notebooks/${stem}.ipynb?reset&token=${token}`,
  kernelReady: (page, stem) =>
    page.evaluate((stem: string) => {
      const shell = (globalThis as any).jupyterapp?.shell;
      const widget = shell &&
        [...shell.widgets("main")].find((w: any) => w.context?.path?.endsWith(`${stem}.ipynb`));
      const kernel = widget?.sessionContext?.session?.kernel;
      return Boolean(widget?.content?.widgets && kernel && kernel.status === "idle");
    }, stem),
  runAll: async (page, stem) => {
    await page.evaluate(async (stem: string) => {
      const app = (globalThis as any).jupyterapp;
      const widget = [...app.shell.widgets("main")].find((w: any) =>
        w.context?.path?.endsWith(`${stem}.ipynb`)
      );
      app.shell.activateById(widget.id);
      await app.commands.execute("notebook:run-all-cells");
    }, stem);
  },
  finished: (page, stem) =>
    page.evaluate((stem: string) => {
      const widget = [...(globalThis as any).jupyterapp.shell.widgets("main")].find((w: any) =>
        w.context?.path?.endsWith(`${stem}.ipynb`)
      );
      const code = widget.content.widgets.filter((c: any) => c.model.type === "code");
      // done when the kernel is idle and every cell ran, or a cell failed (Run All stops there)
      const failed = code.some((c: any) =>
        c.model.outputs.toJSON().some((o: { output_type: string }) => o.output_type === "error")
      );
      return widget.sessionContext.session?.kernel?.status === "idle" &&
        (failed || code.every((c: any) => typeof c.model.executionCount === "number"));
    }, stem),
  cells: (page, stem) =>
    page.evaluate(({ pattern, stem }: { pattern: string; stem: string }) => {
      const widget = [...(globalThis as any).jupyterapp.shell.widgets("main")].find((w: any) =>
        w.context?.path?.endsWith(`${stem}.ipynb`)
      );
      return widget.content.widgets.flatMap((c: any, index: number) => {
        if (c.model.type !== "code") return [];
        const outputs = c.model.outputs.toJSON() as any[];
        const rendered = c.node.querySelectorAll(".jp-OutputArea-output").length;
        // wide figures must shrink to the output area, not overflow it (cut off)
        const shown = [
          ...c.node.querySelectorAll(".jp-OutputArea-output img, .jp-OutputArea-output svg"),
        ];
        const overflowing = shown.filter((img: any) => {
          const area = img.closest(".jp-OutputArea-output");
          return img.getBoundingClientRect().width > area.getBoundingClientRect().width + 1;
        }).length;
        const figures: string[] = [];
        for (const o of outputs) {
          const markup = String(o.data?.["image/svg+xml"] ?? "") +
            String(o.data?.["text/html"] ?? "");
          for (const m of markup.matchAll(new RegExp(pattern, "g"))) figures.push(m[1]);
        }
        const texts = outputs.map((o) => o.text ?? o.data?.["text/plain"] ?? "").map((t) =>
          Array.isArray(t) ? t.join("") : String(t)
        );
        if (overflowing > 0) {
          texts.push(`FAIL ${overflowing} figure(s) of this cell are wider than the output area`);
        }
        if (rendered < outputs.length) {
          texts.push(`FAIL ${outputs.length - rendered} output(s) of this cell are not rendered`);
        }
        return [{
          index,
          source: c.model.sharedModel.getSource(),
          figures,
          errors: outputs.filter((o) => o.output_type === "error").map((o) =>
            `${o.ename}: ${o.evalue}`
          ),
          texts,
        }];
      });
    }, { pattern: FIGURE_NAMES.source, stem }),
  stopKernel: (page, stem) =>
    page.evaluate(async (stem: string) => {
      const shell = (globalThis as any).jupyterapp?.shell;
      const widget = shell &&
        [...shell.widgets("main")].find((w: any) => w.context?.path?.endsWith(`${stem}.ipynb`));
      await widget?.sessionContext?.shutdown();
    }, stem),
};

/**
 * Runs every notebook in `stems` through the front end that `deno task lab` chooses (JupyterLab
 * or the classic Notebook) in headless Chromium.
 */
export async function browserRunAll(
  stems: readonly string[],
  setup: SetupResult,
  options: { chromium: string; timeoutS?: number },
): Promise<BrowserOutcome[]> {
  await prepareCopies(stems);
  const frontEnd = await jupyterFrontEnd(browserDirectory);
  const driver = frontEnd.kind === "lab" ? LAB : CLASSIC;
  console.log(`   front end: ${frontEnd.kind === "lab" ? "JupyterLab" : "classic Notebook"}`);
  const port = freePort();
  const token = crypto.randomUUID();
  const server = new Deno.Command(frontEnd.command, {
    args: [...frontEnd.args, ...rootFlag(), ...driver.serverArgs(port, token)],
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
        await page.goto(driver.url(base, stem, token));
        await waitFor(`the kernel of ${stem}`, 180, () => driver.kernelReady(page, stem));
        await driver.runAll(page, stem);
        await waitFor(
          `Run All of ${stem}`,
          options.timeoutS ?? 900,
          () => driver.finished(page, stem),
        );
        problems.push(...pageProblems(await driver.cells(page, stem)));
      } catch (error) {
        problems.push((error as Error).message);
      } finally {
        await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
        await driver.stopKernel(page, stem).catch(() => {});
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
