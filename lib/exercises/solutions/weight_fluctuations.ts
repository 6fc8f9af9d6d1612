/**
 * Reference solutions of notebook 06's exercises (lib/exercises/weight_fluctuations.ts). Try the
 * exercise before reading on.
 */
import { DenseMatrix } from "../../linalg/dense_matrix.ts";
import { eigh } from "../../linalg/eigen.ts";
import { matmul } from "../../linalg/products.ts";
import { solve } from "../../linalg/solve.ts";

/** 06.1: the trace identity tr Σ_w = (η/2B) tr(H⁻¹C). */
export function traceOfCovariance(
  h: number[][],
  c: number[][],
  eta: number,
  batch: number,
): number {
  const x = solve(DenseMatrix.fromRows(h), DenseMatrix.fromRows(c)); // H⁻¹C
  let trace = 0;
  for (let i = 0; i < h.length; i++) trace += x.get(i, i);
  return (eta / (2 * batch)) * trace;
}

/** 06.2: Feng & Tu's flatness of L(δ) = L₀ + gδ + κδ²/2: the width where L ≤ f·L₀. */
export function flatness(loss0: number, slope: number, curvature: number, factor: number): number {
  // the two roots of κδ²/2 + gδ − (f − 1)L₀ = 0 are (−g ± √(g² + 2κ(f − 1)L₀))/κ
  return (2 / curvature) * Math.sqrt(slope * slope + 2 * curvature * (factor - 1) * loss0);
}

/** 06.3: Σ with HΣ + ΣH = C for symmetric positive H: in H's eigenbasis Σ'_ij = C'_ij/(h_i + h_j). */
export function lyapunovSolve(h: number[][], c: number[][]): number[][] {
  const { values, vectors } = eigh(DenseMatrix.fromRows(h));
  const v = vectors, n = h.length;
  const cm = DenseMatrix.fromRows(c);
  const rotated = matmul(matmul(v.transpose(), cm), v);
  const inner = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) inner.set(i, j, rotated.get(i, j) / (values[i] + values[j]));
  }
  const sigma = matmul(matmul(v, inner), v.transpose());
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => sigma.get(i, j)));
}
