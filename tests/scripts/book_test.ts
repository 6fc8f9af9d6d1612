/** The course site's page helpers: markdown with TeX kept for MathJax, links into docs/ rewritten. */
import assert from "node:assert/strict";
import { markdownToHtml, notebookPage, rewriteLinks } from "../../scripts/book.ts";

Deno.test("markdown keeps its TeX intact: underscores in math are not emphasis", () => {
  const html = markdownToHtml("Width $s_{\\rm off}^2 = \\eta(\\mu^2-\\kappa)/|B|$ and $a_i b_i$.");
  assert.match(html, /\$s_\{\\rm off\}\^2 = \\eta\(\\mu\^2-\\kappa\)\/\|B\|\$/);
  assert.ok(!html.includes("<em>"), html);
  assert.match(markdownToHtml("$$x < y$$"), /\$\$x &lt; y\$\$/);
});

Deno.test("links into docs/ point to the site's pages; answers get their own names", () => {
  assert.equal(
    rewriteLinks('<a href="../docs/reproduction_targets.md#t01-5">T01.5</a>'),
    '<a href="reproduction_targets.html#t01-5">T01.5</a>',
  );
  assert.equal(
    rewriteLinks('<a href="docs/answers/01_dyson_brownian_motion.md">a</a>'),
    '<a href="answers_01_dyson_brownian_motion.html">a</a>',
  );
  assert.equal(rewriteLinks('<a href="notation.md">n</a>'), '<a href="notation.html">n</a>');
  assert.equal(
    rewriteLinks('<a href="https://arxiv.org/abs/1">x</a>'),
    '<a href="https://arxiv.org/abs/1">x</a>',
  );
});

Deno.test("a notebook page gets the navigation at its top and bottom", () => {
  const page = notebookPage(
    '<html><head></head><body class="jp"><p>x</p></body></html>',
    "<nav>N</nav>",
  );
  assert.equal(page.split("<nav>N</nav>").length, 3);
  assert.match(page, /<body class="jp">\n<nav>N<\/nav>/);
});
