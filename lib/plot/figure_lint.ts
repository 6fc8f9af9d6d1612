/**
 * The figure lint: reads an exported SVG (not the code that made it) and reports what would stop
 * a journal figure: text over text, text over a data marker or crossed by a data line, a legend
 * swatch that matches no series, an SI prefix in a tick label, and data outside the frame (in the
 * unclipped geometry: a clip-path must not hide a point that falls outside). Text is measured
 * with the paper font's advance widths (text_metrics.ts); overlaps of up to `TOLERANCE` pt pass.
 */
import { DOMParser } from "linkedom";
import { hasSiPrefix } from "./log_ticks.ts";
import {
  type Affine,
  apply,
  type Box,
  boxesOverlap,
  boxOf,
  compose,
  IDENTITY,
  type MeasuredRun,
  parseLength,
  parseTransform,
  pathSubpaths,
  type Point,
  segmentMeetsBox,
  shrink,
  textBox,
} from "./svg_geometry.ts";
import { paperStyle } from "./paper_style.ts";

/** Overlap allowed between text and anything else, pt. */
export const TOLERANCE = 1;

/** One finding: the rule it breaks and what, where. */
export interface LintProblem {
  rule:
    | "text-overlap"
    | "text-over-marker"
    | "text-crossed-by-line"
    | "legend-swatch"
    | "si-prefix"
    | "outside-frame"
    | "text-outside-figure";
  message: string;
}

/** Plot marks that draw data (aria-label of their group). */
const DATA_MARKS = new Set([
  "dot",
  "line",
  "rule",
  "rect",
  "bar",
  "area",
  "link",
  "arrow",
  "vector",
  "tick",
  "cell",
  "contour",
  "density",
  "raster",
]);
/** Data marks whose strokes may not cross text. */
const LINE_MARKS = new Set(["line", "rule", "link", "arrow", "vector", "tick", "contour"]);

interface Style {
  fill: string;
  stroke: string;
  dash: string;
  fontSize: number;
  anchor: string;
}

interface TextItem {
  id: number;
  content: string;
  box: Box;
  group: string;
}

interface DataItem {
  mark: string;
  kind: "marker" | "polyline" | "area";
  points: Point[];
  box: Box;
  style: Style;
  shape: string;
}

interface SwatchItem {
  kind: "line" | "marker" | "box";
  style: Style;
  shape: string;
  label: string;
}

/** The minimal DOM element interface used while walking the SVG. */
interface Node {
  tagName?: string;
  childNodes: ArrayLike<Node>;
  textContent: string | null;
  getAttribute?(name: string): string | null;
}

const normaliseDash = (
  d: string,
) => (d === "none" ? "" : (d.match(/[\d.]+/g) ?? []).map(Number).join(","));
const normaliseColor = (c: string) => c.trim().toLowerCase();

/** Lints one SVG document; returns the problems found (empty when it passes). */
export function lintFigureSvg(svg: string): LintProblem[] {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml") as unknown as {
    documentElement: Node;
  };
  const texts: TextItem[] = [];
  const data: DataItem[] = [];
  const frames: Box[] = [];
  const swatches: SwatchItem[] = [];
  const tickLabels: string[] = [];
  let nextId = 0;

  const visit = (node: Node, m: Affine, style: Style, group: string, legendLabel: string) => {
    const tag = node.tagName?.toLowerCase();
    if (!tag || !node.getAttribute) return;
    const get = (name: string) => node.getAttribute!(name);
    const local = compose(m, parseTransform(get("transform")));
    const fontSize = get("font-size")
      ? parseLength(get("font-size"), style.fontSize)
      : style.fontSize;
    const s: Style = {
      fill: get("fill") ?? style.fill,
      stroke: get("stroke") ?? style.stroke,
      dash: get("stroke-dasharray") ?? style.dash,
      fontSize,
      anchor: get("text-anchor") ?? style.anchor,
    };
    const label = get("aria-label");
    const g = label && group === "" ? label : group;
    const legendEntry = get("data-legend-entry") !== null && get("data-legend-entry") !== undefined
      ? Array.from(node.childNodes).map((c) => c.tagName === "text" ? c.textContent : "").join("")
      : legendLabel;
    if (tag === "text") {
      const runs = textRuns(node, s.fontSize);
      const content = runs.map((r) => r.text).join("");
      if (content.trim() === "") return;
      const x = parseLength(get("x"), s.fontSize) + parseLength(get("dx"), s.fontSize);
      const baseline = parseLength(get("y"), s.fontSize) + parseLength(get("dy"), s.fontSize);
      const b = textBox(runs, x, baseline, s.anchor);
      const corners: Point[] = [[b.x0, b.y0], [b.x1, b.y0], [b.x0, b.y1], [b.x1, b.y1]];
      texts.push({
        id: nextId++,
        content,
        box: boxOf(corners.map((p) => apply(local, p))),
        group: g,
      });
      if (/tick label$/.test(g)) tickLabels.push(content);
      return;
    }
    const swatch = get("data-swatch");
    if (swatch) {
      swatches.push({
        kind: swatch as SwatchItem["kind"],
        style: s,
        shape: shapeSignature(tag, node),
        label: legendEntry,
      });
      return;
    }
    const geometry = elementPoints(tag, node);
    if (geometry && g === "frame" && tag === "rect") {
      frames.push(boxOf(geometry.flat().map((p) => apply(local, p))));
    } else if (geometry && DATA_MARKS.has(g)) {
      const kind = g === "dot" ? "marker" : LINE_MARKS.has(g) ? "polyline" : "area";
      for (const part of kind === "marker" ? [geometry.flat()] : geometry) {
        const points = part.map((p) => apply(local, p));
        if (points.length === 0) continue;
        data.push({
          mark: g,
          kind,
          points,
          box: boxOf(points),
          style: s,
          shape: shapeSignature(tag, node),
        });
      }
    }
    for (const child of Array.from(node.childNodes)) visit(child, local, s, g, legendEntry);
  };
  visit(
    doc.documentElement,
    IDENTITY,
    {
      fill: "black",
      stroke: "none",
      dash: "",
      fontSize: paperStyle.fontSize,
      anchor: "start",
    },
    "",
    "",
  );

  const problems: LintProblem[] = [];
  const quote = (t: TextItem) => `"${t.content.slice(0, 40)}"`;
  // text cut off at the figure's edge
  const root = doc.documentElement;
  const figureWidth = parseFloat(root.getAttribute?.("width") ?? "");
  const figureHeight = parseFloat(root.getAttribute?.("height") ?? "");
  if (Number.isFinite(figureWidth) && Number.isFinite(figureHeight)) {
    const page = { x0: 0, y0: 0, x1: figureWidth, y1: figureHeight };
    for (const t of texts) {
      if (!inside(t.box, page)) {
        problems.push({
          rule: "text-outside-figure",
          message: `${quote(t)} runs past the edge of the figure`,
        });
      }
    }
  }
  // text over text
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (boxesOverlap(shrink(texts[i].box, TOLERANCE / 2), shrink(texts[j].box, TOLERANCE / 2))) {
        problems.push({
          rule: "text-overlap",
          message: `${quote(texts[i])} overlaps ${quote(texts[j])}`,
        });
      }
    }
  }
  // text over markers and lines
  for (const t of texts) {
    const inner = shrink(t.box, TOLERANCE);
    for (const d of data) {
      if (!boxesOverlap(inner, d.box) && d.kind !== "polyline") continue;
      if (d.kind === "marker" && boxesOverlap(inner, d.box)) {
        problems.push({
          rule: "text-over-marker",
          message: `${quote(t)} lies over a ${d.mark} marker`,
        });
        break;
      }
      if (d.kind === "polyline" && crosses(d.points, inner)) {
        problems.push({
          rule: "text-crossed-by-line",
          message: `${quote(t)} is crossed by a ${d.mark} line`,
        });
        break;
      }
    }
  }
  // legends drawn as text glyphs cannot show a series' dash pattern, marker shape or fill
  for (const t of texts) {
    if (/^[\u2014\u25CF\u25A0\u25CB\u25A1]+$/.test(t.content.trim())) {
      problems.push({
        rule: "legend-swatch",
        message: `legend swatch drawn as the text glyph ${quote(t)}`,
      });
    }
  }
  // SI prefixes
  for (const label of tickLabels) {
    if (hasSiPrefix(label)) {
      problems.push({ rule: "si-prefix", message: `tick label "${label}" uses an SI prefix` });
    }
  }
  // legend swatches
  for (const sw of swatches) {
    if (!data.some((d) => swatchMatches(sw, d))) {
      problems.push({
        rule: "legend-swatch",
        message: `legend "${sw.label}": its ${sw.kind} swatch (${describe(sw)}) matches no series`,
      });
    }
  }
  // data outside the frame
  if (frames.length > 0) {
    const reported = new Set<string>();
    for (const d of data) {
      const frame = frameOf(d, frames);
      const outside = d.kind === "marker"
        ? !inside(d.box, frame)
        : d.points.find((p) => !inside({ x0: p[0], y0: p[1], x1: p[0], y1: p[1] }, frame));
      if (outside) {
        const where = Array.isArray(outside)
          ? `(${outside.map((v) => v.toFixed(1)).join(", ")})`
          : "";
        const key = `${d.mark}${where}`;
        if (reported.has(d.mark)) continue;
        reported.add(d.mark);
        problems.push({
          rule: "outside-frame",
          message: `a ${d.mark} mark extends outside the frame ${key}`,
        });
      }
    }
  }
  return problems;
}

function inside(b: Box, frame: Box): boolean {
  return b.x0 >= frame.x0 - TOLERANCE && b.x1 <= frame.x1 + TOLERANCE &&
    b.y0 >= frame.y0 - TOLERANCE && b.y1 <= frame.y1 + TOLERANCE;
}

/** The frame of the facet holding the item: the one containing its first point, else the nearest. */
function frameOf(d: DataItem, frames: readonly Box[]): Box {
  const [x, y] = d.kind === "marker"
    ? [(d.box.x0 + d.box.x1) / 2, (d.box.y0 + d.box.y1) / 2]
    : d.points[0];
  let best = frames[0];
  let bestDistance = Infinity;
  for (const f of frames) {
    const dx = Math.max(f.x0 - x, 0, x - f.x1);
    const dy = Math.max(f.y0 - y, 0, y - f.y1);
    const distance = Math.hypot(dx, dy);
    if (distance < bestDistance) {
      best = f;
      bestDistance = distance;
    }
  }
  return best;
}

function crosses(points: readonly Point[], box: Box): boolean {
  if (points.length === 1) return boxesOverlap(box, boxOf(points));
  for (let i = 1; i < points.length; i++) {
    if (segmentMeetsBox(points[i - 1], points[i], box)) return true;
  }
  return false;
}

function swatchMatches(sw: SwatchItem, d: DataItem): boolean {
  if (sw.kind === "line") {
    return d.kind === "polyline" &&
      normaliseColor(d.style.stroke) === normaliseColor(sw.style.stroke) &&
      normaliseDash(d.style.dash) === normaliseDash(sw.style.dash);
  }
  if (sw.kind === "marker") {
    return d.kind === "marker" && d.shape === sw.shape &&
      normaliseColor(d.style.fill) === normaliseColor(sw.style.fill) &&
      normaliseColor(d.style.stroke) === normaliseColor(sw.style.stroke);
  }
  return d.kind === "area" && normaliseColor(d.style.fill) === normaliseColor(sw.style.fill);
}

function describe(sw: SwatchItem): string {
  if (sw.kind === "line") {
    return `stroke ${sw.style.stroke}, dash "${normaliseDash(sw.style.dash)}"`;
  }
  if (sw.kind === "marker") return `${sw.shape}, fill ${sw.style.fill}, stroke ${sw.style.stroke}`;
  return `fill ${sw.style.fill}`;
}

/** Circles by radius, paths by their command letters and size: what a marker looks like. */
function shapeSignature(tag: string, node: Node): string {
  const get = (n: string) => node.getAttribute!(n);
  if (tag === "circle") return `circle r=${Number(get("r")).toFixed(1)}`;
  if (tag === "path") {
    const d = get("d") ?? "";
    const b = boxOf(pathSubpaths(d).flat());
    return `path ${d.replace(/[^a-zA-Z]/g, "")} ${(b.x1 - b.x0).toFixed(1)}×${
      (b.y1 - b.y0).toFixed(1)
    }`;
  }
  return tag;
}

/** Local-coordinate outline of a shape element, as subpaths; null for non-shapes. */
function elementPoints(tag: string, node: Node): Point[][] | null {
  const n = (name: string) => Number(node.getAttribute!(name) ?? 0);
  switch (tag) {
    case "circle": {
      const [cx, cy, r] = [n("cx"), n("cy"), n("r")];
      return [[[cx - r, cy - r], [cx + r, cy + r]]];
    }
    case "rect": {
      const [x, y, w, h] = [n("x"), n("y"), n("width"), n("height")];
      return [[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]];
    }
    case "line":
      return [[[n("x1"), n("y1")], [n("x2"), n("y2")]]];
    case "path":
      return pathSubpaths(node.getAttribute!("d") ?? "");
    default:
      return null;
  }
}

/** The runs of a text element (tspans with font-size and dy), with baseline shifts in pt. */
function textRuns(node: Node, fontSize: number): MeasuredRun[] {
  const runs: MeasuredRun[] = [];
  let shift = 0;
  for (const child of Array.from(node.childNodes)) {
    if (child.tagName?.toLowerCase() === "tspan") {
      const size = child.getAttribute!("font-size")
        ? parseLength(child.getAttribute!("font-size"), fontSize)
        : fontSize;
      shift += parseLength(child.getAttribute!("dy"), fontSize);
      runs.push({ text: child.textContent ?? "", fontSize: size, shift });
    } else if (child.textContent) {
      runs.push({ text: child.textContent, fontSize, shift });
    }
  }
  return runs;
}
