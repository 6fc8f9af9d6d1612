/**
 * Figures of notebook 00 (random-matrix primer): Marchenko–Pastur spectra and upper edge, the
 * semicircle, nearest-neighbour spacings and spacing ratios. Each takes the experiment's result
 * and returns a Figure; the notebook cell is one call and a save.
 */
import type { MarchenkoPasturComparison } from "../experiments/wishart_spectra.ts";
import type {
  RatioSample,
  SemicircleResult,
  SpacingSample,
} from "../experiments/level_statistics_primer.ts";
import { marchenkoPasturCdf } from "../rmt/marchenko_pastur.ts";
import {
  barBox,
  curve,
  dashedLine,
  entry,
  type Figure,
  figure,
  histogramBars,
  solidLine,
  theoryLine,
  verticalLines,
} from "../plot/mod.ts";

const facetOf = <T>(label: string, rows: readonly T[]) => rows.map((r) => ({ ...r, panel: label }));

/** Eigenvalue densities of WᵀW/M per aspect ratio c with the MP law, one panel per c. */
export function marchenkoPasturSpectraFigure(
  comparisons: readonly MarchenkoPasturComparison[],
  n: number,
): Figure {
  const panel = (c: MarchenkoPasturComparison) => `c = ${c.ratio}`;
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: comparisons.map(panel) },
    x: { label: "eigenvalue y of WᵀW / M" },
    y: { label: "density" },
    marks: [
      histogramBars(comparisons.flatMap((c) => facetOf(panel(c), c.histogram)), barBox(0), {
        fx: "panel",
      }),
      curve(comparisons.flatMap((c) => facetOf(panel(c), c.theory)), theoryLine, {
        x: "x",
        y: "density",
        fx: "panel",
      }),
    ],
    legend: [
      entry(`simulation, N = ${n}`, { box: barBox(0) }),
      entry("Marchenko–Pastur", { line: theoryLine }),
    ],
  });
}

/**
 * The fraction of eigenvalues above y near the upper edge, simulation against the MP law's
 * 1 − F(y), with the MP edge y₊ and the Tracy–Widom mean of the largest eigenvalue (which sits
 * O(N^{−2/3}) below y₊: the mean of the Tracy–Widom law is negative).
 */
export function marchenkoPasturEdgeFigure(
  eigenvalues: Float64Array,
  c: MarchenkoPasturComparison,
  variance: number,
): Figure {
  const sorted = Float64Array.from(eigenvalues).sort();
  const k = sorted.length;
  const from = 0.6 * c.upperEdge;
  const simulation = Array.from(sorted, (y, i) => ({ y, fraction: (k - i) / k })).filter((r) =>
    r.y > from
  );
  const theory = Array.from({ length: 200 }, (_, i) => {
    const y = from + ((c.upperEdge - from) * i) / 199;
    return { y, fraction: 1 - marchenkoPasturCdf(y, { ratio: c.ratio, variance }) };
  }).filter((r) => r.fraction >= 1 / k);
  const sim = solidLine(0, 1.4);
  const edge = dashedLine(1);
  const tracyWidom = dashedLine(2, "1.5,1.5");
  return figure({
    x: { label: `eigenvalue y (c = ${c.ratio})` },
    y: {
      label: "fraction of eigenvalues above y",
      type: "log",
      domain: [0.5 / k, simulation[0]?.fraction ?? 1],
    },
    marks: [
      verticalLines([c.upperEdge], edge),
      verticalLines([c.predictedMeanLargest], tracyWidom),
      curve(theory, theoryLine, { x: "y", y: "fraction" }),
      curve(simulation, sim, { x: "y", y: "fraction", curve: "step-after" }),
    ],
    legend: [
      entry("simulation", { line: sim }),
      entry("1 − F_{MP}(y)", { line: theoryLine }),
      entry("MP edge y₊", { line: edge }),
      entry("mean λ_{max} (Tracy–Widom)", { line: tracyWidom }),
    ],
  });
}

/** GOE eigenvalue density with Wigner's semicircle. */
export function semicircleFigure(sc: SemicircleResult, n: number): Figure {
  return figure({
    x: { label: "eigenvalue λ of a GOE matrix" },
    y: { label: "density" },
    marks: [histogramBars(sc.histogram), curve(sc.theory, theoryLine, { x: "x", y: "density" })],
    legend: [
      entry(`GOE, n = ${n}`, { box: barBox(0) }),
      entry("semicircle, R = 2√n s", { line: theoryLine }),
    ],
  });
}

/** Spacing distributions (2×2 GOE, GOE bulk, Poisson levels) with the Wigner surmise and e^{−s}. */
export function spacingFigure(
  samples: readonly SpacingSample[],
  theory: readonly { s: number; density: number; kind: string }[],
): Figure {
  const poisson = dashedLine(1);
  const panels = samples.map((s) => s.label);
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: panels, padding: 0.12 },
    x: { label: "normalised spacing s = S / ⟨S⟩", domain: [0, 4] },
    y: { label: "density" },
    marks: [
      histogramBars(samples.flatMap((s) => facetOf(s.label, s.histogram)), barBox(0), {
        fx: "panel",
      }),
      curve(
        panels.flatMap((p) => facetOf(p, theory.filter((t) => t.kind !== "Poisson"))),
        theoryLine,
        {
          x: "s",
          y: "density",
          fx: "panel",
        },
      ),
      curve(
        panels.flatMap((p) => facetOf(p, theory.filter((t) => t.kind === "Poisson"))),
        poisson,
        {
          x: "s",
          y: "density",
          fx: "panel",
        },
      ),
    ],
    legend: [
      entry("simulation", { box: barBox(0) }),
      entry("Wigner surmise", { line: theoryLine }),
      entry("Poisson, e^{−s}", { line: poisson }),
    ],
  });
}

/** Distributions of the spacing ratio r̃ per ensemble with the Atas et al. surmise. */
export function spacingRatioFigure(
  samples: readonly RatioSample[],
  theory: readonly { r: number; density: number; kind: string }[],
): Figure {
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: samples.map((s) => s.label), padding: 0.12 },
    x: { label: "spacing ratio r̃ = min(r, 1/r)", domain: [0, 1], ticks: [0, 0.5, 1] },
    y: { label: "density" },
    marks: [
      histogramBars(samples.flatMap((s) => facetOf(s.label, s.histogram)), barBox(0), {
        fx: "panel",
      }),
      // the theory rows' kind is the panel's label (GOE, GUE, Poisson)
      curve(theory.map((t) => ({ ...t, panel: t.kind })), theoryLine, {
        x: "r",
        y: "density",
        fx: "panel",
      }),
    ],
    legend: [
      entry("simulation", { box: barBox(0) }),
      entry("Atas et al. surmise", { line: theoryLine }),
    ],
  });
}
