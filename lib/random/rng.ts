/**
 * The project's random number generator: xoroshiro128+ (Blackman & Vigna 2018) from the npm
 * package pure-rand, seeded and split by SplitMix64 hashing of a key path (seed_hash.ts).
 *
 * `Rng.fromSeed(seed)` and `rng.stream(k1, k2, ...)` give independent streams that depend only on
 * the seed and the key path — not on creation order — so a sweep split over any number of workers
 * draws the same numbers as a serial run. The state is serialisable (`getState` / `fromState`).
 *
 * Written here on top of pure-rand (not taken from it): the conversion to doubles and the normal
 * sampler. pure-rand's `uniformFloat64` keeps the low bits of each 32-bit output, the weakest bits
 * of xoroshiro128+; we keep the high bits instead, and pure-rand has no normal sampler.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { seedPathToWords } from "./seed_hash.ts";

type Generator = ReturnType<typeof xoroshiro128plus>;

/** A JSON-serialisable snapshot of an Rng. */
export interface RngState {
  algorithm: "xoroshiro128+";
  /** seed followed by the stream keys that produced this generator */
  path: number[];
  /** the four 32-bit words of the xoroshiro128+ state */
  words: number[];
  /** the second normal of the last Box–Muller pair, or null */
  spareNormal: number | null;
}

const TWO_POW_M26 = 2 ** -26;
const TWO_POW_M53 = 2 ** -53;
const TWO_PI = 2 * Math.PI;

/** A seeded, splittable generator of uniform, normal and integer draws. */
export class Rng {
  #gen: Generator;
  #path: number[];
  #spare: number | null = null;

  private constructor(gen: Generator, path: number[]) {
    this.#gen = gen;
    this.#path = path;
  }

  /** A generator for `seed` (non-negative safe integer), optionally on a keyed sub-stream. */
  static fromSeed(seed: number, ...key: number[]): Rng {
    const path = [seed, ...key];
    return new Rng(xoroshiro128plusFromState(seedPathToWords(path)), path);
  }

  /** Restores a generator from `getState()`, continuing exactly where it stopped. */
  static fromState(state: RngState): Rng {
    if (state.algorithm !== "xoroshiro128+" || state.words.length !== 4) {
      throw new Error(`not an Rng state: ${JSON.stringify(state).slice(0, 80)}`);
    }
    const rng = new Rng(xoroshiro128plusFromState(state.words), [...state.path]);
    rng.#spare = state.spareNormal;
    return rng;
  }

  /** An independent generator keyed by this one's path plus `key` (draws from this one are unaffected). */
  stream(...key: number[]): Rng {
    if (key.length === 0) throw new RangeError("stream() needs at least one key");
    return Rng.fromSeed(this.#path[0], ...this.#path.slice(1), ...key);
  }

  /** The seed and stream keys this generator was made from. */
  get path(): readonly number[] {
    return this.#path;
  }

  /** A serialisable snapshot of the full state. */
  getState(): RngState {
    return {
      algorithm: "xoroshiro128+",
      path: [...this.#path],
      words: this.#gen.getState().slice(),
      spareNormal: this.#spare,
    };
  }

  /** Uniform double in [0, 1) with 53 random bits (the high bits of two 32-bit outputs). */
  uniform(): number {
    const hi = this.#gen.next() >>> 6; // 26 bits
    const lo = this.#gen.next() >>> 5; // 27 bits
    return hi * TWO_POW_M26 + lo * TWO_POW_M53;
  }

  /** Standard normal draw by the Box–Muller transform (pairs; the second one is kept). */
  normal(): number {
    if (this.#spare !== null) {
      const z = this.#spare;
      this.#spare = null;
      return z;
    }
    const u1 = 1 - this.uniform(); // (0, 1], so log is finite
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.#spare = r * Math.sin(TWO_PI * u2);
    return r * Math.cos(TWO_PI * u2);
  }

  /** Uniform integer in [0, n), unbiased (pure-rand's rejection sampler); n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32) {
      throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    }
    return uniformInt(this.#gen, 0, n - 1);
  }

  /** Fills `out` with uniforms in [0, 1); returns it. */
  fillUniform<T extends Float64Array | Float32Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** Fills `out` with N(mean, std²) draws; returns it. */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean = 0, std = 1): T {
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
      throw new RangeError(`fillNormal needs finite mean and std ≥ 0, got ${mean}, ${std}`);
    }
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
