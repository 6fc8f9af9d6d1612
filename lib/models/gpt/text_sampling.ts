/** Text generation from the GPT: sample each next character from softmax(logits/temperature). */
import type { Rng } from "../../random/rng.ts";
import type { Gpt } from "./gpt_model.ts";

/** `length` new tokens after `prompt` (the last `context` tokens are the model's input). */
export function generateTokens(
  model: Gpt,
  prompt: ArrayLike<number>,
  length: number,
  rng: Rng,
  temperature = 1,
): number[] {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  if (prompt.length < 1) throw new RangeError("generation needs a prompt of at least one token");
  const seq = Array.from(prompt);
  const T = model.architecture.context;
  for (let n = 0; n < length; n++) {
    const window = seq.slice(-T);
    model.forward(window, null, 1, window.length);
    const logits = model.logitsAt(0, window.length - 1);
    let max = -Infinity;
    for (const z of logits) max = Math.max(max, z / temperature);
    const weights = logits.map((z) => Math.exp(z / temperature - max));
    let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
    let next = 0;
    while (next < weights.length - 1 && u >= weights[next]) u -= weights[next++];
    seq.push(next);
  }
  return seq.slice(prompt.length);
}
