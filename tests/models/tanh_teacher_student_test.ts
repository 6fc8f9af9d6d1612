import assert from "node:assert/strict";
import {
  drawTanhTeacherStudent,
  initialStudent,
  lossAndGradient,
  sgdEpoch,
  sgdScratch,
  type TanhTeacherStudent,
} from "../../lib/models/tanh_teacher_student.ts";
import { Rng } from "../../lib/random/rng.ts";

const net = drawTanhTeacherStudent(Rng.fromSeed(11), 40);
const w = initialStudent(net, 2);

Deno.test("tanh teacher–student: the gradient matches central finite differences (T08.1)", () => {
  const grad = new Float64Array(w.length);
  lossAndGradient(w, net, 0, net.samples, grad);
  let worst = 0;
  for (let k = 0; k < w.length; k += 7) {
    const e = 1e-5;
    const plus = w.slice(), minus = w.slice();
    plus[k] += e;
    minus[k] -= e;
    const fd = (lossAndGradient(plus, net, 0, net.samples) -
      lossAndGradient(minus, net, 0, net.samples)) / (2 * e);
    worst = Math.max(worst, Math.abs(fd - grad[k]) / Math.max(Math.abs(grad[k]), 1e-3));
  }
  assert.ok(worst < 1e-6, `worst relative error ${worst}`);
});

/** A copy of the network restricted to samples [from, from + count). */
function slice(n: TanhTeacherStudent, from: number, count: number): TanhTeacherStudent {
  return {
    ...n,
    samples: count,
    features: n.features.slice(from * 32, (from + count) * 32),
    labels: n.labels.slice(from, from + count),
  };
}

Deno.test("tanh teacher–student: an epoch is SGD over contiguous batches of 4 in order (T08.1)", () => {
  const lr = 0.7;
  const expected = w.slice();
  const grad = new Float64Array(w.length);
  const gradSum = new Float64Array(w.length);
  let lossSum = 0;
  for (let b = 0; b < 3; b++) {
    lossSum += lossAndGradient(expected, net, 4 * b, 4, grad);
    for (let k = 0; k < w.length; k++) {
      gradSum[k] += grad[k] / 3;
      expected[k] -= lr * grad[k];
    }
  }
  const got = w.slice();
  const mean = new Float64Array(w.length);
  const scratch = sgdScratch();
  const loss = sgdEpoch(got, slice(net, 0, 12), lr, scratch, mean);
  for (let k = 0; k < w.length; k++) {
    assert.ok(Math.abs(got[k] - expected[k]) < 1e-13, `W[${k}]`);
    assert.ok(Math.abs(mean[k] - gradSum[k]) < 1e-13, `dW[${k}]`);
  }
  assert.ok(Math.abs(loss - lossSum / 3) < 1e-15);
  assert.ok(scratch.maxBatchLoss > 0 && scratch.maxBatchLoss >= loss);
});

Deno.test("tanh teacher–student: the same seed gives the same realisation; bad input is named", () => {
  const a = drawTanhTeacherStudent(Rng.fromSeed(5), 8);
  const b = drawTanhTeacherStudent(Rng.fromSeed(5), 8);
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(initialStudent(a, 3), initialStudent(b, 3));
  assert.throws(() => drawTanhTeacherStudent(Rng.fromSeed(5), 10), /multiple of the batch size 4/);
  assert.throws(() => initialStudent(a, 0), /σ_W \(sigmaW\) must be a positive/);
});
