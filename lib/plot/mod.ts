/** The project's plotting: Observable Plot in one paper style, exported as SVG, PNG and PDF. */
export * as Plot from "@observablehq/plot";
export { Figure, figure, type FigureOptions, type SavedFigure } from "./figure.ts";
export { legend, type LegendEntry } from "./legend.ts";
export { named } from "./finite_check.ts";
export { FIGURE_WIDTH_PT, paperStyle } from "./paper_style.ts";
