/**
 * The two figures of an ESD report: the eigenvalue histogram of WᵀW with the fitted
 * Marchenko–Pastur density, its edges and the outliers; and the tail on log–log axes (the
 * fraction of eigenvalues above x) with the fitted power law and the fitted MP law.
 */
import * as Plot from "@observablehq/plot";
import type { EsdAnalysis } from "../rmt/esd_analysis.ts";
import { densityHistogram, freedmanDiaconisBins } from "../rmt/histogram.ts";
import { marchenkoPasturCdf, marchenkoPasturDensity } from "../rmt/marchenko_pastur.ts";
import { type Figure, figure } from "./figure.ts";
import { legend, type LegendEntry } from "./legend.ts";
import { paperStyle } from "./paper_style.ts";

/** Histogram of the eigenvalues with the fitted MP density (in units of WᵀW). */
export function esdDensityFigure(a: EsdAnalysis): Figure {
  // Freedman–Diaconis width from the bulk alone, so that a far outlier does not coarsen the bins.
  const x = a.eigenvalues;
  const bulk = x.filter((v) => v <= a.outlierThreshold);
  const span = (v: Float64Array) => v[v.length - 1] - v[0];
  const width = span(bulk) / freedmanDiaconisBins(bulk);
  const h = densityHistogram(x, Math.max(1, Math.min(2000, Math.ceil(span(x) / width))));
  const bars = Array.from(h.density, (density, i) => ({
    x1: h.edges[i],
    x2: h.edges[i + 1],
    density,
  }));
  const p = { ratio: a.ratio, variance: a.variance };
  const [lo, hi] = a.edges;
  const curve = Array.from({ length: 301 }, (_, i) => {
    const x = lo + ((hi - lo) * i) / 300;
    return { x, density: marchenkoPasturDensity(x / a.normalisation, p) / a.normalisation };
  });
  const [bulkColor, outlierColor] = paperStyle.palette;
  const top = Math.max(...h.density, ...curve.map((c) => c.density));
  return figure({
    x: { label: "eigenvalue x of WᵀW" },
    y: { label: "density", domain: [0, 1.5 * top] }, // headroom for the legend
    marks: [
      Plot.rectY(bars, { x1: "x1", x2: "x2", y: "density", fill: bulkColor, fillOpacity: 0.45 }),
      Plot.line(curve, {
        x: "x",
        y: "density",
        stroke: paperStyle.theoryColor,
        strokeWidth: paperStyle.lineWidth,
      }),
      Plot.ruleX([a.outlierThreshold], {
        y1: 0,
        y2: 0.9 * top,
        stroke: outlierColor,
        strokeDasharray: "4,3",
      }),
      Plot.dot(Array.from(a.outliers, (x) => ({ x, y: 0 })), {
        x: "x",
        y: "y",
        fill: outlierColor,
        r: 2.5,
      }),
      ...legend([
        { label: `eigenvalues (${a.rows}×${a.cols})`, color: bulkColor, symbol: "box" },
        { label: `MP fit, s² = ${a.variance.toPrecision(3)}`, color: paperStyle.theoryColor },
        { label: `outliers (${a.outliers.length}), threshold`, color: outlierColor, symbol: "dot" },
      ]),
    ],
  });
}

/** The fraction of eigenvalues above x on log–log axes, with the power-law and MP fits. */
export function esdTailFigure(a: EsdAnalysis): Figure {
  const k = a.eigenvalues.length;
  const positive = Array.from(a.eigenvalues).filter((x) => x > 0);
  const survival = positive.map((x, i) => ({ x, s: (positive.length - i) / k }));
  const p = { ratio: a.ratio, variance: a.variance };
  const [lo, hi] = a.edges;
  const mp = Array.from({ length: 200 }, (_, i) => {
    const x = lo + ((hi - lo) * (i + 0.5)) / 200;
    return { x, s: 1 - marchenkoPasturCdf(x / a.normalisation, p) };
  }).filter((r) => r.s > 0.5 / k);
  const marks: Plot.Markish[] = [
    Plot.line(survival, { x: "x", y: "s", stroke: paperStyle.palette[0], curve: "step-after" }),
    Plot.line(mp, {
      x: "x",
      y: "s",
      stroke: paperStyle.theoryColor,
      strokeWidth: paperStyle.lineWidth,
    }),
  ];
  const entries: LegendEntry[] = [
    { label: "eigenvalues", color: paperStyle.palette[0] },
    { label: "MP fit", color: paperStyle.theoryColor },
  ];
  if (a.tail) {
    const { xmin, alpha, tailSize } = a.tail;
    const xmax = a.eigenvalues[k - 1];
    const line = Array.from({ length: 50 }, (_, i) => {
      const x = xmin * (xmax / xmin) ** (i / 49);
      return { x, s: (tailSize / k) * (x / xmin) ** (1 - alpha) };
    });
    marks.push(
      Plot.line(line, { x: "x", y: "s", stroke: paperStyle.palette[1], strokeDasharray: "4,3" }),
    );
    entries.push({ label: `power law, α = ${alpha.toFixed(2)}`, color: paperStyle.palette[1] });
  }
  return figure({
    x: { label: "eigenvalue x of WᵀW", type: "log", tickFormat: "~g" },
    y: { label: "fraction above x", type: "log", tickFormat: "~%", domain: [0.5 / k, 1] },
    marks: [...marks, ...legend(entries, "bottom-left")],
  });
}
