/**
 * The Python references of `deno task bench` (numpy for linalg, PyTorch for the GPT): the
 * interpreter and the environment they run in.
 *
 * - The interpreter is the project's `.venv` (created, and the package installed with pip, when
 *   pip can; scripts/setup/python_env.ts); without it, `python3` when it imports the module.
 * - The environment is this process's, less OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE: some of our
 *   machines set them, and they slow numpy's bundled OpenBLAS to about half its speed, so the
 *   references run at their best (the advice for benchmarking against numpy). Our side keeps the
 *   machine's environment as it is. Thread counts are set for OpenBLAS, OpenMP and MKL alike.
 */
import { ensureVenvModules } from "../scripts/setup/python_env.ts";
import { capture } from "../scripts/setup/run_command.ts";

/** The variables removed from the references' environment. */
export const UNSET_FOR_REFERENCES = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"] as const;

/** The environment of a reference run at `threads` threads. */
export function referenceEnvironment(threads: number): Record<string, string> {
  const env = Deno.env.toObject();
  for (const name of UNSET_FOR_REFERENCES) delete env[name];
  const n = String(threads);
  return { ...env, OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

/** What was unset, for the reports: e.g. "OPENBLAS_CORETYPE=Haswell unset for numpy". */
export function unsetDescription(): string {
  const set = UNSET_FOR_REFERENCES.filter((name) => Deno.env.get(name));
  return set.length === 0
    ? `${UNSET_FOR_REFERENCES.join(" and ")} not set`
    : `${set.map((name) => `${name}=${Deno.env.get(name)}`).join(", ")} unset for the reference`;
}

/** A Python that imports `module` (installing `pipPackage` into .venv when needed), or why not. */
export async function referencePython(
  module: string,
  pipPackage: string,
): Promise<{ python: string } | { python: null; reason: string }> {
  const venv = await ensureVenvModules([module], [pipPackage]);
  if (venv.python !== null) return venv;
  if ((await capture("python3", ["-c", `import ${module}`])).code === 0) {
    return { python: "python3" };
  }
  return venv;
}
