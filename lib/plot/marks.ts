/**
 * Reusable marks in the paper style, each drawn from a style object that the figure's legend
 * entry reuses, so that a swatch is always the series' own line, marker or box: histogram bars,
 * curves (simulation or theory), markers, vertical error bars, reference lines.
 */
import * as Plot from "@observablehq/plot";
import type { BoxStyle, LegendEntry, LineStyle, MarkerStyle } from "./legend.ts";
import { paperStyle } from "./paper_style.ts";

/**
 * The i-th series colour: Okabe–Ito's blue, vermillion, green, purple, orange, sky blue, then
 * black, cycling; the palette's yellow is left out (too pale for a line or an open marker on white).
 */
export function paletteColor(i: number): string {
  const order = [0, 1, 2, 3, 4, 5, 7];
  return paperStyle.palette[order[((i % order.length) + order.length) % order.length]];
}

/** Theory curves: solid black. */
export const theoryLine: LineStyle = {
  stroke: paperStyle.theoryColor,
  width: paperStyle.lineWidth,
};

/** A reference level (a limit, y = 1, an edge): dashed black. */
export const referenceLine: LineStyle = { stroke: paperStyle.theoryColor, width: 1, dash: "4,3" };

/** A dashed line of palette colour i (for a second prediction or a reference level). */
export function dashedLine(i: number, dash = "4,3"): LineStyle {
  return { stroke: paletteColor(i), width: paperStyle.lineWidth, dash };
}

/** A solid line of palette colour i. */
export function solidLine(i: number, width: number = paperStyle.lineWidth): LineStyle {
  return { stroke: paletteColor(i), width };
}

/** Histogram bars of palette colour i, semi-transparent so that curves over them stay visible. */
export function barBox(i = 0): BoxStyle {
  return { fill: paletteColor(i), opacity: 0.45 };
}

/** A filled marker of palette colour i. */
export function filledMarker(i: number, symbol: MarkerStyle["symbol"] = "circle"): MarkerStyle {
  return {
    fill: paletteColor(i),
    stroke: "none",
    symbol,
    r: paperStyle.dotRadius * (symbol === "circle" ? 1 : 1.4),
  };
}

/** An open marker (white inside, coloured outline) of palette colour i. */
export function openMarker(i: number, symbol: MarkerStyle["symbol"] = "circle"): MarkerStyle {
  return {
    fill: "white",
    stroke: paletteColor(i),
    symbol,
    r: paperStyle.dotRadius * (symbol === "circle" ? 1.2 : 1.6),
  };
}

/** A legend entry for a style (or a combination). */
export function entry(label: string, style: Omit<LegendEntry, "label">): LegendEntry {
  return { label, ...style };
}

type Channel = string | ((d: never) => unknown);
/** The facet and series channels a mark may carry. */
export interface Grouping {
  fx?: Channel;
  fy?: Channel;
  z?: Channel;
}

/** Histogram bars from rows {x1, x2, density} (lib/rmt histogram rows). */
export function histogramBars<T>(
  rows: readonly T[],
  box: BoxStyle = barBox(0),
  channels: { x1?: Channel; x2?: Channel; y?: Channel } & Grouping = {},
): Plot.Markish {
  return Plot.rectY(rows as T[], {
    x1: "x1",
    x2: "x2",
    y: "density",
    ...channels,
    fill: box.fill,
    fillOpacity: box.opacity,
  } as Plot.RectYOptions);
}

/** A curve through rows (x, y channels), drawn in `line`'s style. */
export function curve<T>(
  rows: readonly T[],
  line: LineStyle,
  channels: { x: Channel; y: Channel; curve?: Plot.CurveName } & Grouping,
): Plot.Markish {
  return Plot.line(rows as T[], { ...channels, ...strokeOf(line) } as Plot.LineOptions);
}

/** Plot's stroke options for a line style (for marks built directly with Plot). */
export function strokeOf(line: LineStyle): {
  stroke: string;
  strokeWidth: number;
  strokeDasharray?: string;
  strokeOpacity?: number;
} {
  return {
    stroke: line.stroke,
    strokeWidth: line.width ?? paperStyle.lineWidth,
    strokeDasharray: line.dash,
    strokeOpacity: line.opacity,
  };
}

/** Markers at rows (x, y channels) in `marker`'s style. */
export function markers<T>(
  rows: readonly T[],
  marker: MarkerStyle,
  channels: { x: Channel; y: Channel } & Grouping,
): Plot.Markish {
  return Plot.dot(rows as T[], {
    ...channels,
    symbol: marker.symbol ?? "circle",
    r: marker.r ?? paperStyle.dotRadius,
    fill: marker.fill,
    stroke: marker.stroke ?? "none",
    strokeWidth: 0.8,
  } as Plot.DotOptions);
}

/** Vertical error bars from y1 to y2 at x in `stroke` (put them before the markers). */
export function errorBars<T>(
  rows: readonly T[],
  stroke: string,
  channels: { x: Channel; y1: Channel; y2: Channel } & Grouping,
): Plot.Markish {
  return Plot.ruleX(rows as T[], { ...channels, stroke, strokeWidth: 0.9 } as Plot.RuleXOptions);
}

/** Vertical reference lines at the given x values (a threshold, an edge) in `line`'s style. */
export function verticalLines(
  values: readonly number[],
  line: LineStyle,
  options: { y1?: number; y2?: number } & Grouping = {},
): Plot.Markish {
  return Plot.ruleX(values as number[], { ...options, ...strokeOf(line) } as Plot.RuleXOptions);
}

/** Horizontal reference lines at the given y values in `line`'s style. */
export function horizontalLines(
  values: readonly number[],
  line: LineStyle,
  options: { x1?: number; x2?: number } & Grouping = {},
): Plot.Markish {
  return Plot.ruleY(values as number[], { ...options, ...strokeOf(line) } as Plot.RuleYOptions);
}
