/**
 * Idempotent setup, run at the start of reproduce / test / lab: Jupyter's headless tools, the
 * project's Deno kernel, and (optional) OpenBLAS and the paper font. A second run does nothing
 * but check. `deno task setup` runs it alone.
 */
import { ensureJupyterPython } from "./setup/jupyter_tools.ts";
import { ensureDenoKernel } from "./setup/deno_kernel.ts";
import { ensureOptionalPackages } from "./setup/optional_packages.ts";
import { ensureNotebookConfig } from "./setup/notebook_config.ts";

/** What the runner needs: a Python with nbclient, and the environment that finds the kernel. */
export interface SetupResult {
  python: string;
  env: Record<string, string>;
}

/** Runs the setup steps; throws one clear error when a required piece cannot be had. */
export async function ensureSetup(): Promise<SetupResult> {
  for (const note of await ensureOptionalPackages()) console.warn(`note: ${note}`);
  const python = await ensureJupyterPython();
  const env = { ...await ensureDenoKernel(), ...await ensureNotebookConfig() };
  return { python, env };
}

if (import.meta.main) {
  try {
    const { python } = await ensureSetup();
    console.log(`setup: ready (Jupyter tools in ${python}, Deno ${Deno.version.deno})`);
  } catch (error) {
    console.error(`setup failed: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
