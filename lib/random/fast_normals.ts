/**
 * A fast bulk source of standard normals for hot simulation loops (the RBM's Gibbs sampler draws
 * ~1100 normals per realisation-step): xoshiro128** 1.0 (Blackman & Vigna 2018; 32-bit words,
 * every output bit usable) feeding Doornik's ZIGNOR ziggurat (J. A. Doornik, "An improved
 * ziggurat method to generate normal random samples", 2005), which takes the layer and the
 * abscissa from independent draws — unlike Marsaglia & Tsang's original, whose layer index reused
 * bits of the abscissa. Written by hand because no npm package offers a seedable, inlinable
 * normal sampler at this speed; Rng (Box–Muller on pure-rand) stays the general-purpose source.
 *
 * Seeded from an Rng, so streams keep the project's key-path determinism.
 */
import type { Rng } from "./rng.ts";

const LAYERS = 128;
const TAIL = 3.442619855899; // R: start of the tail
const AREA = 9.91256303526217e-3; // V: area of each layer
const X = new Float64Array(LAYERS + 1);
const RATIO = new Float64Array(LAYERS);
{
  let f = Math.exp(-0.5 * TAIL * TAIL);
  X[0] = AREA / f;
  X[1] = TAIL;
  X[LAYERS] = 0;
  for (let i = 2; i < LAYERS; i++) {
    X[i] = Math.sqrt(-2 * Math.log(AREA / X[i - 1] + f));
    f = Math.exp(-0.5 * X[i] * X[i]);
  }
  for (let i = 0; i < LAYERS; i++) RATIO[i] = X[i + 1] / X[i];
}

const TWO_POW_M32 = 2 ** -32;

/** Bulk N(0, 1) draws from a xoshiro128** stream. */
export class FastNormals {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /** Seeds the 128-bit state from four 32-bit draws of `rng`. */
  constructor(rng: Rng) {
    const word = () => Math.floor(rng.uniform() * 2 ** 32) | 0;
    this.#s0 = word();
    this.#s1 = word();
    this.#s2 = word();
    this.#s3 = word();
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /** Next 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    let s2 = this.#s2 ^ s0;
    let s3 = this.#s3 ^ s1;
    this.#s1 = s1 ^ s2;
    this.#s0 = s0 ^ s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    this.#s2 = s2;
    this.#s3 = s3;
    return result >>> 0;
  }

  /** Uniform in (0, 1) with 32 random bits (never exactly 0 or 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_M32;
  }

  /** One standard normal. */
  normal(): number {
    const u = 2 * this.uniform() - 1;
    const i = this.nextUint32() & (LAYERS - 1);
    if (Math.abs(u) < RATIO[i]) return u * X[i];
    return this.#rejected(u, i);
  }

  /** The rare draws (about 1 %): the base layer's tail, or a wedge test; else a fresh draw. */
  #rejected(u: number, i: number): number {
    if (i === 0) return this.#tail(u < 0);
    const x = u * X[i];
    const f0 = Math.exp(-0.5 * (X[i] * X[i] - x * x));
    const f1 = Math.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
    if (f1 + this.uniform() * (f0 - f1) < 1) return x;
    return this.normal();
  }

  /**
   * Fills out[offset … offset+count) with mean + std·N(0, 1); returns out. The same draws as
   * calling normal() count times, with the generator's state held in local variables: the
   * xoshiro step and the ziggurat's common case are inlined here, and the state goes back to the
   * fields only around a rare draw. Measured here: the RBM step's 160 draws took 4.3 µs through
   * normal() and 1.4 µs this way.
   */
  fill(
    out: Float64Array,
    mean = 0,
    std = 1,
    offset = 0,
    count = out.length - offset,
  ): Float64Array {
    const end = offset + count;
    let s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    for (let k = offset; k < end; k++) {
      // two xoshiro128** outputs (as nextUint32): the abscissa u, then the layer i
      let result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const u = 2 * (((result >>> 0) + 0.5) * TWO_POW_M32) - 1;
      result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const i = (result >>> 0) & (LAYERS - 1);
      if (Math.abs(u) < RATIO[i]) {
        out[k] = mean + std * (u * X[i]);
        continue;
      }
      this.#s0 = s0, this.#s1 = s1, this.#s2 = s2, this.#s3 = s3;
      out[k] = mean + std * this.#rejected(u, i);
      s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    }
    this.#s0 = s0, this.#s1 = s1, this.#s2 = s2, this.#s3 = s3;
    return out;
  }

  #tail(negative: boolean): number {
    let x: number, y: number;
    do {
      x = Math.log(this.uniform()) / TAIL;
      y = Math.log(this.uniform());
    } while (-2 * y < x * x);
    return negative ? x - TAIL : TAIL - x;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
