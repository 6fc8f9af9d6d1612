/**
 * The ESD figures fit and draw a power law only where the spectrum has a tail: never for a
 * Gaussian (Marchenko–Pastur) matrix, never for one spike, always for a heavy-tailed matrix; and
 * their SVGs pass the figure lint.
 */
import assert from "node:assert/strict";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { analyseSpectrum } from "../../lib/rmt/esd_analysis.ts";
import { esdDensityFigure, esdTailFigure, hasPowerLawTail } from "../../lib/plot/esd_figures.ts";
import { lintFigureSvg } from "../../lib/plot/figure_lint.ts";
import { Rng } from "../../lib/random/rng.ts";

const [rows, cols] = [600, 150];

function gaussian(seed: number): Float64Array {
  return Rng.fromSeed(seed).fillNormal(new Float64Array(rows * cols), 0, 1);
}

Deno.test("a Gaussian matrix gets no power law; a heavy-tailed one (Student t, 2 dof) does", () => {
  for (const seed of [1, 2, 3]) {
    const mp = analyseSpectrum(new DenseMatrix(rows, cols, gaussian(seed)));
    assert.equal(hasPowerLawTail(mp), false, `seed ${seed}: outliers ${mp.outliers.length}`);
    assert.doesNotMatch(esdTailFigure(mp).svg, /power law/);
  }
  // Student t with 2 degrees of freedom: z / sqrt((u² + v²)/2), heavy tails in the entries
  const rng = Rng.fromSeed(7);
  const z = rng.fillNormal(new Float64Array(rows * cols), 0, 1);
  const u = rng.fillNormal(new Float64Array(rows * cols), 0, 1);
  const v = rng.fillNormal(new Float64Array(rows * cols), 0, 1);
  const heavy = z.map((x, i) => x / Math.sqrt((u[i] ** 2 + v[i] ** 2) / 2));
  const a = analyseSpectrum(new DenseMatrix(rows, cols, heavy));
  assert.equal(hasPowerLawTail(a), true, `outliers ${a.outliers.length}`);
  const tail = esdTailFigure(a);
  assert.match(tail.svg, /power law, α = /);
  for (const f of [tail, esdDensityFigure(a)]) assert.deepEqual(lintFigureSvg(f.svg), []);
});
