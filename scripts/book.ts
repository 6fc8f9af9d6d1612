/**
 * `deno task book`: the course site, a static folder build/book/ made from the executed notebooks
 * (build/<stem>.html, whose math is already typeset by scripts/typeset_html.ts): an index with each
 * notebook's objectives, study time and prerequisites (read from the notebook by scripts/course.ts),
 * every notebook page with navigation to the previous and next one, a gallery of the committed
 * figures, and the documents the notebooks link to (the targets, the notation, the Think! answers)
 * rendered from docs/. Math is typeset into SVG at build time, so the site needs no network and no
 * script. A notebook that has not been executed yet is run in quick mode first.
 *
 * The site is built in a temporary folder and moved into place at the end, so an interrupted
 * build never leaves half a site. scripts/book_check.ts opens it in Chromium.
 */
import { basename, join } from "node:path";
import { marked } from "marked";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { escapeHtml, offlinePage, PAGE_STYLE } from "../lib/notebook/offline_page.ts";
import { type CourseNotebook, readCourseNotebook } from "./course.ts";
import { allNotebookStems } from "./notebook_list.ts";
import { buildDirectory, runNotebook } from "./run_notebook.ts";
import { ensureSetup } from "./setup.ts";
import { typesetHtml } from "./typeset_html.ts";

/** Where the site goes. */
export const bookDirectory = join(buildDirectory, "book");

/** The documents of docs/ the site renders, by file name (answers come one per notebook). */
const DOCUMENTS = ["reproduction_targets.md", "notation.md"];

/**
 * Markdown to HTML with its TeX left intact for MathJax: `$…$` and `$$…$$` are set aside before
 * marked sees them (it would read their underscores as emphasis) and put back afterwards.
 */
export function markdownToHtml(markdown: string): string {
  const math: string[] = [];
  const shielded = markdown.replace(/\$\$[\s\S]+?\$\$|\$[^$\n]+?\$/g, (m) => {
    math.push(m);
    return `@@MATH${math.length - 1}@@`;
  });
  const html = marked.parse(shielded, { async: false }) as string;
  return html.replace(/@@MATH(\d+)@@/g, (_, i) => escapeHtml(math[Number(i)]));
}

/** Links that point from a notebook or a document into docs/ are rewritten to the site's pages. */
export function rewriteLinks(html: string): string {
  return html.replace(
    /href="(?:\.\.\/)?docs\/(?:answers\/)?([\w.-]+)\.md(#[^"]*)?"/g,
    (_, name, hash) => `href="${name.replace(/^(\d\d_)/, "answers_$1")}.html${hash ?? ""}"`,
  ).replace(
    /href="([\w.-]+)\.md(#[^"]*)?"/g,
    (_, name, hash) => `href="${name}.html${hash ?? ""}"`,
  );
}

/** The navigation bar of a page: index, gallery, documents, previous and next notebook. */
function navigation(previous?: CourseNotebook, next?: CourseNotebook): string {
  const link = (href: string, label: string) => `<a href="${href}">${label}</a>`;
  return `<nav class="book-nav">${
    [
      link("index.html", "Course index"),
      previous
        ? link(`${previous.stem}.html`, `← ${previous.number} ${escapeHtml(previous.title)}`)
        : "",
      next ? link(`${next.stem}.html`, `${next.number} ${escapeHtml(next.title)} →`) : "",
      link("gallery.html", "Figure gallery"),
      link("notation.html", "Notation"),
      link("reproduction_targets.html", "Reproduction targets"),
    ].filter((s) => s).join("\n")
  }</nav>`;
}

/** A stand-alone page of the site around `body` (HTML with TeX still in it), typeset. */
function page(title: string, body: string, nav: string): string {
  return typesetHtml(offlinePage(title, body, nav));
}

/** The notebook page: nbconvert's HTML with the navigation bar at its top and bottom. */
export function notebookPage(html: string, nav: string): string {
  const withStyle = html.replace("</head>", `<style>${PAGE_STYLE}</style></head>`);
  const opened = withStyle.replace(/<body([^>]*)>/, (m) => `${m}\n${nav}`);
  return rewriteLinks(opened.replace("</body>", `${nav}\n</body>`));
}

/** The index: one card per notebook with its objectives, study time and prerequisites. */
function indexBody(notebooks: readonly CourseNotebook[]): string {
  const cards = notebooks.map((c) => `
<section class="book-card" id="nb${c.number}">
<h2><a href="${c.stem}.html">${c.number} · ${escapeHtml(c.title)}</a></h2>
<p class="book-meta"><strong>Study time.</strong> ${escapeHtml(c.studyTime)}</p>
<p class="book-meta"><strong>Prerequisites.</strong> ${escapeHtml(c.prerequisites)}</p>
<p><strong>You will be able to</strong></p>
<ul>${
    c.objectives.map((o) => `<li>${markdownToHtml(o).replace(/^<p>|<\/p>\s*$/g, "")}</li>`).join(
      "\n",
    )
  }</ul>
<p class="book-meta">${c.exercises.length} exercises with answer checks ·
<a href="answers_${c.stem}.html">answers to the Think! prompts</a></p>
</section>`).join("\n");
  return `<h1>Random-matrix and stochastic dynamics of neural-network weights</h1>
<p>A course module in ${notebooks.length} notebooks. Each notebook puts theory and simulation side
by side and checks that they agree. Read them in order; each lists what it assumes. The pages here
are the notebooks as executed in quick mode; to run, vary and do the exercises, open them in
Jupyter (the repository's README says how).</p>
<p><a href="gallery.html">Figure gallery</a> · <a href="notation.html">Notation</a> ·
<a href="reproduction_targets.html">Reproduction targets</a></p>
${cards}`;
}

/** The gallery: every committed (full-mode) figure, as PNG, grouped by notebook. */
async function galleryBody(notebooks: readonly CourseNotebook[], out: string): Promise<string> {
  const sections: string[] = [];
  for (const c of notebooks) {
    const source = join(repositoryRoot, "figures", c.stem);
    let names: string[] = [];
    try {
      names = [...Deno.readDirSync(source)].map((e) => e.name).filter((n) => n.endsWith(".png"))
        .sort();
    } catch { /* a notebook without committed figures */ }
    if (names.length === 0) continue;
    await Deno.mkdir(join(out, "figures", c.stem), { recursive: true });
    const figures: string[] = [];
    for (const name of names) {
      await Deno.copyFile(join(source, name), join(out, "figures", c.stem, name));
      const label = basename(name, ".png").replace(/_/g, " ");
      figures.push(
        `<figure class="book-figure"><img src="figures/${c.stem}/${name}" alt="${
          escapeHtml(label)
        }"><figcaption>${escapeHtml(label)}</figcaption></figure>`,
      );
    }
    sections.push(
      `<h2 id="nb${c.number}"><a href="${c.stem}.html">${c.number} · ${
        escapeHtml(c.title)
      }</a></h2>\n<div class="book-gallery">${figures.join("\n")}</div>`,
    );
  }
  return `<h1>Figure gallery</h1>
<p>The committed figures of every notebook, from the full-mode reference run; PDF and SVG versions
are beside them in the repository's <code>figures/</code> folder.</p>
${sections.join("\n")}`;
}

/** What a build produced. */
export interface BookSummary {
  directory: string;
  pages: string[];
  figures: number;
}

/** Builds the site into `out` (default build/book/), running notebooks that have no HTML yet. */
export async function buildBook(out = bookDirectory): Promise<BookSummary> {
  const stems = allNotebookStems();
  const notebooks = stems.map((stem) => readCourseNotebook(stem));
  const missing = stems.filter((stem) => {
    try {
      Deno.statSync(join(buildDirectory, `${stem}.html`));
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    console.log(`book: running ${missing.join(", ")} in quick mode first (no executed HTML yet)`);
    const setup = await ensureSetup();
    for (const stem of missing) {
      const outcome = await runNotebook(stem, "quick", setup);
      if (!outcome.ok) throw new Error(`book: ${stem} did not run: ${outcome.failure}`);
    }
  }
  await Deno.mkdir(buildDirectory, { recursive: true });
  const staging = await Deno.makeTempDir({ dir: buildDirectory, prefix: ".book-" });
  try {
    const pages: string[] = [];
    const write = async (name: string, html: string) => {
      await Deno.writeTextFile(join(staging, name), html);
      pages.push(name);
    };
    await write("index.html", page("Course index", indexBody(notebooks), navigation()));
    for (const [i, c] of notebooks.entries()) {
      const html = await Deno.readTextFile(join(buildDirectory, `${c.stem}.html`));
      await write(
        `${c.stem}.html`,
        notebookPage(html, navigation(notebooks[i - 1], notebooks[i + 1])),
      );
      const answers = await Deno.readTextFile(
        join(repositoryRoot, "docs", "answers", `${c.stem}.md`),
      );
      await write(
        `answers_${c.stem}.html`,
        page(`${c.number} · answers`, rewriteLinks(markdownToHtml(answers)), navigation()),
      );
    }
    for (const doc of DOCUMENTS) {
      const markdown = await Deno.readTextFile(join(repositoryRoot, "docs", doc));
      await write(
        doc.replace(/\.md$/, ".html"),
        page(doc, rewriteLinks(markdownToHtml(markdown)), navigation()),
      );
    }
    const gallery = await galleryBody(notebooks, staging);
    await write("gallery.html", page("Figure gallery", gallery, navigation()));
    const figures = (gallery.match(/<img /g) ?? []).length;
    await Deno.remove(out, { recursive: true }).catch(() => {});
    await Deno.rename(staging, out);
    return { directory: out, pages, figures };
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw error;
  }
}

if (import.meta.main) {
  const summary = await buildBook();
  console.log(
    `book: ${summary.pages.length} pages, ${summary.figures} figures -> ${summary.directory}/index.html`,
  );
}
