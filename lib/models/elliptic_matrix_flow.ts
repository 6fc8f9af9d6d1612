/**
 * Finite-size simulations of dh/dt = −(z + M)h for the elliptic ensembles of notebook 04, §1–2 (T04.1–T04.3):
 * GOE (symmetric, E M_ij² = 1/N off the diagonal, 2/N on it) and Ginibre (iid N(0, 1/N)).
 * The response (1/N) Tr e^{−(z+M)t} comes from the eigenvalues; the equal-time correlation
 * C(t,t) = |h(t)|²/N from isotropic unit probes propagated by RK4.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { eigvals, eigvalsh } from "../linalg/eigen.ts";
import { matmul } from "../linalg/products.ts";
import { Rng } from "../random/rng.ts";

/** A GOE matrix of size n (semicircle on [−2, 2]). */
export function sampleGoe(n: number, rng: Rng): DenseMatrix<Float64Array> {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    m[i * n + i] = rng.normal() * Math.sqrt(2 / n);
    for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i] = rng.normal() / Math.sqrt(n);
  }
  return new DenseMatrix(n, n, m);
}

/** A Ginibre matrix of size n (circular law of radius 1). */
export function sampleGinibre(n: number, rng: Rng): DenseMatrix<Float64Array> {
  return new DenseMatrix(n, n, rng.fillNormal(new Float64Array(n * n), 0, 1 / Math.sqrt(n)));
}

/**
 * An elliptic-ensemble matrix: M = √((1+τ)/2) S + √((1−τ)/2) A with S symmetric and A
 * antisymmetric, off-diagonal entries N(0, 1/N), so E M_ij² = 1/N and E M_ij M_ji = τ/N.
 */
export function sampleElliptic(n: number, tau: number, rng: Rng): DenseMatrix<Float64Array> {
  if (!(tau >= -1 && tau <= 1)) throw new RangeError(`tau must be in [−1, 1], got ${tau}`);
  const a = Math.sqrt((1 + tau) / 2), b = Math.sqrt((1 - tau) / 2);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    m[i * n + i] = a * rng.normal() * Math.sqrt(2 / n);
    for (let j = 0; j < i; j++) {
      const sym = rng.normal() / Math.sqrt(n), anti = rng.normal() / Math.sqrt(n);
      m[i * n + j] = a * sym + b * anti;
      m[j * n + i] = a * sym - b * anti;
    }
  }
  return new DenseMatrix(n, n, m);
}

/** (1/N) Σ_k Re e^{−(z+λ_k)t} at each time, from the (possibly complex) eigenvalues of M. */
export function traceResponse(
  m: DenseMatrix<Float64Array>,
  shift: number,
  times: readonly number[],
): Float64Array {
  const n = m.rows;
  let re: Float64Array, im: Float64Array;
  let symmetric = true;
  for (let i = 0; i < n && symmetric; i++) {
    for (let j = 0; j < i; j++) if (m.data[i * n + j] !== m.data[j * n + i]) symmetric = false;
  }
  if (symmetric) {
    re = eigvalsh(m);
    im = new Float64Array(n);
  } else {
    ({ re, im } = eigvals(m));
  }
  return Float64Array.from(times, (t) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(-(shift + re[k]) * t) * Math.cos(im[k] * t);
    return s / n;
  });
}

/**
 * C(t,t) = |h(t)|²/N averaged over `probes` isotropic starts h(0) ~ N(0, I) (so C(0,0) ≈ 1),
 * by RK4 with step dt; `times` must be multiples of dt.
 */
export function probeCorrelation(
  m: DenseMatrix<Float64Array>,
  shift: number,
  times: readonly number[],
  probes: number,
  rng: Rng,
  dt = 0.01,
): Float64Array {
  const n = m.rows;
  const marks = new Map(times.map((t, i) => [Math.round(t / dt), i]));
  const last = Math.max(...marks.keys());
  const out = new Float64Array(times.length);
  let h = new DenseMatrix(n, probes, rng.fillNormal(new Float64Array(n * probes)));
  const record = (i: number) => (out[i] = h.data.reduce((a, v) => a + v * v, 0) / (n * probes));
  if (marks.has(0)) record(marks.get(0)!);
  const deriv = (x: DenseMatrix<Float64Array>) => {
    const y = matmul(m, x);
    for (let i = 0; i < y.data.length; i++) y.data[i] = -y.data[i] - shift * x.data[i];
    return y;
  };
  const step = (x: DenseMatrix<Float64Array>, c: number, k: DenseMatrix<Float64Array>) =>
    new DenseMatrix(n, probes, x.data.map((v, i) => v + c * k.data[i]));
  for (let s = 1; s <= last; s++) {
    const k1 = deriv(h),
      k2 = deriv(step(h, dt / 2, k1)),
      k3 = deriv(step(h, dt / 2, k2)),
      k4 = deriv(step(h, dt, k3));
    h = new DenseMatrix(
      n,
      probes,
      h.data.map((v, i) =>
        v + (dt / 6) * (k1.data[i] + 2 * k2.data[i] + 2 * k3.data[i] + k4.data[i])
      ),
    );
    if (marks.has(s)) record(marks.get(s)!);
  }
  return out;
}
