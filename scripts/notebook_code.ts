/**
 * The notebooks' code under the same checks as lib/: each notebook's code cells are extracted,
 * in order, into one module notebooks/.code/<stem>.ts (gitignored; a cell is marked with a
 * `// cell N` comment so that a finding can be traced back), which `deno task check` then type
 * checks and lints; formatting is checked on the notebooks themselves (`deno fmt` formats the
 * code cells of an .ipynb), on a copy, because deno 2.9.6's `fmt --check` misreports notebooks.
 * `deno task fmt-notebooks` formats them in place.
 */
import { basename, join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";

/** The folder of extracted notebook code, relative to the repository root. */
export const NOTEBOOK_CODE_DIR = "notebooks/.code";

interface NotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

const notebooksDir = join(repositoryRoot, "notebooks");

/** The committed notebooks, in order. */
export function notebookPaths(): string[] {
  return [...Deno.readDirSync(notebooksDir)]
    .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => join(notebooksDir, e.name))
    .sort();
}

/** One notebook's code cells as one TypeScript module (imports rewritten for its new folder). */
export function notebookModule(path: string): string {
  const nb = JSON.parse(Deno.readTextFileSync(path)) as NotebookJson;
  const parts = nb.cells.flatMap((cell, i) => {
    if (cell.cell_type !== "code") return [];
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    return [`// cell ${i}\n${source.replaceAll('from "../lib/', 'from "../../lib/')}\n`];
  });
  return `// extracted from notebooks/${basename(path)} by scripts/notebook_code.ts\n${
    parts.join("\n")
  }`;
}

/** Writes every notebook's module; returns their paths relative to the repository root. */
export function extractNotebookCode(): string[] {
  const dir = join(repositoryRoot, NOTEBOOK_CODE_DIR);
  try {
    Deno.removeSync(dir, { recursive: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  Deno.mkdirSync(dir, { recursive: true });
  return notebookPaths().map((path) => {
    const out = join(NOTEBOOK_CODE_DIR, basename(path).replace(/\.ipynb$/, ".ts"));
    Deno.writeTextFileSync(join(repositoryRoot, out), notebookModule(path));
    return out;
  });
}

/**
 * Formats copies of the notebooks with `deno fmt` (the project's line width) and returns the
 * notebooks whose copy changed, i.e. that are not formatted; with `write`, formats them in place.
 */
export async function unformattedNotebooks(write = false): Promise<string[]> {
  const scratch = await Deno.makeTempDir({ prefix: "notebook-fmt-" });
  try {
    const paths = notebookPaths();
    for (const p of paths) await Deno.copyFile(p, join(scratch, basename(p)));
    const fmt = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "-q", "--no-config", "--line-width", "100", scratch],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!fmt.success) throw new Error("deno fmt failed on the notebooks' code cells");
    const changed: string[] = [];
    for (const p of paths) {
      const formatted = await Deno.readTextFile(join(scratch, basename(p)));
      if (formatted === (await Deno.readTextFile(p))) continue;
      changed.push(p);
      if (write) await Deno.writeTextFile(p, formatted);
    }
    return changed;
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

if (import.meta.main) {
  const changed = await unformattedNotebooks(true);
  console.log(
    changed.length === 0 ? "notebooks already formatted" : `formatted ${changed.join(", ")}`,
  );
}
