/**
 * The Jupyter front end for interactive use (`deno task lab`, the browser test): JupyterLab when
 * installed, else the classic Notebook (installed with apt when root and missing). Rooted at the
 * repository, opening notebooks/ — or at `root`, opening `openPath`.
 */
import { available } from "./run_command.ts";
import { aptInstall, canInstallWithApt } from "./system_packages.ts";

/** The command and its options. */
export interface FrontEnd {
  kind: "lab" | "classic";
  command: string;
  args: string[];
}

async function find(root: string, openPath: string): Promise<FrontEnd | null> {
  if (await available("jupyter-lab")) {
    return {
      kind: "lab",
      command: "jupyter-lab",
      args: [`--ServerApp.root_dir=${root}`, `--LabApp.default_url=/lab/tree/${openPath}`],
    };
  }
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
