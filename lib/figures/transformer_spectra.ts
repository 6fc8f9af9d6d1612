/**
 * Figures of notebook 03 (key-matrix spectra of a character-level GPT): the loss, the key
 * spectrum at initialisation and its flow, the tail at the end, the top eigenvalues of one head,
 * the spacing law at the end and ⟨r̃⟩ over training.
 */
import type { CheckpointSpectra } from "../experiments/transformer_spectra.ts";
import { pooledEigenvalues, topEigenvalueFlow } from "../experiments/transformer_spectra.ts";
import type { TrainingHistory } from "../experiments/transformer_training.ts";
import type { SpreadRow } from "../experiments/transformer_seed_spread.ts";
import { densityHistogram } from "../rmt/histogram.ts";
import { marchenkoPasturDensity, MEAN_TILDE_RATIO_LARGE_N, spacingDensity } from "../rmt/mod.ts";
import {
  barBox,
  type BoxStyle,
  curve,
  dashedLine,
  entry,
  errorBars,
  type Figure,
  figure,
  filledMarker,
  histogramBars,
  horizontalLines,
  type LineStyle,
  markers,
  openMarker,
  paletteColor,
  plainDecimal,
  Plot,
  referenceLine,
  solidLine,
  strokeOf,
  theoryLine,
} from "../plot/mod.ts";

/** MP density of the eigenvalues x = C·y of W_KᵀW_K (y ~ MP(c = hs/C, s²)) on [x0, x1]. */
function mpCurve(variance: number, hs: number, C: number, x0: number, x1: number, points = 400) {
  return Array.from({ length: points }, (_, i) => {
    const x = x0 + ((x1 - x0) * (i + 0.5)) / points;
    return { x, density: marchenkoPasturDensity(x / C, { ratio: hs / C, variance }) / C };
  });
}

/** Cross-entropy against training step: the running batch loss and the fixed-batch evaluations. */
export function lossFigure(h: TrainingHistory): Figure {
  // a trailing mean over min(50, 20 % of the step) steps, so that the early fall is not delayed
  const smooth = h.loss.map((_, i) => {
    const window = h.loss.slice(Math.max(0, i - Math.min(49, Math.floor(0.2 * i))), i + 1);
    return window.reduce((s, v) => s + v, 0) / window.length;
  });
  const batch: LineStyle = { stroke: "#999999", width: 0.9 };
  const train = solidLine(0);
  const validation = dashedLine(1);
  return figure({
    x: { label: "training step", type: "log" },
    y: { label: "cross-entropy (nats per character)" },
    marks: [
      curve(h.step.map((s, i) => ({ step: s + 1, loss: smooth[i] })), batch, {
        x: "step",
        y: "loss",
      }),
      curve(
        h.evalStep.map((s, i) => ({ step: s, loss: h.evalTrain[i] })).filter((r) => r.step > 0),
        train,
        {
          x: "step",
          y: "loss",
        },
      ),
      curve(
        h.evalStep.map((s, i) => ({ step: s, loss: h.evalValidation[i] })).filter((r) =>
          r.step > 0
        ),
        validation,
        { x: "step", y: "loss" },
      ),
    ],
    legend: [
      entry("batch loss (running mean)", { line: batch }),
      entry("train (fixed batches)", { line: train }),
      entry("validation", { line: validation }),
    ],
  });
}

/** Pooled key eigenvalues at initialisation with the fitted MP law and the one at s²_init. */
export function keySpectrumInitFigure(init: CheckpointSpectra, initVariance: number): Figure {
  const { rows: hs, cols: C } = init.spectra;
  const h = densityHistogram(pooledEigenvalues(init.spectra), 30);
  const bars = Array.from(
    h.density,
    (density, b) => ({ x1: h.edges[b], x2: h.edges[b + 1], density }),
  );
  const top = init.summary.edges[1] * 1.15;
  const atInit = dashedLine(1);
  return figure({
    x: { label: "eigenvalue x of W_KᵀW_K (pooled over heads)", ticks: 4 },
    y: { label: "density" },
    marks: [
      histogramBars(bars),
      curve(mpCurve(init.summary.variance, hs, C, 0, top), theoryLine, { x: "x", y: "density" }),
      curve(mpCurve(initVariance, hs, C, 0, top), atInit, { x: "x", y: "density" }),
    ],
    legend: [
      entry(`${init.spectra.perHead.length} heads × ${hs} eigenvalues`, { box: barBox(0) }),
      entry(`MP, fitted s² = ${init.summary.variance.toExponential(2)}`, { line: theoryLine }),
      entry(`MP at s²_{init} = ${initVariance.toExponential(2)}`, { line: atInit }),
    ],
  });
}

/**
 * Up to `count` checkpoints that show the change: the first, the last, and those where the KS
 * distance to the fitted MP law first passes equal fractions of its total change (an evenly
 * spaced choice would show nearly identical early spectra when the change comes late).
 */
export function informativeCheckpoints(
  keys: readonly CheckpointSpectra[],
  count = 4,
): CheckpointSpectra[] {
  const first = keys[0].summary.ks;
  const last = keys[keys.length - 1].summary.ks;
  const chosen = new Set<number>([0, keys.length - 1]);
  for (let j = 1; j < count - 1; j++) {
    const target = first + ((last - first) * j) / (count - 1);
    const index = keys.findIndex((k, i) =>
      i > 0 && (last >= first ? k.summary.ks >= target : k.summary.ks <= target)
    );
    if (index > 0) chosen.add(index);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => keys[i]);
}

/** Pooled key eigenvalues per decade at informative checkpoints, with the MP fit and its edge. */
export function keySpectrumFlowFigure(keys: readonly CheckpointSpectra[]): Figure {
  const { rows: hs, cols: C } = keys[0].spectra;
  const shown = informativeCheckpoints(keys);
  const panel = (k: CheckpointSpectra) => `step ${k.step}`;
  const bins = Math.min(30, Math.round(Math.sqrt(pooledEigenvalues(keys[0].spectra).length) * 1.5));
  const bars = shown.flatMap((k) => {
    const h = densityHistogram(
      Array.from(pooledEigenvalues(k.spectra), (x) => Math.log10(x)),
      bins,
    );
    return Array.from(
      h.density,
      (density, b) => ({ panel: panel(k), x1: h.edges[b], x2: h.edges[b + 1], density }),
    );
  });
  const mp = shown.flatMap((k) => {
    const [lo, hi] = k.summary.edges;
    return Array.from({ length: 300 }, (_, i) => {
      const lx = Math.log10(lo) + ((Math.log10(hi) - Math.log10(lo)) * (i + 0.5)) / 300;
      const x = 10 ** lx;
      // density per decade: ρ(x) · x ln 10
      const density =
        (marchenkoPasturDensity(x / C, { ratio: hs / C, variance: k.summary.variance }) / C) * x *
        Math.LN10;
      return { panel: panel(k), lx, density };
    });
  });
  const edge = dashedLine(1, "3,2");
  const edgeRows = shown.map((k) => ({
    panel: panel(k),
    lx: Math.log10(k.summary.edges[1]),
    top: 1.1 * Math.max(...mp.filter((r) => r.panel === panel(k)).map((r) => r.density)),
  }));
  const xs = bars.flatMap((r) => [r.x1, r.x2]);
  const decades: number[] = [];
  for (let d = Math.ceil(Math.min(...xs)); d <= Math.floor(Math.max(...xs)); d++) decades.push(d);
  return figure({
    size: "double",
    aspect: 0.3,
    fx: { label: null, domain: shown.map(panel) },
    x: { label: "log₁₀ eigenvalue of W_KᵀW_K", ticks: decades, tickFormat: plainDecimal },
    y: { label: "density per decade" },
    marks: [
      histogramBars(bars, barBox(0), { fx: "panel" }),
      curve(mp, theoryLine, { x: "lx", y: "density", fx: "panel" }),
      Plot.ruleX(edgeRows, {
        x: "lx",
        y1: 0,
        y2: "top",
        fx: "panel",
        ...strokeOf(edge),
      }),
    ],
    legend: [
      entry("pooled key eigenvalues", { box: barBox(0) }),
      entry("MP, best KS fit", { line: theoryLine }),
      entry("its upper edge x₊", { line: edge }),
    ],
  });
}

/** The fraction of pooled key eigenvalues above x at the end, with the MP fit and the power law. */
export function keyTailFigure(last: CheckpointSpectra): Figure {
  const { rows: hs, cols: C } = last.spectra;
  const values = Float64Array.from(pooledEigenvalues(last.spectra)).sort();
  const n = values.length;
  const ccdf = Array.from(values, (x, i) => ({ x, ccdf: (n - i) / n }));
  const tail = last.summary.tail;
  const tailLine = [tail.xmin, values[n - 1]].map((x) => ({
    x,
    ccdf: (tail.tailSize / n) * (x / tail.xmin) ** (1 - tail.alpha),
  }));
  // MP complementary CDF at the fitted variance, by integrating the density
  const [lo, hi] = last.summary.edges;
  const density = mpCurve(last.summary.variance, hs, C, lo, hi);
  const dx = (hi - lo) / density.length;
  let remaining = 1;
  const mp = density.map((r) => {
    remaining -= r.density * dx;
    return { x: r.x, ccdf: remaining };
  }).filter((r) => r.ccdf >= 0.5 / n);
  const data = filledMarker(0);
  const power = dashedLine(1, "5,3");
  return figure({
    x: { label: "eigenvalue x of W_KᵀW_K (end of training)", type: "log" },
    y: { label: "fraction of eigenvalues above x", type: "log" },
    marks: [
      markers(ccdf, { ...data, r: 1.3 }, { x: "x", y: "ccdf" }),
      curve(mp, theoryLine, { x: "x", y: "ccdf" }),
      curve(tailLine.filter((r) => r.ccdf >= 0.5 / n), power, { x: "x", y: "ccdf" }),
    ],
    legend: [
      entry("pooled key eigenvalues", { marker: { ...data, r: 1.3 } }),
      entry("MP, best KS fit", { line: theoryLine }),
      entry(`power law, ζ = ${tail.alpha.toFixed(2)} ± ${tail.alphaError.toFixed(2)}`, {
        line: power,
      }),
    ],
  });
}

/** The five largest eigenvalues of layer 0 head 0 and the fitted bulk edge, against step. */
export function keyTopEigenvaluesFigure(keys: readonly CheckpointSpectra[], top = 5): Figure {
  const flow = topEigenvalueFlow(keys, 0, top).map((r) => ({ ...r, step: Math.max(r.step, 1) }));
  const edgeLine = referenceLine;
  const edges = keys.map((k) => ({ step: Math.max(k.step, 1), x: k.summary.edges[1] }));
  const styles = Array.from(
    { length: top },
    (_, i) => ({ line: solidLine(i), marker: filledMarker(i) }),
  );
  return figure({
    x: { label: "training step (step 0 drawn at 1)", type: "log" },
    y: { label: "eigenvalue of W_KᵀW_K, layer 0 head 0", type: "log" },
    marks: [
      ...styles.flatMap((s, i) => [
        curve(flow.filter((r) => r.rank === i + 1), s.line, { x: "step", y: "value" }),
        markers(flow.filter((r) => r.rank === i + 1), s.marker, { x: "step", y: "value" }),
      ]),
      curve(edges, edgeLine, { x: "step", y: "x" }),
    ],
    legend: [
      ...styles.map((s, i) => entry(`largest #${i + 1}`, s)),
      entry("fitted bulk edge x₊ (all heads)", { line: edgeLine }),
    ],
  });
}

/** Unfolded spacings of the key spectra at the end, with the Wigner surmise and Poisson. */
export function keySpacingsEndFigure(last: CheckpointSpectra): Figure {
  const s = last.summary;
  const h = densityHistogram(Array.from(s.spacings).filter((v) => v < 4), 24);
  const bars = Array.from(
    h.density,
    (density, b) => ({ x1: h.edges[b], x2: h.edges[b + 1], density }),
  );
  const grid = Array.from({ length: 200 }, (_, i) => (4 * (i + 0.5)) / 200);
  const poisson = dashedLine(1);
  return figure({
    x: { label: "unfolded spacing s (end of training)", ticks: 5 },
    y: { label: "density" },
    marks: [
      histogramBars(bars),
      curve(grid.map((v) => ({ s: v, p: spacingDensity(v, 1) })), theoryLine, { x: "s", y: "p" }),
      curve(grid.map((v) => ({ s: v, p: spacingDensity(v, "poisson") })), poisson, {
        x: "s",
        y: "p",
      }),
    ],
    legend: [
      entry(`${s.spacings.length} spacings, ${last.spectra.perHead.length} heads`, {
        box: barBox(0),
      }),
      entry(`Wigner surmise (KS ${s.ksWigner.toFixed(3)})`, { line: theoryLine }),
      entry(`Poisson (KS ${s.ksPoisson.toFixed(3)})`, { line: poisson }),
    ],
  });
}

/**
 * ⟨r̃⟩ of the key spectra over training (bars: ± sd of the iid null law at this size), with the
 * spread over seeded runs where there are any, the GOE and Poisson values and the repulsion
 * threshold of the Poisson null.
 */
export function keySpacingRatioFigure(
  keys: readonly CheckpointSpectra[],
  iidNull: { sd: number },
  spread: readonly SpreadRow[],
  repulsionBound: number,
): Figure {
  const rows = keys.map((k) => {
    const r = k.summary.meanTildeRatio;
    return { step: Math.max(k.step, 1), r, lo: r - iidNull.sd, hi: r + iidNull.sd };
  });
  const band = spread.map((r) => ({
    step: Math.max(r.step, 1),
    lo: r.mean - r.sd,
    hi: r.mean + r.sd,
  }));
  const bandBox: BoxStyle = { fill: paletteColor(2), opacity: 0.25 };
  const run = openMarker(0);
  const poisson = dashedLine(1);
  const threshold = dashedLine(3, "1,2");
  const runs = spread.length > 0 ? spread[0].runs : 0;
  return figure({
    x: { label: "training step (step 0 drawn at 1)", type: "log" },
    y: { label: "⟨r̃⟩ of the key spectra" },
    marks: [
      ...(band.length > 0
        ? [
          Plot.areaY(band, {
            x: "step",
            y1: "lo",
            y2: "hi",
            fill: bandBox.fill,
            fillOpacity: bandBox.opacity,
          }),
        ]
        : []),
      horizontalLines([MEAN_TILDE_RATIO_LARGE_N[1]], theoryLine),
      horizontalLines([MEAN_TILDE_RATIO_LARGE_N.poisson], poisson),
      horizontalLines([repulsionBound], threshold),
      errorBars(rows, paletteColor(0), { x: "step", y1: "lo", y2: "hi" }),
      markers(rows, run, { x: "step", y: "r" }),
    ],
    legend: [
      entry("this run (± sd of the iid law)", { marker: run }),
      ...(band.length > 0 ? [entry(`${runs} seeded runs, mean ± sd`, { box: bandBox })] : []),
      entry(`GOE, ${MEAN_TILDE_RATIO_LARGE_N[1].toFixed(4)}`, { line: theoryLine }),
      entry(`Poisson, ${MEAN_TILDE_RATIO_LARGE_N.poisson.toFixed(3)}`, { line: poisson }),
      entry("repulsion threshold (Poisson null)", { line: threshold }),
    ],
  });
}
