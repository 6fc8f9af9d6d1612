/**
 * Cache-blocked matrix product in TypeScript, the fallback backend's gemm.
 *
 * Written by hand because ml-matrix's `mmul` is a plain triple loop over `Matrix` objects
 * (~0.3 GFLOP/s at n = 512 here) and has no f32, alpha/beta or transposed forms. This one packs
 * op(A) and op(B) into contiguous f64 row-major panels, so the inner loop is a unit-stride
 * axpy over a row of B, and blocks k and j so that the B panel stays in cache. It accumulates in
 * f64 also for f32 inputs, so it is at least as accurate as sgemm.
 */
import type { FloatArray } from "./dense_matrix.ts";

const K_BLOCK = 128;
const N_BLOCK = 256;

/** op(X) (rows × cols) as a contiguous f64 row-major copy; X has row stride ld. */
function packed(x: FloatArray, trans: boolean, rows: number, cols: number, ld: number) {
  const out = new Float64Array(rows * cols);
  if (!trans) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = x[i * ld + j];
    }
  } else {
    // op(X) = Xᵀ: X is cols × rows with stride ld
    for (let r = 0; r < cols; r++) {
      for (let i = 0; i < rows; i++) out[i * cols + r] = x[r * ld + i];
    }
  }
  return out;
}

/** C ← alpha·op(A)·op(B) + beta·C (row-major, strides lda/ldb/ldc); beta = 0 ignores C. */
export function blockedGemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  lda: number,
  b: FloatArray,
  ldb: number,
  beta: number,
  c: FloatArray,
  ldc: number,
): void {
  const acc = new Float64Array(m * n);
  if (beta !== 0) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) acc[i * n + j] = beta * c[i * ldc + j];
    }
  }
  if (alpha !== 0 && k > 0) {
    const A = packed(a, transA, m, k, lda);
    const B = packed(b, transB, k, n, ldb);
    for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
      const k1 = Math.min(k, k0 + K_BLOCK);
      for (let j0 = 0; j0 < n; j0 += N_BLOCK) {
        const j1 = Math.min(n, j0 + N_BLOCK);
        // Four rows of C at a time: each loaded entry of B feeds four multiply-adds.
        const m4 = m & ~3;
        for (let i = 0; i < m4; i += 4) {
          const c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
          const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
          for (let p = k0; p < k1; p++) {
            const s0 = alpha * A[a0 + p], s1 = alpha * A[a1 + p];
            const s2 = alpha * A[a2 + p], s3 = alpha * A[a3 + p];
            const bp = p * n;
            for (let j = j0; j < j1; j++) {
              const bj = B[bp + j];
              acc[c0 + j] += s0 * bj;
              acc[c1 + j] += s1 * bj;
              acc[c2 + j] += s2 * bj;
              acc[c3 + j] += s3 * bj;
            }
          }
        }
        for (let i = m4; i < m; i++) {
          const ci = i * n;
          const ai = i * k;
          for (let p = k0; p < k1; p++) {
            const s = alpha * A[ai + p];
            const bp = p * n;
            for (let j = j0; j < j1; j++) acc[ci + j] += s * B[bp + j];
          }
        }
      }
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) c[i * ldc + j] = acc[i * n + j];
  }
}

/** y ← alpha·op(A)·x + beta·y for row-major m×n A (f64 accumulation). */
export function plainGemv(
  trans: boolean,
  m: number,
  n: number,
  alpha: number,
  a: FloatArray,
  x: FloatArray,
  beta: number,
  y: FloatArray,
): void {
  const outLength = trans ? n : m;
  const acc = new Float64Array(outLength);
  if (!trans) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const ai = i * n;
      for (let j = 0; j < n; j++) s += a[ai + j] * x[j];
      acc[i] = s;
    }
  } else {
    for (let i = 0; i < m; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const ai = i * n;
      for (let j = 0; j < n; j++) acc[j] += a[ai + j] * xi;
    }
  }
  for (let i = 0; i < outLength; i++) {
    y[i] = alpha * acc[i] + (beta === 0 ? 0 : beta * y[i]);
  }
}
