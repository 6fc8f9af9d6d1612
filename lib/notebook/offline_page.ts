/**
 * The project's one stand-alone HTML page: inline style, no script, no external resource, so a
 * page opens with the network off. The course site (scripts/book.ts) and the spectra report
 * (lib/experiments/spectra_report.ts) are built on it; figures go in as inline SVG.
 */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** The pages' shared style. */
export const PAGE_STYLE = `
  body.book { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 58rem; margin: 0 auto;
    padding: 1rem 1.5rem 3rem; line-height: 1.5; color: #1f2328; }
  nav.book-nav { display: flex; gap: 1.2rem; flex-wrap: wrap; padding: 0.6rem 1rem;
    border-bottom: 1px solid #d0d7de; font-family: "DejaVu Sans", system-ui, sans-serif;
    font-size: 0.95rem; background: #f6f8fa; }
  nav.book-nav a { text-decoration: none; color: #0550ae; }
  .book-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.8rem 1.2rem; margin: 1rem 0; }
  .book-card h2 { margin: 0.2rem 0 0.4rem; font-size: 1.25rem; }
  .book-meta { color: #57606a; font-size: 0.95rem; }
  .book-gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(24rem, 1fr));
    gap: 1rem; }
  figure.book-figure { margin: 0; }
  figure.book-figure img { max-width: 100%; border: 1px solid #eaeef2; }
  table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .table-scroll { overflow-x: auto; }
  details.layer { margin: 0.3rem 0; } details.layer summary { cursor: pointer; }
`;

/** A stand-alone page: `body` (HTML) under `nav` (HTML, may be empty), with the shared style. */
export function offlinePage(title: string, body: string, nav = ""): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PAGE_STYLE}</style></head>
<body class="book">${nav}
<main>${body}</main>
${nav}</body></html>`;
}
