/**
 * Figures of notebook 01 (Dyson Brownian motion of SGD weights): trajectories, final singular
 * values, the spacing law, the spacing against √(ηε²/|B|), the 2×2-GOE density, and the
 * semicircle of the degenerate model with its radius against η/|B|.
 */
import type {
  PairAnalysis,
  SemicircleAnalysis,
  Setting,
} from "../experiments/dyson_teacher_student.ts";
import { densityHistogram } from "../rmt/histogram.ts";
import { goePairDensity, semicircleDensity, spacingDensity } from "../rmt/mod.ts";
import {
  barBox,
  curve,
  dashedLine,
  entry,
  errorBars,
  type Figure,
  figure,
  histogramBars,
  horizontalLines,
  type LineStyle,
  markers,
  type MarkerSymbol,
  openMarker,
  paletteColor,
  paperStyle,
  Plot,
  solidLine,
  theoryLine,
  verticalLines,
} from "../plot/mod.ts";

/** The teacher's singular value, around which all students fluctuate. */
const TEACHER_VALUE = 2;
const teacherLine: LineStyle = { stroke: paperStyle.theoryColor, width: 0.9, dash: "4,3" };

const histogramRows = (values: Float64Array, bins?: number) => {
  const h = densityHistogram(values, bins);
  return Array.from(h.density, (density, i) => ({ x1: h.edges[i], x2: h.edges[i + 1], density }));
};

/** Singular values of one SGD student and the eigenvalues of the matching DBM, against time. */
export function trajectoriesFigure(
  tr: {
    sgd: { t: number; index: number; value: number }[];
    dbm: { t: number; index: number; value: number }[];
  },
  s: Setting & { n: number },
): Figure {
  const sgdPanel = `SGD, teacher–student (${s.n}×${s.n})`;
  const dbmPanel = "Dyson Brownian motion";
  const rows = [
    ...tr.sgd.map((r) => ({ ...r, panel: sgdPanel })),
    ...tr.dbm.map((r) => ({ ...r, panel: dbmPanel })),
  ];
  const each = solidLine(0, 0.8);
  return figure({
    size: "double",
    aspect: 0.32,
    fx: { label: null, domain: [sgdPanel, dbmPanel], padding: 0.08 },
    x: {
      label:
        `training time t = step · η   (η = ${s.learningRate}, |B| = ${s.batchSize}, ε = ${s.noise})`,
    },
    y: { label: "singular value / eigenvalue" },
    color: { type: "ordinal", range: paperStyle.palette },
    marks: [
      horizontalLines([TEACHER_VALUE], teacherLine),
      Plot.line(rows, {
        x: "t",
        y: "value",
        z: "index",
        fx: "panel",
        stroke: "index",
        strokeWidth: each.width,
      }),
    ],
    legend: [
      entry(`each of the ${s.n} values (one colour each)`, { line: each }),
      entry(`teacher value ${TEACHER_VALUE}`, { line: teacherLine }),
    ],
  });
}

/** Histograms of the final singular values of W_s for a few settings, one panel each. */
export function finalSingularValuesFigure(
  panels: readonly { label: string; values: Float64Array }[],
): Figure {
  const rows = panels.flatMap((p) =>
    histogramRows(p.values, 60).map((r) => ({ ...r, panel: p.label }))
  );
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: panels.map((p) => p.label), padding: 0.1 },
    x: { label: "final singular value of W_s", ticks: 4 },
    y: { label: "density" },
    marks: [
      histogramBars(rows, barBox(0), { fx: "panel" }),
      verticalLines([TEACHER_VALUE], teacherLine),
    ],
    legend: [
      entry("SGD, pooled seeds", { box: barBox(0) }),
      entry(`teacher value ${TEACHER_VALUE}`, { line: teacherLine }),
    ],
  });
}

/** Normalised spacing histograms of every setting of each scan, with the surmise and Poisson. */
export function wignerSurmiseFigure(
  scans: readonly { scan: string; analyses: readonly PairAnalysis[] }[],
): Figure {
  const each = { stroke: paletteColor(0), width: 0.8, opacity: 0.6 };
  const poisson = dashedLine(1);
  const rows = scans.flatMap(({ scan, analyses }) =>
    analyses.flatMap((a, k) => {
      const h = densityHistogram(a.normalisedSpacings.filter((x) => x < 3.5), 30);
      // densities of all spacings, not only of those below 3.5
      const scale = h.counts.reduce((s, c) => s + c, 0) / a.normalisedSpacings.length;
      return Array.from(
        h.density,
        (d, i) => ({ s: (h.edges[i] + h.edges[i + 1]) / 2, density: d * scale, scan, k }),
      );
    })
  );
  const grid = Array.from({ length: 141 }, (_, i) => i * 0.025);
  const law = (kind: 1 | "poisson") =>
    scans.flatMap(({ scan }) => grid.map((s) => ({ s, density: spacingDensity(s, kind), scan })));
  return figure({
    size: "double",
    aspect: 0.32,
    fx: {
      label: null,
      domain: scans.map((s) => s.scan),
      tickFormat: (d: string) => `${d} scan`,
      padding: 0.08,
    },
    x: { label: "s = S / ⟨S⟩", domain: [0, 3.5] },
    y: { label: "P(s)" },
    marks: [
      curve(rows, each, { x: "s", y: "density", z: "k", fx: "scan" }),
      curve(law(1), theoryLine, { x: "s", y: "density", fx: "scan" }),
      curve(law("poisson"), poisson, { x: "s", y: "density", fx: "scan" }),
    ],
    legend: [
      entry("each setting", { line: each }),
      entry("Wigner surmise", { line: theoryLine }),
      entry("Poisson", { line: poisson }),
    ],
  });
}

const SCAN_SYMBOLS: MarkerSymbol[] = ["circle", "square", "diamond"];

/**
 * ⟨S⟩ in units of the scaling variable x = √(ηε²/|B|), against x, for the three scans (error bars:
 * jackknife over datasets): a collapse is a flat line. With the proportional fit ⟨S⟩ = a·x, the OU
 * prediction √(2π/(2 − η)) at η = 0.1, and each setting's prediction including the data noise
 * (lib/theory/teacher_student_fluctuations.ts), whose rise at large η is the 1/(2 − η) factor.
 */
export function spacingScalingFigure(
  scans: readonly { scan: string; analyses: readonly PairAnalysis[] }[],
  fit: { slope: number; error: number },
  ouSlope: { learningRate: number; slope: number },
): Figure {
  const points = scans.flatMap(({ scan, analyses }, i) =>
    analyses.map((a) => ({
      i,
      scan,
      x: a.scale,
      y: a.meanSpacing / a.scale,
      lo: (a.meanSpacing - a.meanSpacingError) / a.scale,
      hi: (a.meanSpacing + a.meanSpacingError) / a.scale,
      theory: a.predictedMeanSpacing / a.scale,
    }))
  );
  const xMax = Math.max(...points.map((q) => q.x)) * 1.04;
  const fitLine = theoryLine;
  const ouLine = dashedLine(1);
  const prediction = {
    fill: "none",
    stroke: paperStyle.theoryColor,
    symbol: "times",
    r: 2.6,
  } as const;
  const styles = scans.map((_, i) => openMarker(i, SCAN_SYMBOLS[i % SCAN_SYMBOLS.length]));
  return figure({
    x: { label: "x = √(η ε² / |B|)", domain: [0, xMax], ticks: 4 },
    y: { label: "⟨S⟩ / x", ticks: 5 },
    marks: [
      horizontalLines([fit.slope], fitLine),
      horizontalLines([ouSlope.slope], ouLine),
      ...scans.map((_, i) =>
        errorBars(points.filter((q) => q.i === i), paletteColor(i), { x: "x", y1: "lo", y2: "hi" })
      ),
      ...styles.map((style, i) =>
        markers(points.filter((q) => q.i === i), style, { x: "x", y: "y" })
      ),
      markers(points, prediction, { x: "x", y: "theory" }),
    ],
    legend: [
      ...scans.map(({ scan }, i) => entry(`${scan} scan`, { marker: styles[i] })),
      entry("prediction with data noise", { marker: prediction }),
      entry(`fit ⟨S⟩ = a·x: a = ${fit.slope.toFixed(3)} ± ${fit.error.toFixed(3)}`, {
        line: fitLine,
      }),
      entry(`OU at η = ${ouSlope.learningRate}: √(2π/(2 − η)) = ${ouSlope.slope.toFixed(3)}`, {
        line: ouLine,
      }),
    ],
  });
}

/** Pooled singular values of one setting with the fitted 2×2-GOE density ρ(x; x₀, σ). */
export function goePairDensityFigure(values: Float64Array, a: PairAnalysis): Figure {
  const bars = histogramRows(values, 60);
  const lo = bars[0].x1;
  const hi = bars[bars.length - 1].x2;
  const { centre, sigma } = a.densityFit;
  const theory = Array.from({ length: 301 }, (_, i) => {
    const x = lo + ((hi - lo) * i) / 300;
    return { x, density: goePairDensity(x, { centre, sigma }) };
  });
  const s = a.setting;
  return figure({
    x: {
      label: `singular value (η = ${s.learningRate}, |B| = ${s.batchSize}, ε = ${s.noise})`,
      ticks: 5,
    },
    y: { label: "density" },
    marks: [histogramBars(bars), curve(theory, theoryLine, { x: "x", y: "density" })],
    legend: [
      entry("SGD, pooled pairs", { box: barBox(0) }),
      entry(`ρ(x; x₀, σ), σ = ${sigma.toPrecision(3)}`, { line: theoryLine }),
    ],
  });
}

/** ⟨S⟩ against √π σ of the density fit, for every setting; they agree on the diagonal. */
export function spacingVsSigmaFigure(analyses: readonly PairAnalysis[]): Figure {
  const points = analyses.map((a) => ({
    x: Math.sqrt(Math.PI) * a.densityFit.sigma,
    y: a.meanSpacing,
  }));
  const top = Math.max(...points.map((q) => Math.max(q.x, q.y))) * 1.05;
  const diagonal = dashedLine(1);
  const style = openMarker(0);
  const ticks = [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06].filter((t) => t <= top);
  return figure({
    aspect: 1,
    x: { label: "√π σ (density fit)", domain: [0, top], ticks },
    y: { label: "mean spacing ⟨S⟩", domain: [0, top], ticks },
    marks: [
      curve([{ x: 0, y: 0 }, { x: top, y: top }], diagonal, { x: "x", y: "y" }),
      markers(points, style, { x: "x", y: "y" }),
    ],
    legend: [entry("settings", { marker: style }), entry("⟨S⟩ = √π σ", { line: diagonal })],
  });
}

/** Final singular values of the degenerate model with the predicted semicircle. */
export function degenerateSemicircleFigure(shown: SemicircleAnalysis): Figure {
  const R = shown.predictedRadius;
  const theory = Array.from({ length: 301 }, (_, i) => {
    const x = TEACHER_VALUE - R + (2 * R * i) / 300;
    return { x, density: semicircleDensity(x, { centre: TEACHER_VALUE, radius: R }) };
  });
  const s = shown.setting;
  return figure({
    x: {
      label:
        `singular value (n = ${shown.n}, η = ${s.learningRate}, |B| = ${s.batchSize}, ε = ${s.noise})`,
      ticks: 5,
    },
    y: { label: "density" },
    marks: [
      histogramBars(histogramRows(shown.values)),
      curve(theory, theoryLine, { x: "x", y: "density" }),
    ],
    legend: [
      entry("SGD, degenerate teacher", { box: barBox(0) }),
      entry("semicircle, predicted R", { line: theoryLine }),
    ],
  });
}

/** The fitted semicircle radius against √(η/|B|) on log–log axes, with the prediction R = 2√n s. */
export function semicircleRadiusFigure(
  semicircles: readonly SemicircleAnalysis[],
  slope: { slope: number; slopeError: number },
): Figure {
  const points = semicircles.map((a) => ({
    x: Math.sqrt(a.setting.learningRate / a.setting.batchSize),
    fit: a.fit.radius,
    theory: a.predictedRadius,
  }));
  const style = openMarker(0);
  const prediction = dashedLine(1);
  return figure({
    x: { label: "√(η / |B|)", type: "log" },
    y: { label: "semicircle radius R", type: "log" },
    marks: [
      curve(points, prediction, { x: "x", y: "theory" }),
      markers(points, style, { x: "x", y: "fit" }),
    ],
    legend: [
      entry(`fit: R ∝ (η/|B|)^{${slope.slope.toFixed(3)} ± ${slope.slopeError.toFixed(3)}}`, {
        marker: style,
      }),
      entry("theory, R = 2√n s", { line: prediction }),
    ],
  });
}
