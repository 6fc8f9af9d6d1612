/**
 * Figures of notebook 06 (weight fluctuations in linear networks): the Hessian and noise spectra
 * against Marchenko–Pastur, variance against curvature of the single layer, its detailed-balance
 * measures, the inverse variance–flatness relation of two layers (every seed), and the drift
 * along the symmetry valley.
 */
import type { TwoLayerStudy } from "../experiments/weight_fluctuations_study.ts";
import type { LineFit } from "../linalg/line_fit.ts";
import {
  curve,
  dashedLine,
  entry,
  type Figure,
  figure,
  filledMarker,
  horizontalLines,
  type LineStyle,
  markers,
  type MarkerStyle,
  type MarkerSymbol,
  openMarker,
  paletteColor,
  paperStyle,
  plainDecimal,
  referenceLine,
  solidLine,
  theoryLine,
} from "../plot/mod.ts";

const SYMBOLS: MarkerSymbol[] = ["circle", "square", "diamond", "triangle", "times", "cross"];

/**
 * Densities per decade of log₁₀ eigenvalue of H and of C/σ̂², per P/N (panels), drawn as step
 * lines on a log density axis so that the panels near P ≈ N (low, wide densities) stay readable
 * beside the narrow peaks at large P/N; with the Marchenko–Pastur law.
 */
export function noiseAndHessianSpectraFigure(d: {
  panels: readonly string[];
  histograms: readonly {
    panel: string;
    what: "H" | "C";
    x1: number;
    x2: number;
    density: number;
  }[];
  marchenkoPastur: readonly { panel: string; x: number; density: number }[];
  floor?: number;
}): Figure {
  const floor = d.floor ?? 0.01;
  const [xMin, xMax] = [-3, 1];
  const clamp = (x: number) => Math.min(xMax, Math.max(xMin, x));
  const hessian = solidLine(0, 1);
  const noise = { ...solidLine(1, 1), dash: "3,2" };
  // a step line per run of consecutive bins above the floor (a bin below it breaks the line)
  const steps = (what: "H" | "C") => {
    const out: { panel: string; x: number; density: number; run: string }[] = [];
    let run = 0;
    let last: { panel: string; x2: number } | null = null;
    for (const h of d.histograms) {
      if (h.what !== what) continue;
      const kept = h.density >= floor && h.x2 > xMin && h.x1 < xMax;
      if (!kept) {
        last = null;
        continue;
      }
      if (!last || last.panel !== h.panel || Math.abs(last.x2 - h.x1) > 1e-9) run++;
      out.push({ panel: h.panel, x: clamp(h.x1), density: h.density, run: `${what}${run}` });
      out.push({ panel: h.panel, x: clamp(h.x2), density: h.density, run: `${what}${run}` });
      last = { panel: h.panel, x2: h.x2 };
    }
    return out;
  };
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: [...d.panels], padding: 0.12 },
    x: {
      label: "log₁₀ eigenvalue",
      domain: [xMin, xMax],
      ticks: [-3, -2, -1, 0, 1],
      tickFormat: plainDecimal,
    },
    y: { label: "density per decade", type: "log" },
    marks: [
      curve(
        d.marchenkoPastur.filter((r) => r.density >= floor && r.x >= xMin && r.x <= xMax),
        theoryLine,
        { x: "x", y: "density", fx: "panel" },
      ),
      curve(steps("H"), hessian, { x: "x", y: "density", fx: "panel", z: "run" }),
      curve(steps("C"), noise, { x: "x", y: "density", fx: "panel", z: "run" }),
    ],
    legend: [
      entry("Hessian H", { line: hessian }),
      entry("noise C/σ̂²", { line: noise }),
      entry("Marchenko–Pastur", { line: theoryLine }),
    ],
  });
}

/** Variance against curvature along each principal direction, exact Lyapunov and SGD, per P/N. */
export function varianceCurvatureFigure(
  rows: readonly {
    P: string;
    source: "exact Lyapunov" | "SGD";
    variance: number;
    curvature: number;
  }[],
  steps: string,
): Figure {
  const exact: MarkerStyle = {
    fill: "none",
    stroke: paperStyle.theoryColor,
    symbol: "circle",
    r: 3.5,
  };
  const sgd = filledMarker(0);
  return figure({
    size: "double",
    aspect: 0.4,
    fx: { label: null, domain: [...new Set(rows.map((r) => r.P))] },
    x: { label: "curvature κ_i = p_iᵀHp_i along the principal direction", type: "log" },
    y: { label: "variance σ_i²", type: "log" },
    marks: [
      markers(rows.filter((r) => r.source === "exact Lyapunov"), exact, {
        x: "curvature",
        y: "variance",
        fx: "P",
      }),
      markers(rows.filter((r) => r.source === "SGD"), sgd, {
        x: "curvature",
        y: "variance",
        fx: "P",
      }),
    ],
    legend: [entry("exact Lyapunov", { marker: exact }), entry(`SGD, ${steps}`, { marker: sgd })],
  });
}

/** The three detailed-balance measures against P/N, one panel each (theory line, SGD markers). */
export function detailedBalanceFigure(
  rows: readonly { ratio: number; measure: string; source: "theory" | "SGD"; value: number }[],
): Figure {
  const measures = [...new Set(rows.map((r) => r.measure))];
  const theory = solidLine(0);
  const point = filledMarker(0);
  const sgd: MarkerStyle = { fill: "none", stroke: paletteColor(1), symbol: "square", r: 3.5 };
  const own = (source: string) => rows.filter((r) => r.source === source);
  return figure({
    size: "double",
    aspect: 0.32,
    fx: { label: null, domain: measures, padding: 0.15 },
    x: { label: "P/N", type: "log" },
    y: { label: "relative size", type: "log" },
    marks: [
      curve(own("theory"), theory, { x: "ratio", y: "value", fx: "measure" }),
      markers(own("theory"), point, { x: "ratio", y: "value", fx: "measure" }),
      markers(own("SGD"), sgd, { x: "ratio", y: "value", fx: "measure" }),
    ],
    legend: [
      entry("theory", { line: theory, marker: point }),
      entry("from the SGD lag-1 covariance", { marker: sgd }),
    ],
  });
}

/** Two decimals with a typographic minus. */
const signed = (v: number) => v.toFixed(2).replace("-", "−");

function fitLine(f: LineFit, flatness: readonly number[]) {
  return [Math.min(...flatness), Math.max(...flatness)].map((x) => ({
    flatness: x,
    variance: Math.exp(f.intercept + f.slope * Math.log(x)),
  }));
}

/**
 * The inverse variance–flatness relation: variance against flatness along the principal
 * directions of the second layer, for every seed (one marker shape each, with its fit), the
 * restricted Lyapunov prediction of the first seed and the single-layer control.
 */
export function varianceFlatnessFigure(studies: readonly TwoLayerStudy[]): Figure {
  const slopes = studies.map((s) => s.raw.fit.slope);
  const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
  const sd = slopes.length > 1
    ? Math.sqrt(slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / (slopes.length - 1))
    : NaN;
  const seedMarker = (k: number): MarkerStyle => ({
    ...filledMarker(0, SYMBOLS[k % SYMBOLS.length]),
  });
  const seedFit: LineStyle = { ...solidLine(0, 0.8), dash: "4,3" };
  const lyapunov: MarkerStyle = {
    fill: "none",
    stroke: paperStyle.theoryColor,
    symbol: "circle",
    r: 4.2,
  };
  const control = openMarker(1, "square");
  const controlFit = dashedLine(1);
  const first = studies[0];
  const flat = (pts: readonly { flatness: number }[]) => pts.map((q) => q.flatness);
  const seedsLabel = studies.length > 1
    ? `fit per seed: slope ${signed(mean)} ± ${sd.toFixed(2)} (sd)`
    : `fit: slope ${signed(mean)}, r = ${signed(first.raw.fit.correlation)}`;
  return figure({
    aspect: 0.8,
    x: { label: "flatness F_i (loss ≤ e·L₀)", type: "log" },
    y: { label: "variance σ_i² along the principal direction", type: "log" },
    marks: [
      ...studies.map((s) =>
        curve(fitLine(s.raw.fit, flat(s.raw.points)), seedFit, { x: "flatness", y: "variance" })
      ),
      curve(fitLine(first.control.fit, flat(first.control.points)), controlFit, {
        x: "flatness",
        y: "variance",
      }),
      markers(
        first.aligned.points.map((q, i) => ({ ...q, variance: first.quasiStaticVariances[i] })),
        lyapunov,
        { x: "flatness", y: "variance" },
      ),
      ...studies.map((s, k) =>
        markers(s.raw.points, seedMarker(k), { x: "flatness", y: "variance" })
      ),
      markers(first.control.points, control, { x: "flatness", y: "variance" }),
    ],
    legend: [
      ...studies.map((_, k) =>
        entry(studies.length > 1 ? `seed ${k}` : "two layers, SGD", { marker: seedMarker(k) })
      ),
      entry(seedsLabel, { line: seedFit }),
      entry("restricted Lyapunov (seed 0)", { marker: lyapunov }),
      entry(`single layer: r = ${signed(first.control.fit.correlation)}`, {
        marker: control,
        line: controlFit,
      }),
    ],
  });
}

/** Singular values of W₁ along the long two-layer run: the learned one and the unused ones. */
export function valleyDriftSingularValuesFigure(
  windows: readonly { step: number; singularValues: readonly number[] }[],
): Figure {
  const learned = { line: solidLine(1, 1), marker: filledMarker(1) };
  const unused = { line: solidLine(0, 1), marker: filledMarker(0) };
  const rows = windows.flatMap((w) =>
    w.singularValues.map((s, k) => ({ step: w.step / 1e6, s, k }))
  );
  const n = windows[0]?.singularValues.length ?? 0;
  return figure({
    x: { label: "SGD step (millions)" },
    y: { label: "singular values of W₁", type: "log" },
    marks: [
      curve(rows.filter((r) => r.k > 0), unused.line, { x: "step", y: "s", z: "k" }),
      markers(rows.filter((r) => r.k > 0), unused.marker, { x: "step", y: "s" }),
      curve(rows.filter((r) => r.k === 0), learned.line, { x: "step", y: "s" }),
      markers(rows.filter((r) => r.k === 0), learned.marker, { x: "step", y: "s" }),
    ],
    legend: [entry("s₁ (the learned direction)", learned), entry(`s₂ … s_{${n}} (unused)`, unused)],
  });
}

/** The fitted IVFR slope per window along the run, with the flat-regime limit −2. */
export function valleyDriftExponentFigure(
  windows: readonly { step: number; slope: number }[],
): Figure {
  const rows = windows.map((w) => ({ step: w.step / 1e6, slope: w.slope }));
  const slope = { line: solidLine(0), marker: filledMarker(0) };
  const limit = referenceLine;
  return figure({
    x: { label: "SGD step, end of window (millions)" },
    y: { label: "IVFR slope d log σ² / d log F" },
    marks: [
      horizontalLines([-2], limit),
      curve(rows, slope.line, { x: "step", y: "slope" }),
      markers(rows, slope.marker, { x: "step", y: "slope" }),
    ],
    legend: [
      entry("fitted slope per window", slope),
      entry("flat-regime limit ψ = 2 (slope −2)", { line: limit }),
    ],
  });
}
