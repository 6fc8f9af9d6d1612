/**
 * lib/models: every public export of the layer, so a notebook imports the layer in one line
 * (`import { ... } from "../lib/models/mod.ts"`) instead of one path per file.
 */
export * from "./deep_linear_network.ts";
export * from "./dyson_brownian_motion.ts";
export * from "./elliptic_matrix_flow.ts";
export * from "./gaussian_rbm.ts";
export * from "./gpt/adamw.ts";
export * from "./gpt/causal_self_attention.ts";
export * from "./gpt/char_vocabulary.ts";
export * from "./gpt/embedding.ts";
export * from "./gpt/float_buffers.ts";
export * from "./gpt/gpt_architecture.ts";
export * from "./gpt/gpt_model.ts";
export * from "./gpt/gpt_parameters.ts";
export * from "./gpt/gpt_training_step.ts";
export * from "./gpt/layer_norm.ts";
export * from "./gpt/learning_rate_schedule.ts";
export * from "./gpt/linear_layer.ts";
export * from "./gpt/relu.ts";
export * from "./gpt/softmax_cross_entropy.ts";
export * from "./gpt/text_sampling.ts";
export * from "./hidden_unit_alignment.ts";
export * from "./linear_network_sgd.ts";
export * from "./linear_recursion.ts";
export * from "./linear_regression_flow.ts";
export * from "./linear_teacher.ts";
export * from "./noisy_quadratic.ts";
export * from "./random_feature_gd.ts";
export * from "./random_feature_sgd.ts";
export * from "./sgd_linear_regression.ts";
export * from "./tanh_mlp.ts";
export * from "./tanh_teacher_student.ts";
export * from "./teacher_student.ts";
