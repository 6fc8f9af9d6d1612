/**
 * Reference solutions of notebook 08's exercises (lib/exercises/sgd_phase_diagram.ts). Try the
 * exercise before reading on.
 */

/** 08.1: the density of φ = tanh z for z ~ N(0, σ_z²). */
export function softSpinDensity(phi: number, variance: number): number {
  if (Math.abs(phi) >= 1) return 0;
  // z = artanh φ and dz/dφ = 1/(1 − φ²)
  const z = Math.atanh(phi);
  return Math.exp(-z * z / (2 * variance)) / ((1 - phi * phi) * Math.sqrt(2 * Math.PI * variance));
}

/**
 * 08.2: one SGD step on the batch (rows of `features`, 4 × 32) for W (16 rows of 32): the new W.
 * ∂L_B/∂W = −(1/|B|) Σ_n r_n (Z ⊙ (1 − s_n²)) s⁰_nᵀ with s_n = tanh(W s⁰_n), r_n = y_n − Z·s_n.
 */
export function sgdStep(
  w: number[][],
  features: number[][],
  labels: number[],
  readout: number[],
  learningRate: number,
): number[][] {
  const out = w.map((row) => [...row]);
  const batch = features.length;
  for (let n = 0; n < batch; n++) {
    const s = w.map((row) => Math.tanh(row.reduce((a, wij, j) => a + wij * features[n][j], 0)));
    const r = labels[n] - s.reduce((a, si, i) => a + readout[i] * si, 0);
    for (let i = 0; i < w.length; i++) {
      const d = learningRate * r * readout[i] * (1 - s[i] * s[i]) / batch;
      for (let j = 0; j < features[n].length; j++) out[i][j] += d * features[n][j];
    }
  }
  return out;
}

/**
 * 08.3: the authors' T_c rule — with t* the largest index where f > level (T ascending), the
 * midpoint (T_{t*} + T_{t*+1})/2; null when there is none or t* is the last T.
 */
export function criticalTemperature(
  temperatures: number[],
  fraction: number[],
  level: number,
): number | null {
  let star = -1;
  for (let i = 0; i < fraction.length; i++) if (fraction[i] > level) star = i;
  if (star < 0 || star === temperatures.length - 1) return null;
  return (temperatures[star] + temperatures[star + 1]) / 2;
}
