/**
 * lib/exercises: each notebook's exercises (a stub in the notebook, the answer check here, the
 * reference solution in solutions/), graded by lib/notebook/exercise.ts.
 */
export * as primerExercises from "./random_matrix_primer.ts";
export * as dysonExercises from "./dyson_brownian_motion.ts";
export * as rbmExercises from "./rbm_linear_scaling.ts";
export * as transformerExercises from "./transformer_spectra.ts";
export * as dmftExercises from "./dmft.ts";
export * as sgdExercises from "./sgd_limiting_dynamics.ts";
export * as fluctuationExercises from "./weight_fluctuations.ts";
export * as spectraExercises from "./spectra_of_your_model.ts";
export * as phaseExercises from "./sgd_phase_diagram.ts";
