/**
 * Makes an exported notebook HTML shareable: nbconvert's page loads MathJax (and RequireJS) from
 * absolute file:// paths of Debian packages, so on any other machine, or with the file copied
 * alone, every equation shows as raw LaTeX. Here the math is typeset once, at export time, into
 * inline SVG with MathJax 3 (npm mathjax-full, run in Deno on a lite DOM; written by its authors
 * for exactly this server-side use), and the file:// scripts are removed: the page then renders its
 * math and figures from any folder, offline, with no script at all.
 */
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";
import { SVG } from "mathjax-full/js/output/svg.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

/** Scripts that only work where their file:// targets exist, and MathJax's own configuration. */
const LOCAL_SCRIPT = /<script\b[^>]*\bsrc="file:\/\/[^"]*"[^>]*>\s*<\/script>/g;
const MATHJAX_CONFIG = /<script type="text\/x-mathjax-config">[\s\S]*?<\/script>/g;

/**
 * The page with every `$…$`, `$$…$$`, `\(…\)` and `\[…\]` outside code typeset as SVG, and the
 * file:// scripts removed. Code and outputs (pre, code) are left as they are.
 */
export function typesetHtml(html: string): string {
  const page = html.replace(LOCAL_SCRIPT, "").replace(MATHJAX_CONFIG, "");
  const doc = mathjax.document(page, {
    InputJax: new TeX({
      packages: AllPackages,
      inlineMath: [["$", "$"], ["\\(", "\\)"]],
      displayMath: [["$$", "$$"], ["\\[", "\\]"]],
      processEscapes: true,
    }),
    OutputJax: new SVG({ fontCache: "global" }),
  });
  doc.render();
  return adaptor.doctype(doc.document) + "\n" + adaptor.outerHTML(adaptor.root(doc.document));
}

/** Typesets the HTML file at `path` in place (atomically). */
export async function typesetHtmlFile(path: string): Promise<void> {
  await writeTextAtomically(path, typesetHtml(await Deno.readTextFile(path)));
}
