/**
 * The head-spectrum analysis on matrices whose law is known: iid Gaussian heads of the paper's
 * shape (64×384, 36 heads) must give the init-variance MP fit, level repulsion and no outliers
 * (target 18 of the spec, on exact random matrices); a planted rank-one signal must show up as an
 * outlier above the edge (target 19's measure).
 */
import assert from "node:assert/strict";
import { headSpectra, summariseSpectra } from "../../lib/experiments/transformer_spectra.ts";
import { DenseMatrix, type FloatArray } from "../../lib/linalg/dense_matrix.ts";
import { singularValues } from "../../lib/linalg/svd.ts";
import { MEAN_TILDE_RATIO_LARGE_N } from "../../lib/rmt/spacing_ratio.ts";
import { Rng } from "../../lib/random/rng.ts";

const [hs, C, heads, std] = [64, 384, 36, 0.02];

function randomHeads(seed: number): Map<string, DenseMatrix<FloatArray>> {
  const rng = Rng.fromSeed(seed);
  const out = new Map<string, DenseMatrix<FloatArray>>();
  for (let h = 0; h < heads; h++) {
    const l = Math.floor(h / 6);
    out.set(
      `layer${l}.head${h % 6}.key`,
      new DenseMatrix(hs, C, rng.fillNormal(new Float32Array(hs * C), 0, std)),
    );
    out.set(`layer${l}.head${h % 6}.query`, new DenseMatrix(hs, C, new Float32Array(hs * C)));
  }
  return out;
}

Deno.test("transformer spectra: iid heads give MP at the init variance, GOE repulsion, no outliers", () => {
  const spectra = headSpectra(randomHeads(1));
  assert.equal(spectra.perHead.length, heads);
  assert.equal(spectra.perHead[0].length, hs);
  // eigenvalues of KᵀK are the squared singular values of K
  const k0 = randomHeads(1).get("layer0.head0.key")!;
  const sv = Array.from(singularValues(k0.toFloat64()), (s) => s * s).sort((a, b) => a - b);
  sv.forEach((v, i) => assert.ok(Math.abs(v - spectra.perHead[0][i]) < 1e-10 * sv.at(-1)!));

  const s = summariseSpectra(spectra);
  assert.ok(Math.abs(s.variance / std ** 2 - 1) < 0.05, `fitted s² ${s.variance}`);
  assert.ok(s.ks < 0.05, `KS ${s.ks}`);
  assert.ok(Math.abs(s.meanTildeRatio - 0.53) < 0.02, `⟨r̃⟩ ${s.meanTildeRatio}`);
  // 36 heads: ⟨r̃⟩ has standard error ≈ 0.01; the large-N GOE value must lie within 4 of them
  assert.ok(Math.abs(s.meanTildeRatio - MEAN_TILDE_RATIO_LARGE_N[1]) < 4 * s.tildeRatioError);
  assert.ok(s.edgeRatio < 1.1, `λ_max/x₊ ${s.edgeRatio}`);
  const n = s.spacings.length;
  assert.ok(Math.abs(s.spacingSecondMoment - 4 / Math.PI) < 3 * (4 / Math.PI) / Math.sqrt(n));
  assert.ok(s.ksWigner < 1.8 / Math.sqrt(n), `KS to the surmise ${s.ksWigner} with ${n} spacings`);
  assert.ok(s.ksPoisson > 0.2, `KS to Poisson ${s.ksPoisson}`);
});

Deno.test("transformer spectra: a planted rank-one signal is an outlier above the MP edge", () => {
  const matrices = randomHeads(2);
  const k = matrices.get("layer2.head3.key")!;
  const rng = Rng.fromSeed(3);
  const u = Array.from({ length: hs }, () => rng.normal() / Math.sqrt(hs));
  const v = Array.from({ length: C }, () => rng.normal() / Math.sqrt(C));
  for (let i = 0; i < hs; i++) {
    for (let j = 0; j < C; j++) k.data[i * C + j] += 3 * std * Math.sqrt(C) * u[i] * v[j];
  }
  const s = summariseSpectra(headSpectra(matrices));
  assert.ok(s.edgeRatio > 1.2, `λ_max/x₊ ${s.edgeRatio}`);
  assert.ok(s.aboveEdge >= 1);
  assert.ok(s.ks < 0.05, "one outlier in 2304 eigenvalues barely moves the bulk fit");
  assert.throws(() => headSpectra(matrices, "value"), /no value matrices/);
});
