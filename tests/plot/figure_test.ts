import assert from "node:assert/strict";
import { jupyterDisplay } from "../../lib/notebook/jupyter_display.ts";
import { figure, named, Plot } from "../../lib/plot/mod.ts";
import { paperFontFiles } from "../../lib/plot/font_files.ts";

const line = Array.from({ length: 20 }, (_, i) => ({ x: i, y: Math.sqrt(i) }));

Deno.test("figure renders standalone SVG in pt and displays in Jupyter", () => {
  const f = figure({
    marks: [Plot.line(line, { x: "x", y: "y", stroke: "red" })],
    legend: [{ label: "√x", line: { stroke: "red" } }],
  });
  assert.match(f.svg, /^<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(f.svg, /xmlns:xlink=/);
  assert.equal(f.widthPt, 246);
  const bundle = f[jupyterDisplay]();
  assert.match(bundle["text/html"], /width="492"/);
  assert.match(bundle["text/html"], /^<svg[^>]* style="max-width:100%;height:auto;/);
  assert.doesNotMatch(
    f.svg.slice(0, f.svg.indexOf(">")),
    /max-width/,
    "the exported SVG keeps its journal size",
  );
  assert.match(f.svg, />√x</);
});

Deno.test("a saved figure is marked with its name; outside Jupyter it stays the cell's image", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const f = figure({ marks: [Plot.line(line, { x: "x", y: "y" })] });
    await f.save("sqrt", dir);
    assert.equal(f.shownInline, false, "no kernel: nothing was shown");
    const bundle = f[jupyterDisplay]();
    assert.match(bundle["text/html"], /^<svg data-figure="sqrt"/);
    assert.match(bundle["text/plain"], /saved to .*sqrt\.\{svg,png,pdf\}/);
    assert.equal(f.inline()[jupyterDisplay]()["text/html"], bundle["text/html"]);
    // once shown by save (in the kernel), the cell's value is one line, not the image again
    f.shownInline = true;
    assert.deepEqual(Object.keys(f[jupyterDisplay]()), ["text/plain"]);
    assert.match(f[jupyterDisplay]()["text/plain"], /shown above/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("figure refuses NaN/Infinity, naming the series, channel and row", () => {
  const bad = [{ x: 0, y: 1 }, { x: 1, y: NaN }];
  assert.throws(
    () => figure({ marks: [named("theory", Plot.line(bad, { x: "x", y: "y" }))] }),
    /series "theory" has NaN in channel y at row 1/,
  );
  assert.throws(
    () => figure({ marks: [Plot.lineY(new Float64Array([1, Infinity]))] }),
    /mark 0 \(line\) has Infinity at row 1/,
  );
  assert.throws(
    () =>
      figure({
        marks: [
          Plot.dot({ length: 2 }, { x: [1, 2], y: (_: unknown, i: number) => (i ? -Infinity : 0) }),
        ],
      }),
    /channel y at row 1/,
  );
  assert.throws(() => figure({ title: "x", marks: [] }), /title is HTML/);
  assert.throws(
    () =>
      figure({ color: { legend: true }, marks: [Plot.dot(line, { x: "x", y: "y", fill: "x" })] }),
    /legend/,
  );
});

Deno.test("save writes SVG, a 300-dpi PNG and a vector PDF with the font embedded", async () => {
  const dir = await Deno.makeTempDir();
  const f = await figure({ marks: [Plot.line(line, { x: "x", y: "y" })] }).save("sqrt", dir);
  assert.ok(f.saved);
  const png = await Deno.readFile(`${dir}/sqrt.png`);
  assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const width = new DataView(png.buffer).getUint32(16);
  assert.equal(width, Math.round(246 * 300 / 72));
  const pdf = new TextDecoder("latin1").decode(await Deno.readFile(`${dir}/sqrt.pdf`));
  assert.match(pdf, /^%PDF-/);
  assert.match(pdf, /\/MediaBox \[0 0 246 177\]/);
  if (paperFontFiles()) assert.match(pdf, /\/FontFile2/, "the TTF must be embedded");
  assert.equal(await Deno.readTextFile(`${dir}/sqrt.svg`), f.svg);
  await assert.rejects(f.save("../escape", dir), /plain file stem/);
});

Deno.test("a runaway figure size is refused before rendering", () => {
  assert.throws(
    () => figure({ width: 60000, marks: [] }),
    /figure: width must be between 50 and 2000 pt .* got 60000/,
  );
  assert.throws(() => figure({ height: 10, marks: [] }), /figure: height must be between/);
});
