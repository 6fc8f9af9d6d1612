/** A character-level vocabulary: the sorted distinct characters (UTF-16 code units) of a text. */

/** Maps characters to token ids and back. */
export class CharVocabulary {
  readonly chars: string[];
  readonly #ids: Map<string, number>;

  constructor(chars: readonly string[]) {
    if (chars.length < 2) {
      throw new RangeError(`a vocabulary needs ≥ 2 characters, got ${chars.length}`);
    }
    this.chars = [...chars];
    this.#ids = new Map(this.chars.map((c, i) => [c, i]));
    if (this.#ids.size !== this.chars.length) throw new RangeError("vocabulary characters repeat");
  }

  /** The distinct characters of `texts`, sorted by code unit. */
  static fromTexts(...texts: string[]): CharVocabulary {
    const set = new Set<string>();
    for (const t of texts) for (let i = 0; i < t.length; i++) set.add(t[i]);
    return new CharVocabulary([...set].sort());
  }

  get size(): number {
    return this.chars.length;
  }

  /** Token ids of `text`; throws on a character outside the vocabulary. */
  encode(text: string): Uint8Array | Uint16Array {
    const out = this.size <= 256 ? new Uint8Array(text.length) : new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const id = this.#ids.get(text[i]);
      if (id === undefined) {
        throw new RangeError(`character ${JSON.stringify(text[i])} is not in the vocabulary`);
      }
      out[i] = id;
    }
    return out;
  }

  /** The text of token ids. */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i]];
      if (c === undefined) throw new RangeError(`token ${ids[i]} is outside the vocabulary`);
      s += c;
    }
    return s;
  }
}

/**
 * B random windows of T+1 consecutive tokens (gpt.py's get_batch): inputs are the first T,
 * targets the last T, of each window.
 */
export function sampleBatch(
  data: ArrayLike<number>,
  batch: number,
  time: number,
  draw: (n: number) => number,
): { tokens: Int32Array; targets: Int32Array } {
  if (data.length < time + 1) {
    throw new RangeError(`text of ${data.length} tokens is shorter than ${time + 1}`);
  }
  const tokens = new Int32Array(batch * time), targets = new Int32Array(batch * time);
  for (let b = 0; b < batch; b++) {
    const start = draw(data.length - time);
    for (let t = 0; t < time; t++) {
      tokens[b * time + t] = data[start + t];
      targets[b * time + t] = data[start + t + 1];
    }
  }
  return { tokens, targets };
}
