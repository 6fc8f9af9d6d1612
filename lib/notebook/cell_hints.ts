/**
 * Hints for cells run out of order. A cell that uses a name defined by a cell not yet run fails
 * with a bare `ReferenceError: scanTable is not defined`; in a notebook the error now also says
 * which code cell defines the name and to run the cells above first.
 *
 * How: the first cell (startNotebook) reads the notebook's own .ipynb, indexes the top-level names
 * each code cell declares, and chains V8's `Error.prepareStackTrace` hook (which Deno honours and
 * the kernel uses for the error it shows) to append the hint to ReferenceErrors.
 */
import { join } from "node:path";
import { repositoryRoot } from "../data/project_paths.ts";
import { inKernel } from "./kernel_messages.ts";

/** Where a top-level name is declared: code cell number (1-based) and its first line. */
export interface Definition {
  cell: number;
  firstLine: string;
}

/** The names a piece of top-level code declares (const/let/var/function/class, imports). */
export function declaredNames(source: string): string[] {
  const names: string[] = [];
  const add = (list: string) => {
    for (const part of list.split(",")) {
      // `a`, `a = 1`, `a: b` (object pattern), `b as c` (import), `...rest`
      const m = part.trim().match(/^(?:\.\.\.)?(?:[\w$]+\s*(?::|\bas\b)\s*)?([\w$]+)/);
      if (m) names.push(m[1]);
    }
  };
  const topLevel = /^(?:export\s+)?(?:const|let|var)\s+(?:\{([^}]*)\}|\[([^\]]*)\]|([\w$]+))/gm;
  for (const m of source.matchAll(topLevel)) {
    if (m[3]) names.push(m[3]);
    else add(m[1] ?? m[2] ?? "");
  }
  const declarations = /^(?:export\s+)?(?:async\s+)?(?:function\*?|class)\s+([\w$]+)/gm;
  for (const m of source.matchAll(declarations)) names.push(m[1]);
  const imports = /^import\s+(?:type\s+)?([\s\S]*?)\s+from\s+["']/gm;
  for (const m of source.matchAll(imports)) {
    const clause = m[1];
    const braces = clause.match(/\{([^}]*)\}/);
    if (braces) add(braces[1].replace(/\btype\s+/g, ""));
    const star = clause.match(/\*\s+as\s+([\w$]+)/);
    if (star) names.push(star[1]);
    const plain = clause.match(/^([\w$]+)\s*(?:,|$)/);
    if (plain && plain[1] !== "type") names.push(plain[1]);
  }
  return names;
}

/** Code cells of a notebook (.ipynb JSON) → where each top-level name is first declared. */
export function definitionsByCell(notebookJson: string): Map<string, Definition> {
  const notebook = JSON.parse(notebookJson) as {
    cells?: { cell_type?: string; source?: string | string[] }[];
  };
  const definitions = new Map<string, Definition>();
  let cell = 0;
  for (const c of notebook.cells ?? []) {
    if (c.cell_type !== "code") continue;
    cell++;
    const source = Array.isArray(c.source) ? c.source.join("") : c.source ?? "";
    const firstLine = source.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
    for (const name of declaredNames(source)) {
      if (!definitions.has(name)) definitions.set(name, { cell, firstLine });
    }
  }
  return definitions;
}

/** The hint for one error message, or null when it is not an undefined name. */
export function undefinedNameHint(
  message: string,
  definitions: ReadonlyMap<string, Definition>,
): string | null {
  const m = message.match(/^([\w$]+) is not defined$/);
  if (!m) return null;
  const where = definitions.get(m[1]);
  if (!where) {
    return `Hint: no cell of this notebook defines \`${m[1]}\`: check the spelling, or run ` +
      `the cells above this one first (Run All Above in the Cell/Run menu, or Run All).`;
  }
  const shown = where.firstLine.length > 60
    ? `${where.firstLine.slice(0, 57)}...`
    : where.firstLine;
  return `Hint: \`${m[1]}\` is defined in code cell ${where.cell} of this notebook ` +
    `(${JSON.stringify(shown)}); run the cells above this one first ` +
    `(Run All Above in the Cell/Run menu, or Run All).`;
}

type PrepareStackTrace = (error: Error, callSites: unknown[]) => unknown;
const INSTALLED = Symbol.for("rmt-notebooks.cellHints");

/**
 * In the Jupyter kernel, makes ReferenceErrors name the cell to run first, for notebook `stem`.
 * A no-op elsewhere; safe to call again (the index is replaced).
 */
export function installCellHints(stem: string): void {
  if (!inKernel()) return;
  let definitions = new Map<string, Definition>();
  try {
    const path = join(repositoryRoot, "notebooks", `${stem}.ipynb`);
    definitions = definitionsByCell(Deno.readTextFileSync(path));
  } catch { /* no notebook file (e.g. a renamed copy): the generic hint still helps */ }
  const errorClass = Error as unknown as {
    prepareStackTrace?: PrepareStackTrace & { [INSTALLED]?: PrepareStackTrace | undefined };
  };
  const current = errorClass.prepareStackTrace;
  const previous = current && INSTALLED in current ? current[INSTALLED] : current;
  const hinted: PrepareStackTrace = (error, callSites) => {
    const base = previous
      ? previous(error, callSites)
      : [String(error), ...callSites.map((site) => `    at ${site}`)].join("\n");
    const hint = error instanceof ReferenceError
      ? undefinedNameHint(error.message, definitions)
      : null;
    return hint ? `${base}\n${hint}` : base;
  };
  Object.defineProperty(hinted, INSTALLED, { value: previous });
  errorClass.prepareStackTrace = hinted;
}
