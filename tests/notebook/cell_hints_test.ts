import assert from "node:assert/strict";
import {
  declaredNames,
  definitionsByCell,
  undefinedNameHint,
} from "../../lib/notebook/cell_hints.ts";

Deno.test("declaredNames: top-level declarations, destructuring and imports", () => {
  const source = [
    'import { startNotebook, type NotebookRun } from "../lib/a.ts";',
    'import { table as showTable } from "../lib/b.ts";',
    'import * as Plot from "npm:x";',
    'import fig from "../lib/c.ts";',
    "const p = run.params({});",
    "let { a, b: bee, ...rest } = f();",
    "const [x, y] = g();",
    "export async function helper() {",
    "  const inner = 1;",
    "}",
    "class Thing {}",
  ].join("\n");
  assert.deepEqual(
    new Set(declaredNames(source)),
    new Set([
      "startNotebook",
      "NotebookRun",
      "showTable",
      "Plot",
      "fig",
      "p",
      "a",
      "bee",
      "rest",
      "x",
      "y",
      "helper",
      "Thing",
    ]),
  );
});

Deno.test("definitionsByCell numbers code cells only and keeps the first definition", () => {
  const nb = JSON.stringify({
    cells: [
      { cell_type: "markdown", source: ["# title"] },
      { cell_type: "code", source: ["const run = start();\n", "const scanTable = 1;"] },
      { cell_type: "markdown", source: "text" },
      { cell_type: "code", source: "\nconst scanTable = 2;\nconst other = 3;" },
    ],
  });
  const defs = definitionsByCell(nb);
  assert.deepEqual(defs.get("scanTable"), { cell: 1, firstLine: "const run = start();" });
  assert.deepEqual(defs.get("other"), { cell: 2, firstLine: "const scanTable = 2;" });
});

Deno.test("undefinedNameHint names the defining cell, or says to run the cells above", () => {
  const defs = new Map([["scanTable", { cell: 4, firstLine: "const scanTable = scan();" }]]);
  const known = undefinedNameHint("scanTable is not defined", defs);
  assert.match(known!, /`scanTable` is defined in code cell 4/);
  assert.match(known!, /Run All Above/);
  assert.match(undefinedNameHint("zzz is not defined", defs)!, /no cell of this notebook defines/);
  assert.equal(undefinedNameHint("Cannot access 'x' before initialization", defs), null);
});
