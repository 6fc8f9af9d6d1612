/**
 * Reference solutions of notebook 03's exercises (lib/exercises/transformer_spectra.ts). Try the
 * exercise before reading on.
 */

/**
 * 03.1: the Marchenko–Pastur moment fit: for eigenvalues of Y = WᵀW/M the law has mean s² and
 * second moment s⁴(1 + c), so s² = m₁ and c = m₂/m₁² − 1.
 */
export function momentFit(eigenvalues: number[]): { variance: number; ratio: number } {
  const n = eigenvalues.length;
  const m1 = eigenvalues.reduce((s, x) => s + x, 0) / n;
  const m2 = eigenvalues.reduce((s, x) => s + x * x, 0) / n;
  return { variance: m1, ratio: m2 / (m1 * m1) - 1 };
}

/** 03.2: how many eigenvalues lie above the MP upper edge s²(1 + √c)². */
export function countAboveEdge(eigenvalues: number[], s2: number, c: number): number {
  const edge = s2 * (1 + Math.sqrt(c)) ** 2;
  return eigenvalues.filter((x) => x > edge).length;
}

/** 03.3: the maximum-likelihood (Hill) tail exponent α̂ = 1 + n / Σ_{x ≥ x_min} ln(x/x_min). */
export function hillExponent(values: number[], xmin: number): number {
  const tail = values.filter((x) => x >= xmin);
  return 1 + tail.length / tail.reduce((s, x) => s + Math.log(x / xmin), 0);
}
