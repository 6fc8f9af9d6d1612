/**
 * lib/data: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/data/mod.ts"`) instead of one path per file.
 */
export * from "./atomic_write.ts";
export * from "./brown_corpus.ts";
export * from "./cached.ts";
export * from "./config_hash.ts";
export * from "./current_notebook.ts";
export * from "./project_paths.ts";
export * from "./run_lock.ts";
export * from "./path_exists.ts";
