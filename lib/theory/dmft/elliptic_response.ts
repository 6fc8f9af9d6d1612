/**
 * DMFT of the linear system dh/dt = −z h − M h + j(t), M from the elliptic ensemble
 * (E M_ij² = 1/N, E M_ij M_ji = τ/N: τ = 1 GOE, τ = 0 Ginibre). Notebook 04, §1–2; T04.1–T04.3.
 *
 * Single-site closure for the response (§3.1):
 *   ∂_t R(t) = δ(t) − z R(t) + τ ∫_0^t R(t−s) R(s) ds.
 * Laplace transform (§3.2): τR̂² − (s+z)R̂ + 1 = 0, R̂(s) = [(s+z) − √((s+z)² − 4τ)]/(2τ),
 * the branch with R̂ ~ 1/s, which equals the resolvent (1/N) Tr (s + z + M)⁻¹. In time:
 *   R(t) = e^{−zt} I₁(2√τ t)/(√τ t)   (τ > 0),   R(t) = e^{−zt}   (τ = 0).
 * Correlations from an isotropic h(0) with C(0,0) = 1, j = 0 (§3.3):
 *   GOE: C(t,t') = R(t+t');   Ginibre: C(t,t) = e^{−2zt} I₀(2t).
 */

/** Parameters of the elliptic linear system. */
export interface EllipticSystem {
  /** stabilising shift z (z > 2√τ for τ > 0, z > 1 for Ginibre) */
  shift: number;
  /** correlation τ = E M_ij M_ji · N ∈ [−1, 1] */
  tau: number;
}

function check({ shift, tau }: EllipticSystem): void {
  if (!(tau >= -1 && tau <= 1)) throw new RangeError(`tau must be in [−1, 1], got ${tau}`);
  // the spectrum of M fills an ellipse with real semi-axis 1 + τ; the flow is stable when z exceeds
  // it (z = 2 is allowed for the GOE: the edge mode then decays as a power law, R ~ t^{−3/2})
  if (!(shift > 1 + tau) && !(tau === 1 && shift >= 2)) {
    throw new RangeError(`shift z = ${shift} does not stabilise τ = ${tau} (need z > ${1 + tau})`);
  }
}

/**
 * Σ_k x^{2k+ν}/(k!(k+ν)!) for ν = 0, 1, i.e. the modified Bessel function I_ν(2x). Written by hand:
 * all terms are positive (no cancellation), so the power series is accurate for the x ≤ 100 used.
 */
function besselISeries(order: 0 | 1, x: number): number {
  if (!(x >= 0) || x > 300) throw new RangeError(`Bessel series needs 0 ≤ x ≤ 300, got ${x}`);
  let term = order === 0 ? 1 : x;
  let sum = term;
  const x2 = x * x;
  for (let k = 1; k < 2000; k++) {
    term *= x2 / (k * (k + order));
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/** Modified Bessel function I₀(y). */
export function besselI0(y: number): number {
  return besselISeries(0, y / 2);
}

/** Modified Bessel function I₁(y). */
export function besselI1(y: number): number {
  return besselISeries(1, y / 2);
}

/** R(t) in closed form. */
export function ellipticResponse(system: EllipticSystem, t: number): number {
  check(system);
  if (!(t >= 0)) throw new RangeError(`t must be ≥ 0, got ${t}`);
  const { shift: z, tau } = system;
  if (t === 0) return 1;
  if (tau === 0) return Math.exp(-z * t);
  if (tau > 0) {
    const a = Math.sqrt(tau) * t;
    return Math.exp(-z * t) * besselI1(2 * a) / a;
  }
  // τ < 0: I₁(2i a)/(i a) = J₁(2a)/a
  const a = Math.sqrt(-tau) * t;
  let term = 1, sum = 1; // Σ_k (−a²)^k/(k!(k+1)!)
  for (let k = 1; k < 2000; k++) {
    term *= -(a * a) / (k * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-17) break;
  }
  return Math.exp(-z * t) * sum;
}

/** Laplace transform R̂(s) for complex s = re + i·im (branch with R̂ ~ 1/s), as [re, im]. */
export function ellipticResponseLaplace(
  system: EllipticSystem,
  re: number,
  im: number,
): [number, number] {
  check(system);
  if (!Number.isFinite(re) || !Number.isFinite(im)) {
    throw new RangeError(`ellipticResponseLaplace: s = ${re} + ${im}i must be finite`);
  }
  const { shift: z, tau } = system;
  const wr = re + z, wi = im;
  if (tau === 0) {
    const d = wr * wr + wi * wi;
    return [wr / d, -wi / d];
  }
  // √(w² − 4τ) with the branch ≈ w at large |w|: the principal root, sign-fixed to Re(√·/w) > 0
  const ar = wr * wr - wi * wi - 4 * tau, ai = 2 * wr * wi;
  const mod = Math.hypot(ar, ai);
  let sr = Math.sqrt((mod + ar) / 2),
    si = Math.sign(ai || 1) * Math.sqrt(Math.max(0, (mod - ar) / 2));
  if (sr * wr + si * wi < 0) [sr, si] = [-sr, -si];
  return [(wr - sr) / (2 * tau), (wi - si) / (2 * tau)];
}

/**
 * The spectral density of M read off the response: ρ(λ) = (1/π) Im R̂(−λ − z − i0), for GOE
 * the semicircle √(4 − λ²)/(2π). Evaluated at a small negative imaginary part.
 */
export function spectralDensityFromResponse(
  system: EllipticSystem,
  lambda: number,
  epsilon = 1e-9,
): number {
  const [, im] = ellipticResponseLaplace(system, -lambda - system.shift, -epsilon);
  return Math.abs(im) / Math.PI;
}

/** C(t,t) from an isotropic unit-norm h(0): GOE R(2t); Ginibre e^{−2zt} I₀(2t). */
export function ellipticEqualTimeCorrelation(system: EllipticSystem, t: number): number {
  check(system);
  if (system.tau === 1) return ellipticResponse(system, 2 * t);
  if (system.tau === 0) return Math.exp(-2 * system.shift * t) * besselI0(2 * t);
  throw new RangeError("closed-form C(t,t) is implemented for τ = 1 (GOE) and τ = 0 (Ginibre)");
}

/**
 * Time-domain solve of the response closure on a grid t_k = k·dt (explicit Euler with the
 * rectangle rule including both endpoints, T04.1):
 *   R[k+1] = R[k] + dt(−z R[k] + τ dt Σ_{j=0..k} R[k−j] R[j]),  R[0] = 1.
 */
export function solveEllipticResponse(
  system: EllipticSystem,
  dt: number,
  steps: number,
): Float64Array {
  check(system);
  if (!(dt > 0) || !Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`need dt > 0 and an integer steps ≥ 1, got ${dt}, ${steps}`);
  }
  const { shift: z, tau } = system;
  // explicit Euler is stable while dt·(fastest decay rate z + 1 + τ) < 2
  const dtMax = 2 / (z + 1 + tau);
  if (!(dt < dtMax)) {
    throw new RangeError(
      `solveEllipticResponse: dt = ${dt} is too large for the explicit Euler step at z = ${z}, ` +
        `τ = ${tau}: need dt < 2/(z + 1 + τ) = ${dtMax.toPrecision(4)}`,
    );
  }
  const r = new Float64Array(steps + 1);
  r[0] = 1;
  for (let k = 0; k < steps; k++) {
    let conv = 0;
    for (let j = 0; j <= k; j++) conv += r[k - j] * r[j];
    r[k + 1] = r[k] + dt * (-z * r[k] + tau * dt * conv);
  }
  return r;
}

/**
 * C(t,t) for any τ from the correlation closure in time (T04.1, T04.3): with h(0) isotropic and
 * j = 0, h(t) = R(t)h(0) − ∫₀ᵗ R(t−s)u(s)ds, u ~ GP(0, C), so
 *   C(t,t') = R(t)R(t') + ∫₀ᵗ∫₀^{t'} R(t−s)R(t'−s')C(s,s') ds ds'
 * (the Laplace form Ĉ = R̂₁R̂₂/(1 − R̂₁R̂₂)). Discretised on t_k = k·dt with trapezoid weights (error
 * O(dt²)) and R from its closed form; the implicit causal equation is solved by fixed-point sweeps.
 * Returns C(t_k, t_k), k = 0…steps.
 */
export function solveEllipticEqualTimeCorrelation(
  system: EllipticSystem,
  dt: number,
  steps: number,
): Float64Array {
  check(system);
  if (!(dt > 0) || !Number.isInteger(steps) || steps < 1 || steps > 2000) {
    throw new RangeError(`need dt > 0 and an integer 1 ≤ steps ≤ 2000, got ${dt}, ${steps}`);
  }
  const n = steps + 1;
  const r = Float64Array.from({ length: n }, (_, k) => ellipticResponse(system, k * dt));
  // K(i, a) = dt·w(i, a)·R(t_i − t_a), trapezoid weights ½ at a = 0 and a = i
  const K = new Float64Array(n * n);
  for (let i = 1; i < n; i++) {
    for (let a = 0; a <= i; a++) K[i * n + a] = dt * (a === 0 || a === i ? 0.5 : 1) * r[i - a];
  }
  const source = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) source[i * n + j] = r[i] * r[j];
  let C = source.slice();
  for (let sweep = 0; sweep < 4 * n; sweep++) {
    // next = source + K C Kᵀ
    const KC = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a <= i; a++) {
        const k = K[i * n + a];
        if (k === 0) continue;
        for (let j = 0; j < n; j++) KC[i * n + j] += k * C[a * n + j];
      }
    }
    const next = source.slice();
    let change = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let b = 0; b <= j; b++) s += KC[i * n + b] * K[j * n + b];
        next[i * n + j] += s;
        change = Math.max(change, Math.abs(next[i * n + j] - C[i * n + j]));
      }
    }
    C = next;
    if (!Number.isFinite(change)) throw new RangeError("the elliptic correlation closure diverged");
    if (change < 1e-13) break;
  }
  return Float64Array.from({ length: n }, (_, k) => C[k * n + k]);
}
