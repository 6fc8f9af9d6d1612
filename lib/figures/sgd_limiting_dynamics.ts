/**
 * Figures of notebook 05 (limiting dynamics of SGD): the stationary covariance per Hessian mode,
 * the step-size law and equipartition, the mean trajectory and phase-space spiral of the top
 * mode, the toy model's loss and modified loss with the probability current, the anomalous
 * diffusion of the MSD, and the same laws for an MLP.
 */
import {
  curve,
  dashedLine,
  entry,
  type Figure,
  figure,
  horizontalLines,
  type LineStyle,
  markers,
  type MarkerStyle,
  type MarkerSymbol,
  openMarker,
  paletteColor,
  paperStyle,
  Plot,
  solidLine,
  theoryLine,
} from "../plot/mod.ts";

const SYMBOLS: MarkerSymbol[] = [
  "circle",
  "square",
  "diamond",
  "triangle",
  "times",
  "cross",
  "wye",
];

/** Variance along each Hessian eigenvector u_k: SGD, exact Lyapunov and continuum, per λ. */
export function stationaryCovarianceFigure(
  rows: readonly {
    h: number;
    lambda: string;
    quantity: string;
    sim: number;
    exact: number;
    continuum: number;
  }[],
): Figure {
  const lambdas = [...new Set(rows.map((r) => r.lambda))];
  const quantities = [...new Set(rows.map((r) => r.quantity))];
  const exact = (i: number) => solidLine(i);
  const continuum = (i: number): LineStyle => ({ ...solidLine(i, 1), dash: "4,3" });
  const sgd = (i: number) => openMarker(i, SYMBOLS[i]);
  return figure({
    size: "double",
    aspect: 0.36,
    fx: { label: null, domain: quantities, padding: 0.12 },
    x: { label: "Hessian eigenvalue h_k", type: "log" },
    y: { label: "variance", type: "log" },
    marks: lambdas.flatMap((lambda, i) => {
      const own = rows.filter((r) => r.lambda === lambda);
      return [
        curve(own, exact(i), { x: "h", y: "exact", fx: "quantity" }),
        curve(own, continuum(i), { x: "h", y: "continuum", fx: "quantity" }),
        markers(own, sgd(i), { x: "h", y: "sim", fx: "quantity" }),
      ];
    }),
    legend: [
      ...lambdas.map((lambda, i) => entry(`SGD, ${lambda}`, { marker: sgd(i) })),
      ...lambdas.map((lambda, i) => entry(`exact Lyapunov, ${lambda}`, { line: exact(i) })),
      ...lambdas.map((lambda, i) => entry(`continuum, ${lambda}`, { line: continuum(i) })),
    ],
  });
}

/** One sweep point: the step-size law's prediction and the measurement, with β and ηh/(1−β). */
export interface SweepPoint {
  momentum: number;
  continuumLaw: number;
  measured: number;
  effectiveStep: number;
  equipartition: number;
}

const momentumGroups = (sweep: readonly SweepPoint[]) =>
  [...new Set(sweep.map((r) => r.momentum))].sort();

/** Measured E‖Δθ‖² against the step-size law η² tr Σ_g / (S(1 − β²)), by momentum. */
export function stepSizeLawFigure(sweep: readonly SweepPoint[]): Figure {
  const betas = momentumGroups(sweep);
  const values = sweep.flatMap((r) => [r.measured, r.continuumLaw]);
  const lo = Math.min(...values) / 1.2;
  const hi = Math.max(...values) * 1.2;
  const style = (i: number) => openMarker(i, SYMBOLS[i]);
  return figure({
    aspect: 1,
    x: { label: "η² tr Σ_g / (S(1 − β²))", type: "log", domain: [lo, hi] },
    y: { label: "measured E‖θ_{k+1} − θ_k‖²", type: "log", domain: [lo, hi] },
    marks: [
      curve([{ x: lo, y: lo }, { x: hi, y: hi }], theoryLine, { x: "x", y: "y" }),
      ...betas.map((b, i) =>
        markers(sweep.filter((r) => r.momentum === b), style(i), {
          x: "continuumLaw",
          y: "measured",
        })
      ),
    ],
    legend: [
      ...betas.map((b, i) => entry(`β = ${b}`, { marker: style(i) })),
      entry("y = x", { line: theoryLine }),
    ],
  });
}

/** The equipartition ratio against ηh_max/(1 − β), by momentum; 1 is the continuum prediction. */
export function equipartitionFigure(sweep: readonly SweepPoint[]): Figure {
  const betas = momentumGroups(sweep);
  const style = (i: number) => openMarker(i, SYMBOLS[i]);
  return figure({
    x: { label: "η h_{max} / (1 − β)", type: "log" },
    y: { label: "(E L_λ − L_λ*) / ((1+β)/(4η) E‖Δθ‖²)" },
    marks: [
      horizontalLines([1], theoryLine),
      ...betas.map((b, i) =>
        markers(sweep.filter((r) => r.momentum === b), style(i), {
          x: "effectiveStep",
          y: "equipartition",
        })
      ),
    ],
    legend: [
      ...betas.map((b, i) => entry(`β = ${b}`, { marker: style(i) })),
      entry("equipartition", { line: theoryLine }),
    ],
  });
}

/** The top mode's ensemble mean against step, with its 95 % band, the exact and the continuum mean. */
export function meanTrajectoryFigure(d: {
  simulated: readonly { k: number; a: number; band: number }[];
  exact: readonly { k: number; a: number }[];
  continuum: readonly { k: number; a: number }[];
}): Figure {
  const band = { fill: paletteColor(0), opacity: 0.15 };
  const mean = { ...openMarker(0), r: 1.6 };
  const exact: LineStyle = { stroke: paperStyle.theoryColor, width: 2.2, opacity: 0.35 };
  const continuum = dashedLine(1, "3,2");
  return figure({
    x: { label: "step k" },
    y: { label: "u_{top}ᵀ(θ_k − θ*)" },
    marks: [
      Plot.areaY(d.simulated, {
        x: "k",
        y1: (r: { a: number; band: number }) => r.a - r.band,
        y2: (r: { a: number; band: number }) => r.a + r.band,
        fill: band.fill,
        fillOpacity: band.opacity,
      }),
      curve(d.exact, exact, { x: "k", y: "a" }),
      curve(d.continuum, continuum, { x: "k", y: "a" }),
      markers(d.simulated.filter((r) => r.k % 3 === 0), mean, { x: "k", y: "a" }),
    ],
    legend: [
      entry("ensemble mean", { marker: mean }),
      entry("95 % of runs", { box: band }),
      entry("exact discrete mean", { line: exact }),
      entry("continuum damped cosine", { line: continuum }),
    ],
  });
}

/** The same in phase space (position, velocity): a spiral. */
export function phaseSpaceSpiralFigure(
  simulated: readonly { a: number; v: number }[],
  exact: readonly { a: number; v: number }[],
): Figure {
  const mean = { ...openMarker(0), r: 1.4 };
  return figure({
    aspect: 1,
    x: { label: "position u_{top}ᵀ(θ − θ*)" },
    y: { label: "velocity −u_{top}ᵀ b" },
    marks: [
      markers(simulated, mean, { x: "a", y: "v" }),
      curve(exact, theoryLine, { x: "a", y: "v" }),
    ],
    legend: [
      entry("ensemble mean", { marker: mean }),
      entry("exact discrete mean", { line: theoryLine }),
    ],
  });
}

/**
 * Level set ½ dᵀHd = level of a 2×2 positive definite H around `centre`: an ellipse,
 * d = √(2·level) (v₁ cos t/√h₁ + v₂ sin t/√h₂) with H's eigenpairs (hᵢ, vᵢ).
 */
export function quadraticLevelSet(
  hessian: readonly [readonly [number, number], readonly [number, number]],
  centre: readonly [number, number],
  level: number,
  points = 181,
): { x: number; y: number }[] {
  const [[a, b], [, c]] = hessian;
  const mean = (a + c) / 2;
  const radius = Math.hypot((a - c) / 2, b);
  const [h1, h2] = [mean + radius, mean - radius];
  if (!(h2 > 0)) {
    throw new RangeError(
      `quadraticLevelSet: the Hessian must be positive definite, got eigenvalue ${h2}`,
    );
  }
  const angle = 0.5 * Math.atan2(2 * b, a - c); // direction of v₁
  const v1 = [Math.cos(angle), Math.sin(angle)];
  const v2 = [-Math.sin(angle), Math.cos(angle)];
  const r = Math.sqrt(2 * level);
  return Array.from({ length: points }, (_, i) => {
    const t = (2 * Math.PI * i) / (points - 1);
    const [p, q] = [(r * Math.cos(t)) / Math.sqrt(h1), (r * Math.sin(t)) / Math.sqrt(h2)];
    return { x: centre[0] + p * v1[0] + q * v2[0], y: centre[1] + p * v1[1] + q * v2[1] };
  });
}

/**
 * The toy model's stationary cloud over the level sets of the loss Φ or of the modified loss Ψ
 * (both quadratic, so ellipses), with the probability current −Q∇Ψ on a grid (arrows, Ψ panel
 * only). Points and contour pieces outside the window are left out, not clipped.
 */
export function toyLandscapeFigure(d: {
  which: "loss" | "modified loss";
  window: { x1: number; x2: number; y1: number; y2: number };
  hessian: readonly [readonly [number, number], readonly [number, number]];
  centre: readonly [number, number];
  levels: readonly number[];
  cloud: readonly { x: number; y: number }[];
  arrows: readonly { x: number; y: number; angle: number; length: number }[];
}): Figure {
  const { x1, x2, y1, y2 } = d.window;
  const within = (p: { x: number; y: number }) => p.x >= x1 && p.x <= x2 && p.y >= y1 && p.y <= y2;
  const inside = d.cloud.filter(within);
  // each level set, cut into the runs of points inside the window
  const contours = d.levels.flatMap((level, j) => {
    const rows: { x: number; y: number; run: string }[] = [];
    let run = 0;
    let previousInside = false;
    for (const p of quadraticLevelSet(d.hessian, d.centre, level)) {
      const ok = within(p);
      if (ok && !previousInside) run++;
      if (ok) rows.push({ ...p, run: `${j}-${run}` });
      previousInside = ok;
    }
    return rows;
  });
  const cloud: MarkerStyle = { fill: paletteColor(0), stroke: "none", symbol: "circle", r: 0.8 };
  const contour: LineStyle = { stroke: paperStyle.theoryColor, width: 0.8 };
  const current = solidLine(1, 1);
  const psi = d.which === "modified loss";
  return figure({
    aspect: 1,
    x: { label: "x₁", domain: [x1, x2], ticks: 4 },
    y: { label: "x₂", domain: [y1, y2], ticks: 4 },
    length: { range: [0, 14] },
    marks: [
      Plot.dot(inside, {
        x: "x",
        y: "y",
        fill: cloud.fill,
        stroke: "none",
        r: cloud.r,
        fillOpacity: 0.35,
      }),
      curve(contours, contour, { x: "x", y: "y", z: "run" }),
      ...(psi
        ? [
          Plot.vector(d.arrows, {
            x: "x",
            y: "y",
            rotate: "angle",
            length: "length",
            stroke: current.stroke,
            strokeWidth: current.width,
          }),
        ]
        : []),
    ],
    legend: [
      entry("SGD iterates", { marker: cloud }),
      entry(psi ? "level sets of Ψ" : "level sets of the loss Φ", { line: contour }),
      ...(psi ? [entry("current direction −Q∇Ψ = J/p_{ss}", { line: current })] : []),
    ],
  });
}

/** MSD against lag: exact curves per setting and simulated markers where there are any. */
export function msdFigure(
  curves: readonly {
    label: string;
    exact: readonly { k: number; m: number }[];
    simulated?: readonly { k: number; m: number }[];
  }[],
): Figure {
  const style = (i: number) => openMarker(i, SYMBOLS[i]);
  return figure({
    x: { label: "lag k (steps)", type: "log" },
    y: { label: "MSD(k) = E‖θ_{k0+k} − θ_{k0}‖²", type: "log" },
    marks: curves.flatMap((c, i) => [
      curve(c.exact, solidLine(i), { x: "k", y: "m" }),
      ...(c.simulated ? [markers(c.simulated, style(i), { x: "k", y: "m" })] : []),
    ]),
    legend: [
      ...curves.map((c, i) =>
        entry(
          c.label,
          c.simulated ? { line: solidLine(i), marker: style(i) } : { line: solidLine(i) },
        )
      ),
      entry("lines: exact; markers: simulation", { marker: style(0) }),
    ],
  });
}

/** The fitted diffusion exponent c against the Hessian decay exponent a, with c = 1/a. */
export function exponentFigure(
  rows: readonly { alpha: number; c: number }[],
  dimension: number,
): Figure {
  const fit = openMarker(0);
  const lo = Math.min(...rows.map((r) => r.alpha)) - 0.1;
  const hi = Math.max(...rows.map((r) => r.alpha)) + 0.1;
  const inverse = Array.from({ length: 50 }, (_, i) => {
    const a = lo + ((hi - lo) * i) / 49;
    return { a, c: 1 / a };
  });
  return figure({
    x: { label: "Hessian decay exponent a (h_i ∝ i^{−a})" },
    y: { label: "diffusion exponent c" },
    marks: [
      curve(inverse, theoryLine, { x: "a", y: "c" }),
      markers(rows, fit, { x: "alpha", y: "c" }),
    ],
    legend: [
      entry(`c fitted to the exact MSD, d = ${dimension}`, { marker: fit }),
      entry("c = 1/a", { line: theoryLine }),
    ],
  });
}

/** The MLP's squared distance from the checkpoint against steps, per setting. */
export function mlpMsdFigure(
  curves: readonly { label: string; rows: readonly { k: number; m: number }[] }[],
): Figure {
  return figure({
    x: { label: "steps k since the checkpoint", type: "log" },
    y: { label: "‖θ_k − θ_{checkpoint}‖²", type: "log" },
    marks: curves.map((c, i) => curve(c.rows, solidLine(i), { x: "k", y: "m" })),
    legend: curves.map((c, i) => entry(c.label, { line: solidLine(i) })),
  });
}

/** The MLP's measured E‖Δθ‖² against the step-size law, one marker shape per setting. */
export function mlpStepSizeFigure(
  settings: readonly { name: string; points: readonly { x: number; y: number }[] }[],
): Figure {
  const values = settings.flatMap((s) => s.points.flatMap((p) => [p.x, p.y]));
  const lo = Math.min(...values) / 1.3;
  const hi = Math.max(...values) * 1.3;
  const style = (i: number) => openMarker(i % 7, SYMBOLS[i % SYMBOLS.length]);
  return figure({
    aspect: 1,
    x: { label: "η² tr Σ_g / (S(1 − β²))", type: "log", domain: [lo, hi] },
    y: { label: "measured E‖Δθ‖²", type: "log", domain: [lo, hi] },
    marks: [
      curve([{ x: lo, y: lo }, { x: hi, y: hi }], theoryLine, { x: "x", y: "y" }),
      ...settings.map((s, i) => markers(s.points, style(i), { x: "x", y: "y" })),
    ],
    legend: [
      ...settings.map((s, i) => entry(s.name, { marker: style(i) })),
      entry("step-size law", { line: theoryLine }),
    ],
  });
}
