import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { gemm } from "../../lib/linalg/products.ts";
import { frobeniusNorm } from "../../lib/linalg/norms.ts";
import { eigvalsh } from "../../lib/linalg/eigen.ts";
import { Rng } from "../../lib/random/rng.ts";
import { initialTwoLayer } from "../../lib/models/linear_network_sgd.ts";
import { linearTeacherData } from "../../lib/models/linear_teacher.ts";
import { alignHiddenUnits, procrustesRotation } from "../../lib/models/hidden_unit_alignment.ts";
import {
  covarianceBlock,
  endToEndJacobian,
  restrictedCovariance,
  secondLayerClosedForm,
  secondLayerQuadratic,
} from "../../lib/theory/two_layer_fluctuations.ts";
import {
  type SingleLayerMinimum,
  singleLayerMinimum,
} from "../../lib/theory/single_layer_fluctuations.ts";

const shape = { inputs: 6, hidden: 4, outputs: 2 };
const weights = initialTwoLayer(shape, 1, Rng.fromSeed(5));

function endToEnd(w1: DenseMatrix, w2: DenseMatrix): Float64Array {
  return gemm(w2, w1).data;
}

Deno.test("two layer: the end-to-end Jacobian matches central differences", () => {
  const j = endToEndJacobian(weights);
  const size1 = shape.hidden * shape.inputs;
  const h = 1e-6;
  for (let c = 0; c < j.cols; c++) {
    const plus = { w1: weights.w1.clone(), w2: weights.w2.clone() };
    const minus = { w1: weights.w1.clone(), w2: weights.w2.clone() };
    const [tp, tm] = c < size1 ? [plus.w1, minus.w1] : [plus.w2, minus.w2];
    const at = c < size1 ? c : c - size1;
    tp.data[at] += h;
    tm.data[at] -= h;
    const up = endToEnd(plus.w1, plus.w2), down = endToEnd(minus.w1, minus.w2);
    for (let r = 0; r < j.rows; r++) {
      assert.ok(Math.abs((up[r] - down[r]) / (2 * h) - j.get(r, c)) < 1e-8, `(${r}, ${c})`);
    }
  }
});

Deno.test("two layer: restricted Lyapunov has no variance along the hidden-unit rotations", () => {
  const data = linearTeacherData({ ...shape, samples: 60, labelNoise: 0.5, seed: 3 });
  const min = singleLayerMinimum(data.x, data.y);
  const sgd = { learningRate: 0.02, batchSize: 4 };
  const { covariance, rank } = restrictedCovariance(weights, min, sgd);
  assert.equal(rank, shape.inputs * shape.outputs);
  // rotation generator Ω (antisymmetric): δW₁ = ΩW₁, δW₂ = −W₂Ω leaves W₂W₁ fixed
  const omega = DenseMatrix.zeros(shape.hidden, shape.hidden);
  omega.set(0, 1, 1);
  omega.set(1, 0, -1);
  const dw1 = gemm(omega, weights.w1), dw2 = gemm(weights.w2, omega);
  const v = Float64Array.from([...dw1.data, ...dw2.data.map((x) => -x)]);
  const cv = gemm(covariance, new DenseMatrix(v.length, 1, v));
  assert.ok(frobeniusNorm(cv) < 1e-12 * frobeniusNorm(covariance) * frobeniusNorm(v));
  // the discrete variant differs at O(η h)
  const discrete = restrictedCovariance(weights, min, sgd, { discrete: true }).covariance;
  const diff = discrete.data.map((x, i) => x - covariance.data[i]);
  assert.ok(frobeniusNorm(diff) / frobeniusNorm(covariance) < 0.2);
});

Deno.test("two layer: with K = I and C_u = σ²I the restricted solution is the closed form", () => {
  const s = { inputs: 8, hidden: 5, outputs: 1 };
  const w = initialTwoLayer(s, 1, Rng.fromSeed(9));
  const sigma2 = 0.3, sgd = { learningRate: 0.01, batchSize: 7 };
  const identity = DenseMatrix.identity(s.inputs);
  const isotropic = {
    hessian: identity,
    noise: new DenseMatrix(s.inputs, s.inputs, identity.data.map((v) => sigma2 * v)),
  } as SingleLayerMinimum;
  const size1 = s.hidden * s.inputs, d = size1 + s.hidden;
  const block = covarianceBlock(restrictedCovariance(w, isotropic, sgd).covariance, size1, d);
  const closed = secondLayerClosedForm(w.w1, w.w2.data, sigma2, sgd);
  const values = eigvalsh(block).reverse();
  closed.variances.forEach((v, k) => assert.ok(Math.abs(values[k] / v - 1) < 1e-9, `${k}`));
});

Deno.test("two layer: the second-layer quadratic's gradient and Hessian", () => {
  const data = linearTeacherData({ ...shape, samples: 30, labelNoise: 0.5, seed: 4 });
  const q = secondLayerQuadratic(data.x, data.y, weights);
  const loss = (w2: DenseMatrix) =>
    secondLayerQuadratic(data.x, data.y, { w1: weights.w1, w2 }).loss;
  const h = 1e-5;
  for (let i = 0; i < q.gradient.length; i++) {
    const up = weights.w2.clone(), down = weights.w2.clone();
    up.data[i] += h;
    down.data[i] -= h;
    const numeric = (loss(up) - loss(down)) / (2 * h);
    assert.ok(Math.abs(numeric - q.gradient[i]) < 1e-7, `gradient ${i}`);
    const second = (loss(up) - 2 * q.loss + loss(down)) / (h * h);
    assert.ok(Math.abs(second - q.hessian.get(i, i)) < 1e-3, `curvature ${i}`);
  }
});

Deno.test("hidden-unit alignment undoes a rotation of the hidden units", () => {
  const s = { inputs: 5, hidden: 3, outputs: 1 };
  const w = initialTwoLayer(s, 1, Rng.fromSeed(2));
  const theta = Math.PI / 5;
  const o = DenseMatrix.fromRows([[Math.cos(theta), -Math.sin(theta), 0], [
    Math.sin(theta),
    Math.cos(theta),
    0,
  ], [0, 0, 1]]);
  const rotated = { w1: gemm(o, w.w1), w2: gemm(w.w2, o, { transB: true }) };
  const back = procrustesRotation(rotated.w1, w.w1);
  assert.ok(frobeniusNorm(gemm(back, o).data.map((v, i) => v - (i % 4 === 0 ? 1 : 0))) < 1e-12);
  const trajectory = Float64Array.from([
    ...w.w1.data,
    ...w.w2.data,
    ...rotated.w1.data,
    ...rotated.w2.data,
  ]);
  const aligned = alignHiddenUnits(trajectory, s);
  const d = trajectory.length / 2;
  for (let i = 0; i < d; i++) assert.ok(Math.abs(aligned[i] - aligned[d + i]) < 1e-12);
});
