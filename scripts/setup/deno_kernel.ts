/**
 * Registers the Deno Jupyter kernel in a project-local Jupyter data folder (.jupyter/data), with
 * `deno jupyter --install`, pointing at the deno binary that is running now. When that binary
 * moves (an npx cache, an upgrade), the kernelspec is rewritten, so it is never stale.
 */
import { join } from "node:path";
import { repositoryRoot } from "../../lib/data/project_paths.ts";
import { capture } from "./run_command.ts";

/** The project-local Jupyter data folder; put it first on JUPYTER_PATH. */
export const projectJupyterData = join(repositoryRoot, ".jupyter", "data");

/** Name of the kernel the notebooks ask for. */
export const KERNEL_NAME = "deno";

/** The kernelspec file of the project's Deno kernel. */
export const kernelSpecPath = join(projectJupyterData, "kernels", KERNEL_NAME, "kernel.json");

async function registeredBinary(): Promise<string | null> {
  try {
    const spec = JSON.parse(await Deno.readTextFile(kernelSpecPath)) as { argv?: string[] };
    return spec.argv?.[0] ?? null;
  } catch {
    return null;
  }
}

async function findKernelJson(dir: string): Promise<string | null> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isFile && entry.name === "kernel.json") return path;
    if (entry.isDirectory) {
      const found = await findKernelJson(path);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Runs `deno jupyter --install` with HOME and XDG_DATA_HOME in a scratch folder (it ignores
 * JUPYTER_DATA_DIR and would otherwise write to the user's global Jupyter folder), then copies
 * the kernelspec it wrote (kernel.json and logos) into the project-local folder.
 */
async function installKernelSpec(deno: string): Promise<void> {
  const scratch = await Deno.makeTempDir({ prefix: "deno-kernelspec-" });
  try {
    const r = await capture(deno, ["jupyter", "--install", "--force", "--name", KERNEL_NAME], {
      env: { HOME: scratch, XDG_DATA_HOME: join(scratch, "share") },
    });
    const written = r.code === 0 ? await findKernelJson(scratch) : null;
    if (!written) {
      throw new Error(`deno jupyter --install failed:\n${r.stdout}${r.stderr}`);
    }
    const target = join(projectJupyterData, "kernels", KERNEL_NAME);
    await Deno.mkdir(target, { recursive: true });
    const source = written.slice(0, -"kernel.json".length);
    for await (const entry of Deno.readDir(source)) {
      if (entry.isFile) await Deno.copyFile(join(source, entry.name), join(target, entry.name));
    }
    // Deno writes the path it was invoked by (often a symlink); pin the binary actually running.
    const spec = JSON.parse(await Deno.readTextFile(kernelSpecPath)) as { argv: string[] };
    spec.argv[0] = deno;
    await Deno.writeTextFile(kernelSpecPath, JSON.stringify(spec, null, 2) + "\n");
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}

/** Ensures the kernelspec exists and runs this deno; returns the environment that finds it. */
export async function ensureDenoKernel(): Promise<Record<string, string>> {
  const deno = Deno.execPath();
  if (await registeredBinary() !== deno) {
    await installKernelSpec(deno);
    if (await registeredBinary() !== deno) {
      throw new Error(`the kernelspec in ${kernelSpecPath} does not run ${deno}`);
    }
    console.log(`setup: Deno kernel registered in ${projectJupyterData} (${deno})`);
  }
  const jupyterPath = [projectJupyterData, Deno.env.get("JUPYTER_PATH")].filter(Boolean).join(":");
  return { JUPYTER_PATH: jupyterPath };
}
