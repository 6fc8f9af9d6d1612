import assert from "node:assert/strict";
import { linearTeacherData } from "../../lib/models/linear_teacher.ts";
import {
  GROSS_SINGLE_LAYER,
  relativeError,
  simulateSingleLayer,
  singleLayerAnalysis,
} from "../../lib/experiments/weight_fluctuations_study.ts";
import { frobeniusNorm } from "../../lib/linalg/norms.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import {
  continuumWeightCovariance,
  currentMatrix,
  discreteWeightCovariance,
  singleLayerMinimum,
} from "../../lib/theory/single_layer_fluctuations.ts";
import { linearRegressionStationaryCovariance } from "../../lib/theory/sgd_momentum_moments.ts";
import { familyStudentThreshold } from "../../lib/rmt/statistical_thresholds.ts";

const { inputs: N, labelNoise, sgd } = GROSS_SINGLE_LAYER;
const draw = (samples: number, seed = 2311, outputs = 1) =>
  linearTeacherData({ inputs: N, outputs, samples, labelNoise, seed });

Deno.test("T06.1a, c, e: trace identity, noise vs Hessian, broken detailed balance", () => {
  const rows = GROSS_SINGLE_LAYER.samples.map((p) => ({ p, a: singleLayerAnalysis(draw(p), sgd) }));
  for (const { p, a } of rows) {
    // (a) tr Σ_w = (η/(2B)) tr(H⁻¹C)
    assert.ok(Math.abs(a.traceContinuum / a.traceIdentity - 1) < 1e-10, `P = ${p}`);
    // Q = HΣ − (η/2B)C is antisymmetric
    const q = currentMatrix(a.min, a.continuum, sgd);
    const sym = new DenseMatrix(q.rows, q.cols, q.data.map((v, i) => v + q.transpose().data[i]));
    assert.ok(frobeniusNorm(sym) < 1e-10 * frobeniusNorm(a.continuum));
    if (p / N <= 2) {
      assert.ok(a.mismatch >= 0.5, `(c) P/N = ${p / N}: ${a.mismatch}`);
      assert.ok(a.commutator >= 0.05, `(e) P/N = ${p / N}: ${a.commutator}`);
    }
    if (p / N >= 200) {
      assert.ok(a.mismatch <= 0.2, `(c) P/N = ${p / N}: ${a.mismatch}`);
      assert.ok(a.commutator <= 0.02, `(e) P/N = ${p / N}: ${a.commutator}`);
    }
  }
});

Deno.test("T06.1d: anisotropic fluctuations, effectively isotropic loss (30 data draws, P/N = 1.5)", () => {
  const draws = Array.from({ length: 30 }, (_, k) => singleLayerAnalysis(draw(30, 100 + k), sgd));
  // T06.1's single-draw statements, for the median draw (individual draws scatter: the
  // smallest Σ_w spread among 30 draws can fall below 10)
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  };
  const spread = median(draws.map((a) => a.varianceSpread));
  assert.ok(spread >= 10, `median Σ_w spread ${spread}`);
  const ratio = median(draws.map((a) => a.curvatureSpread / a.hessianCondition));
  assert.ok(ratio <= 0.2, `median κ spread / cond(H) = ${ratio}`);
  // corr(log σ², log κ) scatters from draw to draw (20 points each); its mean is zero within
  // 3σ-level t standard errors (Student's t: the error is estimated from the 30 draws) — an inverse relation (the two-layer case has corr ≈ −0.97) would fail
  const corr = draws.map((a) => a.curvatureCorrelation);
  const mean = corr.reduce((s, v) => s + v, 0) / corr.length;
  const sd = Math.sqrt(corr.reduce((s, v) => s + (v - mean) ** 2, 0) / (corr.length - 1));
  assert.ok(
    Math.abs(mean) <= familyStudentThreshold(1, corr.length - 1) * (sd / Math.sqrt(corr.length)),
    `${mean}`,
  );
});

Deno.test("T06.1b: SGD matches the exact discrete covariance (P = 30, 4·10⁵ steps)", () => {
  const data = draw(30);
  const a = singleLayerAnalysis(data, sgd);
  const sim = simulateSingleLayer(data, a, sgd, {
    burnIn: 20_000,
    steps: 400_000,
    every: 100,
    seed: 11,
  });
  const exact = relativeError(sim.covariance, a.discrete);
  assert.ok(exact <= 0.06, `‖Cov − exact‖/‖exact‖ = ${exact}`);
  // the continuum misses the multiplicative noise (≈ Nη/(2B) = 10 %): SGD sees it
  const continuum = relativeError(sim.covariance, a.continuum);
  assert.ok(continuum > 2 * exact, `continuum ${continuum} vs exact ${exact}`);
});

Deno.test("the exact discrete covariance: M = 1 equals the momentum-free SGD theory of notebook 05", () => {
  const data = draw(40);
  const min = singleLayerMinimum(data.x, data.y);
  const ours = discreteWeightCovariance(data.x, min, sgd);
  const reference = linearRegressionStationaryCovariance(data.x, data.y.column(0), {
    ...sgd,
    momentum: 0,
    weightDecay: 0,
  });
  const block = DenseMatrix.zeros(N, N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) block.set(i, j, reference.covariance.get(i, j));
  }
  assert.ok(relativeError(ours, block) < 1e-8);
});

Deno.test("multi-output: H = I ⊗ K and the noise's diagonal blocks are the per-output noises", () => {
  const data = draw(50, 7, 2);
  const min = singleLayerMinimum(data.x, data.y);
  const d = 2 * N;
  for (let a = 0; a < 2; a++) {
    const single = singleLayerMinimum(data.x, new DenseMatrix(50, 1, data.y.column(a)));
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const at = (a * N + i) * d + a * N + j;
        assert.ok(Math.abs(min.noise.data[at] - single.noise.get(i, j)) < 1e-12);
        assert.equal(min.hessian.data[at], min.inputCovariance.get(i, j));
        assert.equal(min.hessian.data[(a * N + i) * d + (1 - a) * N + j], 0);
      }
    }
  }
});

Deno.test("bad parameters are refused with a clear message", () => {
  const data = draw(30);
  const min = singleLayerMinimum(data.x, data.y);
  assert.throws(
    () => continuumWeightCovariance(min, { learningRate: 1.5, batchSize: 5 }),
    /unstable/,
  );
  assert.throws(
    () => continuumWeightCovariance(min, { learningRate: 0.05, batchSize: 0 }),
    /batch/,
  );
  assert.throws(() => singleLayerMinimum(draw(20).x, draw(20).y), /over-parameterised/);
});
