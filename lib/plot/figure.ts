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
 * as one vector file, so they are refused here; use `legend(...)` (legend.ts) inside the frame.
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
import { assertFiniteMarks } from "./finite_check.ts";
import { FIGURE_WIDTH_PT, type FigureSize, paperStyle } from "./paper_style.ts";
import { svgToPng } from "./svg_to_png.ts";
import { svgToPdf } from "./svg_to_pdf.ts";

/** The part of linkedom's DOM element that is used here (Deno's types have no DOM). */
interface RenderedElement {
  tagName: string;
  outerHTML: string;
  setAttribute(name: string, value: string): void;
}

/** Plot options plus the paper sizing. */
export interface FigureOptions extends Plot.PlotOptions {
  /** column width (default "single") */
  size?: FigureSize;
  /** height / width (default paperStyle.aspect); ignored when height is given */
  aspect?: number;
  /** draw a thin frame around the plot area (default true) */
  frame?: boolean;
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

/** Renders a Plot chart in the paper style; throws on NaN/Infinity data, naming the series. */
export function figure(options: FigureOptions): Figure {
  const { size = "single", aspect = paperStyle.aspect, frame = true, ...plotOptions } = options;
  if (!(size in FIGURE_WIDTH_PT)) throw new Error(`figure size must be single or double`);
  if (!(aspect > 0 && Number.isFinite(aspect))) throw new Error(`figure aspect must be > 0`);
  for (const key of ["title", "subtitle", "caption"] as const) {
    if (plotOptions[key] !== undefined) {
      throw new Error(`figure: ${key} is HTML in Plot and cannot be exported; use a caption cell`);
    }
  }
  assertFiniteMarks(plotOptions.marks ?? []);
  const width = plotOptions.width ?? FIGURE_WIDTH_PT[size];
  const height = plotOptions.height ?? Math.round(width * aspect);
  for (const [name, value] of [["width", width], ["height", height]] as const) {
    if (!(value >= MIN_FIGURE_PT && value <= MAX_FIGURE_PT)) {
      throw new RangeError(
        `figure: ${name} must be between ${MIN_FIGURE_PT} and ${MAX_FIGURE_PT} pt ` +
          `(a journal page is about 500 pt wide), got ${value}`,
      );
    }
  }
  const { document } = parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as {
    document: Plot.PlotOptions["document"];
  };
  const rendered = Plot.plot({
    marginLeft: 40,
    marginBottom: 30,
    grid: true,
    ...plotOptions,
    x: { tickSize: 3, ...plotOptions.x },
    y: { tickSize: 3, ...plotOptions.y },
    marks: [
      ...(frame ? [Plot.frame({ stroke: "#777", strokeWidth: 0.6 })] : []),
      ...(plotOptions.marks ?? []),
    ],
    width,
    height,
    document,
    color: { range: [...paperStyle.palette], ...plotOptions.color },
    style: {
      fontFamily: paperStyle.fontFamily,
      fontSize: `${paperStyle.fontSize}px`,
      background: "white",
      color: "black",
      overflow: "visible",
    },
  }) as unknown as RenderedElement;
  if (rendered.tagName.toLowerCase() !== "svg") {
    throw new Error(
      "figure: Plot returned HTML (a legend or title); use legend(...) marks inside the frame",
    );
  }
  rendered.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  rendered.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  rendered.setAttribute("font-family", paperStyle.fontFamily);
  rendered.setAttribute("font-size", String(paperStyle.fontSize));
  rendered.setAttribute("width", String(width));
  rendered.setAttribute("height", String(height));
  return new Figure(rendered.outerHTML, width, height);
}
