/**
 * The shape of the character GPT (Karpathy's gpt.py, "Let's build GPT"): token and position
 * embeddings, `layers` pre-norm blocks x ← x + proj(attn(LN(x))), x ← x + W₂ relu(W₁ LN(x)),
 * then a final LayerNorm and a linear head with bias. No dropout, no weight tying.
 */

/** The model's shape and initialisation. */
export interface GptArchitecture {
  /** number of distinct characters */
  vocab: number;
  layers: number;
  heads: number;
  /** embedding width C (divisible by heads; head size hs = C/heads) */
  width: number;
  /** longest context T */
  context: number;
  /** standard deviation of the N(0, s²) initialisation of every weight matrix and embedding */
  initStd: number;
}

/** Throws a RangeError naming the first invalid field. */
export function validateArchitecture(a: GptArchitecture): void {
  for (const key of ["vocab", "layers", "heads", "width", "context"] as const) {
    if (!Number.isInteger(a[key]) || a[key] < 1) {
      throw new RangeError(`GPT ${key} must be a positive integer, got ${a[key]}`);
    }
  }
  if (a.vocab < 2) throw new RangeError(`GPT vocab must be at least 2, got ${a.vocab}`);
  if (a.width % a.heads !== 0) {
    throw new RangeError(`GPT width ${a.width} must be divisible by heads ${a.heads}`);
  }
  if (!(a.initStd > 0 && Number.isFinite(a.initStd))) {
    throw new RangeError(`GPT initStd must be positive and finite, got ${a.initStd}`);
  }
}

/** Head size hs = C/heads. */
export function headSize(a: GptArchitecture): number {
  return a.width / a.heads;
}
