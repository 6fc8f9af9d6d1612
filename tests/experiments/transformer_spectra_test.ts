/**
 * The head-spectrum analysis on matrices whose law is known: iid Gaussian heads of the paper's
 * shape (64×384, 36 heads) must give the init-variance MP fit, level repulsion and no outliers
 * (T03.1, on exact random matrices); a planted rank-one signal must show up as an
 * outlier above the edge (T03.2's measure).
 */
import assert from "node:assert/strict";
import {
  BULK_FRACTION,
  headSpectra,
  headTildeRatioNull,
  layerProjection,
  poissonNullDraws,
  repulsionThreshold,
  summariseSpectra,
} from "../../lib/experiments/transformer_spectra.ts";
import { DenseMatrix, type FloatArray } from "../../lib/linalg/dense_matrix.ts";
import { singularValues } from "../../lib/linalg/svd.ts";
import { sampleTildeRatioNull } from "../../lib/rmt/tilde_ratio_null.ts";
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
  // the head average follows the iid law at this size (sampled independently of these heads)
  const iid = sampleTildeRatioNull({
    kind: "wishart",
    rows: hs,
    cols: C,
    heads,
    bulkFraction: BULK_FRACTION,
    draws: 60,
    seed: 5,
  });
  assert.ok(
    Math.abs(s.meanTildeRatio - iid.mean) < 4 * iid.sd,
    `${s.meanTildeRatio} vs ${iid.mean}`,
  );
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

Deno.test("transformer spectra: the null laws are cached by size and give the repulsion threshold", async () => {
  const directory = await Deno.makeTempDir();
  try {
    // only the sizes of the spectra enter the null laws: 4 heads of 16 levels, 16×64 matrices
    const sizes = {
      rows: 16,
      cols: 64,
      names: [],
      perHead: Array.from({ length: 4 }, () => new Float64Array(16)),
    };
    const draws = poissonNullDraws(2);
    assert.equal(draws, Math.ceil((40 * 2) / 0.0027));
    const poisson = await headTildeRatioNull(sizes, "poisson", draws, directory);
    assert.deepEqual([poisson.options.heads, poisson.options.rows, poisson.options.cols], [
      4,
      16,
      64,
    ]);
    // uncorrelated levels: ⟨r̃⟩ = 2 ln 2 − 1 exactly at any size (ratios of exchangeable spacings)
    const se = poisson.sd / Math.sqrt(draws);
    assert.ok(Math.abs(poisson.mean - (2 * Math.LN2 - 1)) < 4 * se, `${poisson.mean}`);
    // one-sided, per-check level 0.00135: about 3 sd above the mean for a near-normal average
    const bound = repulsionThreshold(poisson, 2);
    const z = (bound - poisson.mean) / poisson.sd;
    assert.ok(z > 2.7 && z < 3.6, `threshold ${z} sd above the Poisson mean`);
    const again = await headTildeRatioNull(sizes, "poisson", draws, directory);
    assert.deepEqual(again.samples, poisson.samples);
    assert.ok([...Deno.readDirSync(directory)].some((e) => e.name.startsWith("tilde_ratio_null_")));
    // a family too large for the sampled draws is refused, not read off the extreme sample
    assert.throws(() => repulsionThreshold(poisson, 1000), /draws/);
    const iid = await headTildeRatioNull(sizes, "wishart", 50, directory);
    assert.throws(() => repulsionThreshold(iid, 2), /Poisson null/);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("layerProjection stacks one layer's heads in head order, ignoring other layers and kinds", () => {
  const head = (value: number) => new DenseMatrix(2, 3, new Float64Array(6).fill(value));
  const matrices = new Map<string, DenseMatrix<FloatArray>>([
    ["layer0.head1.value", head(1)],
    ["layer0.head0.value", head(0)],
    ["layer0.head10.value", head(10)],
    ["layer0.head0.key", head(-1)],
    ["layer1.head0.value", head(-2)],
  ]);
  const w = layerProjection(matrices, 0, "value");
  assert.equal(w.rows, 6);
  assert.equal(w.cols, 3);
  assert.deepEqual([w.data[0], w.data[6], w.data[12]], [0, 1, 10]);
  assert.throws(() => layerProjection(matrices, 2, "value"), /no value matrices of layer 2/);
});
