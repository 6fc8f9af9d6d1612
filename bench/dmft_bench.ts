// The DMFT solvers against the finite-size simulation each replaces (the baseline of each group):
// a 300-step random-feature GD learning curve (DMFT vs one D = 1000 simulation, which gives one
// noisy draw), and a 120-step deep linear network (DMFT vs one D = 600 simulation).
import { simulateDeepLinear } from "../lib/models/deep_linear_network.ts";
import { simulateRandomFeatureGd } from "../lib/models/random_feature_gd.ts";
import { solveDeepLinear } from "../lib/theory/dmft/deep_linear_dmft.ts";
import { solveRandomFeatureGd } from "../lib/theory/dmft/random_feature_gd_dmft.ts";

const rf = { alpha: 0.5, nu: 1, noise: 0, ridge: 0, eta: 0.1, steps: 300 };
Deno.bench(
  "random features: one simulation, D = 1000, 300 steps",
  { group: "rf", baseline: true },
  () => {
    simulateRandomFeatureGd({ dimension: 1000, ...rf, seed: 1 });
  },
);
Deno.bench("random features: DMFT, T = 300", { group: "rf" }, () => {
  solveRandomFeatureGd(rf);
});
const deep = { alpha: 2, nu: 1, gamma: 1, noise: 0, eta: 0.05, steps: 120 };
Deno.bench(
  "deep linear: one simulation, D = 600, 120 steps",
  { group: "deep", baseline: true },
  () => {
    simulateDeepLinear({ dimension: 600, ...deep, seed: 1 });
  },
);
Deno.bench("deep linear: DMFT, T = 120", { group: "deep" }, () => {
  solveDeepLinear(deep);
});
