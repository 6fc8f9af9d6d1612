/**
 * The fast Z-domain form of the random-feature GD DMFT (T04.6). Every kernel of the
 * correlation equations is causal and time-translation invariant, so in the two-dimensional Z
 * transform Ĉ(z₁, z₂) = Σ_{t,t'} C(t,t') z₁^{−t} z₂^{−t'} each sandwich K C Kᵀ becomes the product
 * K̂(z₁) Ĉ K̂(z₂), and the time-domain fixed point turns into a 2×2 linear system at each point:
 *   Ĉv = ĝ₁ĝ₂ + (η²/α) M̂1₁M̂1₂ (Ĉv + σ²û₁û₂) + (η²/ν) M̂2₁M̂2₂ Ĉq
 *   Ĉq = q̂₁q̂₂ + α M̂3₁M̂3₂ (Ĉv + σ²û₁û₂) + (η²/ν) M̂4₁M̂4₂ Ĉq
 * with M1 = K1R_d, M2 = K2R_s, M3 = Q1R_d, M4 = Q3R_s (random_feature_gd_dmft.ts) and û = Z[1].
 * The transforms are taken on the circle |z| = r = 10^{10/n} by a DFT of k[t]r^{−t} (length n,
 * aliasing ≈ r^{−n} = 1e−10), and the equal-time values come back as
 *   C(t,t) = r^{2t} (1/n) Σ_m e^{2πimt/n} S(m),   S(m) = (1/n) Σ_{k} Ĉ(k, m − k),
 * which needs the Ĉ grid (O(n²)) but no two-dimensional inverse transform. The factor r^{2t}
 * amplifies rounding at late t, so n = 4T. No iteration: it is exact up to aliasing and rounding.
 * It agrees with the time-domain fixed point to ~1e−10. With the direct O(n²) DFT here it is not
 * faster than the time-domain solve (T = 300: ~1.5 s against 0.5 s); its value is as an
 * independent check, and as the route to single time points at large T.
 */
import {
  correlationKernelSequences,
  type RandomFeatureGdProblem,
  randomFeatureResponses,
  validateRandomFeatureProblem,
} from "./random_feature_gd_dmft.ts";
import { convolve } from "./causal_sequences.ts";

/** DFT of seq[t]·r^{−t} (t < n): real and imaginary parts at frequencies k = 0…n−1. Written by
 * hand as a direct O(n²) sum with a precomputed twiddle table; n is at most a few thousand. */
function weightedDft(
  seq: Float64Array,
  r: number,
  n: number,
  cos: Float64Array,
  sin: Float64Array,
) {
  const re = new Float64Array(n), im = new Float64Array(n);
  const w = Float64Array.from({ length: n }, (_, t) => (t < seq.length ? seq[t] * r ** -t : 0));
  for (let k = 0; k < n; k++) {
    let a = 0, b = 0;
    for (let t = 0, idx = 0; t < n; t++, idx = (idx + k) % n) {
      a += w[t] * cos[idx];
      b -= w[t] * sin[idx];
    }
    re[k] = a;
    im[k] = b;
  }
  return { re, im };
}

/** Test and train loss of GD, t = 0…T−1, from the Z-domain solution. */
export function randomFeatureLossesZDomain(
  p: RandomFeatureGdProblem,
): { testLoss: Float64Array; trainLoss: Float64Array } {
  validateRandomFeatureProblem(p);
  const { alpha, nu, eta, noise, steps: T } = p;
  const n = 4 * T;
  const r = randomFeatureResponses(p, n);
  const k = correlationKernelSequences(p, r);
  const M1 = convolve(k.K1, r.Rd),
    M2 = convolve(k.K2, r.Rs),
    M3 = convolve(k.Q1, r.Rd),
    M4 = convolve(k.Q3, r.Rs);
  const radius = 10 ** (10 / n);
  const cos = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * j) / n));
  const sin = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
  const dft = (s: Float64Array) => weightedDft(s, radius, n, cos, sin);
  const ones = new Float64Array(n).fill(1);
  const [g, q, u, m1, m2, m3, m4, rd] = [r.g, k.qg, ones, M1, M2, M3, M4, r.Rd].map(dft);
  const s2 = noise * noise;
  const a1 = (eta * eta) / alpha, a2 = (eta * eta) / nu;
  // S(m) = (1/n) Σ_k Ĉ(k, m − k) for C_v and for C_d = R_d (C_v + σ²11ᵀ) R_dᵀ
  const sRe = new Float64Array(n),
    sIm = new Float64Array(n),
    dRe = new Float64Array(n),
    dIm = new Float64Array(n);
  const mul = (
    ar: number,
    ai: number,
    br: number,
    bi: number,
  ): [number, number] => [ar * br - ai * bi, ar * bi + ai * br];
  for (let k1 = 0; k1 < n; k1++) {
    for (let k2 = 0; k2 < n; k2++) {
      const pair = (x: { re: Float64Array; im: Float64Array }) =>
        mul(x.re[k1], x.im[k1], x.re[k2], x.im[k2]);
      const [ggR, ggI] = pair(g), [qqR, qqI] = pair(q), [uuR, uuI] = pair(u);
      const [p1R, p1I] = pair(m1),
        [p2R, p2I] = pair(m2),
        [p3R, p3I] = pair(m3),
        [p4R, p4I] = pair(m4);
      // (1 − a1 P1) Cv − a2 P2 Cq = gg + a1 σ² P1 uu;   −α P3 Cv + (1 − a2 P4) Cq = qq + α σ² P3 uu
      const [p1uR, p1uI] = mul(p1R, p1I, uuR, uuI), [p3uR, p3uI] = mul(p3R, p3I, uuR, uuI);
      const b1R = ggR + a1 * s2 * p1uR, b1I = ggI + a1 * s2 * p1uI;
      const b2R = qqR + alpha * s2 * p3uR, b2I = qqI + alpha * s2 * p3uI;
      const aR = 1 - a1 * p1R, aI = -a1 * p1I, bR = -a2 * p2R, bI = -a2 * p2I;
      const cR = -alpha * p3R, cI = -alpha * p3I, dR = 1 - a2 * p4R, dI = -a2 * p4I;
      const [adR, adI] = mul(aR, aI, dR, dI), [bcR, bcI] = mul(bR, bI, cR, cI);
      const detR = adR - bcR, detI = adI - bcI, det2 = detR * detR + detI * detI;
      // Cv = (d b1 − b b2)/det
      const [x1R, x1I] = mul(dR, dI, b1R, b1I), [x2R, x2I] = mul(bR, bI, b2R, b2I);
      const numR = x1R - x2R, numI = x1I - x2I;
      const cvR = (numR * detR + numI * detI) / det2, cvI = (numI * detR - numR * detI) / det2;
      const m = (k1 + k2) % n;
      sRe[m] += cvR / n;
      sIm[m] += cvI / n;
      const [rrR, rrI] = pair(rd);
      const [cdR, cdI] = mul(rrR, rrI, cvR + s2 * uuR, cvI + s2 * uuI);
      dRe[m] += cdR / n;
      dIm[m] += cdI / n;
    }
  }
  const back = (re: Float64Array, im: Float64Array, t: number) => {
    let s = 0;
    for (let m = 0, idx = 0; m < n; m++, idx = (idx + t) % n) {
      s += re[m] * cos[idx] - im[m] * sin[idx];
    }
    return (radius ** (2 * t) * s) / n;
  };
  return {
    testLoss: Float64Array.from({ length: T }, (_, t) => back(sRe, sIm, t) + s2),
    trainLoss: Float64Array.from({ length: T }, (_, t) => back(dRe, dIm, t)),
  };
}
