/**
 * The character GPT with an explicit forward and backward pass over flat buffers, the way llm.c
 * writes GPT-2. Written by hand because no autograd framework runs well in Deno here: the
 * measured options were 8–120× slower than PyTorch (tfjs-wasm, tfjs-cpu and WebGPU, measured
 * on our 2-core machines); every matmul goes
 * to lib/linalg (native sgemm when OpenBLAS is there).
 *
 * Forward for B sequences of T ≤ context tokens (R = B·T rows):
 *   x₀ = wte[tokens] + wpe[0..T)
 *   per block: a = x + proj(attn(LN₁(x))) ; x' = a + W₂ relu(W₁ LN₂(a) + b₁) + b₂
 *   logits = LN_f(x_L) Wₕᵀ + bₕ ; loss = mean cross-entropy of the next character
 */
import {
  attentionBackward,
  attentionForward,
  type AttentionShape,
} from "./causal_self_attention.ts";
import { embeddingBackward, embeddingForward } from "./embedding.ts";
import { type Floats, zerosLike } from "./float_buffers.ts";
import { type GptArchitecture, validateArchitecture } from "./gpt_architecture.ts";
import {
  type GptTensors,
  initialiseParameters,
  parameterCount,
  tensorViews,
} from "./gpt_parameters.ts";
import { layerNormBackward, layerNormForward } from "./layer_norm.ts";
import { linearBackward, linearForward } from "./linear_layer.ts";
import { reluBackward, reluForward } from "./relu.ts";
import {
  softmaxCrossEntropyBackward,
  softmaxCrossEntropyForward,
} from "./softmax_cross_entropy.ts";
import type { Rng } from "../../random/rng.ts";

interface BlockActivations {
  input: Floats;
  ln1: Floats;
  ln1Mean: Floats;
  ln1Rstd: Floats;
  qkv: Floats;
  probs: Floats;
  att: Floats;
  res1: Floats;
  ln2: Floats;
  ln2Mean: Floats;
  ln2Rstd: Floats;
  fcPre: Floats;
  fcAct: Floats;
}

interface Activations {
  batch: number;
  time: number;
  tokens: Int32Array;
  targets: Int32Array;
  embedded: Floats;
  blocks: BlockActivations[];
  output: Floats;
  lnf: Floats;
  lnfMean: Floats;
  lnfRstd: Floats;
  logits: Floats;
  probs: Floats;
  // gradient work space
  dres: Floats;
  dln: Floats;
  dqkv: Floats;
  datt: Floats;
  dfc: Floats;
  dlogits: Floats;
  scratch: Floats;
}

/** Element type of a model's buffers. */
export type GptPrecision = "f32" | "f64";

/** A GPT with its parameters, gradients and (lazily sized) activations. */
export class Gpt {
  readonly architecture: GptArchitecture;
  readonly precision: GptPrecision;
  /** all parameters, in the order of parameterLayout */
  readonly params: Floats;
  /** ∂loss/∂params after backward(), same layout */
  readonly grads: Floats;
  readonly weights: GptTensors<Floats>;
  readonly gradients: GptTensors<Floats>;
  #acts: Activations | null = null;
  #hasTargets = false;

  /** A model initialised from `rng` (N(0, initStd²) weights, zero biases, unit gains). */
  constructor(architecture: GptArchitecture, rng: Rng, precision: GptPrecision = "f32") {
    validateArchitecture(architecture);
    this.architecture = { ...architecture };
    this.precision = precision;
    const n = parameterCount(architecture);
    this.params = precision === "f32" ? new Float32Array(n) : new Float64Array(n);
    this.grads = zerosLike(this.params, n);
    initialiseParameters(architecture, this.params, rng);
    this.weights = tensorViews(architecture, this.params);
    this.gradients = tensorViews(architecture, this.grads);
  }

  #activations(batch: number, time: number): Activations {
    const a = this.#acts;
    if (a && a.batch === batch && a.time === time) return a;
    const { width: C, vocab: V, heads } = this.architecture;
    const R = batch * time;
    const F = 4 * C;
    const z = (n: number) => zerosLike(this.params, n);
    const embedded = z(R * C);
    const blocks: BlockActivations[] = [];
    let input = embedded;
    for (let l = 0; l < this.architecture.layers; l++) {
      const block: BlockActivations = {
        input,
        ln1: z(R * C),
        ln1Mean: z(R),
        ln1Rstd: z(R),
        qkv: z(R * 3 * C),
        probs: z(batch * heads * time * time),
        att: z(R * C),
        res1: z(R * C),
        ln2: z(R * C),
        ln2Mean: z(R),
        ln2Rstd: z(R),
        fcPre: z(R * F),
        fcAct: z(R * F),
      };
      blocks.push(block);
      input = z(R * C); // this block's output, the next block's input
    }
    this.#acts = {
      batch,
      time,
      tokens: new Int32Array(R),
      targets: new Int32Array(R),
      embedded,
      blocks,
      output: input,
      lnf: z(R * C),
      lnfMean: z(R),
      lnfRstd: z(R),
      logits: z(R * V),
      probs: z(R * V),
      dres: z(R * C),
      dln: z(R * C),
      dqkv: z(R * 3 * C),
      datt: z(R * C),
      dfc: z(R * F),
      dlogits: z(R * V),
      scratch: z(time * time),
    };
    return this.#acts;
  }

  #checkTokens(name: string, values: ArrayLike<number>, count: number): void {
    if (values.length !== count) {
      throw new RangeError(`${name} must hold batch·time = ${count} tokens, got ${values.length}`);
    }
    const V = this.architecture.vocab;
    for (let i = 0; i < count; i++) {
      const t = values[i];
      if (!Number.isInteger(t) || t < 0 || t >= V) {
        throw new RangeError(
          `${name}[${i}] = ${t} is not a token of the ${V}-character vocabulary`,
        );
      }
    }
  }

  /**
   * Runs the model on `batch` sequences of `time` tokens (row-major batch×time). With `targets`
   * returns the mean cross-entropy and prepares backward(); without, returns NaN (logits only).
   */
  forward(
    tokens: ArrayLike<number>,
    targets: ArrayLike<number> | null,
    batch: number,
    time: number,
  ): number {
    const arch = this.architecture;
    if (!Number.isInteger(batch) || batch < 1) {
      throw new RangeError(`batch must be ≥ 1, got ${batch}`);
    }
    if (!Number.isInteger(time) || time < 1 || time > arch.context) {
      throw new RangeError(`time must be an integer in [1, ${arch.context}], got ${time}`);
    }
    const R = batch * time;
    this.#checkTokens("tokens", tokens, R);
    if (targets) this.#checkTokens("targets", targets, R);
    const acts = this.#activations(batch, time);
    acts.tokens.set(tokens);
    if (targets) acts.targets.set(targets);
    const { width: C, vocab: V } = arch;
    const F = 4 * C;
    const shape: AttentionShape = { batch, context: time, width: C, heads: arch.heads };
    const w = this.weights;
    embeddingForward(acts.embedded, acts.tokens, w.wte, w.wpe, batch, time, C);
    for (let l = 0; l < arch.layers; l++) {
      const a = acts.blocks[l];
      const p = w.blocks[l];
      const out = l + 1 < arch.layers ? acts.blocks[l + 1].input : acts.output;
      layerNormForward(a.ln1, a.ln1Mean, a.ln1Rstd, a.input, p.ln1Gamma, p.ln1Beta, R, C);
      linearForward(a.qkv, a.ln1, p.qkv, null, R, C, 3 * C);
      attentionForward(a.att, a.probs, a.qkv, shape);
      linearForward(a.res1, a.att, p.proj, p.projBias, R, C, C);
      for (let i = 0; i < R * C; i++) a.res1[i] += a.input[i];
      layerNormForward(a.ln2, a.ln2Mean, a.ln2Rstd, a.res1, p.ln2Gamma, p.ln2Beta, R, C);
      linearForward(a.fcPre, a.ln2, p.fc, p.fcBias, R, C, F);
      reluForward(a.fcAct, a.fcPre, R * F);
      linearForward(out, a.fcAct, p.fcProj, p.fcProjBias, R, F, C);
      for (let i = 0; i < R * C; i++) out[i] += a.res1[i];
    }
    layerNormForward(
      acts.lnf,
      acts.lnfMean,
      acts.lnfRstd,
      acts.output,
      w.lnfGamma,
      w.lnfBeta,
      R,
      C,
    );
    linearForward(acts.logits, acts.lnf, w.head, w.headBias, R, C, V);
    this.#hasTargets = targets !== null;
    if (!targets) return NaN;
    return softmaxCrossEntropyForward(acts.probs, acts.logits, acts.targets, R, V);
  }

  /** Logits (vocab values) of sequence b at position t of the last forward pass (a copy). */
  logitsAt(b: number, t: number): Float64Array {
    const acts = this.#acts;
    if (!acts) throw new Error("logitsAt: run forward() first");
    const V = this.architecture.vocab;
    const o = (b * acts.time + t) * V;
    return Float64Array.from(acts.logits.subarray(o, o + V));
  }

  /** grads ← ∂loss/∂params for the last forward() with targets. */
  backward(): void {
    const acts = this.#acts;
    if (!acts || !this.#hasTargets) throw new Error("backward: run forward() with targets first");
    const arch = this.architecture;
    const { batch, time } = acts;
    const { width: C, vocab: V } = arch;
    const F = 4 * C;
    const R = batch * time;
    const shape: AttentionShape = { batch, context: time, width: C, heads: arch.heads };
    const w = this.weights;
    const g = this.gradients;
    this.grads.fill(0);
    softmaxCrossEntropyBackward(acts.dlogits, acts.probs, acts.targets, R, V);
    linearBackward(acts.dln, g.head, g.headBias, acts.dlogits, acts.lnf, w.head, R, C, V);
    acts.dres.fill(0);
    layerNormBackward(
      acts.dres,
      g.lnfGamma,
      g.lnfBeta,
      acts.dln,
      acts.output,
      acts.lnfMean,
      acts.lnfRstd,
      w.lnfGamma,
      R,
      C,
    );
    for (let l = arch.layers - 1; l >= 0; l--) {
      const a = acts.blocks[l];
      const p = w.blocks[l];
      const d = g.blocks[l];
      // x' = res1 + MLP(LN₂(res1)): dres is ∂/∂x' here and becomes ∂/∂res1
      linearBackward(acts.dfc, d.fcProj, d.fcProjBias, acts.dres, a.fcAct, p.fcProj, R, F, C);
      reluBackward(acts.dfc, acts.dfc, a.fcPre, R * F);
      linearBackward(acts.dln, d.fc, d.fcBias, acts.dfc, a.ln2, p.fc, R, C, F);
      layerNormBackward(
        acts.dres,
        d.ln2Gamma,
        d.ln2Beta,
        acts.dln,
        a.res1,
        a.ln2Mean,
        a.ln2Rstd,
        p.ln2Gamma,
        R,
        C,
      );
      // res1 = x + proj(attn(LN₁(x))): dres becomes ∂/∂x
      linearBackward(acts.datt, d.proj, d.projBias, acts.dres, a.att, p.proj, R, C, C);
      attentionBackward(acts.dqkv, acts.scratch, acts.datt, a.qkv, a.probs, shape);
      linearBackward(acts.dln, d.qkv, null, acts.dqkv, a.ln1, p.qkv, R, C, 3 * C);
      layerNormBackward(
        acts.dres,
        d.ln1Gamma,
        d.ln1Beta,
        acts.dln,
        a.input,
        a.ln1Mean,
        a.ln1Rstd,
        p.ln1Gamma,
        R,
        C,
      );
    }
    embeddingBackward(g.wte, g.wpe, acts.dres, acts.tokens, batch, time, C);
  }
}
