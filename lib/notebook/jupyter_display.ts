/**
 * The Jupyter rich-display protocol of the Deno kernel: an object with a method under this symbol
 * returns a MIME bundle ({"image/svg+xml": ..., "text/html": ..., "text/plain": ...}) and is shown
 * that way when it is the value of a cell. Typed as a unique symbol so TypeScript can index by it.
 */
export const jupyterDisplay: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, string>;

/** A value with a rich display. */
export interface Displayable {
  [jupyterDisplay](): MimeBundle;
}

/** The part of the Deno kernel's `Deno.jupyter` API used here. */
interface JupyterApi {
  display(value: unknown, options?: { display_id?: string }): Promise<unknown>;
}

/** `Deno.jupyter` inside the Deno Jupyter kernel; null elsewhere (it throws or is absent there). */
function jupyterApi(): JupyterApi | null {
  try {
    const api = (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
    return api && typeof api.display === "function" ? api : null;
  } catch {
    return null;
  }
}

/** True when running inside the Deno Jupyter kernel. */
export function inJupyterKernel(): boolean {
  return jupyterApi() !== null;
}

/**
 * Shows `value` in the output of the running cell now, as a display (not the cell's value), so
 * that a cell can show several things. A no-op outside the Deno kernel (tests, scripts); returns
 * whether it was shown.
 */
export async function displayNow(value: Displayable): Promise<boolean> {
  const api = jupyterApi();
  if (!api) return false;
  await api.display(value);
  return true;
}
