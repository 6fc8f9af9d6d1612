/**
 * The Jupyter rich-display protocol of the Deno kernel: an object with a method under this symbol
 * returns a MIME bundle ({"image/svg+xml": ..., "text/html": ..., "text/plain": ...}) and is shown
 * that way when it is the value of a cell. Typed as a unique symbol so TypeScript can index by it.
 */
export const jupyterDisplay: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, string>;
