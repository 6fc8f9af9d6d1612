/**
 * lib/theory: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/theory/mod.ts"`) instead of one path per file.
 */
export * from "./anomalous_diffusion.ts";
export * from "./dmft/causal_sequences.ts";
export * from "./dmft/deep_linear_dmft.ts";
export * from "./dmft/elliptic_response.ts";
export * from "./dmft/linear_regression_flow.ts";
export * from "./dmft/marchenko_pastur_quadrature.ts";
export * from "./dmft/random_feature_gd_dmft.ts";
export * from "./dmft/random_feature_resolvent.ts";
export * from "./dmft/random_feature_z_domain.ts";
export * from "./dmft/saxe_mode.ts";
export * from "./dmft/sgd_dmft.ts";
export * from "./flatness.ts";
export * from "./gaussian_rbm.ts";
export * from "./modified_loss.ts";
export * from "./phase_space_mean.ts";
export * from "./probability_current.ts";
export * from "./sgd_momentum_moments.ts";
export * from "./single_layer_fluctuations.ts";
export * from "./soft_spin_density.ts";
export * from "./teacher_student_fluctuations.ts";
export * from "./two_layer_fluctuations.ts";
