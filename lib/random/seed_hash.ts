/**
 * Seed derivation by SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; the finaliser of Vigna's splitmix64.c). Used only when a stream is
 * created, so BigInt arithmetic is fine here and keeps the 64-bit mixing exact.
 */

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche. */
export function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Throws unless `value` is a non-negative safe integer; `what` names it in the message. */
export function assertSeedInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

/**
 * Hashes a seed and a key path (e.g. [settingIndex, replicaIndex]) into 128 bits, returned as
 * four signed 32-bit words, never all zero. Distinct paths give unrelated states.
 */
export function seedPathToWords(path: readonly number[]): [number, number, number, number] {
  if (path.length === 0) throw new RangeError("a seed path needs at least the seed");
  path.forEach((v, i) => assertSeedInteger(v, i === 0 ? "seed" : `stream key ${i - 1}`));
  // Absorb each element: h ← mix(h + γ·(i+1) ⊕ mix(v + γ)). The length enters through i.
  let h = 0n;
  path.forEach((v, i) => {
    h = mix64((h + GOLDEN_GAMMA * BigInt(i + 1)) ^ mix64(BigInt(v) + GOLDEN_GAMMA));
  });
  const a = mix64(h + GOLDEN_GAMMA);
  const b = mix64(h + 2n * GOLDEN_GAMMA);
  const words: [number, number, number, number] = [
    Number(BigInt.asIntN(32, a >> 32n)),
    Number(BigInt.asIntN(32, a)),
    Number(BigInt.asIntN(32, b >> 32n)),
    Number(BigInt.asIntN(32, b)),
  ];
  if (words.every((w) => w === 0)) words[3] = 1; // xoroshiro's only forbidden state
  return words;
}
