/**
 * The notebook currently running in this process (set by `startNotebook`), so that
 * `figure(...).save(name)` and `cached(name, ...)` know where their files go without being told.
 */
import { assertStem } from "./project_paths.ts";

let currentStem: string | null = null;

/** Records the stem of the notebook now running. */
export function setCurrentNotebook(stem: string): void {
  assertStem(stem);
  currentStem = stem;
}

/** The stem of the notebook now running; throws a helpful error when none was started. */
export function currentNotebookStem(): string {
  if (currentStem === null) {
    throw new Error(
      "no notebook started: call startNotebook({ stem, seed }) first, or pass a directory",
    );
  }
  return currentStem;
}
