import assert from "node:assert/strict";
import {
  fullBatchGradient,
  initialMlpParameters,
  minibatchGradient,
  mlpParameterCount,
  teacherData,
} from "../../lib/models/tanh_mlp.ts";
import { Rng } from "../../lib/random/rng.ts";

const shape = { inputs: 4, hidden: 6 };
const rng = Rng.fromSeed(31);
const teacher = {
  shape: { inputs: 4, hidden: 3 },
  theta: initialMlpParameters({ inputs: 4, hidden: 3 }, rng.stream(1)),
};
const data = teacherData(teacher, 50, 0.3, rng.stream(2));
const theta = initialMlpParameters(shape, rng.stream(3));

Deno.test("tanh MLP: the full-batch gradient matches central finite differences", () => {
  assert.equal(theta.length, mlpParameterCount(shape));
  const grad = new Float64Array(theta.length);
  fullBatchGradient(shape, theta, data, grad);
  const scratch = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const e = 1e-6;
    const plus = theta.slice(), minus = theta.slice();
    plus[i] += e;
    minus[i] -= e;
    const fd = (fullBatchGradient(shape, plus, data, scratch).loss -
      fullBatchGradient(shape, minus, data, scratch).loss) / (2 * e);
    assert.ok(
      Math.abs(fd - grad[i]) <= 1e-7 * (1 + Math.abs(grad[i])),
      `parameter ${i}: ${fd} vs ${grad[i]}`,
    );
  }
});

Deno.test("tanh MLP: minibatch gradients and the per-sample noise trace", () => {
  const full = new Float64Array(theta.length);
  const { noiseTrace } = fullBatchGradient(shape, theta, data, full, true);
  // the minibatch of all samples is the full gradient
  const all = Int32Array.from({ length: data.x.rows }, (_, m) => m);
  const mb = new Float64Array(theta.length);
  minibatchGradient(shape, theta, data, all, mb);
  mb.forEach((v, i) => assert.ok(Math.abs(v - full[i]) < 1e-12));
  // tr Σ_g = (1/P) Σ ‖∇ℓ_μ‖² − ‖∇L‖², with ∇ℓ_μ from one-sample minibatches
  let squares = 0;
  const one = new Float64Array(theta.length);
  for (let m = 0; m < data.x.rows; m++) {
    minibatchGradient(shape, theta, data, [m], one);
    squares += one.reduce((s, v) => s + v * v, 0) / data.x.rows;
  }
  const explicit = squares - full.reduce((s, v) => s + v * v, 0);
  assert.ok(Math.abs(noiseTrace / explicit - 1) < 1e-10, `${noiseTrace} vs ${explicit}`);
});
