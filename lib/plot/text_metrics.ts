/**
 * Text widths from the paper font's own advance widths (DejaVu Sans, read with fontkit), used to
 * lay out legends and colour bars and by the figure lint. Without the font file, a fallback of
 * 0.6 em per character is used (DejaVu Sans averages about that) and `fontMetricsAvailable()`
 * says so.
 */
import * as fontkit from "fontkit";
import { paperFontFiles } from "./font_files.ts";

/** The part of a fontkit font that is used here (fontkit ships no types for Deno). */
interface MeasuredFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

let font: MeasuredFont | null | undefined;

function paperFont(): MeasuredFont | null {
  if (font !== undefined) return font;
  const files = paperFontFiles();
  font = files
    ? (fontkit as unknown as { openSync(path: string): MeasuredFont }).openSync(files.regular)
    : null;
  return font;
}

/** Whether widths come from the font file (true) or from the 0.6 em fallback. */
export function fontMetricsAvailable(): boolean {
  return paperFont() !== null;
}

/** Advance width of `text` in pt at `fontSize` pt in the paper font. */
export function textWidth(text: string, fontSize: number): number {
  const f = paperFont();
  if (!f) return 0.6 * fontSize * [...text].length;
  return (f.layout(text).advanceWidth / f.unitsPerEm) * fontSize;
}

/** Height above the baseline of capitals and ascenders, in em (DejaVu Sans: 0.73 em). */
export const CAP_HEIGHT_EM = 0.73;
/** Depth of descenders below the baseline, in em (DejaVu Sans: 0.24 em). */
export const DESCENT_EM = 0.24;
