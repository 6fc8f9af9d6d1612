/**
 * Figures of notebook 04 (DMFT of random-matrix responses and learning curves): GOE response and
 * correlation, the semicircle from the response, Ginibre: the slower decay of the norm, linear regression, the
 * non-monotone random-feature loss and its spectrum, label noise and ridge, ensembles, online and
 * multi-pass SGD, and deep linear networks with the time-translation test of their kernel.
 * Theory is drawn as lines, simulations as open markers on a subset of times.
 */
import { densityHistogram } from "../rmt/histogram.ts";
import {
  barBox,
  curve,
  dashedLine,
  entry,
  type Figure,
  figure,
  filledMarker,
  histogramBars,
  horizontalLines,
  type LineStyle,
  markers,
  type MarkerStyle,
  openMarker,
  paletteColor,
  paperStyle,
  Plot,
  solidLine,
  strokeOf,
  theoryLine,
} from "../plot/mod.ts";

/** A time series (t, value). */
export type Series = readonly { t: number; v: number }[];

/** A curve per case: a label, theory values and optionally simulated values, on one time grid. */
export interface CaseCurves {
  label: string;
  /** theory at times[k] */
  theory: ArrayLike<number>;
  /** simulation (ensemble mean) at times[k], if any */
  simulation?: ArrayLike<number>;
}

const simulationMarker = (i: number): MarkerStyle => ({ ...openMarker(i), r: 1.9 });
const grey: LineStyle = { stroke: "#888888", width: 0.8, dash: "2,3" };

function seriesRows(values: ArrayLike<number>, time: (k: number) => number, every = 1) {
  return Array.from(values, (v, k) => ({ t: time(k), v, k })).filter((r) => r.k % every === 0);
}

/**
 * Theory lines and simulation markers for several cases on one axis, coloured by case; `dash`
 * gives a case's line a dash pattern (e.g. train against test loss).
 */
function caseMarks(
  cases: readonly CaseCurves[],
  time: (k: number) => number,
  every: number,
  dash: (i: number) => string | undefined = () => undefined,
  colour: (i: number) => number = (i) => i,
) {
  return [
    ...cases.flatMap((c, i) =>
      c.simulation
        ? [
          markers(seriesRows(c.simulation, time, every), simulationMarker(colour(i)), {
            x: "t",
            y: "v",
          }),
        ]
        : []
    ),
    ...cases.map((c, i) =>
      curve(seriesRows(c.theory, time), { ...solidLine(colour(i)), dash: dash(i) }, {
        x: "t",
        y: "v",
      })
    ),
  ];
}

/** GOE: R(t) and C(t,t) = R(2t) against the DMFT closure, the trace and random probes. */
export function goeResponseFigure(d: {
  response: Series;
  correlation: Series;
  closure: Series;
  trace: Series;
  probes: Series;
  matrixSize: number;
  probeCount: number;
}): Figure {
  const correlation = { ...theoryLine, dash: "4,3" };
  const closure: MarkerStyle = { fill: "none", stroke: paletteColor(2), symbol: "circle", r: 3.5 };
  const trace = filledMarker(0);
  const probes: MarkerStyle = { ...filledMarker(1, "square"), r: 2.3 };
  return figure({
    x: { label: "time t", type: "log" },
    y: { label: "response R(t), correlation C(t,t)", type: "log" },
    marks: [
      curve(d.response, theoryLine, { x: "t", y: "v" }),
      curve(d.correlation, correlation, { x: "t", y: "v" }),
      markers(d.closure, closure, { x: "t", y: "v" }),
      markers(d.trace, trace, { x: "t", y: "v" }),
      markers(d.probes, probes, { x: "t", y: "v" }),
    ],
    legend: [
      entry("R(t) = e^{−2t} I₁(2t)/t", { line: theoryLine }),
      entry("C(t,t) = R(2t)", { line: correlation }),
      entry("DMFT closure, Euler dt = 0.01", { marker: closure }),
      entry(`(1/N) Tr e^{−(z+M)t}, N = ${d.matrixSize}`, { marker: trace }),
      entry(`|h(t)|²/N, ${d.probeCount} probes`, { marker: probes }),
    ],
  });
}

/** GOE eigenvalues with the density (1/π) Im R̂ read off the DMFT response. */
export function goeSemicircleFigure(
  eigenvalues: Float64Array,
  density: readonly { x: number; rho: number }[],
): Figure {
  const h = densityHistogram(eigenvalues, 40);
  const bars = Array.from(
    h.density,
    (d, b) => ({ x1: h.edges[b], x2: h.edges[b + 1], density: d }),
  );
  return figure({
    x: { label: "eigenvalue λ of M" },
    y: { label: "density" },
    marks: [histogramBars(bars), curve(density, theoryLine, { x: "x", y: "rho" })],
    legend: [
      entry(`GOE eigenvalues, N = ${eigenvalues.length}`, { box: barBox(0) }),
      entry("(1/π) Im R̂(−λ − z − i0)", { line: theoryLine }),
    ],
  });
}

/** Ginibre: C(t,t) above R(t)², theory and simulation. */
export function ginibreAmplificationFigure(d: {
  correlation: Series;
  responseSquared: Series;
  simulatedCorrelation: Series;
  simulatedResponseSquared: Series;
  matrixSize: number;
}): Figure {
  const rSquared = dashedLine(1);
  const cMarker = filledMarker(0);
  const rMarker: MarkerStyle = { fill: "none", stroke: paletteColor(1), symbol: "circle", r: 2.8 };
  return figure({
    x: { label: "time t" },
    y: { label: "C(t,t) and R(t)²", type: "log" },
    marks: [
      curve(d.correlation, theoryLine, { x: "t", y: "v" }),
      curve(d.responseSquared, rSquared, { x: "t", y: "v" }),
      markers(d.simulatedCorrelation, cMarker, { x: "t", y: "v" }),
      markers(d.simulatedResponseSquared, rMarker, { x: "t", y: "v" }),
    ],
    legend: [
      entry("C(t,t) = e^{−2zt} I₀(2t) (DMFT)", { line: theoryLine }),
      entry("R(t)² = e^{−2zt}", { line: rSquared }),
      entry(`|h(t)|²/N, N = ${d.matrixSize}`, { marker: cMarker }),
      entry("[(1/N) Tr e^{−(z+M)t}]²", { marker: rMarker }),
    ],
  });
}

/** Linear regression under gradient flow: closed-form test loss, simulation, optimal stopping. */
export function linearRegressionFigure(d: {
  cases: readonly {
    label: string;
    theory: Series;
    simulation: Series;
    optimum: { t: number; v: number } | null;
  }[];
  dimension: number;
}): Figure {
  const stop: MarkerStyle = {
    fill: "none",
    stroke: paperStyle.theoryColor,
    symbol: "times",
    r: 4.5,
  };
  const optima = d.cases.flatMap((c) => (c.optimum ? [c.optimum] : []));
  return figure({
    x: { label: "time t (gradient flow)", type: "log" },
    y: { label: "test loss L(t)" },
    marks: [
      ...d.cases.map((c, i) => curve(c.theory, solidLine(i), { x: "t", y: "v" })),
      ...d.cases.map((c, i) => markers(c.simulation, simulationMarker(i), { x: "t", y: "v" })),
      markers(optima, stop, { x: "t", y: "v" }),
    ],
    legend: [
      ...d.cases.map((c, i) => entry(c.label, { line: solidLine(i), marker: simulationMarker(i) })),
      entry(`lines: DMFT; circles: simulation, D = ${d.dimension}`, {
        marker: simulationMarker(0),
      }),
      entry("optimal stopping time", { marker: stop }),
    ],
  });
}

/**
 * The headline: test loss of the non-Hermitian random-feature model against the Hermitian model
 * with the same spectrum, per case (panels), DMFT lines and simulation markers, and the level of
 * the zero modes 1 − min(1, α, ν).
 */
export function randomFeaturesHeadlineFigure(d: {
  panels: readonly {
    label: string;
    test: ArrayLike<number>;
    hermitian: ArrayLike<number>;
    simulatedTest: ArrayLike<number>;
    simulatedHermitian: ArrayLike<number>;
    zeroModes: number;
  }[];
  eta: number;
  dimension: number;
  seeds: number;
}): Figure {
  const time = (k: number) => k * d.eta;
  const rows = (label: string, values: ArrayLike<number>, every = 1) =>
    seriesRows(values, time, every).map((r) => ({ ...r, panel: label }));
  const every = 10;
  const test = solidLine(1);
  const hermitian = solidLine(0);
  const testMarker = simulationMarker(1);
  const hermitianMarker = simulationMarker(0);
  const all = (pick: (p: (typeof d.panels)[number]) => ArrayLike<number>, every = 1) =>
    d.panels.flatMap((p) => rows(p.label, pick(p), every));
  return figure({
    size: "double",
    aspect: 0.38,
    fx: { label: null, domain: d.panels.map((p) => p.label) },
    x: { label: "time t = η·step" },
    y: { label: "test loss (σ = 0)" },
    marks: [
      Plot.ruleY(d.panels.map((p) => ({ panel: p.label, y: p.zeroModes })), {
        y: "y",
        fx: "panel",
        ...strokeOf(grey),
      }),
      markers(all((p) => p.simulatedTest, every), testMarker, { x: "t", y: "v", fx: "panel" }),
      markers(all((p) => p.simulatedHermitian, every), hermitianMarker, {
        x: "t",
        y: "v",
        fx: "panel",
      }),
      curve(all((p) => p.test), test, { x: "t", y: "v", fx: "panel" }),
      curve(all((p) => p.hermitian), hermitian, { x: "t", y: "v", fx: "panel" }),
    ],
    legend: [
      entry("L(t) = |v_t|²/D (DMFT)", { line: test, marker: testMarker }),
      entry("L_H(t) = g(2t), Hermitian (DMFT)", { line: hermitian, marker: hermitianMarker }),
      entry(`circles: simulation, D = ${d.dimension}, ${d.seeds} seeds`, { marker: testMarker }),
      entry("zero-mode mass 1 − min(1, α, ν)", { line: grey }),
    ],
  });
}

/** Continuous part of the spectral density of AB per case, cut at `cap` where it diverges. */
export function randomFeaturesSpectrumFigure(
  cases: readonly { label: string; rows: readonly { x: number; rho: number }[] }[],
  cap = 1.5,
): Figure {
  return figure({
    x: { label: "eigenvalue λ of AB", ticks: 5 },
    y: { label: "density (continuous part)", domain: [0, cap] },
    marks: cases.map((c, i) =>
      curve(c.rows.filter((r) => r.rho <= cap), solidLine(i), { x: "x", y: "rho" })
    ),
    legend: cases.map((c, i) => entry(c.label, { line: solidLine(i) })),
  });
}

/** Test (solid) and train (dashed) loss with label noise, for several ridges. */
export function labelNoiseRidgeFigure(d: {
  cases: readonly { label: string; test: CaseCurves; train: CaseCurves }[];
  eta: number;
}): Figure {
  const time = (k: number) => k * d.eta;
  const curves = d.cases.flatMap((c) => [c.test, c.train]);
  return figure({
    x: { label: "time t = η·step" },
    y: { label: "loss" },
    marks: caseMarks(
      curves,
      time,
      8,
      (i) => (i % 2 === 1 ? "4,3" : undefined),
      (i) => Math.floor(i / 2),
    ),
    legend: [
      ...d.cases.map((c, i) => entry(c.label, { line: solidLine(i), marker: simulationMarker(i) })),
      entry("train loss (dashed)", { line: { ...solidLine(0), dash: "4,3" } }),
      entry("circles: simulation", { marker: simulationMarker(0) }),
    ],
  });
}

/** Bias–variance decomposition over ensembles: DMFT lines, simulation markers. */
export function biasVarianceEnsemblesFigure(cases: readonly CaseCurves[], eta: number): Figure {
  return figure({
    x: { label: "time t = η·step" },
    y: { label: "test loss − σ²" },
    marks: caseMarks(cases, (k) => k * eta, 10),
    legend: cases.map((c, i) =>
      entry(
        c.label,
        c.simulation ? { line: solidLine(i), marker: simulationMarker(i) } : { line: solidLine(i) },
      )
    ),
  });
}

/** Online SGD: DMFT recursion, simulation, and the stationary loss of each batch size. */
export function onlineSgdFigure(d: {
  cases: readonly (CaseCurves & { stationary: number })[];
  dimension: number;
}): Figure {
  const stationary = (i: number): LineStyle => ({ ...solidLine(i, 0.8), dash: "2,3" });
  return figure({
    x: { label: "online SGD step (ν = 2, σ = 0.5)" },
    y: { label: "test loss", type: "log" },
    marks: [
      ...d.cases.flatMap((
        c,
        i,
      ) => (Number.isFinite(c.stationary) ? [horizontalLines([c.stationary], stationary(i))] : [])),
      ...caseMarks(d.cases, (k) => k, 6),
    ],
    legend: [
      ...d.cases.map((c, i) => entry(c.label, { line: solidLine(i), marker: simulationMarker(i) })),
      entry("stationary loss", { line: stationary(0) }),
      entry(`circles: simulation, D = ${d.dimension}`, { marker: simulationMarker(0) }),
    ],
  });
}

/** Multi-pass SGD at several batch fractions: DMFT lines, simulation markers. */
export function multiPassSgdFigure(cases: readonly CaseCurves[]): Figure {
  return figure({
    x: { label: "multi-pass SGD step (α = 1, ν = 2, σ = 0.5)" },
    y: { label: "test loss" },
    marks: caseMarks(cases, (k) => k, 4),
    legend: [
      ...cases.map((c, i) => entry(c.label, { line: solidLine(i), marker: simulationMarker(i) })),
      entry("lines: DMFT; circles: simulation", { marker: simulationMarker(0) }),
    ],
  });
}

/** Deep linear network: one quantity (L/L(0) or |w|²/N) per γ₀, DMFT lines and simulation. */
export function deepLinearFigure(d: {
  cases: readonly CaseCurves[];
  eta: number;
  label: string;
  log: boolean;
  dimension: number;
}): Figure {
  return figure({
    x: { label: "time t = η·step" },
    y: { label: d.label, ...(d.log ? { type: "log" as const } : {}) },
    marks: caseMarks(d.cases, (k) => k * d.eta, 6),
    legend: [
      ...d.cases.map((c, i) => entry(c.label, { line: solidLine(i), marker: simulationMarker(i) })),
      entry(`lines: DMFT; circles: simulation, D = ${d.dimension}`, {
        marker: simulationMarker(0),
      }),
    ],
  });
}

/**
 * K(t, s)/K(t − s, 0) − 1 of the deep-linear kernel per γ₀ (panels): zero for a time-translation
 * invariant (Toeplitz) kernel; a diverging colour scale with its colour bar.
 */
export function timeTranslationHeatmapFigure(
  panels: readonly { label: string; cells: readonly { t: number; s: number; v: number }[] }[],
): Figure {
  const rows = panels.flatMap((p) => p.cells.map((c) => ({ ...c, panel: p.label })));
  const scale = Math.max(...rows.map((r) => Math.abs(r.v)));
  return figure({
    size: "double",
    aspect: 0.36,
    grid: false,
    fx: { label: null, domain: panels.map((p) => p.label) },
    x: { label: "earlier time s (steps)" },
    y: { label: "time t (steps)", reverse: true },
    // a diverging scale: blue (−), white (0), red (+)
    color: { type: "linear", domain: [-scale, 0, scale], range: ["#2166ac", "#f7f7f7", "#b2182b"] },
    marks: [
      Plot.rect(rows, {
        x1: "s",
        x2: (r: { s: number }) => r.s + 1,
        y1: "t",
        y2: (r: { t: number }) => r.t + 1,
        fx: "panel",
        fill: "v",
        inset: 0,
      }),
    ],
    colorBar: { label: "K(t, s) / K(t − s, 0) − 1" },
  });
}
