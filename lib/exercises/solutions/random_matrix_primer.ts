/**
 * Reference solutions of notebook 00's exercises (lib/exercises/random_matrix_primer.ts). Try the
 * exercise before reading on.
 */

/** 00.1: r̃_i = min(s_i, s_{i+1}) / max(s_i, s_{i+1}) for sorted levels, s_i = λ_{i+1} − λ_i. */
export function tildeRatios(levels: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < levels.length - 1; i++) {
    const below = levels[i] - levels[i - 1];
    const above = levels[i + 1] - levels[i];
    out.push(Math.min(below, above) / Math.max(below, above));
  }
  return out;
}

/** 00.2: the edges y± = s²(1 ± √c)² of the Marchenko–Pastur law of WᵀW/M, c = N/M. */
export function mpEdges(c: number, s2: number): [number, number] {
  return [s2 * (1 - Math.sqrt(c)) ** 2, s2 * (1 + Math.sqrt(c)) ** 2];
}

/**
 * 00.3: the top eigenvalue of WᵀW for W = G + d·u·vᵀ (G is M×N with entry variance s²): the bulk
 * edge s²(√M + √N)² below the BBP threshold d_c = s(MN)^{1/4}, (d² + s²M)(d² + s²N)/d² above it.
 */
export function bbpTopEigenvalue(m: number, n: number, s2: number, d: number): number {
  const threshold = Math.sqrt(s2) * Math.pow(m * n, 0.25);
  if (d <= threshold) return s2 * (Math.sqrt(m) + Math.sqrt(n)) ** 2;
  return ((d * d + s2 * m) * (d * d + s2 * n)) / (d * d);
}
