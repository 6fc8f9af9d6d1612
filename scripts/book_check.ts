// deno-lint-ignore-file no-explicit-any -- the page-side code reads the DOM, which has no types here
/**
 * The course site's browser test: headless Chromium (Debian's `chromium`, npm `playwright-core`)
 * with every network request refused opens build/book/index.html and follows every internal link
 * to every page it reaches. On each page: every internal link resolves (a page that exists, an
 * anchor that exists on it), every image loads, the notebook pages show their figures (inline SVG),
 * and the math is typeset — MathJax's SVG output is present wherever the page has math, and no raw
 * TeX is left in the text. Also a script (`deno run -A scripts/book_check.ts`) after `deno task book`.
 */
import { join, relative } from "node:path";
import { chromium as playwright } from "playwright-core";
import { bookDirectory } from "./book.ts";
import { findChromium, rawTex } from "./html_check.ts";

/** What the walk found. */
export interface BookCheck {
  pages: string[];
  problems: string[];
}

/** What a page reports about itself (evaluated in the browser). */
interface PageReport {
  links: string[];
  anchors: string[];
  images: { src: string; ok: boolean }[];
  inlineSvgFigures: number;
  mathContainers: number;
  text: string;
}

/** A percent-decoded id or anchor (left as it is when it is not valid percent-encoding). */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Opens the site offline and walks it from index.html. */
export async function checkBook(chromium: string, directory = bookDirectory): Promise<BookCheck> {
  const browser = await playwright.launch({
    executablePath: chromium,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const problems: string[] = [];
  const visited: string[] = [];
  try {
    const context = await browser.newContext();
    // offline: only the site's own files may load
    await context.route("**/*", (route) => {
      const url = route.request().url();
      return url.startsWith("file://") || url.startsWith("data:")
        ? route.continue()
        : route.abort();
    });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on("requestfailed", (r) => failed.push(r.url()));
    const queue = [join(directory, "index.html")];
    const anchorsOf = new Map<string, Set<string>>();
    const wanted: { from: string; file: string; anchor: string }[] = [];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (visited.includes(file)) continue;
      visited.push(file);
      const name = relative(directory, file);
      failed.length = 0;
      const response = await page.goto(`file://${file}`, { waitUntil: "load" }).catch(() => null);
      if (!response) {
        problems.push(`${name}: does not open`);
        continue;
      }
      const report = await page.evaluate((): PageReport => {
        const doc = (globalThis as any).document;
        const all = (selector: string): any[] => [...doc.querySelectorAll(selector)];
        const body = doc.body.cloneNode(true);
        body.querySelectorAll("pre, code, style, script, mjx-container, svg").forEach((e: any) =>
          e.remove()
        );
        return {
          links: all("a[href]").map((a) => a.getAttribute("href")),
          anchors: all("[id]").map((e) => e.id),
          images: all("img").map((img) => ({
            src: img.getAttribute("src") ?? "",
            ok: img.complete && img.naturalWidth > 0,
          })),
          inlineSvgFigures: all(".jp-OutputArea svg, .output svg").length,
          mathContainers: all("mjx-container").length,
          text: body.innerText,
        };
      });
      anchorsOf.set(file, new Set(report.anchors.map(safeDecode)));
      for (const f of failed) problems.push(`${name}: request failed: ${f}`);
      for (const img of report.images) {
        if (!img.ok) problems.push(`${name}: image ${img.src} not loaded`);
      }
      const raw = rawTex(report.text);
      if (raw.length > 0) problems.push(`${name}: raw TeX ${raw.slice(0, 3).join(" | ")}`);
      // the pages whose source has math: the notebooks, the index (objectives) and the notation
      const hasMath = /^\d\d_/.test(name) || name === "index.html" || name === "notation.html";
      if (hasMath && report.mathContainers === 0) {
        problems.push(`${name}: no typeset math`);
      }
      if (/^\d\d_/.test(name) && report.inlineSvgFigures === 0) {
        problems.push(`${name}: no figures shown`);
      }
      for (const href of report.links) {
        if (/^(https?:|mailto:)/.test(href)) continue; // external: not followed offline
        const [path, anchor = ""] = href.split("#");
        const target = path === "" ? file : join(file, "..", decodeURIComponent(path));
        if (!target.startsWith(directory + "/")) {
          problems.push(`${name}: link ${href} leaves the site`);
          continue;
        }
        try {
          Deno.statSync(target);
        } catch {
          problems.push(`${name}: link ${href} points to a missing file`);
          continue;
        }
        if (target.endsWith(".html")) queue.push(target);
        if (anchor) wanted.push({ from: name, file: target, anchor: safeDecode(anchor) });
      }
    }
    for (const w of wanted) {
      const anchors = anchorsOf.get(w.file);
      if (anchors && !anchors.has(w.anchor)) {
        problems.push(`${w.from}: anchor #${w.anchor} not in ${relative(directory, w.file)}`);
      }
    }
  } finally {
    await browser.close();
  }
  return { pages: visited.map((f) => relative(directory, f)), problems };
}

if (import.meta.main) {
  const chromium = findChromium();
  if (!chromium) {
    console.error("book check: Chromium is not installed (Debian: apt-get install chromium)");
    Deno.exit(1);
  }
  const result = await checkBook(chromium);
  for (const p of result.problems) console.error(`FAILED ${p}`);
  console.log(`book check: ${result.pages.length} pages, ${result.problems.length} problems`);
  Deno.exit(result.problems.length === 0 ? 0 : 1);
}
