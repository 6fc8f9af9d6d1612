/**
 * Every layer of the GPT against central finite differences, in f64: the scalar probed is
 * ⟨r, y⟩ for a fixed random r, so ∂/∂input = the backward pass applied to dy = r. Step 1e-6 gives
 * a truncation error ~1e-12 and a rounding error ~1e-10 on O(1) values; the tolerance 1e-7
 * (relative to the largest gradient entry) leaves room for both and fails for any real mistake.
 */
import assert from "node:assert/strict";
import { attentionBackward, attentionForward } from "../../lib/models/gpt/causal_self_attention.ts";
import { embeddingBackward, embeddingForward } from "../../lib/models/gpt/embedding.ts";
import { layerNormBackward, layerNormForward } from "../../lib/models/gpt/layer_norm.ts";
import { linearBackward, linearForward } from "../../lib/models/gpt/linear_layer.ts";
import { reluBackward, reluForward } from "../../lib/models/gpt/relu.ts";
import {
  softmaxCrossEntropyBackward,
  softmaxCrossEntropyForward,
} from "../../lib/models/gpt/softmax_cross_entropy.ts";
import { Rng } from "../../lib/random/rng.ts";

const rng = Rng.fromSeed(7301);
const normals = (n: number, std = 1) => rng.fillNormal(new Float64Array(n), 0, std);
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Asserts that `analytic` is the gradient of f at x (x is perturbed in place and restored). */
function assertGradient(name: string, f: () => number, x: Float64Array, analytic: Float64Array) {
  const h = 1e-6;
  let worst = 0;
  const scale = Math.max(1e-3, ...Array.from(analytic, Math.abs));
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    x[i] = x0 + h;
    const up = f();
    x[i] = x0 - h;
    const down = f();
    x[i] = x0;
    worst = Math.max(worst, Math.abs((up - down) / (2 * h) - analytic[i]) / scale);
  }
  assert.ok(worst < 1e-7, `${name}: worst relative gradient error ${worst.toExponential(2)}`);
}

Deno.test("GPT layers: linear layer input, weight and bias gradients", () => {
  const [rows, inDim, outDim] = [5, 4, 3];
  const x = normals(rows * inDim), w = normals(outDim * inDim), b = normals(outDim);
  const r = normals(rows * outDim);
  const y = new Float64Array(rows * outDim);
  const f = () => (linearForward(y, x, w, b, rows, inDim, outDim), dot(r, y));
  const dx = new Float64Array(x.length), dw = new Float64Array(w.length), db = new Float64Array(3);
  linearBackward(dx, dw, db, r, x, w, rows, inDim, outDim);
  assertGradient("dx", f, x, dx);
  assertGradient("dW", f, w, dw);
  assertGradient("db", f, b, db);
});

Deno.test("GPT layers: LayerNorm input, gain and bias gradients", () => {
  const [rows, dim] = [4, 6];
  const x = normals(rows * dim, 2), g = normals(dim), beta = normals(dim);
  const r = normals(rows * dim);
  const y = new Float64Array(rows * dim),
    mean = new Float64Array(rows),
    rstd = new Float64Array(rows);
  const f = () => (layerNormForward(y, mean, rstd, x, g, beta, rows, dim), dot(r, y));
  f();
  const dx = new Float64Array(x.length), dg = new Float64Array(dim), db = new Float64Array(dim);
  layerNormBackward(dx, dg, db, r, x, mean, rstd, g, rows, dim);
  assertGradient("dx", f, x, dx);
  assertGradient("dγ", f, g, dg);
  assertGradient("dβ", f, beta, db);
});

Deno.test("GPT layers: causal self-attention gradient, and the causal mask holds", () => {
  const shape = { batch: 2, context: 5, width: 6, heads: 2 };
  const R = shape.batch * shape.context;
  const qkv = normals(R * 3 * shape.width);
  const r = normals(R * shape.width);
  const out = new Float64Array(R * shape.width);
  const probs = new Float64Array(shape.batch * shape.heads * 25);
  const f = () => (attentionForward(out, probs, qkv, shape), dot(r, out));
  f();
  const dqkv = new Float64Array(qkv.length);
  attentionBackward(dqkv, new Float64Array(25), r, qkv, probs, shape);
  assertGradient("dqkv", f, qkv, dqkv);
  // output at position t must not depend on later positions: perturb the last token's q,k,v
  const before = out.slice();
  for (let j = 0; j < 3 * shape.width; j++) qkv[(shape.context - 1) * 3 * shape.width + j] += 1;
  f();
  for (let t = 0; t < shape.context - 1; t++) {
    for (let j = 0; j < shape.width; j++) {
      assert.equal(out[t * shape.width + j], before[t * shape.width + j], "causality");
    }
  }
  // each probability row sums to one
  for (let row = 0; row < probs.length / 5; row++) {
    const s = probs.subarray(row * 5, row * 5 + 5).reduce((a, v) => a + v, 0);
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
});

Deno.test("GPT layers: ReLU, embedding and softmax cross-entropy gradients", () => {
  const x = normals(20), r = normals(20), y = new Float64Array(20);
  const dx = new Float64Array(20);
  reluBackward(dx, r, x, 20);
  assertGradient("relu", () => (reluForward(y, x, 20), dot(r, y)), x, dx);

  const [B, T, C, V] = [2, 3, 4, 5];
  const tokens = Int32Array.from([0, 4, 4, 2, 1, 0]);
  const wte = normals(V * C), wpe = normals(T * C), re = normals(B * T * C);
  const emb = new Float64Array(B * T * C);
  const femb = () => (embeddingForward(emb, tokens, wte, wpe, B, T, C), dot(re, emb));
  const dwte = new Float64Array(wte.length), dwpe = new Float64Array(wpe.length);
  embeddingBackward(dwte, dwpe, re, tokens, B, T, C);
  assertGradient("dwte", femb, wte, dwte);
  assertGradient("dwpe", femb, wpe, dwpe);

  const rows = 4;
  const logits = normals(rows * V, 3), targets = Int32Array.from([1, 0, 4, 4]);
  const probs = new Float64Array(rows * V);
  const fce = () => softmaxCrossEntropyForward(probs, logits, targets, rows, V);
  fce();
  const dl = new Float64Array(logits.length);
  softmaxCrossEntropyBackward(dl, probs, targets, rows, V);
  assertGradient("dlogits", fce, logits, dl);
  const loss = fce();
  // the loss is the mean −ln p[target]
  let direct = 0;
  for (let i = 0; i < rows; i++) direct -= Math.log(probs[i * V + targets[i]]) / rows;
  assert.ok(Math.abs(loss - direct) < 1e-12);
});
