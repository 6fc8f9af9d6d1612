import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { fitLine, fitLogLog } from "../../lib/linalg/line_fit.ts";
import { solveContinuousLyapunov, solveSymmetricLyapunov } from "../../lib/linalg/lyapunov.ts";
import { frobeniusDistance, frobeniusNorm } from "../../lib/linalg/norms.ts";
import {
  principalComponents,
  RunningMoments,
  trajectoryMoments,
} from "../../lib/linalg/sample_moments.ts";
import { Rng } from "../../lib/random/rng.ts";
import { spdMatrix } from "./backends_under_test.ts";

Deno.test("running and stored-trajectory moments agree; PCA is sorted and orthonormal", () => {
  const rng = Rng.fromSeed(3);
  const n = 5, records = 400;
  const trajectory = new Float64Array(records * n);
  const running = new RunningMoments(n);
  for (let r = 0; r < records; r++) {
    for (let i = 0; i < n; i++) trajectory[r * n + i] = (i + 1) * rng.normal() + i;
    running.add(trajectory.subarray(r * n, (r + 1) * n));
  }
  const stored = trajectoryMoments(trajectory, n);
  assert.ok(frobeniusDistance(stored.covariance, running.covariance()) < 1e-12);
  stored.mean.forEach((m, i) => assert.ok(Math.abs(m - running.mean()[i]) < 1e-12));
  const pca = principalComponents(stored.covariance);
  for (let i = 1; i < n; i++) assert.ok(pca.variances[i] <= pca.variances[i - 1]);
  // Σ p_i σ_i² p_iᵀ rebuilds the covariance
  const rebuilt = DenseMatrix.zeros(n, n);
  for (let k = 0; k < n; k++) {
    const p = pca.directions.column(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) rebuilt.data[i * n + j] += pca.variances[k] * p[i] * p[j];
    }
  }
  assert.ok(frobeniusDistance(rebuilt, stored.covariance) < 1e-10);
});

Deno.test("lag-1 covariance of an AR(1) chain is a·Var within sampling error", () => {
  // x_{k+1} = a x_k + ξ: Cov(x_{k+1}, x_k) = a/(1 − a²); 2·10⁵ steps, τ = 1/(1−a) = 5
  const a = 0.8, rng = Rng.fromSeed(4);
  const m = new RunningMoments(1);
  let x = 0;
  for (let k = 0; k < 200_000; k++) {
    m.add([x]);
    x = a * x + rng.normal();
  }
  const exact = a / (1 - a * a);
  // relative standard error of the variance estimate: √((2/T)(1 + a²)/(1 − a²)) = 0.7 %, and of
  // the lag-1 estimate about 1 %; 4 % is beyond 3σ for both
  assert.ok(Math.abs(m.lagCovariance().get(0, 0) / exact - 1) < 0.04);
  assert.ok(Math.abs(m.covariance().get(0, 0) * (1 - a * a) - 1) < 0.04);
  assert.throws(() => new RunningMoments(2).mean(), /no state/);
  assert.throws(() => new RunningMoments(2).add([1]), /entries/);
});

Deno.test("line fits: exact on a line, correlation sign, bad input refused", () => {
  const f = fitLine([0, 1, 2, 3], [1, 3, 5, 7]);
  assert.ok(Math.abs(f.slope - 2) < 1e-14 && Math.abs(f.intercept - 1) < 1e-14);
  assert.ok(Math.abs(f.correlation - 1) < 1e-14);
  const g = fitLogLog([1, 2, 4, 8], [8, 2, 0.5, 0.125]);
  assert.ok(Math.abs(g.slope + 2) < 1e-12 && g.correlation < -0.999999);
  assert.throws(() => fitLine([1, 1], [1, 2]), /equal/);
  assert.throws(() => fitLogLog([1, 0], [1, 2]), /positive/);
  assert.throws(() => fitLine([1, NaN], [1, 2]), /finite/);
});

Deno.test("symmetric Lyapunov: eigenbasis solution equals the sign-iteration solver", () => {
  const h = spdMatrix(6, 41), c = spdMatrix(6, 42);
  const a = solveSymmetricLyapunov(h, c), b = solveContinuousLyapunov(h, c);
  assert.ok(frobeniusDistance(a, b) / frobeniusNorm(b) < 1e-10);
  const singular = DenseMatrix.fromRows([[1, 0], [0, 0]]);
  assert.throws(
    () => solveSymmetricLyapunov(singular, DenseMatrix.identity(2)),
    /positive definite/,
  );
});
