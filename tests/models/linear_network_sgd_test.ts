import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";
import {
  initialTwoLayer,
  runSingleLayerSgd,
  runTwoLayerSgd,
} from "../../lib/models/linear_network_sgd.ts";
import { linearTeacherData, validateLinearTeacher } from "../../lib/models/linear_teacher.ts";
import { singleLayerMinimum } from "../../lib/theory/single_layer_fluctuations.ts";
import { secondLayerQuadratic } from "../../lib/theory/two_layer_fluctuations.ts";
import { singularValues } from "../../lib/linalg/svd.ts";

const data = linearTeacherData({ inputs: 6, outputs: 2, samples: 40, labelNoise: 0.3, seed: 1 });
const sgd = { learningRate: 0.05, batchSize: 4 };

Deno.test("linear teacher: shapes, determinism, teacher singular values", () => {
  const again = linearTeacherData(data.config);
  assert.deepEqual(again.x.data, data.x.data);
  assert.deepEqual(again.y.data, data.y.data);
  const spread = linearTeacherData({ ...data.config, teacherSingularValues: [3, 1.5] });
  const s = singularValues(spread.teacher);
  assert.ok(Math.abs(s[0] - 3) < 1e-12 && Math.abs(s[1] - 1.5) < 1e-12);
  assert.throws(() => validateLinearTeacher({ ...data.config, labelNoise: -1 }), /label noise/);
  assert.throws(() => validateLinearTeacher({ ...data.config, samples: 0 }), /samples P/);
});

Deno.test("single-layer SGD: same seed, same run; it stays near the minimum", () => {
  const min = singleLayerMinimum(data.x, data.y);
  const c = { burnIn: 100, steps: 2000, every: 10, initial: min.weights };
  const a = runSingleLayerSgd(data, sgd, c, Rng.fromSeed(3));
  const b = runSingleLayerSgd(data, sgd, c, Rng.fromSeed(3));
  assert.deepEqual(a.trajectory, b.trajectory);
  assert.equal(a.records, 200);
  const drift = a.moments.mean().map((v, i) => v - min.weights.data[i]);
  assert.ok(Math.hypot(...drift) < 0.1);
});

Deno.test("two-layer SGD: a full-batch-like run descends to the least-squares loss", () => {
  const single = { ...data, y: new DenseMatrix(40, 1, data.y.column(0)) };
  const min = singleLayerMinimum(single.x, single.y);
  const initial = initialTwoLayer({ inputs: 6, hidden: 4, outputs: 1 }, 0.5, Rng.fromSeed(2));
  const run = runTwoLayerSgd(
    single,
    { learningRate: 0.05, batchSize: 40 },
    { burnIn: 0, steps: 20_000, every: 20_000, initial },
    Rng.fromSeed(4),
  );
  const w1 = new DenseMatrix(4, 6, run.final.slice(0, 24));
  const w2 = new DenseMatrix(1, 4, run.final.slice(24));
  const loss = secondLayerQuadratic(single.x, single.y, { w1, w2 }).loss;
  // minibatches of 40 drawn with replacement still carry noise: within 2 % of the minimum
  assert.ok(loss < 1.02 * min.loss && loss >= min.loss, `${loss} vs ${min.loss}`);
});

Deno.test("SGD runs refuse bad parameters and report divergence", () => {
  const min = singleLayerMinimum(data.x, data.y);
  const c = { burnIn: 0, steps: 10, every: 1, initial: min.weights };
  assert.throws(
    () => runSingleLayerSgd(data, { learningRate: 0, batchSize: 1 }, c, Rng.fromSeed(1)),
    /η/,
  );
  assert.throws(
    () => runSingleLayerSgd(data, { learningRate: 0.1, batchSize: 1.5 }, c, Rng.fromSeed(1)),
    /batch/,
  );
  assert.throws(
    () =>
      runSingleLayerSgd(
        data,
        { learningRate: 3, batchSize: 1 },
        { ...c, steps: 5000 },
        Rng.fromSeed(1),
      ),
    /diverged/,
  );
});
