/**
 * `figure(options)`: an Observable Plot chart in the paper style, rendered without a browser
 * (linkedom), shown inline in Jupyter as SVG, and exported by `.save(name)` as SVG, PNG and PDF
 * to figures/<stem>/<name>.{svg,png,pdf}.
 *
 * In the Jupyter kernel, `save` also shows the figure in the cell that saves it, so every saved
 * figure appears inline whatever the cell ends with; the figure as a cell's value then shows one
 * line (where it was saved), not the image a second time. `inline()` shows it again.
 *
 * Legends: Plot draws colour legends and titles as HTML around the SVG, which cannot be exported
 * as one vector file, so they are refused here; pass `legend` entries (drawn above the frame,
 * legend.ts) or `colorBar` (a bar in the right margin, color_bar.ts) instead.
 *
 * The paper style applied to every figure: y-label rotated beside the axis and x-label centred
 * below it (no arrows); a left margin sized to the widest y tick label; log axes with powers of
 * ten (log_ticks.ts); TeX-like sub/superscripts in all text (rich_text.ts); panel letters (a), (b)
 * … before the facet titles; a 4 pt inset so that marks at the ends of the data stay inside the
 * frame.
 */
import {
  type Displayable,
  displayNow,
  jupyterDisplay,
  type MimeBundle,
} from "../notebook/jupyter_display.ts";
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { join } from "node:path";
import { writeBytesAtomically, writeTextAtomically } from "../data/atomic_write.ts";
import { currentNotebookStem } from "../data/current_notebook.ts";
import { figureDirectory } from "../data/project_paths.ts";
import {
  COLOR_BAR_MARGIN,
  type ColorBarOptions,
  colorBarSvg,
  type ContinuousColorScale,
} from "./color_bar.ts";
import { assertFiniteMarks } from "./finite_check.ts";
import { layoutLegend, type LegendEntry, legendSvg } from "./legend.ts";
import { logTicks } from "./log_ticks.ts";
import { hasScripts, richTextTspans, richTextWidth } from "./rich_text.ts";
import { FIGURE_WIDTH_PT, type FigureSize, paperStyle } from "./paper_style.ts";
import { svgToPng } from "./svg_to_png.ts";
import { svgToPdf } from "./svg_to_pdf.ts";

/** The part of linkedom's DOM element that is used here (Deno's types have no DOM). */
interface RenderedElement {
  tagName: string;
  outerHTML: string;
  innerHTML: string;
  textContent: string | null;
  parentNode: RenderedElement | null;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<RenderedElement>;
}

/** A rendered Plot chart: its SVG element and its materialised scales. */
interface RenderedChart extends RenderedElement {
  scale(name: string): { type: string; domain: unknown[] } | undefined;
}

/** Plot options plus the paper sizing. */
export interface FigureOptions extends Plot.PlotOptions {
  /** column width (default "single") */
  size?: FigureSize;
  /** height / width (default paperStyle.aspect); ignored when height is given */
  aspect?: number;
  /** draw a thin frame around the plot area (default true) */
  frame?: boolean;
  /** legend entries, drawn above the frame with each series' own line, marker or box */
  legend?: readonly LegendEntry[];
  /** a colour bar for a continuous colour scale, in the right margin */
  colorBar?: ColorBarOptions;
  /** prefix facet titles with (a), (b), … (default true when there are two or more facets) */
  panelLetters?: boolean;
}

/** Paths written by `Figure.save`. */
export interface SavedFigure {
  svg: string;
  png: string;
  pdf: string;
}

/** A rendered figure: inline-displayable, exportable. */
export class Figure {
  /** standalone SVG text, user units in pt */
  readonly svg: string;
  readonly widthPt: number;
  readonly heightPt: number;
  /** paths of the last save, if any */
  saved: SavedFigure | null = null;
  /** the name it was saved under, and whether `save` showed it in the running cell */
  savedName: string | null = null;
  shownInline = false;

  constructor(svg: string, widthPt: number, heightPt: number) {
    this.svg = svg;
    this.widthPt = widthPt;
    this.heightPt = heightPt;
  }

  /** Writes <name>.svg, .png and .pdf into `directory` (default figures/<stem>/); returns this. */
  async save(name: string, directory?: string): Promise<Figure> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      throw new Error(`figure name must be a plain file stem, got ${JSON.stringify(name)}`);
    }
    const dir = directory ?? figureDirectory(currentNotebookStem());
    const paths = {
      svg: join(dir, `${name}.svg`),
      png: join(dir, `${name}.png`),
      pdf: join(dir, `${name}.pdf`),
    };
    await writeTextAtomically(paths.svg, this.svg);
    await writeBytesAtomically(paths.png, svgToPng(this.svg));
    await writeBytesAtomically(paths.pdf, await svgToPdf(this.svg, this.widthPt, this.heightPt));
    this.saved = paths;
    this.savedName = name;
    if (await displayNow(this.inline())) this.shownInline = true;
    return this;
  }

  /** The figure as a displayable image (e.g. to show a saved figure again in a later cell). */
  inline(): Displayable {
    return { [jupyterDisplay]: () => this.#imageBundle() };
  }

  /**
   * The SVG enlarged for screens (same drawing, larger width/height attributes, shrunk to the
   * output width where that is narrower), marked with data-figure="<name>" once saved, so that a
   * test can find each figure in a page.
   */
  screenSvg(): string {
    const s = paperStyle.screenScale;
    const root = this.svg.slice(0, this.svg.indexOf(">") + 1);
    const scaled = root
      .replace(/ width="[^"]*"/, ` width="${this.widthPt * s}"`)
      .replace(/ height="[^"]*"/, ` height="${this.heightPt * s}"`)
      .replace(/^<svg/, this.savedName ? `<svg data-figure="${this.savedName}"` : "<svg")
      // scale down to a narrow output area (the viewBox keeps the drawing); exports keep their size
      .replace(/ style="/, ' style="max-width:100%;height:auto;');
    return scaled + this.svg.slice(root.length);
  }

  #description(): string {
    return `Figure ${this.widthPt}×${this.heightPt} pt${
      this.saved ? ` saved to ${this.saved.svg.replace(/\.svg$/, ".{svg,png,pdf}")}` : ""
    }`;
  }

  #imageBundle(): MimeBundle {
    // as HTML (an inline SVG), not image/svg+xml: JupyterLab shows image/svg+xml as an <img> that
    // keeps its natural width (its CSS caps only inline svg), so a double-column figure was cut off
    // in a narrow output area; inline SVG in HTML shrinks to fit in Lab, the classic Notebook and
    // the exported HTML alike
    return { "text/html": this.screenSvg(), "text/plain": this.#description() };
  }

  /** Jupyter's rich display protocol (used by the Deno kernel). */
  [jupyterDisplay](): MimeBundle {
    if (this.shownInline) return { "text/plain": `${this.#description()} (shown above)` };
    return this.#imageBundle();
  }
}

/** Size limits of a figure in pt: the PNG export at 300 dpi stays under ~80 megapixels. */
const MIN_FIGURE_PT = 50;
const MAX_FIGURE_PT = 2000;

/** Gap between the frame and the data (pt), so that dots and line ends at the limits show whole. */
const DATA_INSET = 4;
const TICK_SIZE = 3;

type AxisOptions = NonNullable<Plot.PlotOptions["x"]>;

/** Renders a Plot chart in the paper style; throws on NaN/Infinity data, naming the series. */
export function figure(options: FigureOptions): Figure {
  const {
    size = "single",
    aspect = paperStyle.aspect,
    frame = true,
    legend = [],
    colorBar,
    panelLetters,
    ...plotOptions
  } = options;
  if (!(size in FIGURE_WIDTH_PT)) throw new Error(`figure size must be single or double`);
  if (!(aspect > 0 && Number.isFinite(aspect))) throw new Error(`figure aspect must be > 0`);
  for (const key of ["title", "subtitle", "caption"] as const) {
    if (plotOptions[key] !== undefined) {
      throw new Error(`figure: ${key} is HTML in Plot and cannot be exported; use a caption cell`);
    }
  }
  if (plotOptions.color?.legend) {
    throw new Error("figure: Plot's colour legend is HTML; use the colorBar or legend options");
  }
  assertFiniteMarks(plotOptions.marks ?? []);
  const width = plotOptions.width ?? FIGURE_WIDTH_PT[size];
  const plotHeight = plotOptions.height ?? Math.round(width * aspect);
  const faceted = plotOptions.fx !== undefined || plotOptions.fy !== undefined ||
    (plotOptions.marks ?? []).some(hasFacetChannel);
  const marginRight = (plotOptions.marginRight ?? (plotOptions.fy ? 40 : 10)) +
    (colorBar ? COLOR_BAR_MARGIN : 0);
  const marginLeftGiven = plotOptions.marginLeft;
  // the legend's rows depend on the left margin, which depends on the tick labels: settled below
  let legendLayout = layoutLegend(legend, marginLeftGiven ?? 40, width - 4, 2);
  const marginTopBase = plotOptions.marginTop ?? (faceted ? 18 : 8);
  const legendGap = () => (legendLayout.height > 0 ? 3 : 0);
  let marginTop = marginTopBase + legendLayout.height + legendGap();
  let height = plotHeight + legendLayout.height + legendGap();
  for (const [name, value] of [["width", width], ["height", height]] as const) {
    if (!(value >= MIN_FIGURE_PT && value <= MAX_FIGURE_PT)) {
      throw new RangeError(
        `figure: ${name} must be between ${MIN_FIGURE_PT} and ${MAX_FIGURE_PT} pt ` +
          `(a journal page is about 500 pt wide), got ${value}`,
      );
    }
  }
  const axis = (given: AxisOptions | undefined): AxisOptions => ({
    tickSize: TICK_SIZE,
    labelAnchor: "center",
    labelArrow: "none",
    inset: DATA_INSET,
    ...given,
  });
  const base: Plot.PlotOptions = {
    marginBottom: 32,
    grid: true,
    ...plotOptions,
    marginTop,
    marginRight,
    marginLeft: marginLeftGiven ?? 40,
    x: axis(plotOptions.x),
    y: axis(plotOptions.y),
    marks: [
      ...(frame ? [Plot.frame({ stroke: "#777", strokeWidth: 0.6 })] : []),
      ...(plotOptions.marks ?? []),
    ],
    width,
    height,
    // the palette for categories; a continuous scale (scheme, interpolate) keeps its own colours
    color: plotOptions.color?.scheme || plotOptions.color?.interpolate
      ? plotOptions.color
      : { range: [...paperStyle.palette], ...plotOptions.color },
    style: {
      fontFamily: paperStyle.fontFamily,
      fontSize: `${paperStyle.fontSize}px`,
      background: "white",
      color: "black",
      overflow: "visible",
    },
  };
  // Pass 1 gives the domains: log ticks, facet order and the widest y tick label depend on them.
  const first = render(base);
  const refined: Plot.PlotOptions = { ...base };
  for (const name of ["x", "y"] as const) {
    const given = plotOptions[name];
    const scale = first.scale(name);
    if (scale?.type === "log" && given?.ticks === undefined) {
      const t = logTicks(scale.domain as [number, number]);
      refined[name] = {
        ...refined[name],
        ticks: t.ticks,
        ...(given?.tickFormat ? {} : { tickFormat: t.format }),
      };
    }
  }
  for (const name of ["fx", "fy"] as const) {
    const domain = first.scale(name)?.domain;
    if (!domain || !(panelLetters ?? domain.length >= 2)) continue;
    const given = plotOptions[name];
    const format = typeof given?.tickFormat === "function" ? given.tickFormat : String;
    refined[name] = {
      ...given,
      tickFormat: (d: unknown, i: number) => {
        const k = domain.indexOf(d);
        return `(${String.fromCharCode(97 + k)}) ${String(format(d, i))}`;
      },
    };
  }
  let marginLeft = marginLeftGiven ?? 40;
  let chart = render({ ...refined, marginLeft });
  for (let pass = 0; pass < 3 && marginLeftGiven === undefined; pass++) {
    const needed = leftMarginFor(chart, plotOptions.y?.label !== null);
    if (needed === marginLeft) break;
    marginLeft = needed;
    legendLayout = layoutLegend(legend, marginLeft, width - 4, 2);
    marginTop = marginTopBase + legendLayout.height + legendGap();
    height = plotHeight + legendLayout.height + legendGap();
    chart = render({ ...refined, marginLeft, marginTop, height });
  }
  chart.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  chart.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  chart.setAttribute("font-family", paperStyle.fontFamily);
  // before the scripts are sized: they inherit the font size from here
  chart.setAttribute("font-size", String(paperStyle.fontSize));
  chart.setAttribute("width", String(width));
  chart.setAttribute("height", String(height));
  renderScripts(chart);
  // legend and colour bar as markup appended to the serialised SVG (linkedom parses inserted
  // markup as HTML, where <rect/> is not self-closing)
  const extras: string[] = [];
  if (legendLayout.placed.length > 0) extras.push(legendSvg(legendLayout));
  if (colorBar) {
    const scale = chart.scale("color") as unknown as ContinuousColorScale | undefined;
    if (!scale) throw new Error("figure: colorBar needs marks with a continuous colour channel");
    const bottom = height - (plotOptions.marginBottom ?? 32);
    extras.push(colorBarSvg(scale, colorBar, width - marginRight + 8, marginTop, bottom));
  }
  const svg = chart.outerHTML.replace(/<\/svg>$/, `${extras.join("")}</svg>`);
  return new Figure(svg, width, height);
}

/** Whether a mark is faceted by a channel of its own (Plot keeps a mark's fx/fy option on it). */
function hasFacetChannel(mark: Plot.Markish): boolean {
  const m = mark as { fx?: unknown; fy?: unknown };
  return m.fx !== undefined || m.fy !== undefined;
}

/** Renders with Plot in a fresh DOM; throws when Plot adds HTML around the SVG. */
function render(options: Plot.PlotOptions): RenderedChart {
  const { document } = parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as {
    document: Plot.PlotOptions["document"];
  };
  const rendered = Plot.plot({ ...options, document }) as unknown as RenderedChart;
  if (rendered.tagName.toLowerCase() !== "svg") {
    throw new Error(
      "figure: Plot returned HTML (a legend or title); use the legend or colorBar options",
    );
  }
  return rendered;
}

/** Left margin that fits the widest y tick label, the tick, and the rotated y-axis label. */
function leftMarginFor(chart: RenderedChart, hasLabel: boolean): number {
  let widest = 0;
  for (const text of chart.querySelectorAll('g[aria-label="y-axis tick label"] text')) {
    widest = Math.max(widest, richTextWidth(text.textContent ?? "", paperStyle.fontSize));
  }
  // tick + Plot's 6 pt gap, the labels, a 4 pt gap, the rotated label's line height
  return Math.ceil(TICK_SIZE + 6 + widest + (hasLabel ? 4 + 1.1 * paperStyle.fontSize : 2));
}

/** Rewrites text with `_x`, `^{…}` into sub/superscript tspans (rich_text.ts). */
function renderScripts(chart: RenderedChart): void {
  for (const text of chart.querySelectorAll("text")) {
    const content = text.textContent ?? "";
    if (!hasScripts(content)) continue;
    text.innerHTML = richTextTspans(content, inheritedFontSize(text));
  }
}

function inheritedFontSize(element: RenderedElement): number {
  for (let e: RenderedElement | null = element; e; e = e.parentNode) {
    const size = e.getAttribute?.("font-size");
    if (size && Number.isFinite(parseFloat(size))) return parseFloat(size);
  }
  return paperStyle.fontSize;
}
