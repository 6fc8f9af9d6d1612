/** The Gaussian RBM: samplers, the flow, widths and the collapse at small size. */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { eigh } from "../../lib/linalg/eigen.ts";
import { gemm } from "../../lib/linalg/products.ts";
import { inverse } from "../../lib/linalg/solve.ts";
import {
  collapsedSweepLaw,
  type RbmTrainingConfig,
  trainGaussianRbm,
} from "../../lib/models/gaussian_rbm.ts";
import { ksDistance } from "../../lib/rmt/ks_distance.ts";
import { marchenkoPasturCdf } from "../../lib/rmt/marchenko_pastur.ts";
import {
  alignedWeights,
  flowTrajectory,
  latticeKernel,
  latticeKernelEigenvalues,
  pairSpacingPrediction,
  targetEigenvalues,
} from "../../lib/theory/gaussian_rbm.ts";

const n = 10;
const kernel = latticeKernel(n, 4);
const base: RbmTrainingConfig = {
  kernel,
  nVisible: n,
  nHidden: n,
  mu2: 9,
  sigmaH2: 1,
  learningRate: 0.1,
  chains: 16,
  gibbsSweeps: 3,
  realisations: 4,
  initStd: 0.1,
  steps: 10,
  record: [0, 10],
  seed: 1,
};

Deno.test("bad parameters are refused with a clear error", () => {
  assert.throws(
    () => trainGaussianRbm({ ...base, learningRate: 0 }),
    /learning rate η must be finite and > 0/,
  );
  assert.throws(
    () => trainGaussianRbm({ ...base, chains: 0 }),
    /chains \|B\| must be a positive integer/,
  );
  assert.throws(() => trainGaussianRbm({ ...base, record: [5, 3] }), /record steps must increase/);
  assert.throws(
    () => trainGaussianRbm({ ...base, kernel: new Float64Array(4) }),
    /kernel must be 10×10/,
  );
  assert.throws(() => targetEigenvalues([10]), /μ² = 9 must exceed every κ/);
});

Deno.test("at initialisation X = WᵀW is Marchenko–Pastur with c = 1 on [0, 0.4] (T02.7)", () => {
  const r = trainGaussianRbm({ ...base, realisations: 400, steps: 0, record: [0] });
  const x = r.eigenvalues;
  // X = WᵀW with W 10×10 of variance 0.01: X/10 is MP(c = 1, s² = 0.01)
  const ks = ksDistance(x, (v) => marchenkoPasturCdf(v / 10, { ratio: 1, variance: 0.01 }));
  assert.ok(ks < 0.05, `KS = ${ks}`);
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  assert.ok(Math.abs(mean - 0.1) < 0.005);
});

/** E[φ_kφ_kᵀ] after k sweeps from φ₀ = 1 with W fixed: (A^k 1)(A^k 1)ᵀ + Q Σ_{m<k} A^{2m}. */
function exactChainMoment(w: DenseMatrix, k: number): DenseMatrix {
  const x = gemm(w, w, { transA: true });
  const a = new DenseMatrix(n, n, x.data.map((v) => v / 9));
  const identity = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) identity.data[i * n + i] = 1;
  let ak = identity, a2m = identity;
  const sum = DenseMatrix.zeros(n, n);
  for (let m = 0; m < k; m++) {
    ak = gemm(ak, a);
    for (let i = 0; i < n * n; i++) sum.data[i] += a2m.data[i];
    a2m = gemm(gemm(a2m, a), a);
  }
  const q = new DenseMatrix(n, n, x.data.map((v) => v / 81));
  for (let i = 0; i < n; i++) q.data[i * n + i] += 1 / 9;
  const cov = gemm(q, sum);
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i] += ak.get(i, j);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov.data[i * n + j] += m[i] * m[j];
  return cov;
}

Deno.test("the collapsed k-sweep law equals A^k and Q Σ_{m<k} A^{2m} to rounding (k = 1…4)", () => {
  const w0 = Float64Array.from({ length: n * n }, (_, i) => Math.sin(1 + i) * 0.6);
  const w = new DenseMatrix(n, n, w0);
  for (const sweeps of [1, 2, 3, 4]) {
    const law = collapsedSweepLaw(w0, n, n, { mu2: 9, sigmaH2: 1, gibbsSweeps: sweeps });
    const expected = exactChainMoment(w, sweeps); // Q Σ A^{2m} + (A^k 1)(A^k 1)ᵀ
    const x = gemm(w, w, { transA: true });
    let ak = DenseMatrix.zeros(n, n);
    for (let i = 0; i < n; i++) ak.data[i * n + i] = 1;
    for (let m = 0; m < sweeps; m++) ak = gemm(ak, new DenseMatrix(n, n, x.data.map((v) => v / 9)));
    const mean = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mean[i] += law.transition[i * n + j];
    const scale = Math.max(...expected.data.map(Math.abs));
    for (let i = 0; i < n * n; i++) {
      assert.ok(
        Math.abs(law.transition[i] - ak.data[i]) < 1e-13 * Math.max(...ak.data.map(Math.abs)),
      );
      const covariance = expected.data[i] - mean[Math.floor(i / n)] * mean[i % n];
      assert.ok(
        Math.abs(law.covariance[i] - covariance) < 1e-13 * scale,
        `k = ${sweeps}, entry ${i}: ${law.covariance[i]} vs ${covariance}`,
      );
    }
  }
});

for (const sweeps of [1, 2, 3]) {
  Deno.test(`collapsed and explicit Gibbs samplers give the exact chain moments (${sweeps} sweeps)`, () => {
    const x0 = Float64Array.from({ length: n }, (_, i) => 1 + 0.4 * i);
    const w0 = alignedWeights(eigh(new DenseMatrix(n, n, kernel)).vectors.data, x0, n);
    const chains = 40_000;
    const expected = exactChainMoment(new DenseMatrix(n, n, w0), sweeps);
    const kInverse = inverse(new DenseMatrix(n, n, kernel));
    const w0Inverse = inverse(new DenseMatrix(n, n, w0));
    for (const sampler of ["collapsed", "gibbs"] as const) {
      const alpha = 1e-3;
      const r = trainGaussianRbm({
        ...base,
        sampler,
        gibbsSweeps: sweeps,
        initialW: w0,
        realisations: 1,
        chains,
        steps: 1,
        record: [],
        learningRate: alpha,
      });
      // W₁ = W₀ + η W₀ (K⁻¹ − Ĉ)  ⇒  Ĉ = K⁻¹ − W₀⁻¹ (W₁ − W₀) / η
      const delta = new DenseMatrix(n, n, r.weights.map((v, i) => (v - w0[i]) / alpha));
      const c = gemm(w0Inverse, delta);
      let worst = 0;
      for (let i = 0; i < n * n; i++) {
        const measured = kInverse.data[i] - c.data[i];
        const scale = Math.sqrt(
          expected.data[Math.floor(i / n) * (n + 1)] * expected.data[(i % n) * (n + 1)],
        );
        worst = Math.max(worst, Math.abs(measured - expected.data[i]) / scale);
      }
      // each entry of a sample second moment has relative standard error ≤ √(2/B)
      assert.ok(worst < 5 * Math.sqrt(2 / chains), `${sampler}: worst relative deviation ${worst}`);
    }
  });
}

Deno.test("deterministic (|B| → ∞) dynamics follow the flow dx/dt = 2x(1/κ − 1/(μ² − x))", () => {
  const kappa = latticeKernelEigenvalues(n, 4);
  const v = eigh(new DenseMatrix(n, n, kernel)).vectors.data;
  let w = new DenseMatrix(n, n, alignedWeights(v, new Float64Array(n).fill(0.1), n));
  const kInverse = inverse(new DenseMatrix(n, n, kernel));
  const alpha = 0.002, steps = 20_000; // t = 40
  for (let s = 0; s < steps; s++) {
    // W ← W + η W [K⁻¹ − (μ² − WᵀW)⁻¹]: the update with the exact model covariance
    const x = gemm(w, w, { transA: true });
    const model = new DenseMatrix(n, n, x.data.map((val) => -val));
    for (let i = 0; i < n; i++) model.data[i * n + i] += 9;
    const modelInverse = inverse(model);
    const d = new DenseMatrix(n, n, kInverse.data.map((val, i) => val - modelInverse.data[i]));
    const g = gemm(w, d);
    w = new DenseMatrix(n, n, w.data.map((val, i) => val + alpha * g.data[i]));
  }
  const x = eigh(gemm(w, w, { transA: true })).values; // ascending
  const predicted = Array.from(kappa, (k) => flowTrajectory(0.1, k, [40])[0]).sort((a, b) => a - b);
  for (let i = 0; i < n; i++) {
    assert.ok(
      Math.abs(x[i] - predicted[i]) < 0.01 * predicted[i] + 1e-3,
      `mode ${i}: ${x[i]} vs ${predicted[i]}`,
    );
  }
});

Deno.test("stationary pair widths near √(2π)·√(η(μ² − κ)/|B|), and collapse at equal η/|B| (T02.3, T02.5)", () => {
  const kappa = latticeKernelEigenvalues(n, 4);
  const v = eigh(new DenseMatrix(n, n, kernel)).vectors.data;
  const w0 = alignedWeights(v, targetEigenvalues(kappa), n); // start at the target: no transient
  const widths = (learningRate: number, chains: number) => {
    const steps = Math.round(60 / learningRate); // 60 t-units: ≥ 13 relaxation times of pairs 1–2
    const record = Array.from({ length: 10 }, (_, k) => steps - k * Math.round(6 / learningRate))
      .reverse();
    const r = trainGaussianRbm({
      ...base,
      initialW: w0,
      realisations: 40,
      chains,
      learningRate,
      steps,
      record,
    });
    // pairs (ascending eigenvalue indices): κ = 5.382 ↔ x indices 6, 7; κ = 4.382 ↔ 7, 8 (x descending in κ)
    const pair = (hi: number) => {
      let sum = 0, count = 0;
      for (let k = 0; k < record.length; k++) {
        for (let q = 0; q < 40; q++) {
          const o = (k * 40 + q) * n;
          sum += r.eigenvalues[o + hi] - r.eigenvalues[o + hi - 1];
          count++;
        }
      }
      return sum / count;
    };
    return [pair(8), pair(6)]; // κ = 4.382 pair (x = 4.618), κ = 5.382 pair (x = 3.618)
  };
  const a = widths(0.05, 16);
  const ratios = a.map((s, i) => s / Math.sqrt((0.05 * (9 - [4.382, 5.382][i])) / 16));
  for (const r of ratios) assert.ok(r > 2.0 && r < 2.9, `⟨S⟩/√(η(μ²−κ)/|B|) = ${r}`);
  const predicted = pairSpacingPrediction(4.382, 0.05, 16).meanSpacing;
  assert.ok(Math.abs(a[0] / predicted - 1) < 0.2);
  const b = widths(0.025, 8); // the same η/|B|
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(b[i] / a[i] - 1) < 0.12, `collapse ${b[i]} vs ${a[i]}`);
  }
});

Deno.test("the RBM's kernel must be symmetric and positive definite", () => {
  const asymmetric = Float64Array.from(kernel);
  asymmetric[1] += 0.5;
  assert.throws(
    () => trainGaussianRbm({ ...base, kernel: asymmetric }),
    /kernel must be symmetric, but K\(0, 1\)/,
  );
  assert.throws(
    () => trainGaussianRbm({ ...base, kernel: Float64Array.from(kernel, (v) => -v) }),
    /kernel must be positive definite, but its smallest eigenvalue is -/,
  );
});

Deno.test("a diverging RBM run names the step at which it left the finite range", () => {
  assert.throws(
    () => trainGaussianRbm({ ...base, learningRate: 1e6, steps: 50, record: [0, 50] }),
    /RBM training diverged at step \d+: .*η = 1000000, \|B\| = 16/,
  );
});
