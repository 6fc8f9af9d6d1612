/**
 * `deno task lab [jupyter args]`: starts Jupyter (JupyterLab if installed, else the classic
 * notebook) rooted at the repository — README, figures/ and data/ can be browsed — and opening
 * notebooks/, with the project's Deno kernel registered, so the notebooks open and run
 * interactively. Extra arguments go to Jupyter (e.g. --no-browser --port=8890).
 */
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { inherit } from "./setup/run_command.ts";
import { jupyterFrontEnd, rootFlag } from "./setup/jupyter_front_end.ts";
import { ensureSetup } from "./setup.ts";

if (import.meta.main) {
  try {
    const { env } = await ensureSetup();
    const frontEnd = await jupyterFrontEnd(repositoryRoot);
    const asRoot = rootFlag(Deno.args);
    if (asRoot.length) console.log("lab: running as root, so passing --allow-root to Jupyter");
    console.log(
      `lab: starting ${frontEnd.command} at ${repositoryRoot}, opening notebooks/ (kernel: "Deno")`,
    );
    const code = await inherit(frontEnd.command, [...frontEnd.args, ...asRoot, ...Deno.args], {
      cwd: repositoryRoot,
      env,
    });
    Deno.exit(code);
  } catch (error) {
    console.error(`lab: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
