import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { cholesky, inverse, solve, solveSpd } from "../../lib/linalg/solve.ts";
import { frobeniusDistance, frobeniusNorm } from "../../lib/linalg/norms.ts";
import { gaussianMatrix, naiveProduct, spdMatrix, testOnBackends } from "./backends_under_test.ts";

testOnBackends("solve: A·x = b for a vector and A·X = B for a matrix", () => {
  const n = 45;
  const a = gaussianMatrix(n, n, 21);
  const b = gaussianMatrix(n, 1, 22).data;
  const x = solve(a, b);
  const ax = naiveProduct(a, new DenseMatrix(n, 1, x));
  assert.ok(frobeniusDistance(ax, new DenseMatrix(n, 1, b)) / frobeniusNorm(b) < 1e-12);
  const bm = gaussianMatrix(n, 3, 23);
  const xm = solve(a, bm);
  assert.equal(xm.cols, 3);
  assert.ok(frobeniusDistance(naiveProduct(a, xm), bm) / frobeniusNorm(bm) < 1e-12);
});

testOnBackends("solveSpd, cholesky and inverse satisfy their defining identities", () => {
  const n = 40;
  const a = spdMatrix(n, 24);
  const b = gaussianMatrix(n, 2, 25);
  const x = solveSpd(a, b);
  assert.ok(frobeniusDistance(naiveProduct(a, x), b) / frobeniusNorm(b) < 1e-12);
  const xv = solveSpd(a, b.column(0));
  assert.ok(Math.abs(xv[5] - x.get(5, 0)) < 1e-12 * Math.abs(x.get(5, 0)) + 1e-14);
  const l = cholesky(a);
  for (let i = 0; i < n; i++) {
    assert.ok(l.get(i, i) > 0);
    for (let j = i + 1; j < n; j++) assert.equal(l.get(i, j), 0);
  }
  assert.ok(frobeniusDistance(naiveProduct(l, l, false, true), a) / frobeniusNorm(a) < 1e-13);
  const g = gaussianMatrix(n, n, 26);
  const gi = inverse(g);
  assert.ok(frobeniusDistance(naiveProduct(g, gi), DenseMatrix.identity(n)) < 1e-11);
  assert.ok(frobeniusDistance(naiveProduct(gi, g), DenseMatrix.identity(n)) < 1e-11);
});

testOnBackends("singular, numerically singular and indefinite matrices are refused", () => {
  const singular = DenseMatrix.fromRows([[1, 2], [2, 4]]);
  assert.throws(() => solve(singular, new Float64Array([1, 1])), /solve: matrix is singular/);
  assert.throws(() => inverse(singular), /inverse: matrix is singular/);
  // rank-deficient up to rounding: rows 0 and 1 differ by 1e-17 relative
  const nearly = DenseMatrix.fromRows([[1, 1, 0], [1, 1 + 1e-17, 0], [0, 0, 1]]);
  assert.throws(() => solve(nearly, new Float64Array(3).fill(1)), /singular/);
  const close = DenseMatrix.fromRows([[1, 1, 0], [1, 1 + 1e-12, 0], [0, 0, 1]]); // cond ≈ 4e12: fine
  const x = solve(close, new Float64Array([2, 2 + 1e-12, 1]));
  assert.ok(Math.abs(x[0] - 1) < 1e-3 && Math.abs(x[1] - 1) < 1e-3);
  const indefinite = DenseMatrix.fromRows([[1, 2], [2, 1]]);
  assert.throws(() => cholesky(indefinite), /cholesky: matrix is not positive definite/);
  assert.throws(
    () => solveSpd(indefinite, new Float64Array(2)),
    /solveSpd: matrix is not positive/,
  );
  assert.throws(
    () => solve(gaussianMatrix(3, 3, 27), new Float64Array(4)),
    /A is 3×3 but b has 4 rows/,
  );
  assert.throws(() => solveSpd(gaussianMatrix(3, 3, 28), new Float64Array(3)), /not symmetric/);
  assert.throws(() => inverse(gaussianMatrix(2, 3, 29)), /inverse: A must be square/);
});

Deno.test("solve and inverse at n = 500 under deno test (threaded OpenBLAS LU crashed here once)", () => {
  // OpenBLAS 0.3.21's threaded getrf segfaulted from n ≈ 200 on deno test's thread; the native
  // backend now runs LU on one OpenBLAS thread. This test crashes the whole run if that regresses.
  const n = 500;
  const a = gaussianMatrix(n, n, 77);
  const x = new Float64Array(n).map((_, i) => Math.sin(i));
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] += a.data[i * n + j] * x[j];
  const solved = solve(a, b);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(solved[i] - x[i]) < 1e-8);
  const inv = inverse(a);
  for (let j = 0; j < n; j += 50) {
    let e = 0; // (A⁻¹A)[0][j]
    for (let k = 0; k < n; k++) e += inv.data[k] * a.data[k * n + j];
    assert.ok(Math.abs(e - (j === 0 ? 1 : 0)) < 1e-8, `(A⁻¹A)[0][${j}] = ${e}`);
  }
});
