/**
 * The tridiagonal eigensolver against the dense one, and the Dumitriu–Edelman Laguerre model
 * against Wishart spectra formed from Gaussian matrices: the same law (two-sample KS at the
 * project's 3σ level) for λ_max and for a bulk eigenvalue, and E tr = n·m exactly.
 */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { eigvalsh } from "../../lib/linalg/eigen.ts";
import { gemm } from "../../lib/linalg/products.ts";
import { tridiagonalEigenvalues } from "../../lib/linalg/tridiagonal_eigen.ts";
import { Rng } from "../../lib/random/rng.ts";
import { ksTwoSample } from "../../lib/rmt/ks_distance.ts";
import { wishartEigenvaluesTridiagonal } from "../../lib/rmt/laguerre_tridiagonal.ts";
import { ksThreshold } from "../../lib/rmt/statistical_thresholds.ts";

Deno.test("tridiagonal eigenvalues agree with the dense solver, including split and tiny cases", () => {
  const rng = Rng.fromSeed(3);
  for (const n of [1, 2, 5, 60]) {
    const d = rng.fillNormal(new Float64Array(n), 0, 1);
    const e = rng.fillNormal(new Float64Array(n - 1), 0, 1);
    if (n === 60) e[20] = 0; // a matrix that splits into two blocks
    const a = DenseMatrix.zeros(n, n);
    for (let i = 0; i < n; i++) {
      a.set(i, i, d[i]);
      if (i < n - 1) {
        a.set(i, i + 1, e[i]);
        a.set(i + 1, i, e[i]);
      }
    }
    const want = eigvalsh(a);
    const got = tridiagonalEigenvalues(d, e);
    const scale = Math.max(...want.map(Math.abs));
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-12 * scale, `n ${n}, ${i}`));
  }
  assert.throws(() => tridiagonalEigenvalues([1, 2], []), /2 diagonal entries need 1 off-diagonal/);
  assert.throws(() => tridiagonalEigenvalues([1, NaN], [0]), /entry 1 is not finite/);
});

Deno.test("the Laguerre tridiagonal model has the law of Wishart spectra of the same shape", () => {
  const [n, m, draws] = [12, 30, 600];
  const direct = { top: new Float64Array(draws), middle: new Float64Array(draws) };
  const model = { top: new Float64Array(draws), middle: new Float64Array(draws) };
  let trace = 0;
  for (let d = 0; d < draws; d++) {
    const rng = Rng.fromSeed(7, d);
    const g = new DenseMatrix(n, m, rng.fillNormal(new Float64Array(n * m), 0, 1));
    const x = eigvalsh(gemm(g, g, { transB: true }));
    const y = wishartEigenvaluesTridiagonal(n, m, Rng.fromSeed(8, d));
    direct.top[d] = x[n - 1];
    direct.middle[d] = x[n / 2];
    model.top[d] = y[n - 1];
    model.middle[d] = y[n / 2];
    trace += y.reduce((a, b) => a + b, 0) / draws;
  }
  // two samples of `draws` each: the KS threshold of the effective size draws/2
  const bound = ksThreshold(draws / 2);
  assert.ok(ksTwoSample(direct.top, model.top) < bound, "λ_max laws differ");
  assert.ok(ksTwoSample(direct.middle, model.middle) < bound, "bulk eigenvalue laws differ");
  // tr GGᵀ is χ² with nm degrees of freedom: sd √(2nm) per draw
  assert.ok(Math.abs(trace - n * m) < 4 * Math.sqrt((2 * n * m) / draws), `mean trace ${trace}`);
  assert.throws(() => wishartEigenvaluesTridiagonal(5, 4, Rng.fromSeed(1)), /1 ≤ n ≤ m/);
});
