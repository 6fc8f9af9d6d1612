/**
 * `deno task lab [jupyter args]`: starts Jupyter (JupyterLab if installed, else the classic
 * notebook) rooted at the repository — README, figures/ and data/ can be browsed — and opening
 * notebooks/, with the project's Deno kernel registered, so the notebooks open and run
 * interactively. Extra arguments go to Jupyter (e.g. --no-browser --port=8890).
 */
import { available, inherit } from "./setup/run_command.ts";
import { aptInstall, canInstallWithApt } from "./setup/system_packages.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { ensureSetup } from "./setup.ts";

/** The front end's command with the options that root it at the repository and open notebooks/. */
async function jupyterFrontEnd(): Promise<string[] | null> {
  if (await available("jupyter-lab")) {
    return [
      "jupyter-lab",
      `--ServerApp.root_dir=${repositoryRoot}`,
      "--LabApp.default_url=/lab/tree/notebooks",
    ];
  }
  if (await available("jupyter-notebook")) {
    return [
      "jupyter-notebook",
      `--NotebookApp.notebook_dir=${repositoryRoot}`,
      "--NotebookApp.default_url=/tree/notebooks",
    ];
  }
  return null;
}

if (import.meta.main) {
  try {
    const { env } = await ensureSetup();
    let frontEnd = await jupyterFrontEnd();
    if (!frontEnd && await canInstallWithApt()) {
      await aptInstall(["jupyter-notebook"]);
      frontEnd = await jupyterFrontEnd();
    }
    if (!frontEnd) {
      throw new Error(
        "no Jupyter front end found. Install one with:\n" +
          "  python3 -m pip install --user jupyterlab\n  or: sudo apt-get install jupyter-notebook",
      );
    }
    // Jupyter refuses to start as root (containers, CI machines) unless told it may.
    const rootFlag = Deno.uid?.() === 0 && !Deno.args.includes("--allow-root")
      ? ["--allow-root"]
      : [];
    if (rootFlag.length) console.log("lab: running as root, so passing --allow-root to Jupyter");
    console.log(
      `lab: starting ${frontEnd[0]} at ${repositoryRoot}, opening notebooks/ (kernel: "Deno")`,
    );
    const code = await inherit(frontEnd[0], [...frontEnd.slice(1), ...rootFlag, ...Deno.args], {
      cwd: repositoryRoot,
      env,
    });
    Deno.exit(code);
  } catch (error) {
    console.error(`lab: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
