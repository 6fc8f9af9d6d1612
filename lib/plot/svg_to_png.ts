/** PNG rasterisation of a figure's SVG with resvg (Rust, native), at a given resolution. */
import { Resvg } from "@resvg/resvg-js";
import { paperFontFiles } from "./font_files.ts";
import { paperStyle } from "./paper_style.ts";

/** Renders `svg` (user units in pt) to PNG at `dpi` dots per inch. */
export function svgToPng(svg: string, dpi: number = paperStyle.pngDpi): Uint8Array {
  const fonts = paperFontFiles();
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: dpi / 72 },
    font: {
      fontFiles: fonts ? [fonts.regular, ...(fonts.bold ? [fonts.bold] : [])] : [],
      loadSystemFonts: false, // the same font on every machine, so figures do not drift
      defaultFontFamily: paperStyle.fontFamily,
      sansSerifFamily: paperStyle.fontFamily,
    },
  });
  return resvg.render().asPng();
}
