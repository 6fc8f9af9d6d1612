/**
 * Where a notebook's outputs go. Two kinds:
 * - results: figures/<stem>/<name>.{svg,png,pdf} and data/<stem>/metrics.json. The committed ones
 *   are the full-mode reference, written only by a reference run (`deno task reproduce --full`,
 *   which sets NB_REFERENCE=1). Every other run — quick mode, Jupyter, exploring with changed
 *   parameters — writes them under build/outputs/, so it never overwrites the reference.
 * - caches and training runs: data/<stem>/<cache files>, data/<stem>/runs/ (not committed),
 *   shared by all runs of this checkout so that a rerun takes seconds.
 * $NB_OUTPUT_DIR, when set, is the root of both (tests and CI's second-kernel run point it at a
 * fresh temp folder).
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** Absolute path of the repository root (the folder holding deno.json). */
export const repositoryRoot: string = fileURLToPath(new URL("../../", import.meta.url));

function environment(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

/** Root under which caches and training runs are written: $NB_OUTPUT_DIR or the repository. */
export function outputRoot(): string {
  return environment("NB_OUTPUT_DIR") ?? repositoryRoot;
}

/** True for a reference run (NB_REFERENCE=1): its figures and metrics replace the committed ones. */
export function isReferenceRun(): boolean {
  const flag = environment("NB_REFERENCE");
  if (flag !== undefined && flag !== "1" && flag !== "0") {
    throw new Error(`NB_REFERENCE must be 1 or 0 (or unset), got "${flag}"`);
  }
  return flag === "1";
}

/**
 * Root under which figures and metrics are written: $NB_OUTPUT_DIR when set, the repository for
 * a reference run, else build/outputs/ of the repository.
 */
export function resultRoot(): string {
  const override = environment("NB_OUTPUT_DIR");
  if (override) return override;
  return isReferenceRun() ? repositoryRoot : join(repositoryRoot, "build", "outputs");
}

/** Throws unless `stem` is a plain file stem such as "00_random_matrix_primer". */
export function assertStem(stem: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(stem)) {
    throw new Error(`not a valid notebook stem: ${JSON.stringify(stem)}`);
  }
}

/** figures/<stem>/ under the result root. */
export function figureDirectory(stem: string): string {
  assertStem(stem);
  return join(resultRoot(), "figures", stem);
}

/** data/<stem>/ under the result root: where metrics.json goes. */
export function metricsDirectory(stem: string): string {
  assertStem(stem);
  return join(resultRoot(), "data", stem);
}

/** data/<stem>/ under the output root: caches and training runs. */
export function dataDirectory(stem: string): string {
  assertStem(stem);
  return join(outputRoot(), "data", stem);
}
