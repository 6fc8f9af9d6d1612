/**
 * The one figure style of the project. Units: SVG user units are typographic points (1/72 in),
 * so a figure saved as PDF has the physical size of a journal column and text at `fontSize` pt.
 */

/** Figure widths in points: single column (3.4 in) and double column (7.0 in). */
export const FIGURE_WIDTH_PT = { single: 246, double: 504 } as const;

/** Column width names. */
export type FigureSize = keyof typeof FIGURE_WIDTH_PT;

/** The paper style: font, sizes, colours. */
export const paperStyle = {
  fontFamily: "DejaVu Sans",
  /** font size of axes and labels, pt */
  fontSize: 8,
  /** default height / width */
  aspect: 0.72,
  /** stroke width of lines, pt */
  lineWidth: 1.2,
  /** radius of dots, pt */
  dotRadius: 1.6,
  /** PNG resolution, dots per inch */
  pngDpi: 300,
  /** scale of the inline SVG in a notebook relative to print size */
  screenScale: 2,
  /**
   * Okabe & Ito's colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design");
   * blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, black.
   */
  palette: [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
  ],
  /** colour of theory curves drawn over simulation data */
  theoryColor: "#000000",
} as const;
