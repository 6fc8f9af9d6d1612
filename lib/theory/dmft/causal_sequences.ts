/**
 * Lower-triangular Toeplitz (causal, time-translation-invariant) kernels as sequences: the matrix
 * K(t,t') = k[t − t'] for t ≥ t'. They form a commutative algebra: the product is the truncated
 * convolution and the inverse is the reciprocal power series, both O(T²). The DMFT responses of
 * LTI systems are of this kind (notebook 04). Written by hand: no library offers causal
 * series arithmetic, and the O(T²) forms beat dense O(T³) matrix inverses.
 */

/** (a ∗ b)[t] = Σ_{s ≤ t} a[t−s] b[s], truncated to the length of a. */
export function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`sequences differ in length: ${n} and ${b.length}`);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let k = 0; k <= t; k++) s += a[t - k] * b[k];
    out[t] = s;
  }
  return out;
}

/** The sequence b with a ∗ b = δ (a[0] ≠ 0). */
export function causalInverse(a: Float64Array): Float64Array {
  const n = a.length;
  if (!(Math.abs(a[0]) > 0)) throw new RangeError("a causal kernel with a[0] = 0 has no inverse");
  const out = new Float64Array(n);
  out[0] = 1 / a[0];
  for (let t = 1; t < n; t++) {
    let s = 0;
    for (let k = 1; k <= t; k++) s += a[k] * out[t - k];
    out[t] = -s / a[0];
  }
  return out;
}

/** The identity δ = [1, 0, 0, …]. */
export function identitySequence(n: number): Float64Array {
  const d = new Float64Array(n);
  d[0] = 1;
  return d;
}

/** The causal integrator J (strictly lower-triangular ones): [0, 1, 1, …]. */
export function integratorSequence(n: number): Float64Array {
  const j = new Float64Array(n).fill(1);
  j[0] = 0;
  return j;
}

/** a + c·b elementwise. */
export function addScaled(a: Float64Array, c: number, b: Float64Array): Float64Array {
  return a.map((v, i) => v + c * b[i]);
}

/** The dense row-major T×T matrix K(t,t') = k[t − t'] for t ≥ t', 0 above the diagonal. */
export function toeplitzMatrix(k: Float64Array, size = k.length): Float64Array {
  if (size > k.length) throw new RangeError(`sequence of ${k.length} cannot fill ${size}×${size}`);
  const m = new Float64Array(size * size);
  for (let t = 0; t < size; t++) for (let s = 0; s <= t; s++) m[t * size + s] = k[t - s];
  return m;
}
