/**
 * A legend drawn as marks inside the plot frame (Plot's own colour legends are HTML, which cannot
 * be exported to one SVG/PDF file). Each entry is a short coloured swatch and its label, stacked
 * from a frame corner. In a faceted figure, `placement` pins it to one panel.
 */
import * as Plot from "@observablehq/plot";
import { paperStyle } from "./paper_style.ts";

/** One legend row. */
export interface LegendEntry {
  label: string;
  color: string;
  /** "line" (default) draws a dash, "dot" a filled circle, "box" a filled square */
  symbol?: "line" | "dot" | "box";
}

/** Legend marks anchored at a frame corner (default top-right). */
export function legend(
  entries: readonly LegendEntry[],
  anchor: "top-left" | "top-right" | "bottom-left" | "bottom-right" = "top-right",
  placement: { fx?: string | number; fy?: string | number } = {},
): Plot.Markish[] {
  const lineHeight = paperStyle.fontSize * 1.35;
  const right = anchor.endsWith("right");
  const top = anchor.startsWith("top");
  const glyph = { line: "\u2014", dot: "\u25CF", box: "\u25A0" } as const;
  const rows = entries.map((e, i) => ({ ...e, i }));
  const swatch = 1.4 * paperStyle.fontSize;
  // Rows align on the left: from a right corner, the block starts its widest label's width in.
  const blockWidth = swatch + Math.max(0, ...entries.map((e) => textWidth(e.label)));
  const x0 = right ? -4 - blockWidth : 4;
  const dy = (i: number) => (top ? 4 + i * lineHeight : -4 - (rows.length - 1 - i) * lineHeight);
  // In a faceted figure, pin the legend to one facet (otherwise it repeats in every panel).
  const facet = {
    ...(placement.fx !== undefined ? { fx: () => placement.fx } : {}),
    ...(placement.fy !== undefined ? { fy: () => placement.fy } : {}),
  };
  const common = {
    frameAnchor: anchor,
    textAnchor: "start",
    lineAnchor: top ? "top" : "bottom",
    ...facet,
  } as const;
  // One text mark per row and part: dx/dy are constants per mark in Plot.
  return rows.flatMap((row) => [
    Plot.text([row], {
      ...common,
      text: () => glyph[row.symbol ?? "line"],
      fill: row.color,
      fontWeight: "bold",
      dx: x0,
      dy: dy(row.i),
    }),
    Plot.text([row], {
      ...common,
      text: () => row.label,
      fill: "black",
      dx: x0 + swatch,
      dy: dy(row.i),
    }),
  ]);
}

/** Rough width of `text` in pt at the paper font size (DejaVu Sans averages ~0.6 em). */
function textWidth(text: string): number {
  return 0.6 * paperStyle.fontSize * text.length + 3;
}
