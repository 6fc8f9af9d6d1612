/**
 * The whole GPT: its gradient against central finite differences (f64, every parameter of a tiny
 * model), f32 against f64, determinism, AdamW and the schedule, and learning on a tiny text.
 */
import assert from "node:assert/strict";
import { AdamW, clipGradientNorm } from "../../lib/models/gpt/adamw.ts";
import { CharVocabulary, sampleBatch } from "../../lib/models/gpt/char_vocabulary.ts";
import { Gpt } from "../../lib/models/gpt/gpt_model.ts";
import { decayMask, parameterCount, parameterLayout } from "../../lib/models/gpt/gpt_parameters.ts";
import { learningRateAt } from "../../lib/models/gpt/learning_rate_schedule.ts";
import { trainingStep } from "../../lib/models/gpt/gpt_training_step.ts";
import { generateTokens } from "../../lib/models/gpt/text_sampling.ts";
import { Rng } from "../../lib/random/rng.ts";

const tiny = { vocab: 7, layers: 2, heads: 2, width: 8, context: 5, initStd: 0.3 };

function tinyBatch(seed: number, batch = 2, time = 5) {
  const rng = Rng.fromSeed(seed);
  const tokens = Int32Array.from({ length: batch * time }, () => rng.int(tiny.vocab));
  const targets = Int32Array.from({ length: batch * time }, () => rng.int(tiny.vocab));
  return { tokens, targets };
}

Deno.test("GPT: the full model's gradient matches central differences for every parameter (f64)", () => {
  const model = new Gpt(tiny, Rng.fromSeed(1), "f64");
  // non-trivial gains and biases, so that their gradients are tested away from the init values
  const rng = Rng.fromSeed(2);
  for (const slot of parameterLayout(tiny)) {
    if (slot.init !== "normal") {
      for (let i = slot.offset; i < slot.offset + slot.size; i++) {
        model.params[i] += 0.3 * rng.normal();
      }
    }
  }
  const { tokens, targets } = tinyBatch(3, 2, 4); // time 4 < context 5
  model.forward(tokens, targets, 2, 4);
  model.backward();
  const analytic = Float64Array.from(model.grads);
  const h = 1e-6;
  const scale = Math.max(...Array.from(analytic, Math.abs));
  let worst = 0, worstAt = -1;
  for (let i = 0; i < model.params.length; i++) {
    const p0 = model.params[i];
    model.params[i] = p0 + h;
    const up = model.forward(tokens, targets, 2, 4);
    model.params[i] = p0 - h;
    const down = model.forward(tokens, targets, 2, 4);
    model.params[i] = p0;
    const err = Math.abs((up - down) / (2 * h) - analytic[i]) / scale;
    if (err > worst) [worst, worstAt] = [err, i];
  }
  const slot = parameterLayout(tiny).find((s) =>
    worstAt >= s.offset && worstAt < s.offset + s.size
  );
  assert.ok(worst < 1e-7, `worst relative error ${worst.toExponential(2)} in ${slot?.name}`);
  // the rows of wpe beyond the used time get no gradient
  const wpe = parameterLayout(tiny).find((s) => s.name === "wpe")!;
  for (let j = 4 * tiny.width; j < 5 * tiny.width; j++) assert.equal(analytic[wpe.offset + j], 0);
});

Deno.test("GPT: f32 and f64 models agree to single precision; the same seed gives the same weights", () => {
  const m32 = new Gpt(tiny, Rng.fromSeed(5), "f32");
  const m64 = new Gpt(tiny, Rng.fromSeed(5), "f64");
  const { tokens, targets } = tinyBatch(6);
  const l32 = m32.forward(tokens, targets, 2, 5), l64 = m64.forward(tokens, targets, 2, 5);
  assert.ok(Math.abs(l32 - l64) < 1e-5 * Math.abs(l64), `${l32} vs ${l64}`);
  m32.backward();
  m64.backward();
  const g64 = Array.from(m64.grads), g32 = Array.from(m32.grads);
  const norm = Math.sqrt(g64.reduce((a, g) => a + g * g, 0));
  const diff = Math.sqrt(g64.reduce((a, g, i) => a + (g - g32[i]) ** 2, 0));
  assert.ok(diff < 1e-5 * norm, `relative gradient difference ${diff / norm}`);

  const train = (seed: number) => {
    const m = new Gpt(tiny, Rng.fromSeed(seed));
    const opt = new AdamW(
      { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
      m.params,
      decayMask(tiny),
    );
    for (let s = 0; s < 5; s++) {
      trainingStep(m, opt, tinyBatch(100 + s), { batch: 2, time: 5 }, 1e-2, 1);
    }
    return m.params;
  };
  assert.deepEqual(train(9), train(9));
  assert.notDeepEqual(train(9), train(10));
});

Deno.test("GPT: bad inputs are refused with a clear error", () => {
  assert.throws(() => new Gpt({ ...tiny, width: 9 }, Rng.fromSeed(1)), /divisible/);
  assert.throws(() => new Gpt({ ...tiny, initStd: 0 }, Rng.fromSeed(1)), /initStd/);
  const m = new Gpt(tiny, Rng.fromSeed(1));
  assert.throws(() => m.forward([0, 1, 7], null, 1, 3), /not a token/);
  assert.throws(() => m.forward([0, 1, 2, 3, 4, 5], null, 1, 6), /time must be/);
  assert.throws(() => m.backward(), /forward\(\) with targets/);
  m.forward([0, 1, 2], null, 1, 3);
  assert.throws(() => m.backward(), /forward\(\) with targets/);
  const grads = new Float32Array([NaN, 1]);
  assert.throws(() => clipGradientNorm(grads, 1), /diverged/);
});

Deno.test("AdamW: one update matches the closed form; clipping scales to the norm", () => {
  const p = new Float64Array([1, -2]), g = new Float64Array([0.5, -0.1]);
  const opt = new AdamW(
    { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
    p,
    new Uint8Array([1, 0]),
  );
  opt.update(p, g, 0.01);
  // first step: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) = ±lr
  assert.ok(Math.abs(p[0] - (1 * (1 - 0.01 * 0.1) - 0.01 * 0.5 / (0.5 + 1e-8))) < 1e-15);
  assert.ok(Math.abs(p[1] - (-2 + 0.01 * 0.1 / (0.1 + 1e-8))) < 1e-15);
  const h = new Float64Array([3, 4]);
  assert.equal(clipGradientNorm(h, 1), 5);
  assert.ok(Math.abs(Math.hypot(h[0], h[1]) - 1) < 1e-15);
  const sched = { learningRate: 1e-3, minLearningRate: 1e-4, warmupSteps: 9, steps: 109 };
  assert.ok(Math.abs(learningRateAt(sched, 0) - 1e-4) < 1e-18);
  assert.ok(Math.abs(learningRateAt(sched, 9) - 1e-3) < 1e-18);
  assert.ok(Math.abs(learningRateAt(sched, 59) - 5.5e-4) < 1e-15);
  assert.ok(Math.abs(learningRateAt(sched, 109) - 1e-4) < 1e-18);
});

Deno.test("GPT: learns a tiny text (loss falls far below ln V) and then generates it", () => {
  const text = "abcdefgh ".repeat(40);
  const vocab = CharVocabulary.fromTexts(text);
  const data = vocab.encode(text);
  const arch = { vocab: vocab.size, layers: 1, heads: 2, width: 16, context: 8, initStd: 0.1 };
  const model = new Gpt(arch, Rng.fromSeed(11));
  assert.equal(model.params.length, parameterCount(arch));
  const opt = new AdamW(
    { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 },
    model.params,
    decayMask(arch),
  );
  const rng = Rng.fromSeed(12);
  // tokens and targets of one batch: the targets are the tokens shifted by one
  const firstBatch = sampleBatch(data, 8, 8, (n) => rng.int(n));
  const first = model.forward(firstBatch.tokens, firstBatch.targets, 8, 8);
  let last = Infinity;
  for (let s = 0; s < 150; s++) {
    last = trainingStep(
      model,
      opt,
      sampleBatch(data, 8, 8, (n) => rng.int(n)),
      { batch: 8, time: 8 },
      1e-2,
      1,
    ).loss;
  }
  assert.ok(first > 0.8 * Math.log(vocab.size), `initial loss ${first}`);
  assert.ok(last < 0.1, `loss after 150 steps ${last}`);
  const out = vocab.decode(generateTokens(model, vocab.encode("abc"), 12, Rng.fromSeed(13), 0.5));
  assert.equal(out, "defgh abcdef");
});

Deno.test("GPT step: a non-positive or NaN gradClip and a bad learning rate are refused", () => {
  const model = new Gpt(tiny, Rng.fromSeed(1), "f64");
  const optimiser = new AdamW(
    { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 },
    model.params,
    decayMask(tiny),
  );
  const batch = tinyBatch(3);
  const shape = { batch: 2, time: 5 };
  for (const clip of [-1, 0, NaN]) {
    assert.throws(
      () => trainingStep(model, optimiser, batch, shape, 1e-3, clip),
      /gradClip must be > 0/,
    );
    assert.throws(() => clipGradientNorm(model.grads, clip), /gradClip must be > 0/);
  }
  assert.throws(
    () => trainingStep(model, optimiser, batch, shape, NaN, 1),
    /learning rate must be/,
  );
  // Infinity turns clipping off
  assert.ok(Number.isFinite(trainingStep(model, optimiser, batch, shape, 1e-3, Infinity).loss));
});
