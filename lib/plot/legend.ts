/**
 * Legends drawn above the plot frame, in the figure's top margin, so that no legend covers data
 * and no axis is stretched to make room for one. Each entry's swatch is drawn with the style of
 * its series: a line with its colour, width and dash pattern; a marker with its symbol, fill and
 * stroke; or a filled box for bars and bands (the figure lint checks that every swatch matches a
 * series in the figure). Entries flow left to right and wrap onto further rows.
 */
import { symbol as d3Symbol } from "d3-shape";
import { symbolOf } from "./marker_symbols.ts";
import { paperStyle } from "./paper_style.ts";
import { richTextTspans, richTextWidth } from "./rich_text.ts";

/** Plot's marker symbols (see Plot.dot). */
export type MarkerSymbol =
  | "circle"
  | "square"
  | "triangle"
  | "diamond"
  | "cross"
  | "times"
  | "star"
  | "wye"
  | "plus";

/** The line of a series: colour, width (pt), dash pattern (SVG stroke-dasharray, e.g. "4,3"). */
export interface LineStyle {
  stroke: string;
  width?: number;
  dash?: string;
  opacity?: number;
}

/** The marker of a series; fill "none" draws an open marker in the stroke colour. */
export interface MarkerStyle {
  symbol?: MarkerSymbol;
  fill: string;
  stroke?: string;
  /** radius in pt (Plot's r) */
  r?: number;
}

/** A filled box (bars, bands). */
export interface BoxStyle {
  fill: string;
  opacity?: number;
}

/** One legend entry: a label and at least one of line, marker, box. */
export interface LegendEntry {
  label: string;
  line?: LineStyle;
  marker?: MarkerStyle;
  box?: BoxStyle;
}

const SWATCH_WIDTH = 16;
const SWATCH_GAP = 3;
const ENTRY_GAP = 10;
const ROW_HEIGHT_EM = 1.3;

/** Position of one entry: the swatch's left edge and the row's centre line, in pt. */
interface PlacedEntry {
  entry: LegendEntry;
  x: number;
  y: number;
}

/** The legend laid out in a band of the given left/right edges; height 0 when there are none. */
export interface LegendLayout {
  placed: PlacedEntry[];
  height: number;
}

/**
 * Lays out entries in rows between `left` and `right` (pt), starting at `top`; an entry too long
 * for the band moves left into the margin, as far as `minLeft`.
 */
export function layoutLegend(
  entries: readonly LegendEntry[],
  left: number,
  right: number,
  top: number,
  minLeft = 4,
): LegendLayout {
  if (entries.length === 0) return { placed: [], height: 0 };
  const fontSize = paperStyle.fontSize;
  const rowHeight = ROW_HEIGHT_EM * fontSize;
  const placed: PlacedEntry[] = [];
  let x = left;
  let row = 0;
  for (const entry of entries) {
    if (!entry.line && !entry.marker && !entry.box) {
      throw new Error(`legend entry "${entry.label}" needs a line, a marker or a box`);
    }
    const width = SWATCH_WIDTH + SWATCH_GAP + richTextWidth(entry.label, fontSize);
    if (x > left && x + width > right) {
      x = left;
      row++;
    }
    const at = x + width > right ? Math.max(minLeft, right - width) : x;
    placed.push({ entry, x: at, y: top + (row + 0.5) * rowHeight });
    x = at + width + ENTRY_GAP;
  }
  return { placed, height: (row + 1) * rowHeight };
}

const f = (v: number) => String(Math.round(v * 1000) / 1000);
const attr = (name: string, value: string | number | undefined) =>
  value === undefined ? "" : ` ${name}="${typeof value === "number" ? f(value) : value}"`;

/** SVG markup of a marker centred at (x, y); circles as <circle>, others as Plot draws them. */
export function markerSvg(m: MarkerStyle, x: number, y: number): string {
  const r = m.r ?? paperStyle.dotRadius;
  const paint = attr("fill", m.fill) +
    attr("stroke", m.stroke ?? (m.fill === "none" ? "black" : undefined));
  if ((m.symbol ?? "circle") === "circle") {
    return `<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}"${paint} />`;
  }
  const d = d3Symbol(symbolOf(m.symbol!), r * r * Math.PI)() ?? "";
  return `<path transform="translate(${f(x)},${f(y)})" d="${d}"${paint} />`;
}

/** SVG markup of a laid-out legend (aria-label="legend"; one <g data-legend-entry> per entry). */
export function legendSvg(layout: LegendLayout): string {
  const fontSize = paperStyle.fontSize;
  const parts = layout.placed.map(({ entry, x, y }) => {
    const swatch: string[] = [];
    if (entry.box) {
      swatch.push(
        `<rect data-swatch="box" x="${f(x)}" y="${
          f(y - 0.35 * fontSize)
        }" width="${SWATCH_WIDTH}" ` +
          `height="${f(0.7 * fontSize)}"${attr("fill", entry.box.fill)}${
            attr("fill-opacity", entry.box.opacity)
          } />`,
      );
    }
    if (entry.line) {
      const l = entry.line;
      swatch.push(
        `<line data-swatch="line" x1="${f(x)}" x2="${f(x + SWATCH_WIDTH)}" y1="${f(y)}" y2="${
          f(y)
        }"` +
          `${attr("stroke", l.stroke)}${attr("stroke-width", l.width ?? paperStyle.lineWidth)}` +
          `${attr("stroke-dasharray", l.dash)}${attr("stroke-opacity", l.opacity)} />`,
      );
    }
    if (entry.marker) {
      swatch.push(
        markerSvg(entry.marker, x + SWATCH_WIDTH / 2, y).replace(
          /^<(\w+)/,
          '<$1 data-swatch="marker"',
        ),
      );
    }
    const label = `<text x="${f(x + SWATCH_WIDTH + SWATCH_GAP)}" y="${f(y)}" dy="0.32em" ` +
      `text-anchor="start" fill="black">${richTextTspans(entry.label, fontSize)}</text>`;
    return `<g data-legend-entry="">${swatch.join("")}${label}</g>`;
  });
  return `<g aria-label="legend">${parts.join("")}</g>`;
}
