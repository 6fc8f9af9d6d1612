/**
 * The two figures of an ESD report: the eigenvalue histogram of WᵀW with the fitted
 * Marchenko–Pastur density, the outlier threshold and the outliers (a rug); and the tail on log–log axes
 * (the fraction of eigenvalues above x) with the fitted MP law and, only where the spectrum has a
 * tail beyond the MP edge to fit, the power law.
 */
import { type EsdAnalysis, hasPowerLawTail, MIN_TAIL_EIGENVALUES } from "../rmt/esd_analysis.ts";

export { hasPowerLawTail, MIN_TAIL_EIGENVALUES };
import { densityHistogram, freedmanDiaconisBins } from "../rmt/histogram.ts";
import { marchenkoPasturCdf, marchenkoPasturDensity } from "../rmt/marchenko_pastur.ts";
import { type Figure, figure } from "./figure.ts";
import type { LegendEntry } from "./legend.ts";
import {
  barBox,
  curve,
  dashedLine,
  entry,
  histogramBars,
  solidLine,
  theoryLine,
  verticalLines,
} from "./marks.ts";

/** At least this many bins over the bulk, so that the MP shape can be compared by eye. */
const MIN_BULK_BINS = 30;

/** Histogram of the eigenvalues with the fitted MP density (in units of WᵀW). */
export function esdDensityFigure(a: EsdAnalysis): Figure {
  // Bin width from the bulk alone, so that a far outlier does not coarsen the bins.
  const x = a.eigenvalues;
  const bulk = x.filter((v) => v <= a.outlierThreshold);
  const span = (v: Float64Array) => v[v.length - 1] - v[0];
  const width = span(bulk) / Math.max(MIN_BULK_BINS, freedmanDiaconisBins(bulk));
  const h = densityHistogram(x, Math.max(1, Math.min(2000, Math.ceil(span(x) / width))));
  const bars = Array.from(
    h.density,
    (density, i) => ({ x1: h.edges[i], x2: h.edges[i + 1], density }),
  );
  const p = { ratio: a.ratio, variance: a.variance };
  const [lo, hi] = a.edges;
  const theory = Array.from({ length: 301 }, (_, i) => {
    const x = lo + ((hi - lo) * i) / 300;
    return { x, density: marchenkoPasturDensity(x / a.normalisation, p) / a.normalisation };
  });
  const top = Math.max(...h.density, ...theory.map((c) => c.density));
  const threshold = dashedLine(1);
  // outliers as a rug of short vertical lines: close outliers would hide each other as dots
  const outlier = solidLine(1, 1.4);
  const legend: LegendEntry[] = [
    entry(`eigenvalues (${a.rows}×${a.cols})`, { box: barBox(0) }),
    entry(`MP fit, s² = ${a.variance.toPrecision(3)}`, { line: theoryLine }),
    entry("outlier threshold", { line: threshold }),
  ];
  if (a.outliers.length > 0) {
    legend.push(entry(`outliers (${a.outliers.length})`, { line: outlier }));
  }
  const xMax = Math.max(x[x.length - 1], a.outlierThreshold);
  return figure({
    x: { label: "eigenvalue x of WᵀW", domain: [Math.min(0, x[0]), 1.06 * xMax], ticks: 5 },
    y: { label: "density", domain: [0, 1.05 * top] },
    marks: [
      histogramBars(bars),
      curve(theory, theoryLine, { x: "x", y: "density" }),
      verticalLines([a.outlierThreshold], threshold, { y1: 0, y2: 0.85 * top }),
      verticalLines(Array.from(a.outliers), outlier, { y1: 0, y2: 0.12 * top }),
    ],
    legend,
  });
}

/** The fraction of eigenvalues above x on log–log axes, with the MP fit and any power-law tail. */
export function esdTailFigure(a: EsdAnalysis): Figure {
  const k = a.eigenvalues.length;
  const floor = 0.5 / k;
  const positive = Array.from(a.eigenvalues).filter((x) => x > 0);
  const survival = positive.map((x, i) => ({ x, s: (positive.length - i) / k }));
  const p = { ratio: a.ratio, variance: a.variance };
  const [lo, hi] = a.edges;
  const mp = Array.from({ length: 200 }, (_, i) => {
    const x = Math.max(lo, positive[0]) + ((hi - Math.max(lo, positive[0])) * (i + 0.5)) / 200;
    return { x, s: 1 - marchenkoPasturCdf(x / a.normalisation, p) };
  }).filter((r) => r.s >= floor && r.s <= 1);
  const data = solidLine(0, 1.6);
  const mpLine = { ...theoryLine, dash: "3,2", width: 1 };
  const marks = [
    curve(mp, mpLine, { x: "x", y: "s" }),
    curve(survival, data, { x: "x", y: "s", curve: "step-after" }),
  ];
  const legend: LegendEntry[] = [
    entry("eigenvalues", { line: data }),
    entry("MP fit", { line: mpLine }),
  ];
  if (hasPowerLawTail(a)) {
    const { xmin, alpha, tailSize } = a.tail!;
    const xmax = a.eigenvalues[k - 1];
    const fit = dashedLine(1);
    const line = Array.from({ length: 50 }, (_, i) => {
      const x = xmin * (xmax / xmin) ** (i / 49);
      return { x, s: (tailSize / k) * (x / xmin) ** (1 - alpha) };
    }).filter((r) => r.s >= floor);
    marks.push(curve(line, fit, { x: "x", y: "s" }));
    legend.push(entry(`power law, α = ${alpha.toFixed(2)}`, { line: fit }));
  }
  return figure({
    x: { label: "eigenvalue x of WᵀW", type: "log" },
    y: { label: "fraction above x", type: "log", domain: [floor, 1] },
    marks,
    legend,
  });
}
