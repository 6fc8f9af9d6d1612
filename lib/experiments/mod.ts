/**
 * lib/experiments: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/experiments/mod.ts"`) instead of one path per file.
 */
export * from "./dmft_simulation_tasks.ts";
export * from "./dmft_simulations.ts";
export * from "./dyson_teacher_student.ts";
export * from "./gpt_checkpoints.ts";
export * from "./gpt_run_config.ts";
export * from "./level_statistics_primer.ts";
export * from "./mlp_limiting_dynamics.ts";
export * from "./rbm_linear_scaling.ts";
export * from "./sgd_linear_regression_study.ts";
export * from "./transformer_seed_spread.ts";
export * from "./transformer_spectra.ts";
export * from "./transformer_training.ts";
export * from "./weight_fluctuations_study.ts";
export * from "./wishart_spectra.ts";
export * from "./model_spectra.ts";
export * from "./checkpoint_series.ts";
export * from "./spectra_report.ts";
export * from "./spectra_table.ts";
export * from "./project_gpt_run.ts";
export * from "./sgd_phase_diagram.ts";
export * from "./sgd_phase_analysis.ts";
export * from "./sgd_phase_realisation.ts";
export * from "./sgd_phase_paper_values.ts";
