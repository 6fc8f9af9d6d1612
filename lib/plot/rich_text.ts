/**
 * TeX-like sub- and superscripts in figure text, with TeX's rule: a `_` or `^` applies to the one
 * letter or digit after it ("u_k", "C^X", "p_iᵀHp_i"), or to a braced group ("θ_{k+1}",
 * "s²_{init}", "10^{−3}"), shifted down or up at 70 % size.
 * Rendered as SVG <tspan>s with absolute dy and font-size (resvg, svg-to-pdfkit and browsers all
 * honour those), and measured with the same layout.
 */
import { textWidth } from "./text_metrics.ts";

/** One run of text on the baseline, below it or above it. */
export interface TextRun {
  text: string;
  shift: "base" | "sub" | "sup";
}

/** Scale of sub/superscript text, and the baseline shift in em of the parent font size. */
export const SCRIPT_SCALE = 0.7;
const SHIFT_EM = { base: 0, sub: 0.25, sup: -0.38 } as const;

/** Splits `text` into runs; text without `_x`, `_{…}`, `^x`, `^{…}` is one base run. */
export function parseRichText(text: string): TextRun[] {
  const runs: TextRun[] = [];
  // one letter or decimal digit ("σ_i²" keeps its ² on the baseline), or a braced group
  const re = /([_^])(?:\{([^{}]*)\}|([\p{L}\p{Nd}]))/gu;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) runs.push({ text: text.slice(last, m.index), shift: "base" });
    runs.push({ text: m[2] ?? m[3], shift: m[1] === "_" ? "sub" : "sup" });
    last = m.index! + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), shift: "base" });
  return runs.filter((r) => r.text.length > 0);
}

/** Whether `text` contains a sub- or superscript. */
export function hasScripts(text: string): boolean {
  return parseRichText(text).some((r) => r.shift !== "base");
}

/** Width in pt of `text` rendered with scripts at `fontSize` pt. */
export function richTextWidth(text: string, fontSize: number): number {
  return parseRichText(text).reduce(
    (sum, r) => sum + textWidth(r.text, r.shift === "base" ? fontSize : SCRIPT_SCALE * fontSize),
    0,
  );
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The runs as SVG <tspan> markup at `fontSize` pt; dy returns to the baseline after each script. */
export function richTextTspans(text: string, fontSize: number): string {
  let offset = 0; // current baseline shift in pt
  return parseRichText(text).map((r) => {
    const target = SHIFT_EM[r.shift] * fontSize;
    const dy = target - offset;
    offset = target;
    const size = r.shift === "base" ? "" : ` font-size="${round(SCRIPT_SCALE * fontSize)}"`;
    const shift = dy !== 0 ? ` dy="${round(dy)}"` : "";
    return `<tspan${shift}${size}>${escapeXml(r.text)}</tspan>`;
  }).join("");
}

const round = (v: number) => Math.round(v * 1000) / 1000;
