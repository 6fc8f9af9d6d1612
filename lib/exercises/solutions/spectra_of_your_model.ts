/**
 * Reference solutions of notebook 07's exercises (lib/exercises/spectra_of_your_model.ts). Try
 * the exercise before reading on.
 */

/** 07.1: the stable rank Σλ/λ_max of the eigenvalues λ of WᵀW (‖W‖_F² / ‖W‖₂²). */
export function stableRank(eigenvalues: number[]): number {
  return eigenvalues.reduce((s, x) => s + x, 0) / Math.max(...eigenvalues);
}

/** 07.2: the matrix entropy −Σ p ln p / ln k with p_i = λ_i / Σλ (zero eigenvalues add 0). */
export function matrixEntropy(eigenvalues: number[]): number {
  const total = eigenvalues.reduce((s, x) => s + x, 0);
  let h = 0;
  for (const x of eigenvalues) if (x > 0) h -= (x / total) * Math.log(x / total);
  return h / Math.log(eigenvalues.length);
}

/**
 * 07.3: the key block of a fused attention projection stored row-major: nanoGPT's [3C, C] keeps
 * query, key, value as row blocks (the key is rows C … 2C − 1), GPT-2's Conv1D [C, 3C] as column
 * blocks (the key is columns C … 2C − 1 of every row). Returned row-major.
 */
export function keyBlock(weight: number[], c: number, layout: "nanoGPT" | "GPT-2"): number[] {
  if (layout === "nanoGPT") return weight.slice(c * c, 2 * c * c);
  const out: number[] = [];
  for (let i = 0; i < c; i++) out.push(...weight.slice(i * 3 * c + c, i * 3 * c + 2 * c));
  return out;
}
