import { rbmFlowTask } from "../lib/experiments/rbm_linear_scaling.ts";
import { flowTimeTo } from "../lib/theory/gaussian_rbm.ts";
const t0 = performance.now();
const f = rbmFlowTask({ learningRate: 0.01, chains: 16, realisations: 40, until: 300, every: 1, seed: 3 });
console.log(((performance.now() - t0) / 1000).toFixed(1), "s");
const n = 10;
const t90 = (m: Float64Array, i: number, target: number) => { for (let j = 1; j < f.times.length; j++) if (m[j * n + i] >= 0.9 * target) { const a = m[(j-1)*n+i], b = m[j*n+i]; return f.times[j-1] + (f.times[j]-f.times[j-1])*(0.9*target - a)/(b - a); } return NaN; };
for (let i = 0; i < n; i++) {
  const k = f.kappa[i]; const target = 9 - k;
  console.log(i, "κ", k.toFixed(3), "t90 SGD", t90(f.modeMeans, i, target).toFixed(1), "deterministic", t90(f.deterministicModeMeans, i, target).toFixed(1), "scalar ODE", flowTimeTo(0.1, k).toFixed(1));
}
