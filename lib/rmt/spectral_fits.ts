/**
 * Fits of the spectral laws to samples:
 * - Marchenko–Pastur: entry variance s² free, aspect ratio fixed by the matrix shape; s² minimises
 *   the KS distance, which a few outliers barely move (unlike the mean, which they bias).
 * - Semicircle: centre and radius minimising the KS distance, started from the moments
 *   (mean κ, variance R²/4).
 * - 2×2-GOE density ρ(x; x₀, σ): maximum likelihood, started from the moments (mean x₀,
 *   variance 3σ²/2).
 */
import { goePairDensity } from "./goe_pair_density.ts";
import { ksDistance } from "./ks_distance.ts";
import { marchenkoPasturCdf, marchenkoPasturEdges } from "./marchenko_pastur.ts";
import { goldenSection, nelderMead } from "./minimize.ts";
import { semicircleCdf } from "./semicircle.ts";

function moments(values: ArrayLike<number>): { n: number; mean: number; variance: number } {
  const n = values.length;
  if (n < 2) throw new RangeError(`a fit needs at least 2 values, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`fit: value ${i} is ${values[i]}`);
    mean += values[i] / n;
  }
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2 / (n - 1);
  return { n, mean, variance };
}

/** A fitted Marchenko–Pastur law (normalised convention, Y = WᵀW/M). */
export interface MarchenkoPasturFit {
  ratio: number;
  variance: number;
  edges: [number, number];
  /** KS distance between the sample and the fitted law */
  ks: number;
}

/** s² of the MP law with the given ratio c = N/M that is closest in KS to the sample. */
export function fitMarchenkoPastur(values: ArrayLike<number>, ratio: number): MarchenkoPasturFit {
  const { mean } = moments(values);
  if (!(mean > 0)) {
    throw new RangeError(`MP fit: eigenvalues must have a positive mean, got ${mean}`);
  }
  marchenkoPasturEdges({ ratio, variance: mean }); // validates the ratio
  const sorted = Float64Array.from(values).sort();
  const ks = (logS2: number) =>
    ksDistance(sorted, (y) => marchenkoPasturCdf(y, { ratio, variance: Math.exp(logS2) }, 128));
  // The mean is s² exactly; the KS optimum lies within a factor 4 of it unless the sample is
  // mostly outliers.
  const best = goldenSection(ks, Math.log(mean / 4), Math.log(mean * 4), 1e-6);
  const variance = Math.exp(best.x);
  return {
    ratio,
    variance,
    edges: marchenkoPasturEdges({ ratio, variance }),
    ks: ksDistance(sorted, (y) => marchenkoPasturCdf(y, { ratio, variance })),
  };
}

/** A fitted semicircle. */
export interface SemicircleFit {
  centre: number;
  radius: number;
  ks: number;
}

/** Centre and radius of the semicircle closest in KS to the sample. */
export function fitSemicircle(values: ArrayLike<number>): SemicircleFit {
  const { mean, variance } = moments(values);
  const sorted = Float64Array.from(values).sort();
  const ks = ([c, logR]: number[]) =>
    ksDistance(sorted, (x) => semicircleCdf(x, { centre: c, radius: Math.exp(logR) }));
  const r0 = 2 * Math.sqrt(variance);
  const best = nelderMead(ks, [mean, Math.log(r0)], { step: [0.05 * r0, 0.05] });
  return { centre: best.x[0], radius: Math.exp(best.x[1]), ks: best.value };
}

/** A fitted 2×2-GOE one-point density. */
export interface GoePairFit {
  centre: number;
  sigma: number;
  /** mean log-likelihood per value at the optimum */
  logLikelihood: number;
}

/** Maximum-likelihood x₀ and σ of ρ(x; x₀, σ) for the sample. */
export function fitGoePairDensity(values: ArrayLike<number>): GoePairFit {
  const { n, mean, variance } = moments(values);
  const x = Float64Array.from(values);
  const negLogLikelihood = ([c, logS]: number[]) => {
    const p = { centre: c, sigma: Math.exp(logS) };
    let s = 0;
    for (let i = 0; i < n; i++) s -= Math.log(goePairDensity(x[i], p) + 1e-300);
    return s / n;
  };
  const s0 = Math.sqrt(variance / 1.5);
  const best = nelderMead(negLogLikelihood, [mean, Math.log(s0)], { step: [0.1 * s0, 0.1] });
  return { centre: best.x[0], sigma: Math.exp(best.x[1]), logLikelihood: -best.value };
}
