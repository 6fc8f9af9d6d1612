/** gramMatrix by blocks equals the direct product, for tall and wide, f32 and f64 matrices. */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { gramMatrix } from "../../lib/linalg/gram.ts";
import { gemm } from "../../lib/linalg/products.ts";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("gramMatrix: blocks of rows or columns sum to WᵀW or WWᵀ", () => {
  for (const [m, n] of [[37, 5], [5, 37], [12, 12]]) {
    const w64 = new DenseMatrix(m, n, Rng.fromSeed(m, n).fillNormal(new Float64Array(m * n), 0, 1));
    const want = gemm(w64, w64, { transA: m >= n, transB: m < n });
    for (const w of [w64, w64.toFloat32()]) {
      const exact = w === w64 ? want : gemm(w.toFloat64(), w.toFloat64(), {
        transA: m >= n,
        transB: m < n,
      });
      for (const block of [7, 1000]) {
        const got = gramMatrix(w, block);
        assert.deepEqual([got.rows, got.cols], [Math.min(m, n), Math.min(m, n)]);
        got.data.forEach((v, i) =>
          assert.ok(Math.abs(v - exact.data[i]) < 1e-12 * m * n, `${m}×${n}`)
        );
      }
    }
  }
});
