/** A small table that displays as HTML in Jupyter and as aligned text elsewhere. */

/** Rows of named cells; numbers are shown with `digits` significant digits. */
export function table(
  rows: readonly Record<string, string | number>[],
  digits = 4,
): { [jupyterDisplay]: () => MimeBundle; toString(): string } {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const show = (v: string | number | undefined) =>
    v === undefined ? "" : typeof v === "number" ? Number(v.toPrecision(digits)).toString() : v;
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const cells = rows.map((r) => columns.map((c) => show(r[c])));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const text = [columns, ...cells].map((r) => r.map((v, j) => v.padStart(widths[j])).join("  "))
    .join("\n");
  const html =
    `<table><thead><tr>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr></thead>` +
    `<tbody>${
      cells.map((r) => `<tr>${r.map((v) => `<td>${escape(v)}</td>`).join("")}</tr>`).join("")
    }` +
    `</tbody></table>`;
  return {
    [jupyterDisplay]: () => ({ "text/html": html, "text/plain": text }),
    toString: () => text,
  };
}
import { jupyterDisplay, type MimeBundle } from "./jupyter_display.ts";
