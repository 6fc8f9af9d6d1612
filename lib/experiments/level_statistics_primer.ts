/**
 * The primer's level-statistics experiments, each a function of plain settings so a test can run
 * it small: the semicircle of GOE(n), spacings (2×2 GOE pairs, the unfolded bulk of GOE(n),
 * Poisson levels) against the Wigner surmise, and spacing ratios r̃ of GOE, GUE and Poisson
 * against the Atas et al. surmise.
 */
import { eigvalsh } from "../linalg/eigen.ts";
import { goeEigenvalues, goeMatrix, gueEigenvalues, poissonLevels } from "../rmt/ensembles.ts";
import { densityHistogram } from "../rmt/histogram.ts";
import { ksDistance } from "../rmt/ks_distance.ts";
import { normalisedSpacings, spacings, unfoldByCdf } from "../rmt/level_statistics.ts";
import { semicircleCdf, semicircleDensity, semicircleRadius } from "../rmt/semicircle.ts";
import { fitSemicircle, type SemicircleFit } from "../rmt/spectral_fits.ts";
import { spacingRatioDensity, spacingRatios } from "../rmt/spacing_ratio.ts";
import { type LevelStatistics, spacingCdf, spacingDensity } from "../rmt/wigner_surmise.ts";
import { Rng } from "../random/rng.ts";

/** A histogram as plot rows. */
export interface HistogramRow {
  x1: number;
  x2: number;
  density: number;
}

function histogramRows(values: ArrayLike<number>, bins?: number, range?: [number, number]) {
  const v = range ? Array.from(values).filter((x) => x >= range[0] && x <= range[1]) : values;
  const h = densityHistogram(v, bins);
  const scale = v.length / values.length; // keep the density normalised to the full sample
  return Array.from(
    h.density,
    (d, i) => ({ x1: h.edges[i], x2: h.edges[i + 1], density: d * scale }),
  );
}

function curve(f: (x: number) => number, lo: number, hi: number, points = 301) {
  return Array.from({ length: points }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (points - 1);
    return { x, density: f(x) };
  });
}

/** Semicircle experiment result. */
export interface SemicircleResult {
  n: number;
  radiusTheory: number;
  fit: SemicircleFit;
  /** KS distance to the theoretical semicircle (centre 0, R = 2√n s) */
  ks: number;
  histogram: HistogramRow[];
  theory: { x: number; density: number }[];
}

/** Eigenvalues of `replicas` GOE(n) matrices (off-diagonal variance s²) against the semicircle. */
export function semicircleExperiment(
  c: { n: number; replicas: number; variance: number; seed: number },
): SemicircleResult {
  const pooled: number[] = [];
  for (let r = 0; r < c.replicas; r++) {
    pooled.push(...goeEigenvalues(c.n, Rng.fromSeed(c.seed, 1, r), c.variance));
  }
  const radiusTheory = semicircleRadius(c.n, c.variance);
  const p = { centre: 0, radius: radiusTheory };
  return {
    n: c.n,
    radiusTheory,
    fit: fitSemicircle(pooled),
    ks: ksDistance(pooled, (x) => semicircleCdf(x, p)),
    histogram: histogramRows(pooled),
    theory: curve((x) => semicircleDensity(x, p), -1.05 * radiusTheory, 1.05 * radiusTheory),
  };
}

/** Spacing statistics of one sample of normalised spacings. */
export interface SpacingSample {
  label: string;
  spacings: Float64Array;
  meanSquare: number;
  ksSurmise: number;
  ksPoisson: number;
  histogram: HistogramRow[];
}

function spacingSample(label: string, s: Float64Array): SpacingSample {
  return {
    label,
    spacings: s,
    meanSquare: s.reduce((a, v) => a + v * v, 0) / s.length,
    ksSurmise: ksDistance(s, (x) => spacingCdf(x, 1)),
    ksPoisson: ksDistance(s, (x) => spacingCdf(x, "poisson")),
    histogram: histogramRows(s, 40, [0, 4]),
  };
}

/**
 * Normalised spacings of (i) `pairs` 2×2 GOE matrices, (ii) the unfolded central 60 % of
 * `replicas` GOE(n) spectra (unfolded by the semicircle CDF), (iii) Poisson levels.
 */
export function spacingExperiment(
  c: { pairs: number; n: number; replicas: number; seed: number },
): { samples: SpacingSample[]; theory: { s: number; kind: string; density: number }[] } {
  const rng = Rng.fromSeed(c.seed, 2);
  const gaps = new Float64Array(c.pairs);
  for (let i = 0; i < c.pairs; i++) {
    const [a, b] = eigvalsh(goeMatrix(2, rng));
    gaps[i] = b - a;
  }
  const bulk: number[] = [];
  const poisson: number[] = [];
  const cut = Math.floor(0.2 * c.n);
  for (let r = 0; r < c.replicas; r++) {
    const e = goeEigenvalues(c.n, Rng.fromSeed(c.seed, 3, r));
    const radius = semicircleRadius(c.n, 1);
    const unfolded = unfoldByCdf(e, (x) => semicircleCdf(x, { centre: 0, radius }));
    bulk.push(...spacings(unfolded.subarray(cut, c.n - cut)));
    poisson.push(...spacings(poissonLevels(c.n, Rng.fromSeed(c.seed, 4, r))));
  }
  const theory = (["1", "poisson"] as const).flatMap((kind) =>
    curve((s) => spacingDensity(s, kind === "1" ? 1 : "poisson"), 0, 4, 201).map((p) => ({
      s: p.x,
      kind: kind === "1" ? "Wigner surmise (β = 1)" : "Poisson",
      density: p.density,
    }))
  );
  return {
    samples: [
      spacingSample("2×2 GOE pairs", normalisedSpacings(gaps)),
      spacingSample(`GOE n = ${c.n}, unfolded bulk`, normalisedSpacings(bulk)),
      spacingSample("Poisson levels", normalisedSpacings(poisson)),
    ],
    theory,
  };
}

/** Spacing-ratio statistics of one ensemble. */
export interface RatioSample {
  label: string;
  kind: LevelStatistics;
  meanTilde: number;
  histogram: HistogramRow[];
}

/** r̃ = min(r, 1/r) over the central 80 % of `replicas` spectra of GOE(n), GUE(n) and Poisson. */
export function spacingRatioExperiment(
  c: { n: number; replicas: number; seed: number },
): { samples: RatioSample[]; theory: { r: number; kind: string; density: number }[] } {
  const ensembles: [string, LevelStatistics, (rng: Rng) => Float64Array][] = [
    ["GOE", 1, (rng) => goeEigenvalues(c.n, rng)],
    ["GUE", 2, (rng) => gueEigenvalues(c.n, rng)],
    ["Poisson", "poisson", (rng) => poissonLevels(c.n, rng)],
  ];
  const cut = Math.floor(0.1 * c.n);
  const samples = ensembles.map(([label, kind, sample], k) => {
    const tilde: number[] = [];
    for (let r = 0; r < c.replicas; r++) {
      const levels = sample(Rng.fromSeed(c.seed, 5, k, r));
      for (const x of spacingRatios(levels.subarray(cut, c.n - cut))) {
        if (!Number.isNaN(x)) tilde.push(Math.min(x, 1 / x));
      }
    }
    return {
      label,
      kind,
      meanTilde: tilde.reduce((a, v) => a + v, 0) / tilde.length,
      histogram: histogramRows(tilde, 25, [0, 1]),
    };
  });
  const theory = ensembles.flatMap(([label, kind]) =>
    curve((r) => 2 * spacingRatioDensity(r, kind), 0, 1, 101).map((p) => ({
      r: p.x,
      kind: label,
      density: p.density,
    }))
  );
  return { samples, theory };
}
