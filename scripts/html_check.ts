/**
 * The shareable-HTML check: an exported notebook HTML, copied alone into an empty folder and
 * opened in headless Chromium with the network cut off, must show its math typeset — no raw TeX
 * (`$`, `\frac`, …) left in the text of its markdown cells. Uses Debian's `chromium`
 * (`--dump-dom` prints the page after it has loaded and run its scripts).
 */
import { basename, join } from "node:path";

/** The Chromium binary, or null when none is installed. */
export function findChromium(): string | null {
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    try {
      Deno.statSync(path);
      return path;
    } catch { /* not here */ }
  }
  return null;
}

/** The text of the rendered markdown cells of a page's DOM, math and code removed. */
export function markdownText(dom: string): string {
  const cells = dom.split(/<div[^>]*class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>/).slice(1);
  return cells.map((cell) =>
    cell.split(/<div[^>]*class="[^"]*jp-Cell /)[0]
      .replace(/<mjx-container[\s\S]*?<\/mjx-container>/g, " ")
      .replace(/<(pre|code|style|script)\b[\s\S]*?<\/\1>/g, " ")
      .replace(/<[^>]+>/g, " ")
  ).join("\n");
}

/** Raw TeX left in a text: a `$` delimiter or a backslash command. */
export function rawTex(text: string): string[] {
  return [...text.matchAll(/\$[^$\n]{0,40}|\\(?:frac|sqrt|langle|lambda|alpha|sigma)\b/g)]
    .map((m) => m[0]);
}

/** Opens `htmlPath` alone and offline in Chromium; the raw TeX found, or throws. */
export async function rawTexInSharedHtml(chromium: string, htmlPath: string): Promise<string[]> {
  const folder = await Deno.makeTempDir({ prefix: "shared-html-" });
  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  try {
    const copy = join(folder, basename(htmlPath));
    await Deno.copyFile(htmlPath, copy);
    const out = await new Deno.Command(chromium, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // no network: every request goes to a closed local port
        "--proxy-server=http://127.0.0.1:9",
        `--user-data-dir=${profile}`,
        "--dump-dom",
        `file://${copy}`,
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    const dom = new TextDecoder().decode(out.stdout);
    if (!out.success || !dom.includes("</html>")) {
      throw new Error(`chromium could not render ${copy} (exit ${out.code})`);
    }
    return rawTex(markdownText(dom));
  } finally {
    await Deno.remove(folder, { recursive: true }).catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
