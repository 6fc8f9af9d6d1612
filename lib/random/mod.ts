/**
 * lib/random: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/random/mod.ts"`) instead of one path per file.
 */
export * from "./fast_normals.ts";
export * from "./rng.ts";
export * from "./seed_hash.ts";
