/** The committed-notebooks rule: no outputs and no execution counts in notebooks/*.ipynb. */
import { join } from "node:path";

interface NotebookJson {
  cells?: { cell_type?: string; outputs?: unknown[]; execution_count?: number | null }[];
}

/** Number of outputs and execution counts stored in the notebook at `path`. */
export async function storedOutputCount(path: string): Promise<number> {
  let nb: NotebookJson;
  try {
    nb = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new Error(`${path} is not valid notebook JSON: ${(error as Error).message}`);
  }
  return (nb.cells ?? [])
    .filter((c) => c.cell_type === "code")
    .reduce((n, c) => n + (c.outputs?.length ?? 0) + (c.execution_count != null ? 1 : 0), 0);
}

/** One line per notebook in `directory` that carries outputs (empty when all are clean). */
export async function notebooksWithOutputs(directory: string): Promise<string[]> {
  const offenders: string[] = [];
  for (
    const entry of [...Deno.readDirSync(directory)].sort((a, b) => a.name.localeCompare(b.name))
  ) {
    if (!entry.isFile || !entry.name.endsWith(".ipynb")) continue;
    const n = await storedOutputCount(join(directory, entry.name));
    if (n > 0) {
      offenders.push(
        `${entry.name}: ${n} stored outputs/execution counts (clear them before committing)`,
      );
    }
  }
  return offenders;
}
