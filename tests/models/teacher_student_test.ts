/** The teacher–student model and the DBM simulator at small size, against the theory. */
import assert from "node:assert/strict";
import {
  PAPER_TEACHER_STUDENT,
  runTeacherStudent,
  type TeacherStudentConfig,
} from "../../lib/models/teacher_student.ts";
import { simulateDysonBrownianMotion } from "../../lib/models/dyson_brownian_motion.ts";
import {
  analysePairs,
  analyseSemicircle,
  teacherStudentTask,
} from "../../lib/experiments/dyson_teacher_student.ts";
import { Rng } from "../../lib/random/rng.ts";

const base: TeacherStudentConfig = {
  ...PAPER_TEACHER_STUDENT,
  learningRate: 0.1,
  batchSize: 16,
  noise: 0.1,
  seeds: 300,
  datasets: 10,
  epochs: 2,
  seed: 1,
};

Deno.test("bad parameters are refused with a clear error", () => {
  const bad: [Partial<TeacherStudentConfig>, RegExp][] = [
    [{ learningRate: 0 }, /learning rate η must be in \(0, 2\)/],
    [{ learningRate: 2.5 }, /SGD diverges at η ≥ 2/],
    [{ batchSize: 0 }, /batchSize \|B\| must be a positive integer/],
    [{ batchSize: 2.5 }, /batchSize \|B\| must be a positive integer/],
    [{ noise: -0.1 }, /noise ε must be finite and ≥ 0/],
    [{ seeds: 301 }, /seeds \(301\) must be a multiple of datasets \(10\)/],
    [{ batchesPerEpoch: 0 }, /batchesPerEpoch must be a positive integer/],
    [{ traceSeeds: 1, traceEvery: 0 }, /traceEvery must be a positive integer, got 0/],
  ];
  for (const [change, message] of bad) {
    assert.throws(() => runTeacherStudent({ ...base, ...change }), message);
  }
});

Deno.test("same seed, same students; the students converge to the teacher (T01.1)", () => {
  const small = { ...base, seeds: 20, datasets: 2, epochs: 1 };
  const a = runTeacherStudent(small).snapshots.at(-1)!.values;
  const b = runTeacherStudent(small).snapshots.at(-1)!.values;
  assert.deepEqual(a, b);
  const c = runTeacherStudent({ ...small, seed: 2 }).snapshots.at(-1)!.values;
  assert.notDeepEqual(a, c);
  const values = runTeacherStudent(base).snapshots.at(-1)!.values;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(mean - 2) < 0.002, `mean singular value ${mean}`);
});

Deno.test("pair spacings: Wigner surmise, ⟨S⟩ at the predicted value (T01.2, T01.3)", () => {
  const setting = { learningRate: 0.1, batchSize: 16, noise: 0.1 };
  const values = teacherStudentTask({
    ...setting,
    n: 2,
    seeds: 600,
    datasets: 20,
    epochs: 2,
    batchesPerEpoch: 500,
    seed: 3,
    index: 0,
  });
  const a = analysePairs(values, setting, 20);
  const critical = 1.8 / Math.sqrt(a.seeds);
  assert.ok(a.ksSurmise < critical && a.ksPoisson > critical, `KS ${a.ksSurmise}, ${a.ksPoisson}`);
  assert.ok(
    Math.abs(a.meanSquareNormalised - 4 / Math.PI) < 3 * (4 / Math.PI) / Math.sqrt(a.seeds),
  );
  const gap = Math.abs(a.meanSpacing - a.predictedMeanSpacing);
  assert.ok(
    gap < 3 * a.meanSpacingError,
    `⟨S⟩ ${a.meanSpacing} ± ${a.meanSpacingError} vs ${a.predictedMeanSpacing}`,
  );
  const ratio = Math.sqrt(Math.PI) * a.densityFit.sigma / a.meanSpacing; // T01.6
  assert.ok(Math.abs(ratio - 1) < 0.03, `√π σ / ⟨S⟩ = ${ratio}`);
});

Deno.test("the degenerate model's spectrum is a semicircle of the predicted radius (T01.7)", () => {
  const setting = { learningRate: 0.1, batchSize: 32, noise: 0.1 };
  const n = 30;
  const values = teacherStudentTask({
    ...setting,
    n,
    seeds: 8,
    datasets: 4,
    epochs: 2,
    batchesPerEpoch: 300,
    seed: 4,
    index: 1,
  });
  const a = analyseSemicircle(values, setting, n);
  assert.ok(
    Math.abs(a.fit.radius / a.predictedRadius - 1) < 0.05,
    `R ${a.fit.radius} vs ${a.predictedRadius}`,
  );
  assert.ok(Math.abs(a.fit.centre - 2) < 0.01 * a.predictedRadius + 1e-3);
  assert.ok(a.ks < 1.8 / Math.sqrt(values.length) + 0.02);
});

Deno.test("DBM: eigenvalues never cross; stationary pair spacing ⟨S⟩ = √(πD/γ)", () => {
  const rng = Rng.fromSeed(5);
  const [gamma, d] = [1, 0.5];
  const run = simulateDysonBrownianMotion({
    initial: [-0.5, 0.5],
    centre: 0,
    rate: gamma,
    diffusion: d,
    dt: 0.005,
    steps: 400_000,
    recordEvery: 400, // samples 2/γ apart
  }, rng);
  let sum = 0, sumSq = 0, count = 0;
  for (let k = 5; k < run.times.length; k++) {
    const gap = run.values[2 * k + 1] - run.values[2 * k];
    assert.ok(gap > 0);
    sum += gap;
    sumSq += gap * gap;
    count++;
  }
  const mean = sum / count;
  const sd = Math.sqrt(sumSq / count - mean * mean);
  const predicted = Math.sqrt(Math.PI * d / gamma);
  assert.ok(
    Math.abs(mean - predicted) < 4 * sd / Math.sqrt(count) + 0.01 * predicted,
    `${mean} vs ${predicted}`,
  );
  const many = simulateDysonBrownianMotion({
    initial: [0, 0.1, 0.2, 0.3, 0.4, 0.5],
    centre: 2,
    rate: 1,
    diffusion: 0.01,
    dt: 0.01,
    steps: 2000,
  }, rng);
  for (let k = 0; k < many.times.length; k++) {
    for (let i = 1; i < 6; i++) assert.ok(many.values[6 * k + i] > many.values[6 * k + i - 1]);
  }
  assert.throws(
    () =>
      simulateDysonBrownianMotion({
        ...many,
        initial: [1, 1],
        centre: 0,
        rate: 1,
        diffusion: 1,
        dt: 0.1,
        steps: 1,
      }, rng),
    /distinct/,
  );
});

Deno.test("dataset scatter: a planted between-dataset offset is recovered, none when absent", async () => {
  const { datasetScatter } = await import("../../lib/experiments/dyson_teacher_student.ts");
  const rng = Rng.fromSeed(7);
  const [datasets, m] = [40, 200];
  const make = (offsetSd: number) => {
    const v = new Float64Array(2 * datasets * m);
    for (let g = 0; g < datasets; g++) {
      const shift = offsetSd * rng.normal();
      for (let i = 0; i < m; i++) {
        const gap = 1 + shift + 0.5 * rng.normal();
        v[2 * (g * m + i)] = 2 + gap / 2;
        v[2 * (g * m + i) + 1] = 2 - gap / 2;
      }
    }
    return v;
  };
  const planted = datasetScatter(make(0.1), datasets);
  assert.ok(Math.abs(planted.quenched - 0.1) < 0.03, `quenched ${planted.quenched}`);
  assert.ok(Math.abs(planted.seedNoise - 0.5 / Math.sqrt(m)) < 0.003);
  const none = datasetScatter(make(0), datasets);
  assert.ok(none.quenched < 0.03, `quenched ${none.quenched}`);
});

Deno.test("linear scaling rule: equal η/|B| gives the predicted ⟨S⟩ ratio (T01.5)", () => {
  const run = (s: { learningRate: number; batchSize: number; noise: number }, index: number) =>
    analysePairs(
      teacherStudentTask({
        ...s,
        n: 2,
        seeds: 600,
        datasets: 20,
        epochs: 2,
        batchesPerEpoch: 500,
        seed: 8,
        index,
      }),
      s,
      20,
    );
  const a = run({ learningRate: 0.2, batchSize: 16, noise: 0.1 }, 0);
  const b = run({ learningRate: 0.1, batchSize: 8, noise: 0.1 }, 1);
  const ratio = a.meanSpacing / b.meanSpacing;
  const error = ratio *
    Math.hypot(a.meanSpacingError / a.meanSpacing, b.meanSpacingError / b.meanSpacing);
  const predicted = a.predictedMeanSpacing / b.predictedMeanSpacing;
  assert.ok(Math.abs(predicted - Math.sqrt(1.9 / 1.8)) < 0.01); // the discrete-time OU factor
  assert.ok(Math.abs(ratio - predicted) < 3 * error, `${ratio} ± ${error} vs ${predicted}`);
  // and a setting with 4× the η/|B| is 2× wider, up to the same discrete-time factors
  const c = run({ learningRate: 0.1, batchSize: 2, noise: 0.1 }, 2);
  assert.ok(
    Math.abs(
      c.meanSpacing / b.meanSpacing / (c.predictedMeanSpacing / b.predictedMeanSpacing) - 1,
    ) < 0.1,
  );
});
