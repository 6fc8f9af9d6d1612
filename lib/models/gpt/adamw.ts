/**
 * AdamW (Loshchilov & Hutter, ICLR 2019), in PyTorch's form: at update t (from 1), for each
 * parameter p with gradient g and decay flag d,
 *   p ← p − lr·λ·d·p ;  m ← β₁m + (1−β₁)g ;  v ← β₂v + (1−β₂)g²
 *   p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * plus global-norm gradient clipping (g ← g·min(1, c/‖g‖)) before the update.
 */
import { type Floats, zerosLike } from "./float_buffers.ts";

/** Hyperparameters of AdamW. */
export interface AdamWSettings {
  beta1: number;
  beta2: number;
  eps: number;
  /** decoupled weight decay λ (applied to the flagged parameters) */
  weightDecay: number;
}

/** Checks the hyperparameters; throws a RangeError naming the bad one. */
export function validateAdamW(s: AdamWSettings): void {
  for (const key of ["beta1", "beta2"] as const) {
    if (!(s[key] >= 0 && s[key] < 1)) {
      throw new RangeError(`AdamW ${key} must be in [0, 1), got ${s[key]}`);
    }
  }
  if (!(s.eps > 0)) throw new RangeError(`AdamW eps must be positive, got ${s.eps}`);
  if (!(s.weightDecay >= 0 && Number.isFinite(s.weightDecay))) {
    throw new RangeError(`AdamW weightDecay must be ≥ 0, got ${s.weightDecay}`);
  }
}

/** The optimiser state: first and second moments and the number of updates made. */
export class AdamW {
  readonly settings: AdamWSettings;
  readonly m: Floats;
  readonly v: Floats;
  readonly #decay: Uint8Array;
  steps = 0;

  /** `decay[i]` = 1 where parameter i gets weight decay. */
  constructor(settings: AdamWSettings, like: Floats, decay: Uint8Array) {
    validateAdamW(settings);
    if (decay.length !== like.length) {
      throw new RangeError("AdamW: decay mask and parameters differ in length");
    }
    this.settings = { ...settings };
    this.m = zerosLike(like, like.length);
    this.v = zerosLike(like, like.length);
    this.#decay = decay;
  }

  /** One update of `params` from `grads` at learning rate `lr`. */
  update(params: Floats, grads: Floats, lr: number): void {
    if (!(lr >= 0 && Number.isFinite(lr))) {
      throw new RangeError(`learning rate must be ≥ 0, got ${lr}`);
    }
    const { beta1, beta2, eps, weightDecay } = this.settings;
    this.steps += 1;
    const c1 = 1 / (1 - beta1 ** this.steps);
    const c2 = 1 / (1 - beta2 ** this.steps);
    const decayFactor = 1 - lr * weightDecay;
    const m = this.m, v = this.v, decay = this.#decay;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const p = decay[i] ? params[i] * decayFactor : params[i];
      params[i] = p - lr * (mi * c1) / (Math.sqrt(vi * c2) + eps);
    }
  }
}

/** Scales `grads` to global norm ≤ maxNorm (no-op when it is already); returns the norm before. */
export function clipGradientNorm(grads: Floats, maxNorm: number): number {
  if (!(maxNorm > 0)) {
    throw new RangeError(
      `gradClip must be > 0 (Infinity turns clipping off), got ${maxNorm}; a negative bound ` +
        `would reverse the step`,
    );
  }
  let s = 0;
  for (let i = 0; i < grads.length; i++) s += grads[i] * grads[i];
  const norm = Math.sqrt(s);
  if (!Number.isFinite(norm)) throw new RangeError(`gradient norm is ${norm}: the loss diverged`);
  if (norm > maxNorm) {
    const k = maxNorm / norm;
    for (let i = 0; i < grads.length; i++) grads[i] *= k;
  }
  return norm;
}
