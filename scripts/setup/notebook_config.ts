/**
 * Front-end settings of the project's Jupyter, in a project-local config folder put on
 * JUPYTER_CONFIG_PATH (so a user's own Jupyter config is neither read over nor changed): code
 * cells wrap long lines in the classic Notebook, instead of clipping them at the output width.
 * JupyterLab gets the same through the overrides file of the project's own `.venv` installation.
 */
import { join } from "node:path";
import { repositoryRoot } from "../../lib/data/project_paths.ts";

/** The project-local Jupyter config folder. */
export const projectJupyterConfig = join(repositoryRoot, ".jupyter", "config");

const NOTEBOOK_SETTINGS = { CodeCell: { cm_config: { lineWrapping: true } } };

/** Writes the settings when they differ; returns the JUPYTER_CONFIG_PATH that finds them. */
export async function ensureNotebookConfig(): Promise<Record<string, string>> {
  const path = join(projectJupyterConfig, "nbconfig", "notebook.json");
  const text = JSON.stringify(NOTEBOOK_SETTINGS, null, 2) + "\n";
  const current = await Deno.readTextFile(path).catch(() => null);
  if (current !== text) {
    await Deno.mkdir(join(projectJupyterConfig, "nbconfig"), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  const configPath = [projectJupyterConfig, Deno.env.get("JUPYTER_CONFIG_PATH")].filter(Boolean)
    .join(":");
  return { JUPYTER_CONFIG_PATH: configPath };
}

const LAB_OVERRIDES = {
  "@jupyterlab/notebook-extension:tracker": { codeCellConfig: { lineWrap: true } },
  // no "get notified about Jupyter news?" prompt over the notebook (the news needs a network)
  "@jupyterlab/apputils-extension:notification": { fetchNews: "false" },
};

/** Writes JupyterLab's overrides (code cells wrap long lines) into the installation at `prefix`. */
export async function ensureLabOverrides(prefix: string): Promise<void> {
  const folder = join(prefix, "share", "jupyter", "lab", "settings");
  const path = join(folder, "overrides.json");
  const text = JSON.stringify(LAB_OVERRIDES, null, 2) + "\n";
  if (await Deno.readTextFile(path).catch(() => null) === text) return;
  await Deno.mkdir(folder, { recursive: true });
  await Deno.writeTextFile(path, text);
}
