/**
 * Notebook 07's figures, also drawn by the spectra report (lib/experiments/spectra_report.ts): α per
 * layer with its bootstrap error bar, the level statistics per layer against their iid-null
 * intervals, and any metric against the training step with one line per layer, coloured by the
 * layer's kind (its name with the block and head numbers taken out).
 */
import { type Figure, figure } from "../plot/figure.ts";
import {
  curve,
  entry,
  errorBars,
  filledMarker,
  markers,
  paletteColor,
  solidLine,
} from "../plot/marks.ts";
import type { SpectraRow } from "../experiments/model_spectra.ts";

/** A layer's kind: its name with every number replaced by "#" (layer3.head2.key → layer#.head#.key). */
export function layerKind(name: string): string {
  return name.replace(/\d+/g, "#");
}

/** α ± its bootstrap error for each layer with a supported tail, by layer index. */
export function alphaPerLayerFigure(rows: readonly SpectraRow[]): Figure {
  const points = rows.map((r, i) => ({ i, r })).filter(({ r }) => r.alpha !== null).map((
    { i, r },
  ) => ({
    layer: i,
    alpha: r.alpha!,
    lo: r.alpha! - (r.alphaError ?? 0),
    hi: r.alpha! + (r.alphaError ?? 0),
  }));
  if (points.length === 0) {
    throw new RangeError("no layer has a power-law tail to fit; there is no α to plot");
  }
  return figure({
    x: { label: "layer (table order)", domain: [-0.5, rows.length - 0.5] },
    y: { label: "tail exponent α" },
    marks: [
      errorBars(points, paletteColor(0), { x: "layer", y1: "lo", y2: "hi" }),
      markers(points, filledMarker(0), { x: "layer", y: "alpha" }),
    ],
    legend: [entry("α ± bootstrap error (layers with a tail)", { marker: filledMarker(0) })],
  });
}

/** ⟨r̃⟩ of each layer with its 99 % iid-null interval (grey bars), by layer index. */
export function levelStatisticsFigure(rows: readonly SpectraRow[]): Figure {
  const points = rows.map((r, i) => ({ i, r })).filter(({ r }) => r.meanTildeRatio !== null).map((
    { i, r },
  ) => ({
    layer: i,
    r: r.meanTildeRatio!,
    lo: r.tildeRatioNullLow!,
    hi: r.tildeRatioNullHigh!,
  }));
  if (points.length === 0) throw new RangeError("no layer has enough eigenvalues for ⟨r̃⟩");
  return figure({
    x: { label: "layer (table order)", domain: [-0.5, rows.length - 0.5] },
    y: { label: "⟨r̃⟩ of the bulk" },
    marks: [
      errorBars(points, "#9aa0a6", { x: "layer", y1: "lo", y2: "hi" }),
      markers(points, filledMarker(1), { x: "layer", y: "r" }),
    ],
    legend: [
      entry("⟨r̃⟩", { marker: filledMarker(1) }),
      entry("99 % interval of an iid matrix of the same shape", {
        line: { stroke: "#9aa0a6", width: 0.9 },
      }),
    ],
  });
}

/** The metrics the flow figure can show, with their axis labels. */
export const FLOW_METRICS = {
  logSpectralNorm: "log₁₀ λ_{max}",
  stableRank: "stable rank",
  spikes: "spikes beyond the MP edge",
  entropy: "matrix entropy",
  mpVariance: "MP bulk variance s²",
  meanTildeRatio: "⟨r̃⟩ of the bulk",
  alpha: "tail exponent α",
} as const;

/** One metric against the training step, one line per layer, colour by layer kind. */
export function flowFigure(
  rows: readonly SpectraRow[],
  metric: keyof typeof FLOW_METRICS,
): Figure {
  const usable = rows.filter((r) => r.step !== null && r[metric] !== null);
  if (usable.length === 0) throw new RangeError(`no checkpoint with a step has ${metric}`);
  const kinds = [...new Set(usable.map((r) => layerKind(r.name)))];
  const shown = kinds.slice(0, 8);
  const colour = (kind: string) =>
    shown.includes(kind) ? paletteColor(shown.indexOf(kind)) : "#9aa0a6";
  const positive = usable.every((r) => r.step! > 0);
  const maxStep = Math.max(...usable.map((r) => r.step!));
  const lines = usable.map((r) => ({
    step: r.step!,
    value: r[metric] as number,
    name: r.name,
    kind: layerKind(r.name),
  }));
  const marks = shown.map((kind) =>
    curve(lines.filter((l) => l.kind === kind), {
      ...solidLine(shown.indexOf(kind), 1),
      opacity: 0.75,
    }, {
      x: "step",
      y: "value",
      z: "name",
    })
  );
  const rest = lines.filter((l) => !shown.includes(l.kind));
  if (rest.length) {
    marks.push(
      curve(rest, { stroke: colour(""), width: 0.8 }, { x: "step", y: "value", z: "name" }),
    );
  }
  return figure({
    size: "double",
    x: positive ? { label: "training step", type: "log" } : {
      // a symlog axis keeps step 0 (initialisation); ticks at 0 and the powers of ten
      label: "training step",
      type: "symlog",
      ticks: [0, ...Array.from({ length: 12 }, (_, k) => 10 ** k).filter((t) => t <= maxStep)],
      tickFormat: (t: number) => String(t),
    },
    y: { label: FLOW_METRICS[metric] },
    marks,
    legend: [
      ...shown.map((k, i) => entry(k, { line: solidLine(i, 1) })),
      ...(rest.length ? [entry("other layers", { line: { stroke: colour(""), width: 0.8 } })] : []),
    ],
  });
}
