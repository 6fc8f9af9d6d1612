/**
 * Analysis of notebook 08's grid (Park, Lucini & Aarts, arXiv 2509.01349): per-point summaries,
 * the drift-versus-repulsion criterion as the authors coded it and its corrected variants, the
 * ordered fraction f, the T_c rule, the smooth boundary T_b from ρ, and the phase of each point.
 *
 * Criterion (notebook 08 §4): with the Marchenko–Pastur mean spacing Δ₀ = 4σ_W²/(√r (K − 1)) of the
 * initial X, a realisation counts as "drift beats repulsion" when K_t ≥ T V_t/Δ₀ — the authors'
 * c = [K_t/(√r (K − 1)) ≥ T V_t/(4σ_W²)]. f(σ_W, T) is the fraction of realisations with c.
 */
import { median, quantile } from "d3-array";
import { fitLine } from "../linalg/line_fit.ts";
import { TANH_TEACHER_STUDENT } from "../models/tanh_teacher_student.ts";
import { marchenkoPasturMeanSpacing } from "../theory/soft_spin_density.ts";
import type { PhasePoint } from "./sgd_phase_diagram.ts";
import { PHASE_SNAPSHOTS, type PhaseRealisation } from "./sgd_phase_realisation.ts";

const K = TANH_TEACHER_STUDENT.spins;
const RATIO = TANH_TEACHER_STUDENT.features / TANH_TEACHER_STUDENT.spins;

/** The versions of V_t in the criterion. */
export const CRITERION_VARIANTS = ["coded", "fixed", "absolute", "rotated"] as const;
export type CriterionVariant = typeof CRITERION_VARIANTS[number];

/** Description of each variant, for tables and legends. */
export const CRITERION_LABELS: Record<CriterionVariant, string> = {
  coded: "as coded (Ṽ[15, 16−k])",
  fixed: "lower-edge index fixed",
  absolute: "|V_t| (as coded)",
  rotated: "variance of rotated samples",
};

/** The f levels of the authors' contours ("1σ, 2σ, 3σ"). */
export const ORDERED_FRACTION_LEVELS = [0.68, 0.95, 0.997] as const;

/** Δ₀ of the criterion for this σ_W (K = 16, r = 2). */
export function criterionSpacing(sigmaW: number): number {
  return marchenkoPasturMeanSpacing(sigmaW, K, RATIO);
}

/** V_t of one realisation in a variant. */
export function repulsionOf(r: PhaseRealisation, variant: CriterionVariant): number {
  switch (variant) {
    case "coded":
      return r.repulsionCoded;
    case "fixed":
      return r.repulsionFixed;
    case "absolute":
      return Math.abs(r.repulsionCoded);
    case "rotated":
      return r.repulsionRotated;
  }
}

/** c = [K_t ≥ T V_t/Δ₀] for one realisation. */
export function driftBeatsRepulsion(
  r: PhaseRealisation,
  sigmaW: number,
  temperature: number,
  variant: CriterionVariant = "coded",
): boolean {
  return r.drift >= temperature * repulsionOf(r, variant) / criterionSpacing(sigmaW);
}

/**
 * ρ = log₁₀(T |V_t| / (Δ₀ K_t)) (V_t as coded): below 0 the drift wins. A realisation with
 * K_t ≤ 0 has no drift to win with: ρ = +∞.
 */
export function repulsionLog(r: PhaseRealisation, sigmaW: number, temperature: number): number {
  if (!(r.drift > 0)) return Infinity;
  return Math.log10(
    temperature * Math.abs(r.repulsionCoded) / (criterionSpacing(sigmaW) * r.drift),
  );
}

/** Λ = ln(ū_f/ū₀), ū = (x_max − x_min)/(K − 1) the mean level spacing (first and last snapshot). */
export function spacingGrowth(r: PhaseRealisation): number {
  const spread = (x: Float64Array) => x[x.length - 1] - x[0];
  return Math.log(spread(r.spectra[PHASE_SNAPSHOTS - 1]) / spread(r.spectra[0]));
}

/** Median with its 16 % and 84 % quantiles. */
export interface MedianBand {
  median: number;
  low: number;
  high: number;
}

/** Median and 16–84 % band of `values` (the authors' `asym_err`). */
export function medianBand(values: readonly number[]): MedianBand {
  return {
    median: median(values) ?? NaN,
    low: quantile(values, 0.16) ?? NaN,
    high: quantile(values, 0.84) ?? NaN,
  };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** The summary of one grid point. */
export interface PhasePointSummary {
  inverseSigmaW: number;
  temperature: number;
  realisations: number;
  testLoss: number;
  q: number;
  hs: number;
  hsd: number;
  /** mean Λ = ln(ū_f/ū₀) */
  spacingGrowth: number;
  finalLoss: MedianBand;
  finalGradient: MedianBand;
  /** the ordered fraction f per criterion variant */
  orderedFraction: Record<CriterionVariant, number>;
  /** median ρ */
  repulsionLog: number;
}

/** Means (maps), medians with bands (curves) and f of one point. */
export function summarisePoint(p: PhasePoint): PhasePointSummary {
  const rs = p.realisations;
  const sigmaW = 1 / p.inverseSigmaW;
  const last = PHASE_SNAPSHOTS - 1;
  return {
    inverseSigmaW: p.inverseSigmaW,
    temperature: p.temperature,
    realisations: rs.length,
    testLoss: mean(rs.map((r) => r.testLoss)),
    q: mean(rs.map((r) => r.q)),
    hs: mean(rs.map((r) => r.hs)),
    hsd: mean(rs.map((r) => r.hsd)),
    spacingGrowth: mean(rs.map(spacingGrowth)),
    finalLoss: medianBand(rs.map((r) => r.loss[last])),
    finalGradient: medianBand(rs.map((r) => r.gradientNorm[last])),
    orderedFraction: Object.fromEntries(
      CRITERION_VARIANTS.map((v) => [
        v,
        rs.filter((r) => driftBeatsRepulsion(r, sigmaW, p.temperature, v)).length / rs.length,
      ]),
    ) as Record<CriterionVariant, number>,
    repulsionLog: median(rs.map((r) => repulsionLog(r, sigmaW, p.temperature))) ?? NaN,
  };
}

/**
 * The authors' T_c rule: with t* the largest T index where f > level (T ascending), T_c is the
 * arithmetic midpoint (T_{t*} + T_{t*+1})/2; null when f never exceeds the level or exceeds it at
 * the last T.
 */
export function criticalTemperature(
  temperatures: readonly number[],
  fraction: readonly number[],
  level: number,
): number | null {
  let star = -1;
  fraction.forEach((f, i) => {
    if (f > level) star = i;
  });
  if (star < 0 || star + 1 >= temperatures.length) return null;
  return (temperatures[star] + temperatures[star + 1]) / 2;
}

/**
 * Where `values` (over ascending T) crosses `level` from below (rising) or above (falling) for the
 * last time, interpolated linearly in log₂ T; null without a crossing. The last crossing is the one
 * after which the values stay on the far side: noise at small T·(1/σ_W), where K and V are tiny,
 * does not move it.
 */
export function crossingTemperature(
  temperatures: readonly number[],
  values: readonly number[],
  level: number,
  direction: "rising" | "falling",
): number | null {
  const side = (v: number) => direction === "rising" ? v >= level : v < level;
  for (let i = values.length - 1; i >= 1; i--) {
    if (!side(values[i - 1]) && side(values[i])) {
      const [a, b] = [values[i - 1], values[i]];
      const [ta, tb] = [Math.log2(temperatures[i - 1]), Math.log2(temperatures[i])];
      const w = Number.isFinite(b) ? (level - a) / (b - a) : 1;
      return 2 ** (ta + Math.min(1, Math.max(0, w)) * (tb - ta));
    }
  }
  return null;
}

/** The summaries of one column 1/σ_W, sorted by T. */
export function columnOf(
  summaries: readonly PhasePointSummary[],
  inverseSigmaW: number,
): PhasePointSummary[] {
  return summaries.filter((s) => s.inverseSigmaW === inverseSigmaW).sort((a, b) =>
    a.temperature - b.temperature
  );
}

/** T_b(σ_W): the zero crossing of the median ρ along T (null: none up to the largest T). */
export function boundaryTemperature(column: readonly PhasePointSummary[]): number | null {
  return crossingTemperature(
    column.map((s) => s.temperature),
    column.map((s) => s.repulsionLog),
    0,
    "rising",
  );
}

/** The phase of a point. */
export type Phase = "F" | "SG" | "P";

/**
 * The phase of a point: paramagnetic where the drift loses — by the authors' rule, f < 0.68 (as
 * coded); by the median rule, median ρ ≥ 0 (steadier with few realisations, where f's binomial
 * error is ±0.18 at n = 8) — and otherwise F for 1/σ_W > √2 and SG for 1/σ_W ≤ √2. Where the
 * authors draw no contour (T·(1/σ_W) ≤ 0.1), the criterion is not used.
 */
export function classifyPoint(
  s: PhasePointSummary,
  rule: "fraction" | "median" = "fraction",
  level = ORDERED_FRACTION_LEVELS[0],
): Phase {
  const paramagnetic = rule === "fraction" ? s.orderedFraction.coded < level : s.repulsionLog >= 0;
  // below T·(1/σ_W) = 0.1, K_t and V_t are both tiny and the criterion is noise (contourShown)
  if (paramagnetic && contourShown(s)) return "P";
  return s.inverseSigmaW > Math.SQRT2 ? "F" : "SG";
}

/** Realisations per point from which the f = 0.68 line is drawn (a binomial error ≤ 0.07). */
export const FRACTION_CONTOUR_MIN_REALISATIONS = 50;

/** The authors draw contours only where T·(1/σ_W) > 0.1; below, K and V are tiny and f is noise. */
export function contourShown(s: { inverseSigmaW: number; temperature: number }): boolean {
  return s.temperature * s.inverseSigmaW > 0.1;
}

/**
 * Slope of ln(median loss) against ln t over the snapshots with epoch ≥ E/5, t the number of
 * epochs trained at the snapshot (least squares).
 */
export function lossDecaySlope(points: readonly PhasePoint[], epochs: number): number {
  const interval = epochs / 20;
  const xs: number[] = [], ys: number[] = [];
  for (let i = 1; i < PHASE_SNAPSHOTS; i++) {
    const epoch = (i - 1) * interval;
    if (epoch < epochs / 5) continue;
    for (const p of points) {
      xs.push(Math.log(epoch + 1));
      ys.push(Math.log(median(p.realisations.map((r) => r.loss[i])) ?? NaN));
    }
  }
  return fitLine(xs, ys).slope;
}

/** The median over realisations of eigenvalue `which` ("max" or "min") at each snapshot. */
export function medianEigenvalueFlow(p: PhasePoint, which: "max" | "min"): number[] {
  return Array.from(
    { length: PHASE_SNAPSHOTS },
    (_, i) =>
      median(p.realisations.map((r) => which === "max" ? r.spectra[i][K - 1] : r.spectra[i][0])) ??
        NaN,
  );
}
