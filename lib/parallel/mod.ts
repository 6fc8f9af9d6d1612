/**
 * lib/parallel: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/parallel/mod.ts"`) instead of one path per file.
 */
export * from "./sweep.ts";
export * from "./sweep_protocol.ts";
export * from "./sweep_store.ts";
export * from "./sweep_values.ts";
