/**
 * A vertical colour bar for a continuous colour scale (heatmaps, curves coloured by a parameter),
 * drawn in the figure's right margin as SVG: Plot's own colour legend is HTML beside the SVG and
 * cannot be exported to one SVG/PDF file. Its tick values come from d3's linear (or log) ticks.
 */
import { niceTicks } from "./nice_ticks.ts";
import { logTicks, plainDecimal } from "./log_ticks.ts";
import { paperStyle } from "./paper_style.ts";
import { richTextTspans } from "./rich_text.ts";

/** What the figure asks for: the bar's label and, optionally, the number of ticks. */
export interface ColorBarOptions {
  label: string;
  ticks?: number;
}

/** The part of Plot's materialised colour scale used here. */
export interface ContinuousColorScale {
  type: string;
  domain: readonly number[];
  apply(value: number): string;
}

/** Width the bar, its ticks and its label take in the right margin, pt. */
export const COLOR_BAR_MARGIN = 54;
const BAR_WIDTH = 8;
const STEPS = 64;

const f = (v: number) => String(Math.round(v * 1000) / 1000);

/** SVG markup of the bar from `top` to `bottom` (pt) with its left edge at `x`. */
export function colorBarSvg(
  scale: ContinuousColorScale,
  options: ColorBarOptions,
  x: number,
  top: number,
  bottom: number,
): string {
  const domain = scale.domain;
  if (domain.length < 2 || !domain.every(Number.isFinite)) {
    throw new Error(
      `colorBar: needs a continuous colour scale, got domain ${JSON.stringify(domain)}`,
    );
  }
  const lo = domain[0];
  const hi = domain[domain.length - 1];
  const log = scale.type === "log";
  const position = (v: number) => {
    const t = log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
    return bottom - t * (bottom - top);
  };
  const value = (t: number) => (log ? lo * (hi / lo) ** t : lo + t * (hi - lo));
  const step = (bottom - top) / STEPS;
  const cells = Array.from({ length: STEPS }, (_, i) => {
    const y = bottom - (i + 1) * step;
    return `<rect x="${f(x)}" y="${f(y)}" width="${BAR_WIDTH}" height="${f(step + 0.3)}" ` +
      `fill="${scale.apply(value((i + 0.5) / STEPS))}" />`;
  });
  const tickValues: { ticks: number[]; format: (v: number) => string } = log
    ? logTicks([Math.min(lo, hi), Math.max(lo, hi)], 5)
    : {
      ticks: niceTicks(Math.min(lo, hi), Math.max(lo, hi), options.ticks ?? 5),
      format: plainDecimal,
    };
  const ticks = tickValues.ticks.map((v) => {
    const y = position(v);
    return `<line x1="${f(x + BAR_WIDTH)}" x2="${f(x + BAR_WIDTH + 3)}" y1="${f(y)}" y2="${
      f(y)
    }" ` +
      `stroke="black" stroke-width="0.6" /><text x="${f(x + BAR_WIDTH + 5)}" y="${f(y)}" ` +
      `dy="0.32em" text-anchor="start">${tickValues.format(v)}</text>`;
  });
  const labelX = x + BAR_WIDTH + 5 + 26;
  const label = `<text transform="translate(${f(labelX)},${f((top + bottom) / 2)}) rotate(90)" ` +
    `text-anchor="middle">${richTextTspans(options.label, paperStyle.fontSize)}</text>`;
  const frame =
    `<rect x="${f(x)}" y="${f(top)}" width="${BAR_WIDTH}" height="${f(bottom - top)}" ` +
    `fill="none" stroke="#777" stroke-width="0.6" />`;
  return `<g aria-label="color-bar" fill="black">${cells.join("")}${frame}${
    ticks.join("")
  }${label}</g>`;
}
