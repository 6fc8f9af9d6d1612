import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { eigh } from "../../lib/linalg/eigen.ts";
import { solveContinuousLyapunov, solveDiscreteLyapunov } from "../../lib/linalg/lyapunov.ts";
import { frobeniusNorm } from "../../lib/linalg/norms.ts";
import {
  gaussianMatrix,
  maxRelativeDifference,
  naiveProduct,
  spdMatrix,
  testOnBackends,
} from "./backends_under_test.ts";

function add(x: DenseMatrix<Float64Array>, y: DenseMatrix<Float64Array>, sy = 1) {
  return new DenseMatrix(x.rows, x.cols, x.data.map((v, i) => v + sy * y.data[i]));
}

testOnBackends(
  "continuous Lyapunov: closed form for diagonal A, residual for a general one",
  () => {
    // A = diag(a): Σ_ij = C_ij / (a_i + a_j)
    const a = [0.5, 1, 3, 10];
    const c = spdMatrix(4, 31);
    const sigma = solveContinuousLyapunov(
      DenseMatrix.fromRows(a.map((v, i) => a.map((_, j) => (i === j ? v : 0)))),
      c,
    );
    const expected = c.data.map((v, idx) => v / (a[Math.floor(idx / 4)] + a[idx % 4]));
    assert.ok(maxRelativeDifference(sigma.data, expected) < 1e-13);

    // non-symmetric, non-normal, stable: A = S + 0.4·(G − Gᵀ) with S SPD, so xᵀAx = xᵀSx > 0
    // and every eigenvalue has a positive real part
    const n = 30;
    const g = gaussianMatrix(n, n, 32);
    const aa = add(spdMatrix(n, 33, 1), add(g, g.transpose(), -1), 0.4);
    const cc = spdMatrix(n, 34);
    const s = solveContinuousLyapunov(aa, cc);
    const residual = add(add(naiveProduct(aa, s), naiveProduct(s, aa, false, true)), cc, -1);
    assert.ok(frobeniusNorm(residual) / frobeniusNorm(cc) < 1e-11);
    // Σ is the covariance of a stable process: symmetric positive definite
    assert.ok(eigh(s).values[0] > 0);
    // and −A (anti-stable) gives −Σ
    const negated = solveContinuousLyapunov(
      new DenseMatrix(n, n, aa.data.map((v) => -v)),
      cc,
    );
    assert.ok(maxRelativeDifference(negated.data, s.data.map((v) => -v)) < 1e-10);
  },
);

testOnBackends(
  "discrete Lyapunov: scalar and diagonal closed forms, residual for a general A",
  () => {
    const scalar = solveDiscreteLyapunov(
      DenseMatrix.fromRows([[0.9]]),
      DenseMatrix.fromRows([[2]]),
    );
    assert.ok(Math.abs(scalar.get(0, 0) - 2 / (1 - 0.81)) < 1e-12);
    // close to the unit circle still converges: ρ = 1 − 1e-6
    const slow = solveDiscreteLyapunov(
      DenseMatrix.fromRows([[1 - 1e-6]]),
      DenseMatrix.fromRows([[1]]),
    );
    const exact = 1 / (1 - (1 - 1e-6) ** 2);
    assert.ok(Math.abs(slow.get(0, 0) - exact) / exact < 1e-8);
    // damped rotation (complex eigenvalues r·e^{±iθ}), general C
    const n = 25;
    const g = gaussianMatrix(n, n, 35);
    const a = new DenseMatrix(n, n, g.data.map((v) => (0.9 * v) / Math.sqrt(n) / 1.2));
    const c = spdMatrix(n, 36);
    const s = solveDiscreteLyapunov(a, c);
    const asat = naiveProduct(naiveProduct(a, s), a, false, true);
    const residual = add(s, add(asat, c), -1);
    assert.ok(frobeniusNorm(residual) / frobeniusNorm(s) < 1e-12);
  },
);

testOnBackends("Lyapunov solvers refuse unstable, mixed-sign and singular A", () => {
  const c = DenseMatrix.identity(2);
  assert.throws(
    () => solveDiscreteLyapunov(DenseMatrix.fromRows([[1.01, 0], [0, 0.5]]), c),
    /spectral radius of A is ≥ 1/,
  );
  assert.throws(
    () => solveDiscreteLyapunov(DenseMatrix.fromRows([[0, -1], [1, 0]]), c), // rotation: ρ = 1
    /spectral radius of A is ≥ 1/,
  );
  assert.throws(
    () => solveContinuousLyapunov(DenseMatrix.fromRows([[1, 0], [0, -2]]), c),
    /both positive and negative real parts/,
  );
  assert.throws(
    () => solveContinuousLyapunov(DenseMatrix.fromRows([[1, 0], [0, 0]]), c),
    /singular/,
  );
  assert.throws(
    () => solveContinuousLyapunov(DenseMatrix.identity(2), DenseMatrix.identity(3)),
    /A is 2×2 but C is 3×3/,
  );
});
