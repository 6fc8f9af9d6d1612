/**
 * Where a notebook's outputs go (the figures/data contract):
 *   figures/<stem>/<name>.{svg,png,pdf}, data/<stem>/metrics.json, data/<stem>/<cache files>.
 * The root is the repository root, or $NB_OUTPUT_DIR when set (tests point it at a temp dir).
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** Absolute path of the repository root (the folder holding deno.json). */
export const repositoryRoot: string = fileURLToPath(new URL("../../", import.meta.url));

/** Root under which figures/ and data/ are written. */
export function outputRoot(): string {
  const override = Deno.env.get("NB_OUTPUT_DIR");
  return override && override.length > 0 ? override : repositoryRoot;
}

/** Throws unless `stem` is a plain file stem such as "00_random_matrix_primer". */
export function assertStem(stem: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(stem)) {
    throw new Error(`not a valid notebook stem: ${JSON.stringify(stem)}`);
  }
}

/** figures/<stem>/ under the output root. */
export function figureDirectory(stem: string): string {
  assertStem(stem);
  return join(outputRoot(), "figures", stem);
}

/** data/<stem>/ under the output root. */
export function dataDirectory(stem: string): string {
  assertStem(stem);
  return join(outputRoot(), "data", stem);
}
