/**
 * Geometry read back from an SVG file for the figure lint: affine transforms, path outlines as
 * point lists, and the boxes of text measured with the paper font's advance widths.
 */
import { CAP_HEIGHT_EM, DESCENT_EM, textWidth } from "./text_metrics.ts";

/** An affine map [a, b, c, d, e, f]: (x, y) ↦ (a x + c y + e, b x + d y + f), as in SVG. */
export type Affine = readonly [number, number, number, number, number, number];
/** A point in pt. */
export type Point = readonly [number, number];
/** An axis-aligned box in pt. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** m ∘ n: apply n first, then m. */
export function compose(m: Affine, n: Affine): Affine {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** Applies an affine map to a point. */
export function apply(m: Affine, [x, y]: Point): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** Parses an SVG transform attribute (translate, rotate, scale, matrix). */
export function parseTransform(text: string | null): Affine {
  let m: Affine = IDENTITY;
  if (!text) return m;
  for (const [, name, args] of text.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const v = (args.match(NUMBER) ?? []).map(Number);
    let t: Affine = IDENTITY;
    if (name === "translate") t = [1, 0, 0, 1, v[0] ?? 0, v[1] ?? 0];
    else if (name === "scale") t = [v[0], 0, 0, v[1] ?? v[0], 0, 0];
    else if (name === "matrix") t = [v[0], v[1], v[2], v[3], v[4], v[5]];
    else if (name === "rotate") {
      const a = ((v[0] ?? 0) * Math.PI) / 180;
      const [cx, cy] = [v[1] ?? 0, v[2] ?? 0];
      t = compose(
        compose([1, 0, 0, 1, cx, cy], [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0]),
        [1, 0, 0, 1, -cx, -cy],
      );
    } else throw new Error(`unsupported SVG transform "${name}"`);
    m = compose(m, t);
  }
  return m;
}

/**
 * The vertices of a path's subpaths (M/L/H/V/Z, curve and arc end points), in local coordinates.
 * Curves are represented by their end points, which is what the lint needs for Plot's polylines.
 */
export function pathSubpaths(d: string): Point[][] {
  const tokens = d.match(/[a-zA-Z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const paths: Point[][] = [];
  let current: Point[] = [];
  let x = 0, y = 0, startX = 0, startY = 0;
  let i = 0;
  let command = "";
  const arity: Record<string, number> = {
    m: 2,
    l: 2,
    h: 1,
    v: 1,
    c: 6,
    s: 4,
    q: 4,
    t: 2,
    a: 7,
    z: 0,
  };
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i])) command = tokens[i++];
    const lower = command.toLowerCase();
    const rel = command === lower;
    if (lower === "z") {
      current.push([startX, startY]);
      x = startX;
      y = startY;
      if (i < tokens.length && !/[a-zA-Z]/.test(tokens[i])) {
        throw new Error(`bad path data near "z"`);
      }
      continue;
    }
    const n = arity[lower];
    if (n === undefined) throw new Error(`unsupported path command "${command}"`);
    const v = tokens.slice(i, i + n).map(Number);
    i += n;
    if (lower === "h") x = rel ? x + v[0] : v[0];
    else if (lower === "v") y = rel ? y + v[0] : v[0];
    else {
      x = rel ? x + v[n - 2] : v[n - 2];
      y = rel ? y + v[n - 1] : v[n - 1];
    }
    if (lower === "m") {
      if (current.length > 0) paths.push(current);
      current = [];
      startX = x;
      startY = y;
      command = rel ? "l" : "L"; // further pairs after M are line-tos
    }
    current.push([x, y]);
  }
  if (current.length > 0) paths.push(current);
  return paths;
}

/** The bounding box of points. */
export function boxOf(points: readonly Point[]): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x0, y0, x1, y1 };
}

/** Box shrunk by `by` pt on every side. */
export function shrink(b: Box, by: number): Box {
  return { x0: b.x0 + by, y0: b.y0 + by, x1: b.x1 - by, y1: b.y1 - by };
}

/** Whether two boxes overlap with positive area. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Whether segment p–q meets the box (Liang–Barsky clipping). */
export function segmentMeetsBox(p: Point, q: Point, b: Box): boolean {
  if (b.x0 >= b.x1 || b.y0 >= b.y1) return false;
  let t0 = 0, t1 = 1;
  const dx = q[0] - p[0], dy = q[1] - p[1];
  const edges: [number, number][] = [
    [-dx, p[0] - b.x0],
    [dx, b.x1 - p[0]],
    [-dy, p[1] - b.y0],
    [dy, b.y1 - p[1]],
  ];
  for (const [pp, qq] of edges) {
    if (pp === 0) {
      if (qq < 0) return false;
    } else {
      const r = qq / pp;
      if (pp < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** A length attribute in pt: a number, or em of the font size. */
export function parseLength(value: string | null, fontSize: number): number {
  if (!value) return 0;
  const v = parseFloat(value);
  if (!Number.isFinite(v)) return 0;
  return value.trim().endsWith("em") ? v * fontSize : v;
}

/** One run of a text element: its characters, font size and baseline shift (pt). */
export interface MeasuredRun {
  text: string;
  fontSize: number;
  shift: number;
}

/**
 * The box of a text element's runs laid out from (x, baseline) with the given anchor, in local
 * coordinates; the visible box from cap height to descender depth.
 */
export function textBox(
  runs: readonly MeasuredRun[],
  x: number,
  baseline: number,
  anchor: string,
): Box {
  const width = runs.reduce((s, r) => s + textWidth(r.text, r.fontSize), 0);
  const x0 = anchor === "middle" ? x - width / 2 : anchor === "end" ? x - width : x;
  let top = Infinity, bottom = -Infinity;
  for (const r of runs) {
    top = Math.min(top, baseline + r.shift - CAP_HEIGHT_EM * r.fontSize);
    bottom = Math.max(bottom, baseline + r.shift + DESCENT_EM * r.fontSize);
  }
  return { x0, y0: top, x1: x0 + width, y1: bottom };
}
