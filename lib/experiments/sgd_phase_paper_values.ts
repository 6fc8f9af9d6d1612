/**
 * Numbers read from the figures of Park, Lucini & Aarts (arXiv 2509.01349), as embedded in the
 * authors' executed analysis notebook (github.com/chanjure/phase_ml, src/notebooks/
 * empirical_phase.ipynb, HEAD 7f098fd): pixel positions and inverted colour bars, to about ±3 % in
 * log T and ±1 % of the colour range (±5 % in value for curves). The paper's trained models were not
 * available, so no number here is computed from their data. Rows are 1/σ_W = 2⁻⁸ … 2³, columns
 * T = 2⁻⁵ … 2⁶ (PHASE_GRID's order).
 */

/** The q map of their Fig. 5 (mean over 100 realisations, E = 10⁵ epochs). */
const Q_MAP = [
  [.71, .70, .71, .71, .68, .67, .64, .60, .53, .44, .37, .27],
  [.67, .66, .64, .63, .60, .58, .55, .50, .42, .34, .26, .17],
  [.62, .59, .58, .56, .55, .53, .47, .39, .32, .23, .17, .10],
  [.56, .54, .52, .53, .51, .47, .39, .31, .22, .17, .10, .07],
  [.52, .51, .50, .48, .47, .41, .34, .23, .19, .10, .05, .03],
  [.47, .45, .45, .44, .43, .38, .25, .17, .11, .06, .03, .05],
  [.38, .37, .37, .38, .37, .31, .19, .12, .08, .06, .05, .04],
  [.26, .27, .27, .29, .27, .21, .11, .10, .07, .05, .03, .03],
  [.15, .15, .16, .17, .16, .11, .08, .05, .04, .04, .02, .02],
  [.08, .08, .08, .09, .08, .05, .04, .02, .01, .01, .00, .01],
  [.03, .03, .04, .04, .03, .02, .01, .01, .01, .01, .00, .01],
  [.01, .02, .02, .02, .01, .01, .01, .00, .00, .00, .00, .00],
];

/** Λ = λ·10⁵ of their Fig. 7; 0.2 is the colour bar's black floor (Λ ≤ 0.2 there). */
const SPACING_GROWTH_MAP = [
  [.2, .2, .2, .2, .2, .2, .5, .8, 1.5, 2.2, 2.9, 3.8],
  [.2, .2, .2, .2, .2, .2, 1.0, 1.7, 2.7, 3.5, 4.3, 5.2],
  [.2, .2, .2, .2, .2, .3, 1.5, 2.9, 3.9, 4.8, 5.5, 6.5],
  [.2, .2, .2, .2, .2, .8, 2.4, 4.2, 5.3, 6.1, 7.0, 7.7],
  [.2, .2, .2, .2, .2, 1.7, 3.6, 5.3, 6.5, 7.6, 8.5, 9.3],
  [.2, .2, .2, .2, .5, 2.7, 5.2, 6.8, 7.9, 8.9, 9.8, 10.6],
  [.2, .2, .2, .2, 1.3, 3.8, 6.3, 8.0, 9.3, 10.4, 11.1, 11.8],
  [.2, .2, .2, .3, 2.3, 5.6, 7.9, 9.5, 10.7, 11.8, 12.6, 13.5],
  [.2, .2, .4, 1.2, 3.5, 7.0, 9.2, 11.1, 12.3, 13.2, 14.0, 14.9],
  [1.0, 1.2, 1.4, 2.8, 4.8, 8.3, 10.8, 12.6, 13.7, 14.6, 15.6, 16.3],
  [2.3, 2.4, 2.7, 3.8, 6.2, 10.2, 12.3, 14.0, 15.2, 16.0, 17.0, 17.6],
  [3.8, 3.9, 4.2, 5.3, 8.0, 11.0, 13.8, 15.5, 16.5, 17.5, 18.3, 19.0],
];

/** Where their 68 % contour of f crosses each column (Figs. 8–9); none up to T = 64 above. */
const BOUNDARY = [
  { inverseSigmaW: 2 ** -6, low: 32, high: 32, label: "≈ 32" },
  { inverseSigmaW: 2 ** -5, low: 8, high: 16, label: "8–16 (vertical)" },
  { inverseSigmaW: 2 ** -4, low: 4.4, high: 4.4, label: "≈ 4.4" },
  { inverseSigmaW: 2 ** -3, low: 2.3, high: 2.3, label: "≈ 2.3" },
  { inverseSigmaW: 2 ** -2, low: 1.7, high: 1.7, label: "≈ 1.7" },
  { inverseSigmaW: 2 ** -1, low: 1.1, high: 1.1, label: "≈ 1.1" },
  { inverseSigmaW: 1, low: 0.85, high: 0.85, label: "≈ 0.85" },
  { inverseSigmaW: 2, low: 0.81, high: 0.81, label: "≈ 0.81" },
  { inverseSigmaW: 4, low: 0.69, high: 0.69, label: "≈ 0.69" },
  { inverseSigmaW: 8, low: 0.49, high: 0.49, label: "≈ 0.49" },
].map((b) => ({ ...b, temperature: Math.sqrt(b.low * b.high) }));

/** Median ‖∇L‖₀ of their Fig. 4(c) against 1/σ_W = 2⁻⁸ … 2³. */
const INITIAL_GRADIENT = [
  0.011,
  0.020,
  0.045,
  0.084,
  0.146,
  0.27,
  0.49,
  0.63,
  0.78,
  0.74,
  0.70,
  0.65,
]
  .map((value, i) => ({ inverseSigmaW: 2 ** (i - 8), value }));

/** The values read from the paper's figures. */
export const PARK_FIGURE_VALUES = {
  q: Q_MAP,
  spacingGrowth: SPACING_GROWTH_MAP,
  boundary: BOUNDARY,
  initialGradient: INITIAL_GRADIENT,
} as const;
