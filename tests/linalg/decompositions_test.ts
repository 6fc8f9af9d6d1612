import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { eigh, eigvals, eigvalsh } from "../../lib/linalg/eigen.ts";
import { singularValues, svd } from "../../lib/linalg/svd.ts";
import { frobeniusDistance, frobeniusNorm } from "../../lib/linalg/norms.ts";
import {
  gaussianMatrix,
  maxRelativeDifference,
  naiveProduct,
  symmetricMatrix,
  testOnBackends,
} from "./backends_under_test.ts";

function scaledColumns(v: DenseMatrix<Float64Array>, d: Float64Array) {
  const out = v.clone();
  for (let i = 0; i < v.rows; i++) {
    for (let j = 0; j < v.cols; j++) out.data[i * v.cols + j] *= d[j];
  }
  return out;
}

function orthonormalityError(q: DenseMatrix<Float64Array>, columns: boolean): number {
  const g = columns ? naiveProduct(q, q, true, false) : naiveProduct(q, q, false, true);
  return frobeniusDistance(g, DenseMatrix.identity(g.rows));
}

testOnBackends("eigh: A·V = V·Λ, VᵀV = I, ascending values equal to eigvalsh", () => {
  const n = 60;
  const a = symmetricMatrix(n, 11);
  const { values, vectors } = eigh(a);
  for (let i = 1; i < n; i++) assert.ok(values[i] >= values[i - 1]);
  const av = naiveProduct(a, vectors);
  const residual = frobeniusDistance(av, scaledColumns(vectors, values)) / frobeniusNorm(a);
  assert.ok(residual < 1e-13, `‖AV − VΛ‖/‖A‖ = ${residual}`);
  assert.ok(orthonormalityError(vectors, true) < 1e-13);
  assert.ok(maxRelativeDifference(eigvalsh(a), values) < 1e-13);
  // trace and Frobenius invariants
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a.get(i, i);
  assert.ok(Math.abs(values.reduce((s, x) => s + x, 0) - trace) < 1e-12 * n);
  const sumSquares = values.reduce((s, x) => s + x * x, 0);
  assert.ok(Math.abs(sumSquares - frobeniusNorm(a) ** 2) < 1e-11 * sumSquares);
});

testOnBackends("eigvalsh of a known spectrum: Q·diag(d)·Qᵀ gives d back", () => {
  const n = 25;
  const { vectors: q } = eigh(symmetricMatrix(n, 12)); // some orthogonal Q
  const d = Float64Array.from({ length: n }, (_, i) => (i - 12) / 3);
  const a = naiveProduct(scaledColumns(q, d), q, false, true);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) a.data[i * n + j] = a.data[j * n + i]; // exact symmetry
  }
  assert.ok(maxRelativeDifference(eigvalsh(a), d) < 1e-13);
});

testOnBackends("svd: U·S·Vᵀ = A with orthonormal U, V for tall, wide and square A", () => {
  for (const [m, n] of [[40, 17], [17, 40], [23, 23]]) {
    const a = gaussianMatrix(m, n, 13 + m);
    const { u, s, vt } = svd(a);
    const k = Math.min(m, n);
    assert.equal(u.rows, m);
    assert.equal(u.cols, k);
    assert.equal(vt.rows, k);
    assert.equal(vt.cols, n);
    for (let i = 1; i < k; i++) assert.ok(s[i] <= s[i - 1] && s[i] >= 0);
    const usvt = naiveProduct(scaledColumns(u, s), vt);
    const err = frobeniusDistance(usvt, a) / frobeniusNorm(a);
    assert.ok(err < 1e-13, `${m}×${n}: ‖USVᵀ − A‖/‖A‖ = ${err}`);
    assert.ok(orthonormalityError(u, true) < 1e-13);
    assert.ok(orthonormalityError(vt, false) < 1e-13);
    assert.ok(maxRelativeDifference(singularValues(a), s) < 1e-13);
    // s² are the eigenvalues of AᵀA or AAᵀ
    const gram = m >= n ? naiveProduct(a, a, true, false) : naiveProduct(a, a, false, true);
    const ev = eigvalsh(gram).reverse();
    assert.ok(maxRelativeDifference(s.map((x) => x * x), ev) < 1e-12);
  }
});

testOnBackends("eigvals: a rotation has ±i, a triangular matrix its diagonal, sums = trace", () => {
  const rot = eigvals(DenseMatrix.fromRows([[0, -1], [1, 0]]));
  assert.ok(maxRelativeDifference(rot.re, [0, 0]) < 1e-15);
  assert.ok(maxRelativeDifference(rot.im, [-1, 1]) < 1e-15);
  const tri = eigvals(DenseMatrix.fromRows([[3, 1, 2], [0, -1, 5], [0, 0, 2]]));
  assert.ok(maxRelativeDifference(tri.re, [-1, 2, 3]) < 1e-14);
  const a = gaussianMatrix(30, 30, 14);
  const { re, im } = eigvals(a);
  let trace = 0;
  for (let i = 0; i < 30; i++) trace += a.get(i, i);
  assert.ok(Math.abs(re.reduce((s, x) => s + x, 0) - trace) < 1e-11);
  assert.ok(Math.abs(im.reduce((s, x) => s + x, 0)) < 1e-11); // conjugate pairs
});

testOnBackends("decompositions name the problem: non-square, asymmetric, NaN, empty", () => {
  const rect = gaussianMatrix(3, 4, 15);
  assert.throws(() => eigvalsh(rect), /eigvalsh: A must be square, got 3×4/);
  assert.throws(() => eigh(rect), /eigh: A must be square/);
  assert.throws(() => eigvals(rect), /eigvals: A must be square/);
  assert.throws(() => eigvalsh(gaussianMatrix(4, 4, 16)), /eigvalsh: A is not symmetric/);
  const nan = symmetricMatrix(4, 17);
  nan.set(1, 1, NaN);
  assert.throws(() => eigvalsh(nan), /eigvalsh: A has a non-finite entry NaN at \(1, 1\)/);
  assert.throws(() => svd(DenseMatrix.zeros(0, 3)), /svd: A is empty/);
  const inf = rect.clone();
  inf.set(0, 3, -Infinity);
  assert.throws(() => singularValues(inf), /singularValues: A has a non-finite entry -Infinity/);
});
