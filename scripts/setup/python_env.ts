/**
 * The project's own Python environment, `.venv/` at the repository root (not committed), for what
 * Debian does not package or packages too old: JupyterLab, and pandas + pyarrow for the README's
 * "read the results from Python" example. Created with `python3 -m venv` and filled by pip on
 * first need, one line of output per step.
 */
import { join } from "node:path";
import { repositoryRoot } from "../../lib/data/project_paths.ts";
import { capture } from "./run_command.ts";

/** The environment's folder and interpreter. */
export const venvDirectory = join(repositoryRoot, ".venv");
export const venvPython = join(venvDirectory, "bin", "python");

/** A Python able to import `modules`, or why there is none. */
export type PythonFor = { python: string } | { python: null; reason: string };

async function imports(python: string, modules: readonly string[]): Promise<boolean> {
  return (await capture(python, ["-c", `import ${modules.join(", ")}`])).code === 0;
}

/**
 * pip retries an unreachable index for minutes per package. Machines that install from a local
 * wheel mirror (pip's find-links set, as on our CI) get `--retries 0`; elsewhere pip's defaults.
 */
async function pipOptions(python: string): Promise<string[]> {
  if (Deno.env.get("PIP_FIND_LINKS")) return ["--retries", "0"];
  const config = await capture(python, ["-m", "pip", "config", "list"]);
  return /find-links/.test(config.stdout) ? ["--retries", "0"] : [];
}

/**
 * `.venv`'s Python with `modules` importable, installing `packages` with pip when they are not
 * (and creating `.venv` first when it does not exist). Never throws: says why it could not.
 */
export async function ensureVenvModules(
  modules: readonly string[],
  packages: readonly string[],
): Promise<PythonFor> {
  if (await imports(venvPython, modules)) return { python: venvPython };
  try {
    await Deno.stat(venvPython);
  } catch {
    let created = false;
    for (const base of ["python3", "/usr/bin/python3"]) {
      console.log(`setup: creating .venv with ${base} -m venv`);
      if ((await capture(base, ["-m", "venv", venvDirectory])).code === 0) {
        created = true;
        break;
      }
    }
    if (!created) {
      return {
        python: null,
        reason: "python3 -m venv failed (Debian: apt-get install python3-venv)",
      };
    }
  }
  console.log(`setup: pip install ${packages.join(" ")} into .venv`);
  const pip = await capture(venvPython, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    ...await pipOptions(venvPython),
    ...packages,
  ]);
  if (pip.code === 0 && await imports(venvPython, modules)) return { python: venvPython };
  const last = pip.stderr.trim().split("\n").filter((l) => !/^WARNING/.test(l)).slice(-1)[0];
  return {
    python: null,
    reason: `pip could not install ${packages.join(" ")} into .venv (${last ?? "no message"})`,
  };
}
