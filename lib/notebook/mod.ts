/**
 * lib/notebook: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/notebook/mod.ts"`) instead of one path per file.
 */
export * from "./agreement.ts";
export * from "./cell_hints.ts";
export * from "./esd_report.ts";
export * from "./exercise.ts";
export * from "./jupyter_display.ts";
export * from "./kernel_messages.ts";
export * from "./metrics.ts";
export * from "./mode.ts";
export * from "./params.ts";
export * from "./progress.ts";
export * from "./start_notebook.ts";
export * from "./table.ts";
