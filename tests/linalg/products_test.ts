import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { gemm, gemv, matmul } from "../../lib/linalg/products.ts";
import { frobeniusDistance, frobeniusNorm } from "../../lib/linalg/norms.ts";
import { gaussianMatrix, naiveProduct, testOnBackends } from "./backends_under_test.ts";

testOnBackends("gemm f64 matches the triple loop for every transpose, with alpha and beta", () => {
  const [m, n, k] = [37, 29, 301]; // not multiples of any block size
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const a = gaussianMatrix(transA ? k : m, transA ? m : k, 1);
      const b = gaussianMatrix(transB ? n : k, transB ? k : n, 2);
      const c0 = gaussianMatrix(m, n, 3);
      const out = c0.clone();
      gemm(a, b, { transA, transB, alpha: -0.7, beta: 0.3, out });
      const expected = naiveProduct(a, b, transA, transB);
      for (let i = 0; i < expected.data.length; i++) {
        expected.data[i] = -0.7 * expected.data[i] + 0.3 * c0.data[i];
      }
      const err = frobeniusDistance(out, expected) / frobeniusNorm(expected);
      assert.ok(err < 1e-14, `transA=${transA} transB=${transB}: relative error ${err}`);
    }
  }
  assert.deepEqual(
    matmul(DenseMatrix.fromRows([[1, 2]]), DenseMatrix.fromRows([[3], [4]])).toRows(),
    [
      [11],
    ],
  );
});

testOnBackends("gemm f32 is within the single-precision error bound γ_k Σ|a||b|", () => {
  const [m, n, k] = [40, 33, 257];
  const a = gaussianMatrix(m, k, 4).toFloat32();
  const b = gaussianMatrix(k, n, 5).toFloat32();
  const c = gemm(a, b);
  assert.equal(c.dtype, "f32");
  const exact = naiveProduct(a, b); // f64 product of the same f32 values
  const absA = new DenseMatrix(m, k, a.data.map(Math.abs));
  const absB = new DenseMatrix(k, n, b.data.map(Math.abs));
  const bound = naiveProduct(absA, absB);
  const u = 2 ** -24;
  const gamma = (k * u) / (1 - k * u) + u; // accumulation + final rounding to f32
  let worst = 0;
  for (let i = 0; i < c.data.length; i++) {
    worst = Math.max(worst, Math.abs(c.data[i] - exact.data[i]) / (gamma * bound.data[i]));
  }
  assert.ok(worst <= 1, `error reaches ${worst.toFixed(3)} of the bound`);
});

testOnBackends("gemv matches the triple loop, plain and transposed", () => {
  const a = gaussianMatrix(23, 41, 6);
  for (const trans of [false, true]) {
    const x = gaussianMatrix(1, trans ? 23 : 41, 7).data;
    const y0 = gaussianMatrix(1, trans ? 41 : 23, 8).data;
    const y = gemv(a, x, { trans, alpha: 2, beta: -1, out: y0.slice() });
    const ref = naiveProduct(a, new DenseMatrix(x.length, 1, x), trans);
    for (let i = 0; i < y.length; i++) {
      assert.ok(Math.abs(y[i] - (2 * ref.data[i] - y0[i])) < 1e-12, `entry ${i}`);
    }
  }
  const y32 = gemv(a.toFloat32(), new Float32Array(41).fill(1));
  assert.ok(y32 instanceof Float32Array);
});

testOnBackends("gemm and gemv name the problem for bad shapes, types, storage and NaN", () => {
  const a = gaussianMatrix(3, 4, 9);
  assert.throws(() => gemm(a, a), /gemm: inner dimensions differ: op\(A\) = 3×4, op\(B\) = 3×4/);
  assert.throws(
    () => gemm(a, a.toFloat32() as never, { transB: true }),
    /gemm: A is f64, B is f32/,
  );
  assert.throws(() => gemm(a, a, { transB: true, beta: 1 }), /beta ≠ 0 needs an `out`/);
  assert.throws(
    () => gemm(a, a, { transB: true, out: DenseMatrix.zeros(4, 4) }),
    /out is 4×4, the product is 3×3/,
  );
  const sq = gaussianMatrix(3, 3, 10);
  assert.throws(() => gemm(sq, sq, { out: sq }), /shares storage/);
  const bad = a.clone();
  bad.set(2, 1, NaN);
  assert.throws(
    () => gemm(bad, a, { transB: true }),
    /gemm: A has a non-finite entry NaN at \(2, 1\)/,
  );
  // finite entries whose |sum| overflows pass the fast screen's fallback scan
  const huge = DenseMatrix.fromRows([[1e308, 1e308], [0, 1]]);
  assert.equal(gemm(huge, DenseMatrix.identity(2)).get(0, 1), 1e308);
  assert.throws(() => gemv(a, new Float64Array(3)), /gemv: x has 3 entries/);
  assert.throws(() => gemv(a, new Float64Array([1, Infinity, 0, 0])), /x has a non-finite/);
});
