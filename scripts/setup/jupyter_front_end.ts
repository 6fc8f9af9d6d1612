/**
 * The Jupyter front end for interactive use (`deno task lab`, the browser test): JupyterLab —
 * the project's `.venv` copy, one on PATH, or installed into `.venv` with pip (Debian packages
 * none) — else the classic Notebook (installed with apt when root and missing). Rooted at the
 * repository, opening notebooks/ — or at `root`, opening `openPath`.
 */
import { join } from "node:path";
import { available } from "./run_command.ts";
import { ensureLabOverrides } from "./notebook_config.ts";
import { ensureVenvModules, venvDirectory } from "./python_env.ts";
import { aptInstall, canInstallWithApt } from "./system_packages.ts";

/** The command and its options. */
export interface FrontEnd {
  kind: "lab" | "classic";
  command: string;
  args: string[];
}

function lab(command: string, root: string, openPath: string): FrontEnd {
  return {
    kind: "lab",
    command,
    args: [`--ServerApp.root_dir=${root}`, `--LabApp.default_url=/lab/tree/${openPath}`],
  };
}

const VENV_LAB = join(venvDirectory, "bin", "jupyter-lab");

async function find(root: string, openPath: string): Promise<FrontEnd | null> {
  if (await available(VENV_LAB)) {
    await ensureLabOverrides(venvDirectory);
    return lab(VENV_LAB, root, openPath);
  }
  if (await available("jupyter-lab")) return lab("jupyter-lab", root, openPath);
  if (await available("jupyter-notebook")) {
    return {
      kind: "classic",
      command: "jupyter-notebook",
      args: [`--NotebookApp.notebook_dir=${root}`, `--NotebookApp.default_url=/tree/${openPath}`],
    };
  }
  return null;
}

/** The front end, installing the classic Notebook when none is there and apt can; or throws. */
export async function jupyterFrontEnd(root: string, openPath = "notebooks"): Promise<FrontEnd> {
  let frontEnd = await find(root, openPath);
  if (frontEnd?.kind !== "lab") {
    const venv = await ensureVenvModules(["jupyterlab"], ["jupyterlab"]);
    if (venv.python !== null) {
      await ensureLabOverrides(venvDirectory);
      return lab(VENV_LAB, root, openPath);
    }
    console.log(`setup: no JupyterLab (${venv.reason}); using the classic Notebook`);
  }
  if (!frontEnd && await canInstallWithApt()) {
    await aptInstall(["jupyter-notebook"]);
    frontEnd = await find(root, openPath);
  }
  if (!frontEnd) {
    throw new Error(
      "no Jupyter front end found. Install one with:\n" +
        "  python3 -m pip install --user jupyterlab\n  or: sudo apt-get install jupyter-notebook",
    );
  }
  return frontEnd;
}

/** Jupyter refuses to start as root (containers, CI machines) unless told it may. */
export function rootFlag(args: readonly string[] = []): string[] {
  return Deno.uid?.() === 0 && !args.includes("--allow-root") ? ["--allow-root"] : [];
}
