/** The project's notebooks and the selection of them by number or stem. */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";

/** Folder of the committed notebooks. */
export const notebooksDirectory = join(repositoryRoot, "notebooks");

/** Stems of all notebooks, in reading order (by their number prefix). */
export function allNotebookStems(): string[] {
  return [...Deno.readDirSync(notebooksDirectory)]
    .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => e.name.slice(0, -".ipynb".length))
    .sort();
}

/**
 * Selects notebooks by `names`: a number ("1", "01"), a stem, or a file name. No names: all.
 * Throws naming the unknown selector and listing the notebooks.
 */
export function selectNotebooks(names: string[]): string[] {
  const stems = allNotebookStems();
  if (names.length === 0) return stems;
  const chosen = names.map((name) => {
    const plain = name.replace(/^.*\//, "").replace(/\.ipynb$/, "");
    const byNumber = /^\d+$/.test(plain)
      ? stems.filter((s) => Number(s.split("_")[0]) === Number(plain))
      : [];
    const match = stems.includes(plain) ? [plain] : byNumber;
    if (match.length !== 1) {
      throw new Error(
        `no notebook ${JSON.stringify(name)}; the notebooks are:\n  ${stems.join("\n  ")}`,
      );
    }
    return match[0];
  });
  // each notebook once, in the order first named (`reproduce 00 00` runs it once)
  return [...new Set(chosen)];
}
