/**
 * Figures of notebook 02 (linear scaling rule in the Gaussian RBM): the eigenvalue flow from
 * Marchenko–Pastur, the final spectra, pair spacings (normalised and raw), the collapse of ⟨S⟩ in
 * units of √(η(μ² − κ)/|B|), and the mean shift λ/κ.
 */
import type { analyseRbmSetting, RbmSetting } from "../experiments/rbm_linear_scaling.ts";
import { densityHistogram } from "../rmt/histogram.ts";
import { spacingDensity } from "../rmt/mod.ts";
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
  type MarkerStyle,
  type MarkerSymbol,
  openMarker,
  paletteColor,
  paperStyle,
  Plot,
  referenceLine,
  solidLine,
  theoryLine,
  verticalLines,
} from "../plot/mod.ts";

/** One setting's analysis as the notebook holds it. */
export type RbmSettingAnalysis = { setting: RbmSetting } & ReturnType<typeof analyseRbmSetting>;

/** One time point of the flow of one mode: SGD ensemble mean and the deterministic matrix flow. */
export interface FlowRow {
  t: number;
  mode: number;
  kappa: number;
  sgd: number;
  deterministic: number;
}

const kappaLabel = (k: number) => `κ = ${k.toFixed(2)}`;
const SYMBOLS: MarkerSymbol[] = ["circle", "square", "diamond", "triangle", "times", "cross"];

/**
 * Modes vₖᵀXvₖ against training time: the deterministic matrix flow (lines, one colour per κ),
 * the SGD ensemble mean (markers at every `markEvery`-th time) and the scalar ODE of each mode
 * (thin black dashes), from the Marchenko–Pastur start.
 */
export function eigenvalueFlowFigure(
  rows: readonly FlowRow[],
  ode: readonly { t: number; kappa: number; x: number }[],
  realisations: number,
  markEvery = 12,
): Figure {
  const kappas = [...new Set(rows.map((r) => kappaLabel(r.kappa)))];
  const colourOf = (k: number) => kappas.indexOf(kappaLabel(k));
  const times = [...new Set(rows.map((r) => r.t))];
  const marked = new Set(times.filter((_, i) => i % markEvery === markEvery / 2));
  const odeLine: LineStyle = { stroke: paperStyle.theoryColor, width: 0.7, dash: "2,2" };
  const flowLine = (i: number) => solidLine(i, 1);
  const sgdMarker = (i: number) => openMarker(i);
  return figure({
    x: { label: "training time t = step · η" },
    y: { label: "mode vₖᵀ X vₖ (ensemble mean)" },
    marks: [
      ...kappas.map((_, i) =>
        curve(rows.filter((r) => colourOf(r.kappa) === i), flowLine(i), {
          x: "t",
          y: "deterministic",
          z: "mode",
        })
      ),
      curve(ode, odeLine, { x: "t", y: "x", z: "kappa" }),
      ...kappas.map((_, i) =>
        markers(rows.filter((r) => colourOf(r.kappa) === i && marked.has(r.t)), sgdMarker(i), {
          x: "t",
          y: "sgd",
        })
      ),
    ],
    legend: [
      ...kappas.map((label, i) => entry(label, { line: flowLine(i), marker: sgdMarker(i) })),
      entry("lines: matrix flow", { line: flowLine(0) }),
      entry(`circles: SGD, mean of ${realisations}`, { marker: sgdMarker(0) }),
      entry("scalar ODE", { line: odeLine }),
    ],
  });
}

/** Histograms of the final eigenvalues of WᵀW for a few settings, with the targets μ² − κ. */
export function finalEigenvaluesFigure(
  panels: readonly { label: string; values: Float64Array }[],
  targets: readonly number[],
): Figure {
  const rows = panels.flatMap((p) => {
    const h = densityHistogram(p.values.filter((v) => v <= 6), 150);
    return Array.from(
      h.density,
      (density, k) => ({ x1: h.edges[k], x2: h.edges[k + 1], density, panel: p.label }),
    );
  });
  const target: LineStyle = { stroke: paperStyle.theoryColor, width: 0.6, dash: "3,3" };
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: panels.map((p) => p.label), padding: 0.1 },
    x: { label: "eigenvalue x of WᵀW", domain: [0, 6] },
    y: { label: "density" },
    marks: [
      histogramBars(rows, barBox(0), { fx: "panel" }),
      verticalLines(targets.filter((t) => t <= 6), target),
    ],
    legend: [
      entry("RBM, all realisations and snapshots", { box: barBox(0) }),
      entry("targets μ² − κ", { line: target }),
    ],
  });
}

/** Normalised pair spacings s = S/⟨S⟩ of every setting, per degenerate pair, with the surmise. */
export function pairSpacingsNormalisedFigure(analyses: readonly RbmSettingAnalysis[]): Figure {
  const pairLabels = analyses[0].pairs.map((q) => kappaLabel(q.kappa));
  const each = { stroke: paletteColor(0), width: 0.7, opacity: 0.5 };
  const rows = analyses.flatMap((a, k) =>
    a.pairs.flatMap((q, j) => {
      const h = densityHistogram(q.normalised.filter((v) => v < 3.5), 25);
      const scale = h.counts.reduce((s, c) => s + c, 0) / q.normalised.length;
      return Array.from(
        h.density,
        (d, b) => ({ x: (h.edges[b] + h.edges[b + 1]) / 2, d: d * scale, pair: pairLabels[j], k }),
      );
    })
  );
  const surmise = pairLabels.flatMap((pair) =>
    Array.from({ length: 141 }, (_, i) => ({ x: i * 0.025, d: spacingDensity(i * 0.025, 1), pair }))
  );
  return figure({
    size: "double",
    aspect: 0.26,
    fx: { label: null, domain: pairLabels, padding: 0.08 },
    x: { label: "s = S / ⟨S⟩", domain: [0, 3.5] },
    y: { label: "P(s)" },
    marks: [
      curve(rows, each, { x: "x", y: "d", z: "k", fx: "pair" }),
      curve(surmise, theoryLine, { x: "x", y: "d", fx: "pair" }),
    ],
    legend: [entry("each setting", { line: each }), entry("Wigner surmise", { line: theoryLine })],
  });
}

/** Raw pair spacings S per pair, one curve per setting coloured by η/|B| (colour bar). */
export function pairSpacingsUnscaledFigure(analyses: readonly RbmSettingAnalysis[]): Figure {
  const pairLabels = analyses[0].pairs.map((q) => kappaLabel(q.kappa));
  const rows = analyses.flatMap((a, k) =>
    a.pairs.flatMap((q, j) => {
      const h = densityHistogram(q.spacings, 25);
      return Array.from(h.density, (d, b) => ({
        x: (h.edges[b] + h.edges[b + 1]) / 2,
        d,
        pair: pairLabels[j],
        k,
        ratio: a.setting.learningRate / a.setting.chains,
      }));
    })
  );
  return figure({
    size: "double",
    aspect: 0.26,
    fx: { label: null, domain: pairLabels, padding: 0.08 },
    x: { label: "pair spacing S", ticks: 4 },
    y: { label: "P(S)" },
    color: { type: "log", scheme: "viridis" },
    marks: [
      Plot.line(rows, { x: "x", y: "d", z: "k", fx: "pair", stroke: "ratio", strokeWidth: 0.9 }),
    ],
    colorBar: { label: "η / |B|" },
  });
}

/**
 * ⟨S⟩ in units of √(η(μ² − κ)/|B|) against η/|B| for every pair and setting (jackknife errors;
 * the series are offset by ±3 % in η/|B| so that none hides another): a collapse is a flat line,
 * at √(2π) for small η/|B|; the solid line is the global proportional fit.
 */
export function collapseFigure(
  analyses: readonly RbmSettingAnalysis[],
  fit: { slope: number; error: number },
): Figure {
  const pairLabels = analyses[0].pairs.map((q) => kappaLabel(q.kappa));
  const offset = (j: number) => 1 + 0.03 * (j - (pairLabels.length - 1) / 2);
  const points = analyses.flatMap((a) =>
    a.pairs.map((q, j) => ({
      j,
      x: (a.setting.learningRate / a.setting.chains) * offset(j),
      y: q.meanSpacing / q.scale,
      lo: (q.meanSpacing - q.meanSpacingError) / q.scale,
      hi: (q.meanSpacing + q.meanSpacingError) / q.scale,
    }))
  );
  const styles: MarkerStyle[] = pairLabels.map((_, j) =>
    openMarker(j, SYMBOLS[j % SYMBOLS.length])
  );
  const small = dashedLine(1);
  return figure({
    x: { label: "η / |B|", type: "log" },
    y: { label: "⟨S⟩ / √(η (μ² − κ) / |B|)" },
    marks: [
      horizontalLines([Math.sqrt(2 * Math.PI)], small),
      horizontalLines([fit.slope], theoryLine),
      ...pairLabels.map((_, j) =>
        errorBars(points.filter((q) => q.j === j), paletteColor(j), { x: "x", y1: "lo", y2: "hi" })
      ),
      ...styles.map((style, j) =>
        markers(points.filter((q) => q.j === j), style, { x: "x", y: "y" })
      ),
    ],
    legend: [
      ...pairLabels.map((label, j) => entry(label, { marker: styles[j] })),
      entry(`global fit a = ${fit.slope.toFixed(2)} ± ${fit.error.toFixed(2)}`, {
        line: theoryLine,
      }),
      entry("√(2π), small η/|B|", { line: small }),
    ],
  });
}

/** λ/κ of every mode against η/|B| (standard errors over realisations; series offset ±3 %). */
export function meanShiftFigure(analyses: readonly RbmSettingAnalysis[]): Figure {
  const modes = [
    {
      label: kappaLabel(4),
      of: (a: RbmSettingAnalysis) => [a.lambdaOverKappaTop, a.lambdaOverKappaTopError],
    },
    ...analyses[0].pairs.map((q, j) => ({
      label: kappaLabel(q.kappa),
      of: (a: RbmSettingAnalysis) => [a.pairs[j].lambdaOverKappa, a.pairs[j].lambdaOverKappaError],
    })),
    {
      label: kappaLabel(8),
      of: (a: RbmSettingAnalysis) => [a.lambdaOverKappaBottom, a.lambdaOverKappaBottomError],
    },
  ];
  const offset = (j: number) => 1 + 0.03 * (j - (modes.length - 1) / 2);
  const points = analyses.flatMap((a) =>
    modes.map((m, j) => {
      const [y, error] = m.of(a);
      return {
        j,
        x: (a.setting.learningRate / a.setting.chains) * offset(j),
        y,
        lo: y - error,
        hi: y + error,
      };
    })
  );
  const styles = modes.map((_, j) => openMarker(j, SYMBOLS[j % SYMBOLS.length]));
  const unity = referenceLine;
  return figure({
    x: { label: "η / |B|", type: "log" },
    y: { label: "λ / κ" },
    marks: [
      horizontalLines([1], unity),
      ...modes.map((_, j) =>
        errorBars(points.filter((q) => q.j === j), paletteColor(j), { x: "x", y1: "lo", y2: "hi" })
      ),
      ...styles.map((style, j) =>
        markers(points.filter((q) => q.j === j), style, { x: "x", y: "y" })
      ),
    ],
    legend: [
      ...modes.map((m, j) => entry(m.label, { marker: styles[j] })),
      entry("λ = κ", { line: unity }),
    ],
  });
}
