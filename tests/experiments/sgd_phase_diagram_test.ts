import assert from "node:assert/strict";
import { median } from "d3-array";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { eigh, eigvalsh } from "../../lib/linalg/eigen.ts";
import { matmul } from "../../lib/linalg/products.ts";
import {
  drawTanhTeacherStudent,
  featuresOf,
  initialStudent,
  lossAndGradient,
  outputsOf,
} from "../../lib/models/tanh_teacher_student.ts";
import { Rng } from "../../lib/random/rng.ts";
import {
  boundaryTerms,
  phaseDiagramTask,
  phaseRecords,
  snapshotEpochs,
} from "../../lib/experiments/sgd_phase_realisation.ts";
import {
  phaseGridTasks,
  phasePoints,
  runPhaseGrid,
} from "../../lib/experiments/sgd_phase_diagram.ts";
import {
  classifyPoint,
  criticalTemperature,
  crossingTemperature,
  summarisePoint,
} from "../../lib/experiments/sgd_phase_analysis.ts";

const mm = (a: DenseMatrix, b: DenseMatrix) => matmul(a, b);
const add = (a: DenseMatrix, b: DenseMatrix) =>
  new DenseMatrix(a.rows, a.cols, a.data.map((v, i) => v + b.data[i]));
const scale = (a: DenseMatrix, s: number) =>
  new DenseMatrix(a.rows, a.cols, a.data.map((v) => v * s));

Deno.test("phase task: snapshots after epochs 1, 2, …, 20 (E = 20) and 1, 6, …, 96 (E = 100)", () => {
  assert.deepEqual(
    snapshotEpochs(20).map((e) => e + 1),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    snapshotEpochs(100).map((e) => e + 1),
    Array.from({ length: 20 }, (_, i) => 1 + 5 * i),
  );
});

Deno.test("phase task: deterministic, independent of how realisations are split into tasks", () => {
  const base = { seed: 3, sigmaW: 0.5, learningRate: 2, epochs: 20, samples: 64 };
  const whole = phaseDiagramTask({ ...base, first: 0, count: 3 });
  const parts = [
    phaseDiagramTask({ ...base, first: 0, count: 1 }),
    phaseDiagramTask({ ...base, first: 1, count: 2 }),
  ];
  assert.deepEqual(whole, Float64Array.from([...parts[0], ...parts[1]]));
  const records = phaseRecords(whole);
  assert.deepEqual(records.map((r) => r.realisation), [0, 1, 2]);
  // snapshot 0 is the initial W: X(0) = σ_W² G Gᵀ/32 of realisation 0
  const net = drawTanhTeacherStudent(Rng.fromSeed(3, 0), 64);
  const w0 = initialStudent(net, 0.5);
  const x0 = mm(new DenseMatrix(16, 32, w0), new DenseMatrix(16, 32, w0).transpose());
  const expected = eigvalsh(x0);
  records[0].spectra[0].forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-12));
  assert.ok(Math.abs(records[0].loss[0] - lossAndGradient(w0, net, 0, 64)) < 1e-15);
});

Deno.test("phase task: the authors' loss guard never fires with tanh, even at σ_W = 256, ε = 256 (T08.1)", () => {
  for (const [sigmaW, learningRate] of [[256, 256], [1 / 8, 256], [256, 1 / 8]]) {
    const [r] = phaseRecords(
      phaseDiagramTask({
        seed: 1,
        sigmaW,
        learningRate,
        epochs: 20,
        first: 0,
        count: 1,
        samples: 400,
      }),
    );
    assert.equal(r.guardFired, false);
    assert.ok(r.maxBatchLoss < 25, `max batch loss ${r.maxBatchLoss}`);
  }
});

Deno.test("phase task: bad parameters are refused with the name, the value and the range", () => {
  const ok = { seed: 1, sigmaW: 1, learningRate: 1, epochs: 20, first: 0, count: 1 };
  assert.throws(
    () => phaseDiagramTask({ ...ok, epochs: 30 }),
    /epochs must be a multiple of 20.*30/,
  );
  assert.throws(() => phaseDiagramTask({ ...ok, sigmaW: -1 }), /sigmaW \(σ_W\).*-1/);
  assert.throws(() => phaseDiagramTask({ ...ok, learningRate: NaN }), /learningRate \(ε\)/);
  assert.throws(
    () => phaseGridTasks({ seed: 1, epochs: 20, realisations: 0 }),
    /realisations must be an integer ≥ 1, got 0/,
  );
  assert.throws(
    () => phaseGridTasks({ seed: 1, epochs: 20, realisations: 1, temperatures: [] }),
    /temperatures must be a non-empty list/,
  );
});

Deno.test("boundary terms: K_t and the three V_t match a direct construction from per-sample gradients", () => {
  const net = drawTanhTeacherStudent(Rng.fromSeed(8), 16);
  const w = initialStudent(net, 1.3);
  const testX = Rng.fromSeed(9).fillNormal(new Float64Array(20 * 3));
  const got = boundaryTerms(net, w, testX);
  // brute force: g_n = −∇ℓ_n from lossAndGradient on one test sample, dX_n = W g_nᵀ + g_n Wᵀ
  const features = featuresOf(net.first, testX, 20);
  const single = {
    ...net,
    samples: 20,
    features,
    labels: outputsOf(net.teacher, net.readout, features, 20),
  };
  const W = new DenseMatrix(16, 32, w);
  const { vectors } = eigh(mm(W, W.transpose()));
  const U = DenseMatrix.fromRows(
    Array.from(
      { length: 16 },
      (_, i) => Array.from({ length: 16 }, (_, c) => vectors.get(i, 15 - c)),
    ),
  );
  const samples: DenseMatrix[] = [];
  for (let n = 0; n < 20; n++) {
    const grad = new Float64Array(512);
    lossAndGradient(w, single, n, 1, grad);
    const g = new DenseMatrix(16, 32, grad.map((v) => -v));
    samples.push(add(mm(W, g.transpose()), mm(g, W.transpose())));
  }
  const mean = (f: (m: DenseMatrix) => DenseMatrix) => scale(samples.map(f).reduce(add), 1 / 20);
  const square = (m: DenseMatrix) => new DenseMatrix(16, 16, m.data.map((v) => v * v));
  const rotate = (m: DenseMatrix) => mm(mm(U.transpose(), m), U);
  const k = rotate(mean((m) => m));
  const elementVar = add(mean(square), scale(square(mean((m) => m)), -1));
  const vTilde = rotate(elementVar);
  const rotVar = add(mean((m) => square(rotate(m))), scale(square(k), -1));
  const vt = (v: DenseMatrix, lower: (kk: number) => number) => {
    let s = 2 * v.get(0, 15) / 15;
    for (let kk = 1; kk <= 14; kk++) s += (v.get(0, kk) + v.get(15, lower(kk))) / kk;
    return s;
  };
  const close = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  close(got.drift, Math.abs(k.get(0, 0)) - Math.abs(k.get(15, 15)), "K_t");
  close(got.repulsionCoded, vt(vTilde, (kk) => 16 - kk), "V_t coded");
  close(got.repulsionFixed, vt(vTilde, (kk) => 15 - kk), "V_t fixed");
  close(got.repulsionRotated, vt(rotVar, (kk) => 15 - kk), "V_t rotated");
});

Deno.test("MP initialisation: mean x/σ_W², the MP support and the median spacing (T08.2)", () => {
  const xs: number[] = [], spacings: number[] = [];
  for (let r = 0; r < 100; r++) {
    const net = drawTanhTeacherStudent(Rng.fromSeed(2509, r), 4);
    const w = new DenseMatrix(16, 32, initialStudent(net, 4));
    const x = eigvalsh(mm(w, w.transpose())).map((v) => v / 16);
    xs.push(...x);
    spacings.push((x[15] - x[0]) / 15);
  }
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(meanX - 1) <= 0.02, `mean ${meanX}`);
  const outside = xs.filter((x) => x < 0.0858 || x > 2.914).length / xs.length;
  assert.ok(outside <= 0.04, `outside ${outside}`);
  assert.ok(Math.abs(median(spacings)! - 0.163) <= 0.01, `median spacing ${median(spacings)}`);
});

Deno.test("criterion rules: the T_c midpoint rule, last crossings and the phase of a point", () => {
  const temps = Array.from({ length: 12 }, (_, i) => 2 ** (i - 5));
  // the f values implied by the authors' Fig. 8 contours at 1/σ_W = 8
  const f = [1, 1, 1, 0.98, 0.67, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
  assert.equal(criticalTemperature(temps, f, 0.68), 0.375);
  assert.equal(criticalTemperature(temps, f, 0.95), 0.375);
  assert.equal(criticalTemperature(temps, f.map(() => 0.2), 0.68), null);
  assert.equal(criticalTemperature(temps, f.map(() => 1), 0.68), null);
  // ρ rising through 0 between T = 1/2 (−1) and T = 1 (+1): the crossing is at log₂T = −1/2
  const rho = temps.map((t) => (t < 1 ? -1 : 1));
  assert.ok(Math.abs(crossingTemperature(temps, rho, 0, "rising")! - 2 ** -0.5) < 1e-12);
  // noise below the boundary (a positive ρ at the smallest T) does not move the crossing
  assert.ok(
    Math.abs(crossingTemperature(temps, [5, ...rho.slice(1)], 0, "rising")! - 2 ** -0.5) < 1e-12,
  );
  assert.equal(crossingTemperature(temps, temps.map(() => -1), 0, "rising"), null);
});

Deno.test("grid: tasks in realisation blocks, points re-assembled in grid order, phases classified", async () => {
  const run = {
    seed: 4,
    epochs: 20,
    realisations: 3,
    block: 2,
    inverseSigmaW: [1 / 64, 8],
    temperatures: [1 / 32, 16],
    samples: 40,
    workers: 0,
    progress: false as const,
  };
  const tasks = phaseGridTasks(run);
  assert.equal(tasks.length, 2 * 2 * 2);
  assert.deepEqual(tasks.slice(0, 2).map((t) => [t.first, t.count]), [[0, 2], [2, 1]]);
  const points = phasePoints(run, await runPhaseGrid(run));
  assert.deepEqual(points.map((p) => [p.inverseSigmaW, p.temperature]), [
    [1 / 64, 1 / 32],
    [1 / 64, 16],
    [8, 1 / 32],
    [8, 16],
  ]);
  assert.deepEqual(points[3].realisations.map((r) => r.realisation), [0, 1, 2]);
  const s = summarisePoint(points[2]);
  assert.equal(s.realisations, 3);
  const phase = classifyPoint({ ...s, orderedFraction: { ...s.orderedFraction, coded: 1 } });
  assert.equal(phase, "F");
  assert.equal(
    classifyPoint({ ...s, inverseSigmaW: 1, orderedFraction: { ...s.orderedFraction, coded: 1 } }),
    "SG",
  );
  assert.equal(classifyPoint({ ...s, orderedFraction: { ...s.orderedFraction, coded: 0.5 } }), "P");
  assert.equal(classifyPoint({ ...s, repulsionLog: 0.1 }, "median"), "P");
  assert.equal(classifyPoint({ ...s, repulsionLog: -0.1 }, "median"), "F");
});
