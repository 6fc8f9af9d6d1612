/**
 * Checking a native library against the pure-TypeScript backend before trusting it, and timing it.
 *
 * Kernel bugs can depend on the size (a blocked or threaded path that small inputs never reach)
 * and on the processor (the reason some machines set OPENBLAS_CORETYPE), so every operation the
 * backend offers is run at small sizes and at sizes past the libraries' blocking and algorithm
 * crossovers (gemm blocks, divide-and-conquer above n = 25, blocked tridiagonalisation and LU
 * above 32–128), gemm also at one thread and at the library's default.
 *
 * Tolerances are rounding-error bounds, not fitted numbers: for a product, |ΔC| ≤ γ_k |A||B| for
 * each side (γ_k = k·u/(1 − k·u), Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
 * eq. 3.13), so two correct results differ by at most 2(k + 2)·u·(|A||B|)_ij; for the backward-
 * stable decompositions the eigenvalues and singular values move by at most c·n·u·‖A‖_F (Weyl's
 * and Mirsky's inequalities with a backward error of c·n·u·‖A‖), with c = 10 here. A wrong kernel
 * misses these by many orders of magnitude.
 */
import type { LinalgBackend } from "./linalg_backend.ts";

const U64 = 2 ** -53;
const U32 = 2 ** -24;

/**
 * Test entries in [−1, 1) from a fixed integer hash (splitmix32), so that lib/linalg needs no
 * random-number module of another layer; a verdict must see the same inputs on every run.
 */
function testEntries(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    out[i] = z / 2 ** 31 - 1;
  }
  return out;
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The largest |x − y| / scale, or Infinity for a length mismatch or a non-finite entry. */
function worst(x: ArrayLike<number>, y: ArrayLike<number>, scale: number): number {
  if (x.length !== y.length) return Infinity;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    if (!Number.isFinite(d)) return Infinity;
    m = Math.max(m, d / scale);
  }
  return m;
}

function symmetric(n: number, seed: number, shift = 0): Float64Array {
  const g = testEntries(n * n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (g[i * n + j] + g[j * n + i]) / 2;
    a[i * n + i] += shift;
  }
  return a;
}

type Problems = string[];

/** gemm of every transpose combination (f64 and f32) and gemv, against the reference. */
function checkProducts(native: LinalgBackend, reference: LinalgBackend, problems: Problems): void {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [2, 3, 4],
    [7, 5, 3],
    [17, 19, 23],
    [64, 64, 64],
    [65, 130, 67],
    [257, 190, 300],
  ];
  const alpha = 1.5, beta = 0.5;
  for (const [m, n, k] of shapes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const pad = 3; // leading dimensions wider than the matrices
      const lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
      const a = testEntries((ta ? k : m) * lda, m * 7 + k);
      const b = testEntries((tb ? n : k) * ldb, n * 11 + k);
      const c0 = testEntries(m * ldc, m + n);
      // the bound's scale |alpha|·|A||B| + |beta|·|C|, with |A||B| by the reference
      const absA = a.map(Math.abs), absB = b.map(Math.abs);
      const scale = c0.map((v) => Math.abs(beta * v));
      reference.dgemm(ta, tb, m, n, k, Math.abs(alpha), absA, lda, absB, ldb, 1, scale, ldc);
      for (const [u, name] of [[U64, "dgemm"], [U32, "sgemm"]] as const) {
        const bound = 2 * (k + 2) * u;
        let got: ArrayLike<number>, want: ArrayLike<number>;
        if (name === "dgemm") {
          const x = c0.slice(), y = c0.slice();
          native.dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, x, ldc);
          reference.dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, y, ldc);
          got = x, want = y;
        } else {
          const a32 = Float32Array.from(a), b32 = Float32Array.from(b);
          const x = Float32Array.from(c0), y = Float32Array.from(c0);
          native.sgemm(ta, tb, m, n, k, alpha, a32, lda, b32, ldb, beta, x, ldc);
          reference.sgemm(ta, tb, m, n, k, alpha, a32, lda, b32, ldb, beta, y, ldc);
          got = x, want = y;
        }
        for (let i = 0; i < m * ldc; i++) {
          const d = Math.abs(got[i] - want[i]);
          const allowed = bound * (scale[i] + Number.MIN_VALUE);
          if (!(d <= allowed)) {
            problems.push(
              `${name} ${m}×${k}·${k}×${n} (transA ${ta}, transB ${tb}): entry ${i} differs by ` +
                `${d.toExponential(2)}, bound ${allowed.toExponential(2)}`,
            );
            break;
          }
        }
      }
    }
  }
  for (const [m, n] of [[1, 1], [5, 7], [300, 257]]) {
    for (const t of [false, true]) {
      const a = testEntries(m * n, m + 3 * n);
      const x = testEntries(t ? m : n, 5), y0 = testEntries(t ? n : m, 6);
      const got = y0.slice(), want = y0.slice();
      native.dgemv(t, m, n, 1, a, x, 0.5, got);
      reference.dgemv(t, m, n, 1, a, x, 0.5, want);
      // entries in [−1, 1): Σ|a||x| + |0.5·y| ≤ k + 1
      const k = t ? m : n;
      const excess = worst(got, want, 2 * (k + 2) * U64 * (k + 1));
      if (!(excess <= 1)) {
        problems.push(`dgemv ${m}×${n} (trans ${t}): ${excess.toFixed(1)}× bound`);
      }
    }
  }
}

/** Symmetric eigen, SVD and general eigenvalues, against the reference and exact values. */
function checkDecompositions(
  native: LinalgBackend,
  reference: LinalgBackend,
  problems: Problems,
): void {
  for (const n of [1, 2, 7, 26, 60, 150]) {
    const a = symmetric(n, 100 + n);
    const tol = 10 * n * U64 * frobenius(a);
    const want = reference.symmetricEigen(a.slice(), n, false).values;
    const values = native.symmetricEigen(a.slice(), n, false).values;
    const e = worst(values, want, tol);
    if (!(e <= 1)) problems.push(`eigvalsh n = ${n}: ${e.toFixed(1)}× bound`);
    const full = native.symmetricEigen(a.slice(), n, true);
    const v = full.vectorRows!;
    let residual = 0, orthogonality = 0;
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * v[p * n + j];
        residual = Math.max(residual, Math.abs(av - full.values[p] * v[p * n + i]));
      }
      for (let q = 0; q <= p; q++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[p * n + i] * v[q * n + i];
        orthogonality = Math.max(orthogonality, Math.abs(dot - (p === q ? 1 : 0)));
      }
    }
    if (!(residual <= tol && orthogonality <= 10 * n * U64 * n)) {
      problems.push(
        `eigh n = ${n}: residual ${residual.toExponential(2)}, bound ${tol.toExponential(2)}`,
      );
    }
  }
  for (const [m, n] of [[1, 1], [3, 7], [7, 3], [30, 50], [120, 90]]) {
    const a = testEntries(m * n, 200 + m * n);
    const tol = 10 * Math.max(m, n) * U64 * frobenius(a);
    const want = reference.svd(a.slice(), m, n, false).s;
    const e = worst(native.svd(a.slice(), m, n, false).s, want, tol);
    if (!(e <= 1)) problems.push(`singular values ${m}×${n}: ${e.toFixed(1)}× bound`);
    const { s, u, vt } = native.svd(a.slice(), m, n, true);
    const k = Math.min(m, n);
    let residual = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let x = 0;
        for (let p = 0; p < k; p++) x += u![i * k + p] * s[p] * vt![p * n + j];
        residual = Math.max(residual, Math.abs(x - a[i * n + j]));
      }
    }
    if (!(residual <= tol)) {
      problems.push(
        `svd ${m}×${n}: |A − USVᵀ| ${residual.toExponential(2)}, bound ${tol.toExponential(2)}`,
      );
    }
  }
  for (const n of [1, 3, 40, 100]) checkGeneralEigenvalues(native, reference, n, problems);
}

/**
 * Eigenvalues of the normal matrix A = Qᵀ D Q (Q orthogonal, D with 2×2 blocks [[a, b], [−b, a]]),
 * known exactly: a ± ib, and a for a last 1×1 block. Normal matrices have perfectly conditioned
 * eigenvalues, so they move by at most the backward error, c·n·u·‖A‖_F.
 */
function checkGeneralEigenvalues(
  native: LinalgBackend,
  reference: LinalgBackend,
  n: number,
  problems: Problems,
): void {
  const q = reference.symmetricEigen(symmetric(n, 300 + n), n, true).vectorRows!;
  const d = new Float64Array(n * n);
  const exact: [number, number][] = [];
  for (let i = 0; i < n; i += 2) {
    const re = i - n / 2, im = 0.5 + 0.05 * i;
    d[i * n + i] = re;
    if (i + 1 < n) {
      d[(i + 1) * n + i + 1] = re;
      d[i * n + i + 1] = im;
      d[(i + 1) * n + i] = -im;
      exact.push([re, im], [re, -im]);
    } else exact.push([re, 0]);
  }
  const dq = new Float64Array(n * n), a = new Float64Array(n * n);
  reference.dgemm(false, false, n, n, n, 1, d, n, q, n, 0, dq, n);
  reference.dgemm(true, false, n, n, n, 1, q, n, dq, n, 0, a, n);
  const tol = 10 * n * U64 * frobenius(a) + 10 * n * U64 * maxAbs(d);
  const { re, im } = native.generalEigenvalues(a, n);
  const got = [...re].map((r, i): [number, number] => [r, im[i]]);
  const order = (x: [number, number], y: [number, number]) => x[0] - y[0] || x[1] - y[1];
  got.sort(order);
  exact.sort(order);
  const e = Math.max(...got.map((g, i) => Math.hypot(g[0] - exact[i][0], g[1] - exact[i][1])));
  if (!(e <= tol)) {
    problems.push(`eigvals n = ${n}: error ${e.toExponential(2)}, bound ${tol.toExponential(2)}`);
  }
}

/** Solves, Cholesky and the inverse on well-conditioned matrices (κ ≤ 3), against the reference. */
function checkSolves(native: LinalgBackend, reference: LinalgBackend, problems: Problems): void {
  for (const n of [1, 5, 70, 200]) {
    const general = testEntries(n * n, 400 + n).map((v, i) => (i % (n + 1) === 0 ? v + n : v));
    const spd = symmetric(n, 500 + n, n); // diagonally dominant: positive definite
    const b = testEntries(n * 3, 600 + n);
    const cases: [string, (x: LinalgBackend) => Float64Array][] = [
      ["solve", (x) => x.solve(general.slice(), n, b.slice(), 3)],
      ["solveSpd", (x) => x.solveSpd(spd.slice(), n, b.slice(), 3)],
      ["cholesky", (x) => x.cholesky(spd.slice(), n)],
      ["inverse", (x) => x.inverse(general.slice(), n)],
    ];
    for (const [name, run] of cases) {
      const want = run(reference);
      const e = worst(run(native), want, 100 * n * U64 * Math.max(maxAbs(want), 1e-300));
      if (!(e <= 1)) problems.push(`${name} n = ${n}: ${e.toFixed(1)}× bound`);
    }
  }
}

/** Whether the native backend agrees with the reference everywhere: the problems found, if any. */
export function verifyBackend(
  native: LinalgBackend,
  reference: LinalgBackend,
  threads: { get(): number | null; set(n: number): boolean },
): string[] {
  const problems: Problems = [];
  const run = (label: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  };
  run("products", () => checkProducts(native, reference, problems));
  const before = threads.get();
  if (before !== null && before > 1 && threads.set(1)) {
    run("products on one thread", () => checkProducts(native, reference, problems));
    threads.set(before);
  }
  run("decompositions", () => checkDecompositions(native, reference, problems));
  run("solves", () => checkSolves(native, reference, problems));
  return problems;
}

/**
 * A speed score in ms (lower is faster): the best of three runs each of f64 gemm at n = 512,
 * f32 gemm at n = 512, symmetric eigenvalues at n = 400 and singular values of 200×400, on one
 * thread (as in workers, and independent of the machine's load on other cores).
 */
export function speedScore(
  native: LinalgBackend,
  threads: { get(): number | null; set(n: number): boolean },
): number {
  const before = threads.get();
  if (before !== null && before !== 1) threads.set(1);
  try {
    const best = (fn: () => void) => {
      fn();
      let t = Infinity;
      for (let r = 0; r < 3; r++) {
        const start = performance.now();
        fn();
        t = Math.min(t, performance.now() - start);
      }
      return t;
    };
    const n = 512;
    const a = testEntries(n * n, 1), b = testEntries(n * n, 2), c = new Float64Array(n * n);
    const a32 = Float32Array.from(a), b32 = Float32Array.from(b), c32 = new Float32Array(n * n);
    const s = symmetric(400, 3), r = testEntries(200 * 400, 4);
    return best(() => native.dgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n)) +
      best(() => native.sgemm(false, false, n, n, n, 1, a32, n, b32, n, 0, c32, n)) +
      best(() => native.symmetricEigen(s.slice(), 400, false)) +
      best(() => native.svd(r.slice(), 200, 400, false));
  } finally {
    if (before !== null && before !== 1) threads.set(before);
  }
}
