/**
 * lib/rmt: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/rmt/mod.ts"`) instead of one path per file.
 */
export * from "./ensembles.ts";
export * from "./esd_analysis.ts";
export * from "./finite_sample.ts";
export * from "./goe_pair_density.ts";
export * from "./histogram.ts";
export * from "./jackknife.ts";
export * from "./laguerre_tridiagonal.ts";
export * from "./layer_level_statistics.ts";
export * from "./layer_metrics.ts";
export * from "./layer_plan.ts";
export * from "./lazy_tensors.ts";
export * from "./level_null_cache.ts";
export * from "./ks_distance.ts";
export * from "./level_statistics.ts";
export * from "./marchenko_pastur.ts";
export * from "./minimize.ts";
export * from "./npy_format.ts";
export * from "./npz_format.ts";
export * from "./power_law_tail.ts";
export * from "./safe_pickle.ts";
export * from "./safetensors_format.ts";
export * from "./semicircle.ts";
export * from "./spacing_ratio.ts";
export * from "./special_functions.ts";
export * from "./spectral_fits.ts";
export * from "./spiked_matrix.ts";
export * from "./statistical_thresholds.ts";
export * from "./tilde_ratio_null.ts";
export * from "./torch_format.ts";
export * from "./tracy_widom.ts";
export * from "./wigner_surmise.ts";
export * from "./wishart.ts";
export * from "./zip_archive.ts";
export * from "./weight_files.ts";
