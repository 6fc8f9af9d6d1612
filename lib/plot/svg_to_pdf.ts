/**
 * Vector PDF of a figure's SVG with pdfkit + svg-to-pdfkit (pure JS). The page is the figure's
 * size in points; DejaVu Sans is embedded (subset) so the PDF looks the same in any LaTeX build.
 */
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { Buffer } from "node:buffer";
import { paperFontFiles } from "./font_files.ts";

/** Renders `svg` to a one-page vector PDF of `widthPt` × `heightPt` points. */
export function svgToPdf(svg: string, widthPt: number, heightPt: number): Promise<Uint8Array> {
  const fonts = paperFontFiles();
  const doc = new PDFDocument({
    size: [widthPt, heightPt],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    info: { Producer: "nn-weight-dynamics lib/plot", Creator: "Observable Plot" },
  });
  if (fonts) {
    doc.registerFont("PaperRegular", fonts.regular);
    if (fonts.bold) doc.registerFont("PaperBold", fonts.bold);
  }
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  SVGtoPDF(doc, svg, 0, 0, {
    width: widthPt,
    height: heightPt,
    assumePt: true,
    fontCallback: (_family: string, bold: boolean) =>
      fonts
        ? (bold && fonts.bold ? "PaperBold" : "PaperRegular")
        : bold
        ? "Helvetica-Bold"
        : "Helvetica",
  });
  doc.end();
  return done;
}
