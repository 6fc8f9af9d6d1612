/**
 * The figure lint against figures made to break one rule each (it must report that rule), and
 * against a clean figure of each kind (it must report nothing).
 */
import assert from "node:assert/strict";
import {
  barBox,
  curve,
  dashedLine,
  entry,
  figure,
  histogramBars,
  markers,
  openMarker,
  Plot,
  theoryLine,
} from "../../lib/plot/mod.ts";
import { lintFigureSvg } from "../../lib/plot/figure_lint.ts";
import { hasSiPrefix, logTicks, powerOfTenLabel } from "../../lib/plot/log_ticks.ts";
import { parseRichText } from "../../lib/plot/rich_text.ts";
import { pathSubpaths, segmentMeetsBox } from "../../lib/plot/svg_geometry.ts";

const rules = (svg: string) => [...new Set(lintFigureSvg(svg).map((p) => p.rule))].sort();
const sqrt = Array.from(
  { length: 40 },
  (_, i) => ({ x: 0.01 * 1.2 ** i, y: Math.sqrt(0.01 * 1.2 ** i) }),
);
const bars = Array.from(
  { length: 20 },
  (_, i) => ({ x1: i / 10, x2: (i + 1) / 10, density: Math.exp(-i / 10) }),
);

Deno.test("a clean figure (log axes, legend from the series' styles, facets) passes", () => {
  const f = figure({
    size: "double",
    x: { type: "log", label: "learning rate α_0" },
    y: { type: "log", label: "⟨s⟩" },
    fx: { label: null },
    marks: [
      curve(sqrt.map((r) => ({ ...r, f: "one" })), theoryLine, { x: "x", y: "y", fx: "f" }),
      markers(sqrt.map((r) => ({ ...r, f: "two" })), openMarker(0, "square"), {
        x: "x",
        y: "y",
        fx: "f",
      }),
    ],
    legend: [
      entry("theory", { line: theoryLine }),
      entry("simulation", { marker: openMarker(0, "square") }),
    ],
  });
  assert.deepEqual(lintFigureSvg(f.svg), []);
  assert.match(f.svg, />\(a\) one</);
  assert.match(f.svg, />0.01</, "log ticks in plain decimals within 0.01 … 1000");
  const h = figure({
    marks: [histogramBars(bars), curve(bars, theoryLine, { x: "x1", y: "density" })],
    legend: [entry("samples", { box: barBox(0) }), entry("e^{−x}", { line: theoryLine })],
  });
  assert.deepEqual(lintFigureSvg(h.svg), []);
});

Deno.test("facets given only on the marks still get letters and room for the legend", () => {
  const rows = ["a", "b"].flatMap((f) => sqrt.map((r) => ({ ...r, f })));
  const f = figure({
    marks: [curve(rows, theoryLine, { x: "x", y: "y", fx: "f" })],
    legend: [entry("theory", { line: theoryLine })],
  });
  assert.match(f.svg, />\(b\) b</);
  assert.deepEqual(lintFigureSvg(f.svg), []);
});

Deno.test("the lint reports a legend swatch whose dash, marker or colour matches no series", () => {
  const f = figure({
    marks: [curve(sqrt, theoryLine, { x: "x", y: "y" })],
    legend: [entry("theory", { line: dashedLine(0) }), entry("data", { marker: openMarker(1) })],
  });
  const problems = lintFigureSvg(f.svg).filter((p) => p.rule === "legend-swatch");
  assert.equal(problems.length, 2, JSON.stringify(problems));
  const glyph = figure({
    marks: [curve(sqrt, theoryLine, { x: "x", y: "y" }), Plot.text(["—"], { frameAnchor: "top" })],
  });
  assert.ok(rules(glyph.svg).includes("legend-swatch"));
});

Deno.test("the lint reports text crossed by a line and text over a marker, not text beside them", () => {
  const labelled = (x: number, y: number) =>
    figure({
      x: { domain: [0, 1] },
      y: { domain: [0, 1] },
      marks: [
        curve([{ x: 0, y: 0.5 }, { x: 1, y: 0.5 }], theoryLine, { x: "x", y: "y" }),
        markers([{ x: 0.8, y: 0.2 }], openMarker(0), { x: "x", y: "y" }),
        Plot.text([{ x, y }], { x: "x", y: "y", text: () => "label" }),
      ],
    }).svg;
  assert.deepEqual(rules(labelled(0.3, 0.5)), ["text-crossed-by-line"]);
  assert.deepEqual(rules(labelled(0.8, 0.2)), ["text-over-marker"]);
  assert.deepEqual(rules(labelled(0.3, 0.8)), []);
});

Deno.test("the lint reports overlapping text, SI-prefixed ticks, and data outside the frame", () => {
  const overlapping = figure({
    x: { domain: [0, 1] },
    y: { domain: [0, 1] },
    marks: [
      Plot.text([{ x: 0.5, y: 0.5 }], { x: "x", y: "y", text: () => "first" }),
      Plot.text([{ x: 0.52, y: 0.5 }], { x: "x", y: "y", text: () => "second" }),
    ],
  });
  assert.deepEqual(rules(overlapping.svg), ["text-overlap"]);
  const si = figure({
    x: { type: "log", tickFormat: "s", ticks: [1e-4, 1e-3] },
    marks: [curve(sqrt, theoryLine, { x: "x", y: "y" })],
  });
  assert.ok(rules(si.svg).includes("si-prefix"));
  // a curve evaluated beyond the y domain: clipped in the picture, but outside in the geometry
  const beyond = figure({
    y: { domain: [0, 0.5] },
    clip: true,
    marks: [curve(sqrt, theoryLine, { x: "x", y: "y" })],
  });
  assert.deepEqual(rules(beyond.svg), ["outside-frame"]);
  const cut = figure({
    marks: [curve(sqrt, theoryLine, { x: "x", y: "y" })],
    legend: [
      entry("a legend label far too long to fit in one column of a journal page, and more", {
        line: theoryLine,
      }),
    ],
  });
  assert.deepEqual(rules(cut.svg), ["text-outside-figure"]);
  const dotsAtEdges = figure({ marks: [markers(sqrt, openMarker(0), { x: "x", y: "y" })] });
  assert.deepEqual(
    rules(dotsAtEdges.svg),
    [],
    "the 4 pt inset keeps edge markers inside the frame",
  );
});

Deno.test("log ticks: powers of ten as 10ⁿ or plain decimals, 1–2–5 within a decade, no SI prefix", () => {
  assert.equal(powerOfTenLabel(-3), "10⁻³");
  const wide = logTicks([1e-6, 2e-2]);
  assert.deepEqual(wide.ticks, [1e-6, 1e-5, 1e-4, 1e-3, 1e-2]);
  assert.deepEqual(wide.ticks.map(wide.format), ["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²"]);
  const plain = logTicks([0.01, 200]);
  assert.deepEqual(plain.ticks.map(plain.format), ["0.01", "0.1", "1", "10", "100"]);
  const narrow = logTicks([0.3, 2.5]);
  assert.deepEqual(narrow.ticks, [0.5, 1, 2]);
  assert.ok(narrow.ticks.length >= 2);
  for (const label of ["100m", "10µ", "1k", "2M"]) assert.ok(hasSiPrefix(label), label);
  for (const label of ["100", "0.1", "10⁻³", "−2"]) assert.ok(!hasSiPrefix(label), label);
});

Deno.test("rich text: one character or a braced group becomes a sub/superscript, as in TeX", () => {
  assert.deepEqual(parseRichText("θ_{k+1}"), [{ text: "θ", shift: "base" }, {
    text: "k+1",
    shift: "sub",
  }]);
  assert.deepEqual(parseRichText("s²_{init}"), [
    { text: "s²", shift: "base" },
    { text: "init", shift: "sub" },
  ]);
  assert.deepEqual(parseRichText("p_iᵀHp_i").map((r) => r.shift), ["base", "sub", "base", "sub"]);
  assert.deepEqual(parseRichText("C^X"), [{ text: "C", shift: "base" }, {
    text: "X",
    shift: "sup",
  }]);
  assert.deepEqual(parseRichText("plain text"), [{ text: "plain text", shift: "base" }]);
  assert.deepEqual(parseRichText("σ_i²"), [
    { text: "σ", shift: "base" },
    { text: "i", shift: "sub" },
    { text: "²", shift: "base" },
  ]);
});

Deno.test("svg geometry: relative path commands and segment–box tests", () => {
  assert.deepEqual(pathSubpaths("M1,2h3v4l-1,-1Z"), [[[1, 2], [4, 2], [4, 6], [3, 5], [1, 2]]]);
  assert.deepEqual(pathSubpaths("M0,0L1,1M5,5L6,6").length, 2);
  const box = { x0: 0, y0: 0, x1: 1, y1: 1 };
  assert.ok(segmentMeetsBox([-1, 0.5], [2, 0.5], box));
  assert.ok(!segmentMeetsBox([-1, 2], [2, 2], box));
  assert.ok(!segmentMeetsBox([-1, 0.5], [-0.5, 0.5], box));
});
