/**
 * The training run: checkpoints round-trip through lib/rmt's safetensors reader, an interrupted
 * run resumes to exactly the weights of an uninterrupted one, and a finished run is loaded.
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import {
  checkpointSteps,
  GPT_CONFIGS,
  validateRunConfig,
} from "../../lib/experiments/gpt_run_config.ts";
import { trainTransformer } from "../../lib/experiments/transformer_training.ts";
import { headMatrix } from "../../lib/models/gpt/gpt_parameters.ts";
import { linalgThreads, setLinalgThreads } from "../../lib/linalg/backend.ts";
import { readSafetensorsMatrices } from "../../lib/rmt/safetensors_format.ts";
import { tinyGptConfig, tinyText } from "./tiny_gpt_fixture.ts";

const text = tinyText;
const config = tinyGptConfig;

Deno.test("GPT run configs: shipped configs are valid; checkpoint steps are log-spaced from 0", () => {
  for (const c of Object.values(GPT_CONFIGS)) validateRunConfig(c, 85);
  assert.deepEqual(checkpointSteps(3000, 5), [0, 10, 67, 448, 3000]);
  assert.deepEqual(checkpointSteps(24, 4), [0, 10, 15, 24]);
  assert.throws(() => validateRunConfig({ ...config, checkpoints: 1 }), /checkpoints/);
  assert.throws(
    () => validateRunConfig({ ...config, training: { ...config.training, warmupSteps: 24 } }),
    /warmupSteps/,
  );
});

Deno.test("GPT training: resumes exactly after an interruption, checkpoints round-trip, reruns load", async () => {
  const dirA = await Deno.makeTempDir(), dirB = await Deno.makeTempDir();
  try {
    const straight = await trainTransformer(config, text, { directory: dirA });
    assert.equal(straight.origin, "trained");
    assert.ok(straight.complete);
    assert.deepEqual(straight.checkpoints.map((c) => c.step), [0, 10, 15, 24]);

    // interrupted after 7 steps (state saved at step 5), then resumed
    const part = await trainTransformer(config, text, { directory: dirB, maxSteps: 7 });
    assert.ok(!part.complete);
    const resumed = await trainTransformer(config, text, { directory: dirB });
    assert.equal(resumed.origin, "resumed from step 7");
    assert.deepEqual(resumed.model.params, straight.model.params);
    assert.deepEqual(resumed.history.loss, straight.history.loss);
    assert.deepEqual(resumed.history.evalValidation, straight.history.evalValidation);

    const loaded = await trainTransformer(config, text, { directory: dirA });
    assert.equal(loaded.origin, "loaded");
    assert.deepEqual(loaded.model.params, straight.model.params);
    // a run folder moved elsewhere still loads, with its checkpoints found at the new place
    const moved = `${dirB}/moved`;
    await Deno.mkdir(moved);
    await Deno.rename(straight.directory, `${moved}/${basename(straight.directory)}`);
    const again = await trainTransformer(config, text, { directory: moved });
    assert.equal(again.origin, "loaded");
    for (const c of again.checkpoints) assert.ok((await Deno.stat(c.path)).isFile);

    // the last checkpoint holds the final key matrix of head 1, readable by lib/rmt
    const last = again.checkpoints.at(-1)!;
    const matrices = await readSafetensorsMatrices(last.path);
    const key = matrices.get("layer0.head1.key")!;
    assert.equal(key.rows, 4);
    assert.equal(key.cols, 8);
    const expected = headMatrix(
      straight.model.architecture,
      straight.model.weights.blocks[0].qkv,
      "key",
      1,
    );
    assert.deepEqual(Array.from(key.data), Array.from(expected));
    assert.equal(matrices.get("layer0.mlp.fc")!.rows, 32);
    // the training loss fell
    const [first, end] = [straight.history.evalTrain[0], straight.history.evalTrain.at(-1)!];
    assert.ok(end < first - 0.5, `train loss ${first} → ${end}`);
  } finally {
    await Deno.remove(dirA, { recursive: true });
    await Deno.remove(dirB, { recursive: true });
  }
});

Deno.test("GPT training: a truncated or step-less saved state is set aside and the run trains from 0", async () => {
  const dirA = await Deno.makeTempDir(), dirB = await Deno.makeTempDir();
  try {
    const straight = await trainTransformer(config, text, { directory: dirA });
    for (
      const damage of [
        (bytes: Uint8Array) => bytes.slice(0, Math.floor(bytes.length / 2)), // truncated copy
        (_bytes: Uint8Array) => new TextEncoder().encode("not a safetensors file"),
      ]
    ) {
      await Deno.remove(dirB, { recursive: true });
      await Deno.mkdir(dirB);
      const part = await trainTransformer(config, text, { directory: dirB, maxSteps: 7 });
      const state = `${part.directory}/state.safetensors`;
      await Deno.writeFile(state, damage(await Deno.readFile(state)));
      const rerun = await trainTransformer(config, text, { directory: dirB });
      assert.equal(rerun.origin, "trained");
      assert.deepEqual(rerun.model.params, straight.model.params);
      assert.ok((await Deno.stat(`${state}.unusable`)).isFile);
    }
  } finally {
    await Deno.remove(dirA, { recursive: true });
    await Deno.remove(dirB, { recursive: true }).catch(() => {});
  }
});

Deno.test("GPT training: a resume under another numeric environment is refused, naming the change", async () => {
  const before = linalgThreads();
  if (before === null) return; // the pure-TS backend has no thread count to change
  const dir = await Deno.makeTempDir();
  try {
    setLinalgThreads(1);
    await trainTransformer(config, text, { directory: dir, maxSteps: 7 });
    setLinalgThreads(2);
    await assert.rejects(
      trainTransformer(config, text, { directory: dir }),
      /stopped at step 7 under another numeric environment \(threads 1 → 2\)/,
    );
    const resumed = await trainTransformer(config, text, {
      directory: dir,
      allowEnvironmentChange: true,
    });
    assert.equal(resumed.origin, "resumed from step 7");
  } finally {
    setLinalgThreads(before);
    await Deno.remove(dir, { recursive: true });
  }
});
