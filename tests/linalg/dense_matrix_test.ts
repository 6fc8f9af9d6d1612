import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { LinalgError } from "../../lib/linalg/linalg_error.ts";

Deno.test("DenseMatrix is row-major; row and rowRange are views, column copies", () => {
  const m = DenseMatrix.fromRows([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
  assert.equal(m.get(1, 0), 4);
  m.row(1)[2] = 60;
  assert.equal(m.get(1, 2), 60);
  const tail = m.rowRange(1, 2);
  tail.set(0, 0, 40);
  assert.equal(m.get(1, 0), 40);
  const col = m.column(1);
  col[0] = 99;
  assert.equal(m.get(0, 1), 2);
  assert.equal(m.reshape(3, 2).get(2, 1), 60);
});

Deno.test("transpose, clone, dtype conversions and ml-matrix round trip", () => {
  const m = DenseMatrix.fromRows([[1, 2, 3], [4, 5, 6]]);
  const t = m.transpose();
  assert.deepEqual(t.toRows(), [[1, 4], [2, 5], [3, 6]]);
  // a larger, non-multiple-of-block transpose
  const big = new DenseMatrix(37, 70, Float64Array.from({ length: 37 * 70 }, (_, i) => i));
  const bt = big.transpose();
  for (const [i, j] of [[0, 0], [36, 69], [5, 33], [20, 64]]) {
    assert.equal(bt.get(j, i), big.get(i, j));
  }
  const c = m.clone();
  c.set(0, 0, -1);
  assert.equal(m.get(0, 0), 1);
  const f = DenseMatrix.fromRows([[0.1]]).toFloat32();
  assert.equal(f.dtype, "f32");
  assert.equal(f.get(0, 0), Math.fround(0.1));
  assert.equal(f.transpose().dtype, "f32");
  const ml = m.toMlMatrix();
  assert.ok(ml instanceof Matrix);
  assert.deepEqual(DenseMatrix.fromMlMatrix(ml).toRows(), m.toRows());
  assert.deepEqual(DenseMatrix.identity(2).toRows(), [[1, 0], [0, 1]]);
});

Deno.test("DenseMatrix refuses inconsistent shapes and out-of-range rows", () => {
  assert.throws(() => new DenseMatrix(2, 2, new Float64Array(3)), LinalgError);
  assert.throws(() => DenseMatrix.fromRows([[1, 2], [3]]), /row 1 has 1 entries/);
  assert.throws(() => DenseMatrix.zeros(2, 2).row(2), LinalgError);
  assert.throws(() => DenseMatrix.zeros(2, 2).rowRange(1, 3), LinalgError);
  assert.throws(() => DenseMatrix.zeros(2, 2).reshape(3, 1), /needs 3 entries/);
});
