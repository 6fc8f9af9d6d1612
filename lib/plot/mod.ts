/** The project's plotting: Observable Plot in one paper style, exported as SVG, PNG and PDF. */
export * as Plot from "@observablehq/plot";
export { Figure, figure, type FigureOptions, type SavedFigure } from "./figure.ts";
export type { BoxStyle, LegendEntry, LineStyle, MarkerStyle, MarkerSymbol } from "./legend.ts";
export type { ColorBarOptions } from "./color_bar.ts";
export * from "./marks.ts";
export { named } from "./finite_check.ts";
export { FIGURE_WIDTH_PT, paperStyle } from "./paper_style.ts";
export { plainDecimal } from "./log_ticks.ts";
export { esdDensityFigure, esdTailFigure } from "./esd_figures.ts";
