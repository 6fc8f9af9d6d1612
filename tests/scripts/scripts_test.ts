import assert from "node:assert/strict";
import { join } from "node:path";
import { allNotebookStems, selectNotebooks } from "../../scripts/notebook_list.ts";
import { notebooksWithOutputs } from "../../scripts/notebook_outputs.ts";
import { parseDenoTestSummary } from "../../scripts/test.ts";
import { parseReproduceArgs } from "../../scripts/reproduce.ts";
import { DEFAULT_SPREAD_SEEDS, parseSeeds } from "../../scripts/seed_spread.ts";
import { describeSwitch, otherKernelSwitch } from "../../scripts/other_kernel.ts";
import { changedBy, treeStatus } from "../../scripts/tree_status.ts";
import { typesetHtml } from "../../scripts/typeset_html.ts";
import { markdownText, rawTex } from "../../scripts/html_check.ts";
import { pageProblems, savedNames } from "../../scripts/browser_check.ts";
import { nativeUnavailableReason } from "../../lib/linalg/backend.ts";
import { ensureJupyterPython } from "../../scripts/setup/jupyter_tools.ts";

Deno.test("notebooks are selected by number or stem, and an unknown one is named", () => {
  const stems = allNotebookStems();
  assert.ok(stems.includes("00_random_matrix_primer"));
  assert.deepEqual(selectNotebooks(["0"]), ["00_random_matrix_primer"]);
  assert.deepEqual(selectNotebooks(["00", "0", "00_random_matrix_primer"]), [
    "00_random_matrix_primer",
  ]);
  assert.deepEqual(selectNotebooks(["00"]), ["00_random_matrix_primer"]);
  assert.deepEqual(selectNotebooks(["notebooks/00_random_matrix_primer.ipynb"]), [
    "00_random_matrix_primer",
  ]);
  assert.deepEqual(selectNotebooks([]), stems);
  assert.throws(
    () => selectNotebooks(["99"]),
    /no notebook "99"; the notebooks are:\n {2}00_random_matrix_primer/,
  );
});

Deno.test("reproduce arguments: --full, and a bad NB_MODE is one clear error", () => {
  assert.deepEqual(parseReproduceArgs(["--full", "01"]), { mode: "full", names: ["01"] });
  assert.throws(() => parseReproduceArgs(["--full", "--quick"]), /choose one/);
  assert.throws(() => parseReproduceArgs(["--fast"]), /--fast/);
  const saved = Deno.env.get("NB_MODE");
  try {
    Deno.env.set("NB_MODE", "paper");
    assert.throws(() => parseReproduceArgs([]), /NB_MODE must be "quick" or "full", got "paper"/);
  } finally {
    if (saved === undefined) Deno.env.delete("NB_MODE");
    else Deno.env.set("NB_MODE", saved);
  }
});

Deno.test("missing Jupyter tools give one message with the command to run", async () => {
  await assert.rejects(
    ensureJupyterPython({ candidates: ["/nonexistent/python3"], install: false }),
    (e: Error) => {
      assert.match(e.message, /nbconvert and nbclient are missing/);
      assert.match(
        e.message,
        /sudo apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel/,
      );
      assert.match(e.message, /pip install --user nbclient nbconvert ipykernel/);
      return true;
    },
  );
});

Deno.test("the no-outputs check flags a notebook with stored outputs", async () => {
  const dir = await Deno.makeTempDir();
  const cell = (outputs: unknown[], count: number | null) => ({
    cell_type: "code",
    source: "1",
    outputs,
    execution_count: count,
    metadata: {},
  });
  await Deno.writeTextFile(join(dir, "a.ipynb"), JSON.stringify({ cells: [cell([], null)] }));
  await Deno.writeTextFile(
    join(dir, "b.ipynb"),
    JSON.stringify({ cells: [cell([{ output_type: "stream" }], 1)] }),
  );
  assert.deepEqual(await notebooksWithOutputs(dir), [
    "b.ipynb: 2 stored outputs/execution counts (clear them before committing)",
  ]);
});

Deno.test("deno test's summary line is parsed, colours or not", () => {
  assert.deepEqual(parseDenoTestSummary("...\n\x1b[32mok\x1b[0m | 26 passed | 0 failed (4s)\n"), {
    passed: 26,
    failed: 0,
  });
  assert.deepEqual(parseDenoTestSummary("FAILED | 25 passed (3 steps) | 1 failed (1s)"), {
    passed: 25,
    failed: 1,
  });
  assert.equal(parseDenoTestSummary("error: Type checking failed."), null);
});

Deno.test("seed-spread arguments: default seeds, a list, a clear error", () => {
  assert.deepEqual(parseSeeds(undefined), DEFAULT_SPREAD_SEEDS);
  assert.ok(DEFAULT_SPREAD_SEEDS.length >= 5);
  assert.deepEqual(parseSeeds("4, 9,11"), [4, 9, 11]);
  assert.throws(() => parseSeeds("1,x"), /--seeds: expected non-negative integers, got "1,x"/);
});

Deno.test({
  name: "the other-kernel switch really moves OpenBLAS to other kernels",
  ignore: nativeUnavailableReason() !== "",
  fn: async () => {
    const change = await otherKernelSwitch();
    assert.notEqual(change.other, change.current);
    assert.match(
      describeSwitch(change),
      new RegExp(`^${change.other} kernels \\(.*OPENBLAS_CORETYPE`),
    );
  },
});

Deno.test("tree status: what a run changed is what is new in git status", async () => {
  assert.deepEqual(changedBy([" M a.ts"], [" M a.ts", "?? figures/x.png"]), ["?? figures/x.png"]);
  assert.deepEqual(changedBy([" M a.ts", "?? b"], [" M a.ts"]), []);
  const status = await treeStatus();
  assert.ok(status === null || Array.isArray(status));
});

Deno.test("exported HTML: math typeset to SVG, code untouched, no file:// scripts", () => {
  const html = `<!DOCTYPE html><html><head>` +
    `<script src="file:///usr/share/javascript/mathjax/MathJax.js?config=TeX"> </script>` +
    `<script type="text/x-mathjax-config">init_mathjax()</script></head><body>` +
    `<div><p>Density $\\rho(x) = \\frac{1}{2\\pi}$ and $$x_\\pm = (1\\pm\\sqrt c)^2$$.</p></div>` +
    "<pre>const s = `${a} and ${b}`;</pre></body></html>";
  const out = typesetHtml(html);
  assert.doesNotMatch(out, /file:\/\//);
  assert.doesNotMatch(out, /x-mathjax-config/);
  assert.equal((out.match(/<mjx-container/g) ?? []).length, 2);
  assert.match(out, /display="true"/, "the $$…$$ formula is display math");
  assert.ok(out.includes("<pre>const s = `${a} and ${b}`;</pre>"), "code is not math");
  const text = out.replace(/<svg[\s\S]*?<\/svg>/g, "").replace(/<pre>[\s\S]*?<\/pre>/g, "")
    .replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, "");
  assert.doesNotMatch(text, /\$|\\frac/, "no raw TeX left in the text");
});

Deno.test("HTML check: raw TeX in markdown text is found, typeset math and code are not", () => {
  const dom =
    `<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown">` +
    `<p>ok <mjx-container><svg></svg></mjx-container> and <code>$x</code></p></div></div>` +
    `<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown">` +
    `<p>left: $\\rho(x)$ and \\frac{1}{2}</p></div></div>`;
  const found = rawTex(markdownText(dom));
  assert.equal(found.length, 2);
  assert.equal(found[0], "$\\rho(x)");
  assert.match(found[1], /^\$ and \\frac\{1\}\{2\}/);
  assert.deepEqual(rawTex(markdownText(dom.split('<div class="jp-Cell jp-MarkdownCell">')[1])), []);
});

Deno.test("browser check: saved figures must show once under their cell; errors and FAILs count", () => {
  assert.deepEqual(
    savedNames(`await f.save("loss");\nconst r = esdReport(w);\nawait r.save("esd_w");`),
    ["loss", "esd_w_density", "esd_w_tail"],
  );
  const cell = (index: number, source: string, figures: string[], texts: string[] = []) => ({
    index,
    source,
    figures,
    errors: [],
    texts,
  });
  assert.deepEqual(pageProblems([cell(0, `await a.save("a");`, ["a"]), cell(1, "x;", [])]), []);
  assert.deepEqual(pageProblems([cell(0, `await a.save("a");`, []), cell(1, "x;", ["a"])]), [
    "figure a shown under cell 1, saved by cell 0",
  ]);
  assert.deepEqual(pageProblems([cell(0, `await a.save("a");`, ["a", "a"])]), [
    "figure a (cell 0) shown 2 times",
  ]);
  assert.match(
    pageProblems([
      cell(3, "checks;", [], ["1 of 2 check(s) do not hold in this run.\nFAIL ks: 1 ≤ 0"]),
    ])[0],
    /cell 3: a check failed: FAIL ks/,
  );
  assert.deepEqual(
    pageProblems([{ index: 2, source: "", figures: [], errors: ["TypeError: x"], texts: [] }]),
    ["cell 2: error TypeError: x"],
  );
});

Deno.test("a runner whose parent is killed stops its children and exits (no orphans)", async () => {
  const dir = await Deno.makeTempDir();
  const marker = `${dir}/orphaned`;
  const fixture = new URL("./orphan_watch_fixture.ts", import.meta.url).pathname;
  // sh stands for the process above the runner (npx, deno task) that a user's SIGKILL hits
  const parent = new Deno.Command("sh", {
    args: ["-c", `"${Deno.execPath()}" run -A "${fixture}" "${marker}"; sleep 60`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const until = async (what: string, ok: () => Promise<boolean>) => {
    const end = Date.now() + 30_000;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const exists = (p: string) => Deno.stat(p).then(() => true, () => false);
  try {
    await until("the runner to start", () => exists(`${marker}.started`));
    const grandchild = Number(await Deno.readTextFile(`${marker}.started`));
    parent.kill("SIGKILL");
    await until("the runner to notice", () => exists(marker));
    assert.equal(Number(await Deno.readTextFile(marker)), grandchild);
    await until("the grandchild to be gone", async () => !(await exists(`/proc/${grandchild}`)));
  } finally {
    try {
      parent.kill("SIGKILL");
    } catch { /* already gone */ }
    await parent.status;
    await Deno.remove(dir, { recursive: true });
  }
});
