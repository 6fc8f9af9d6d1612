/**
 * The linalg benchmark's cases: operation, size, nominal flop count (for effective GFLOP/s) and
 * a runner on our library. Flop counts are the standard leading terms (Golub & Van Loan,
 * "Matrix Computations", 4th ed., §8.3 and Fig. 8.6.1): symmetric eigenvalues 4n³/3, with
 * vectors 9n³; SVD of an m×n matrix (m ≤ n) values only 4nm² − 4m³/3, thin U,S,Vᵀ 14nm² + 8m³;
 * gemm 2n³.
 */
import { DenseMatrix } from "../lib/linalg/dense_matrix.ts";
import { eigh, eigvalsh } from "../lib/linalg/eigen.ts";
import { gemm } from "../lib/linalg/products.ts";
import { singularValues, svd } from "../lib/linalg/svd.ts";
import { Rng } from "../lib/random/rng.ts";

/** The benchmarked operations (names shared with numpy_reference.py). */
export type Operation = "eigvalsh" | "eigh" | "svdvals" | "svd" | "gemm_f64" | "gemm_f32";

/** One benchmark case. */
export interface BenchCase {
  op: Operation;
  n: number;
  /** human-readable shape */
  shape: string;
  /** nominal floating-point operations */
  flops: number;
}

/** All cases: eigen n ∈ {200, 500, 1000, 2000}, SVD of n×2n, gemm n ∈ {256, 512, 1024}. */
export function benchCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const n of [200, 500, 1000, 2000]) {
    cases.push({ op: "eigvalsh", n, shape: `${n}×${n}`, flops: (4 / 3) * n ** 3 });
    cases.push({ op: "eigh", n, shape: `${n}×${n}`, flops: 9 * n ** 3 });
  }
  for (const n of [200, 500, 1000, 2000]) {
    const [m, k] = [n, 2 * n];
    cases.push({ op: "svdvals", n, shape: `${m}×${k}`, flops: 4 * k * m * m - (4 / 3) * m ** 3 });
    cases.push({ op: "svd", n, shape: `${m}×${k}`, flops: 14 * k * m * m + 8 * m ** 3 });
  }
  for (const n of [256, 512, 1024]) {
    cases.push({ op: "gemm_f64", n, shape: `${n}×${n}·${n}×${n}`, flops: 2 * n ** 3 });
    cases.push({ op: "gemm_f32", n, shape: `${n}×${n}·${n}×${n}`, flops: 2 * n ** 3 });
  }
  return cases;
}

function gaussian(rows: number, cols: number, seed: number): DenseMatrix<Float64Array> {
  const rng = Rng.fromSeed(seed, rows, cols);
  return new DenseMatrix(rows, cols, rng.fillNormal(new Float64Array(rows * cols), 0, 1));
}

function symmetric(n: number): DenseMatrix<Float64Array> {
  const g = gaussian(n, n, 1);
  const s = DenseMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s.data[i * n + j] = (g.data[i * n + j] + g.data[j * n + i]) / 2;
  }
  return s;
}

/** Builds the inputs once and returns the function to time. */
export function prepareCase(c: BenchCase): () => unknown {
  const n = c.n;
  switch (c.op) {
    case "eigvalsh": {
      const a = symmetric(n);
      return () => eigvalsh(a);
    }
    case "eigh": {
      const a = symmetric(n);
      return () => eigh(a);
    }
    case "svdvals": {
      const a = gaussian(n, 2 * n, 2);
      return () => singularValues(a);
    }
    case "svd": {
      const a = gaussian(n, 2 * n, 2);
      return () => svd(a);
    }
    case "gemm_f64": {
      const [a, b] = [gaussian(n, n, 3), gaussian(n, n, 4)];
      const out = DenseMatrix.zeros(n, n);
      return () => gemm(a, b, { out });
    }
    case "gemm_f32": {
      const [a, b] = [gaussian(n, n, 3).toFloat32(), gaussian(n, n, 4).toFloat32()];
      const out = DenseMatrix.zeros32(n, n);
      return () => gemm(a, b, { out });
    }
  }
}

/** Timings (ms) of `runs` consecutive calls of `fn`. */
export function timeRuns(fn: () => unknown, runs: number): number[] {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}

/** Median of the timings (ms) of `fn` after one warm-up: ≥ 3 runs, more while under budgetMs. */
export function timeMedian(fn: () => unknown, budgetMs = 1500, maxRuns = 15): number[] {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  const runs = first > budgetMs ? 1 : Math.min(maxRuns, Math.max(3, Math.floor(budgetMs / first)));
  return timeRuns(fn, runs);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
