/**
 * Where the GPT's training step spends its time outside BLAS (`deno task bench`, part 4): each
 * layer function of lib/models/gpt timed alone at the bench config's shapes, on f32 buffers of
 * uniform entries, less the time of the BLAS products inside it, times its calls per step. The
 * fastest of 10 runs after 3 warm-ups, so other processes on a shared machine add little.
 */
import { AdamW, clipGradientNorm } from "../lib/models/gpt/adamw.ts";
import { attentionBackward, attentionForward } from "../lib/models/gpt/causal_self_attention.ts";
import { embeddingBackward, embeddingForward } from "../lib/models/gpt/embedding.ts";
import type { GptArchitecture } from "../lib/models/gpt/gpt_architecture.ts";
import { parameterCount } from "../lib/models/gpt/gpt_parameters.ts";
import { layerNormBackward, layerNormForward } from "../lib/models/gpt/layer_norm.ts";
import { linearBackward, linearForward } from "../lib/models/gpt/linear_layer.ts";
import { reluBackward, reluForward } from "../lib/models/gpt/relu.ts";
import {
  softmaxCrossEntropyBackward,
  softmaxCrossEntropyForward,
} from "../lib/models/gpt/softmax_cross_entropy.ts";
import { Rng } from "../lib/random/rng.ts";
import { timeSgemm } from "./timed_sgemm.ts";

/** Milliseconds per training step outside BLAS, per part (summed over its calls). */
export function stepParts(a: GptArchitecture, batch: number): Record<string, number> {
  const s = { ...a, batch };
  const R = s.batch * s.context, C = s.width, F = 4 * C, V = s.vocab, L = s.layers;
  const rng = Rng.fromSeed(3);
  const f = (n: number) => Float32Array.from({ length: n }, () => rng.uniform() - 0.5);
  const blas = timeSgemm();
  const parts: Record<string, number> = {};
  const time = (part: string, calls: number, fn: () => void) => {
    for (let i = 0; i < 3; i++) fn();
    let best = Infinity;
    for (let i = 0; i < 10; i++) {
      blas.reset();
      const start = performance.now();
      fn();
      best = Math.min(best, performance.now() - start - blas.ms);
    }
    parts[part] = (parts[part] ?? 0) + Math.max(0, best) * calls;
  };
  try {
    const x = f(R * C), y = f(R * C), mean = f(R), rstd = f(R), g = f(C), b = f(C);
    const dx = f(R * C), dg = f(C), db = f(C);
    time("layer norm", 2 * L + 1, () => layerNormForward(y, mean, rstd, x, g, b, R, C));
    time("layer norm", 2 * L + 1, () => layerNormBackward(dx, dg, db, y, x, mean, rstd, g, R, C));
    const pre = f(R * F), act = f(R * F);
    time("ReLU", L, () => reluForward(act, pre, R * F));
    time("ReLU", L, () => reluBackward(act, act, pre, R * F));
    const shape = { batch: s.batch, context: s.context, width: C, heads: s.heads };
    const qkv = f(R * 3 * C), probs = f(s.batch * s.heads * s.context ** 2), att = f(R * C);
    const dqkv = f(R * 3 * C), scratch = f(s.context ** 2);
    time("attention softmax", L, () => attentionForward(att, probs, qkv, shape));
    time("attention softmax", L, () => attentionBackward(dqkv, scratch, att, qkv, probs, shape));
    const layers: [number, number, boolean, number][] = [
      [C, 3 * C, false, L],
      [C, C, true, L],
      [C, F, true, L],
      [F, C, true, L],
      [C, V, true, 1],
    ];
    for (const [inDim, outDim, bias, calls] of layers) {
      const w = f(outDim * inDim), bv = bias ? f(outDim) : null, xin = f(R * inDim);
      const yout = f(R * outDim), dw = f(outDim * inDim), dbv = bias ? f(outDim) : null;
      const dxin = f(R * inDim);
      time(
        "linear layers (bias, copies)",
        calls,
        () => linearForward(yout, xin, w, bv, R, inDim, outDim),
      );
      time(
        "linear layers (bias, copies)",
        calls,
        () => linearBackward(dxin, dw, dbv, yout, xin, w, R, inDim, outDim),
      );
    }
    const logits = f(R * V), p = f(R * V);
    const targets = Int32Array.from({ length: R }, () => rng.int(V));
    time("loss", 1, () => softmaxCrossEntropyForward(p, logits, targets, R, V));
    time("loss", 1, () => softmaxCrossEntropyBackward(logits, p, targets, R, V));
    time("residual adds", 2 * L, () => {
      for (let i = 0; i < R * C; i++) y[i] += x[i];
    });
    const wte = f(V * C), wpe = f(s.context * C);
    const tokens = Int32Array.from({ length: R }, () => rng.int(V));
    time("embedding", 1, () => embeddingForward(y, tokens, wte, wpe, s.batch, s.context, C));
    time("embedding", 1, () => embeddingBackward(wte, wpe, y, tokens, s.batch, s.context, C));
    const n = parameterCount(a);
    const params = f(n), grads = f(n);
    const opt = new AdamW(
      { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
      params,
      new Uint8Array(n).fill(1),
    );
    time("clipping + AdamW", 1, () => {
      clipGradientNorm(grads, 1e9);
      opt.update(params, grads, 1e-6);
    });
  } finally {
    blas.restore();
  }
  return parts;
}
