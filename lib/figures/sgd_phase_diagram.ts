/**
 * Figures of notebook 08 (the phase diagram of SGD, Park, Lucini & Aarts arXiv 2509.01349): the
 * soft-spin density, maps over (T, 1/σ_W) with the boundary lines, the phase map, the curves along
 * T at one σ_W with T_c, the initial gradient against σ_W, the eigenvalue flows of one point per
 * phase, and the ordered fraction f per criterion variant.
 *
 * Maps: each grid cell is a rectangle spanning a factor 2 in both T and 1/σ_W (log axes); the
 * boundary lines are drawn where the authors draw theirs, T·(1/σ_W) > 0.1.
 */
import {
  CRITERION_LABELS,
  CRITERION_VARIANTS,
  type Phase,
  type PhasePointSummary,
} from "../experiments/sgd_phase_analysis.ts";
import type { PhasePoint } from "../experiments/sgd_phase_diagram.ts";
import { softSpinDensity } from "../theory/soft_spin_density.ts";
import {
  curve,
  dashedLine,
  entry,
  errorBars,
  type Figure,
  figure,
  filledMarker,
  horizontalLines,
  type LineStyle,
  markers,
  openMarker,
  paletteColor,
  Plot,
  referenceLine,
  solidLine,
  verticalLines,
} from "../plot/mod.ts";

/** p(φ) of φ = tanh z, z ~ N(0, σ_z²), for σ_z² below, at and above the critical ½. */
export function softSpinDensityFigure(variances: readonly number[] = [0.1, 0.5, 2]): Figure {
  const rows = variances.flatMap((v, k) =>
    Array.from({ length: 397 }, (_, i) => {
      const phi = -0.99 + i * 0.005;
      return { k, phi, p: softSpinDensity(phi, v) };
    })
  );
  const styles = variances.map((_, k) => solidLine(k));
  return figure({
    size: "single",
    aspect: 0.7,
    x: { label: "soft spin φ = tanh z", domain: [-1, 1] },
    y: { label: "p(φ)", domain: [0, 3] },
    marks: variances.map((_, k) =>
      curve(rows.filter((r) => r.k === k).map((r) => ({ ...r, p: Math.min(r.p, 3) })), styles[k], {
        x: "phi",
        y: "p",
      })
    ),
    legend: variances.map((v, k) => entry(`σ_z² = ${v}`, { line: styles[k] })),
  });
}

/** A boundary line: (T, 1/σ_W) vertices. */
export interface BoundaryLine {
  label: string;
  points: readonly { temperature: number; inverseSigmaW: number }[];
}

/** What a map shows. */
export interface PhaseMapSpec {
  /** the colour-bar label */
  label: string;
  value: (s: PhasePointSummary) => number;
  /** log colour scale */
  log?: boolean;
  /** colour domain (clipped) */
  domain?: [number, number];
  boundaries?: readonly BoundaryLine[];
  /** draw the 1/σ_W = √2 line from the smallest T to this T */
  criticalWidthUpTo?: number;
}

/** Boundary lines: magenta stands out on every colour of viridis; black on the phase map. */
const BOUNDARY_STYLES: LineStyle[] = [
  { stroke: "#ff2bd6", width: 1.6 },
  { stroke: "#ff2bd6", width: 1.2, dash: "4,3" },
];
const PHASE_BOUNDARY_STYLES: LineStyle[] = [
  { stroke: "#000000", width: 1.6 },
  { stroke: "#000000", width: 1.2, dash: "4,3" },
];

function cellRows<T extends { temperature: number; inverseSigmaW: number }>(cells: readonly T[]) {
  return cells.map((c) => ({
    ...c,
    t1: c.temperature / Math.SQRT2,
    t2: c.temperature * Math.SQRT2,
    s1: c.inverseSigmaW / Math.SQRT2,
    s2: c.inverseSigmaW * Math.SQRT2,
  }));
}

function boundaryMarks(spec: {
  boundaries?: readonly BoundaryLine[];
  criticalWidthUpTo?: number;
  smallestT: number;
  styles?: LineStyle[];
}): Plot.Markish[] {
  const styles = spec.styles ?? BOUNDARY_STYLES;
  const marks: Plot.Markish[] = (spec.boundaries ?? []).map((b, k) =>
    curve(b.points, styles[k % styles.length], {
      x: "temperature",
      y: "inverseSigmaW",
    })
  );
  if (spec.criticalWidthUpTo) {
    marks.push(
      horizontalLines([Math.SQRT2], { stroke: styles[0].stroke, width: 1, dash: "2,2" }, {
        x1: spec.smallestT / Math.SQRT2,
        x2: spec.criticalWidthUpTo,
      }),
    );
  }
  return marks;
}

const gridAxes = (summaries: readonly PhasePointSummary[]) => {
  const ts = summaries.map((s) => s.temperature), is = summaries.map((s) => s.inverseSigmaW);
  return {
    x: {
      type: "log" as const,
      label: "temperature T = η/|B|",
      domain: [Math.min(...ts) / Math.SQRT2, Math.max(...ts) * Math.SQRT2],
    },
    y: {
      type: "log" as const,
      label: "1/σ_W",
      domain: [Math.min(...is) / Math.SQRT2, Math.max(...is) * Math.SQRT2],
    },
  };
};

/** One observable over the grid, with the boundary lines and the 1/σ_W = √2 line. */
export function phaseMapFigure(
  summaries: readonly PhasePointSummary[],
  spec: PhaseMapSpec,
): Figure {
  const cells = cellRows(summaries).map((c) => {
    let v = spec.value(c);
    if (spec.domain) v = Math.min(spec.domain[1], Math.max(spec.domain[0], v));
    return { ...c, v };
  });
  const finite = cells.filter((c) => Number.isFinite(c.v) && (!spec.log || c.v > 0));
  const smallestT = Math.min(...summaries.map((s) => s.temperature));
  return figure({
    size: "single",
    aspect: 0.9,
    grid: false,
    ...gridAxes(summaries),
    color: {
      type: spec.log ? "log" : "linear",
      scheme: "viridis",
      ...(spec.domain ? { domain: spec.domain } : {}),
    },
    marks: [
      Plot.rect(finite, { x1: "t1", x2: "t2", y1: "s1", y2: "s2", fill: "v", inset: 0 }),
      ...boundaryMarks({ ...spec, smallestT }),
    ],
    colorBar: { label: spec.label },
    legend: [
      ...(spec.boundaries ?? []).map((b, k) =>
        entry(b.label, { line: BOUNDARY_STYLES[k % BOUNDARY_STYLES.length] })
      ),
      ...(spec.criticalWidthUpTo
        ? [
          entry("1/σ_W = √2", {
            line: { stroke: BOUNDARY_STYLES[0].stroke, width: 1, dash: "2,2" },
          }),
        ]
        : []),
    ],
  });
}

const PHASE_COLORS: Record<Phase, string> = { F: "#4575b4", SG: "#91bfdb", P: "#fc8d59" };
const PHASE_NAMES: Record<Phase, string> = {
  F: "ordered (F)",
  SG: "jammed (SG)",
  P: "paramagnetic (P)",
};

/** The phase of every point (categorical), with the boundary lines. */
export function phaseClassificationFigure(
  cells: readonly { temperature: number; inverseSigmaW: number; phase: Phase }[],
  boundaries: readonly BoundaryLine[],
  criticalWidthUpTo?: number,
): Figure {
  const smallestT = Math.min(...cells.map((s) => s.temperature));
  const rows = cellRows(cells).map((c) => ({ ...c, fill: PHASE_COLORS[c.phase] }));
  return figure({
    size: "single",
    aspect: 0.9,
    grid: false,
    ...gridAxes(cells as unknown as PhasePointSummary[]),
    marks: [
      Plot.rect(rows, { x1: "t1", x2: "t2", y1: "s1", y2: "s2", fill: "fill", inset: 0.3 }),
      ...boundaryMarks({ boundaries, criticalWidthUpTo, smallestT, styles: PHASE_BOUNDARY_STYLES }),
    ],
    legend: [
      ...(Object.keys(PHASE_NAMES) as Phase[]).map((p) =>
        entry(PHASE_NAMES[p], { box: { fill: PHASE_COLORS[p] } })
      ),
      ...boundaries.map((b, k) =>
        entry(b.label, { line: PHASE_BOUNDARY_STYLES[k % PHASE_BOUNDARY_STYLES.length] })
      ),
      ...(criticalWidthUpTo
        ? [entry("1/σ_W = √2", { line: { stroke: "#000000", width: 1, dash: "2,2" } })]
        : []),
    ],
  });
}

/**
 * Median final loss ⟨L⟩_tf and gradient norm ‖∇L‖_tf against T at one 1/σ_W, with their 16–84 %
 * bands, and T_c as a vertical line.
 */
export function columnCurvesFigure(
  column: readonly PhasePointSummary[],
  criticalT: number | null,
): Figure {
  const rows = column.flatMap((s) => [
    { what: "loss", t: s.temperature, ...s.finalLoss },
    { what: "gradient", t: s.temperature, ...s.finalGradient },
  ]);
  const lossLine = solidLine(0), gradLine = solidLine(1);
  const of = (w: string) => rows.filter((r) => r.what === w);
  return figure({
    size: "single",
    aspect: 0.75,
    x: { type: "log", label: "temperature T = η/|B|" },
    y: { type: "log", label: "⟨L⟩_{tf},  ‖∇L‖_{tf}" },
    marks: [
      errorBars(of("loss"), paletteColor(0), { x: "t", y1: "low", y2: "high" }),
      errorBars(of("gradient"), paletteColor(1), { x: "t", y1: "low", y2: "high" }),
      curve(of("loss"), lossLine, { x: "t", y: "median" }),
      curve(of("gradient"), gradLine, { x: "t", y: "median" }),
      markers(of("loss"), filledMarker(0), { x: "t", y: "median" }),
      markers(of("gradient"), openMarker(1, "square"), { x: "t", y: "median" }),
      ...(criticalT ? [verticalLines([criticalT], referenceLine)] : []),
    ],
    legend: [
      entry("final loss ⟨L⟩_{tf}", { line: lossLine, marker: filledMarker(0) }),
      entry("gradient norm ‖∇L‖_{tf}", { line: gradLine, marker: openMarker(1, "square") }),
      ...(criticalT ? [entry(`T_c = ${criticalT}`, { line: referenceLine })] : []),
    ],
  });
}

/** Median ‖∇L‖₀ (16–84 % band) against 1/σ_W, with the values read from the authors' Fig. 4(c). */
export function initialGradientFigure(
  rows: readonly { inverseSigmaW: number; median: number; low: number; high: number }[],
  paper: readonly { inverseSigmaW: number; value: number }[],
): Figure {
  return figure({
    size: "single",
    aspect: 0.75,
    x: { type: "log", label: "1/σ_W" },
    y: { type: "log", label: "initial gradient norm ‖∇L‖₀" },
    marks: [
      errorBars(rows, paletteColor(0), { x: "inverseSigmaW", y1: "low", y2: "high" }),
      curve(rows, solidLine(0), { x: "inverseSigmaW", y: "median" }),
      markers(rows, filledMarker(0), { x: "inverseSigmaW", y: "median" }),
      markers(paper, openMarker(1, "diamond"), { x: "inverseSigmaW", y: "value" }),
    ],
    legend: [
      entry("simulation (median, 16–84 %)", { line: solidLine(0), marker: filledMarker(0) }),
      entry("paper, read from Fig. 4(c)", { marker: openMarker(1, "diamond") }),
    ],
  });
}

/**
 * The eigenvalues x_a of W Wᵀ against training time for one point per phase (panels): the median
 * over realisations of each ordered eigenvalue x_a (a = 1…16) as a line, the first `shown`
 * realisations' eigenvalues as faint lines behind, and, where asked, the median teacher
 * eigenvalues as dashed lines.
 */
export function phaseEigenvalueFlowFigure(
  panels: readonly { label: string; point: PhasePoint; teacher?: boolean }[],
  snapshotEpochs: readonly number[],
  shown = 8,
): Figure {
  const epochOf = (i: number) => i === 0 ? 0 : snapshotEpochs[i - 1] + 1;
  const middle = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  };
  const faint = panels.flatMap((p) =>
    p.point.realisations.slice(0, shown).flatMap((r, k) =>
      Array.from(r.spectra[0]).flatMap((_, a) =>
        r.spectra.map((x, i) => ({
          panel: p.label,
          series: `${k}-${a}`,
          epoch: epochOf(i),
          x: x[a],
        }))
      )
    )
  );
  const medians = panels.flatMap((p) => {
    const rs = p.point.realisations;
    return Array.from(rs[0].spectra[0]).flatMap((_, a) =>
      rs[0].spectra.map((_, i) => ({
        panel: p.label,
        a,
        epoch: epochOf(i),
        x: middle(rs.map((r) => r.spectra[i][a])),
      }))
    );
  });
  const teacherRows = panels.filter((p) => p.teacher).flatMap((p) =>
    Array.from(
      p.point.realisations[0].teacherSpectrum,
      (_, a) => ({
        panel: p.label,
        x: middle(p.point.realisations.map((r) => r.teacherSpectrum[a])),
      }),
    )
  );
  const line: LineStyle = { stroke: paletteColor(0), width: 0.4, opacity: 0.3 };
  const medianLine = solidLine(0, 1.2);
  const teacher = dashedLine(1);
  return figure({
    size: "double",
    aspect: 0.32,
    fx: { label: null, domain: panels.map((p) => p.label), padding: 0.1 },
    x: { label: "epoch" },
    y: { type: "log", label: "eigenvalue x_a of W Wᵀ" },
    marks: [
      curve(faint, line, { x: "epoch", y: "x", z: "series", fx: "panel" }),
      curve(medians, medianLine, { x: "epoch", y: "x", z: "a", fx: "panel" }),
      Plot.ruleY(teacherRows, {
        y: "x",
        fx: "panel",
        stroke: teacher.stroke,
        strokeDasharray: teacher.dash,
        strokeWidth: 0.7,
        strokeOpacity: 0.8,
      }),
    ],
    legend: [
      entry("median x_a over realisations", { line: medianLine }),
      entry(`${shown} realisations`, { line: { ...line, opacity: 1 } }),
      entry("teacher (median x_a)", { line: teacher }),
    ],
  });
}

/** The ordered fraction f against T at one 1/σ_W, per criterion variant, with the 68 % level. */
export function criterionVariantsFigure(
  column: readonly PhasePointSummary[],
  level: number,
): Figure {
  const rows = column.flatMap((s) =>
    CRITERION_VARIANTS.map((v, k) => ({ k, t: s.temperature, f: s.orderedFraction[v] }))
  );
  return figure({
    size: "single",
    aspect: 0.75,
    x: { type: "log", label: "temperature T = η/|B|" },
    y: { label: "ordered fraction f", domain: [0, 1] },
    marks: [
      horizontalLines([level], referenceLine),
      ...CRITERION_VARIANTS.map((_, k) =>
        curve(rows.filter((r) => r.k === k), solidLine(k), { x: "t", y: "f" })
      ),
      ...CRITERION_VARIANTS.map((_, k) =>
        markers(rows.filter((r) => r.k === k), openMarker(k), { x: "t", y: "f" })
      ),
    ],
    legend: [
      ...CRITERION_VARIANTS.map((v, k) =>
        entry(CRITERION_LABELS[v], { line: solidLine(k), marker: openMarker(k) })
      ),
      entry(`f = ${level}`, { line: referenceLine }),
    ],
  });
}
