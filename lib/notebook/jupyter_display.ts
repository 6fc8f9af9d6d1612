/**
 * The Jupyter rich-display protocol of the Deno kernel: an object with a method under this symbol
 * returns a MIME bundle ({"image/svg+xml": ..., "text/html": ..., "text/plain": ...}) and is shown
 * that way when it is the value of a cell. Typed as a unique symbol so TypeScript can index by it.
 */
import { inKernel, sendToFrontEnd } from "./kernel_messages.ts";

export const jupyterDisplay: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, string>;

/** A value with a rich display. */
export interface Displayable {
  [jupyterDisplay](): MimeBundle;
}

/** True when running inside the Deno Jupyter kernel. */
export function inJupyterKernel(): boolean {
  return inKernel();
}

/**
 * Shows `value` in the output of the running cell now, as a display (not the cell's value), so
 * that a cell can show several things; resolves once the front end has been sent it (so it cannot
 * arrive after the cell ends: lib/notebook/kernel_messages.ts). A no-op outside the Deno kernel
 * (tests, scripts); returns whether it was shown.
 */
export async function displayNow(value: Displayable): Promise<boolean> {
  if (!inKernel()) return false;
  return await sendToFrontEnd("display_data", {
    data: value[jupyterDisplay](),
    metadata: {},
    transient: {},
  });
}
