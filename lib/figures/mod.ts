/** Each notebook's figures as functions of its results: a figure cell is one call and a save. */
export * from "./random_matrix_primer.ts";
export * from "./dyson_brownian_motion.ts";
export * from "./rbm_linear_scaling.ts";
export * from "./transformer_spectra.ts";
export * from "./dmft.ts";
export * from "./sgd_limiting_dynamics.ts";
export * from "./weight_fluctuations.ts";
export * from "./spectra_of_your_model.ts";
export * from "./sgd_phase_diagram.ts";
