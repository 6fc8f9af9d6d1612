/**
 * PyTorch checkpoints written by real torch 2.x (tests/fixtures/weights/, made by
 * scripts/fixtures/weight_fixtures.py): a state dict with f32, f64, f16, bf16, integer and
 * non-contiguous tensors; a nanoGPT-style ckpt.pt; the legacy format; and a pickle that would run
 * a shell command — refused, never run. The safe pickle reader's own refusals and a fuzz test.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readTorchMatrices, readTorchStateDict } from "../../lib/rmt/torch_format.ts";
import { safeUnpickle } from "../../lib/rmt/safe_pickle.ts";
import type { DenseMatrix, FloatArray } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

const fixtures = new URL("../fixtures/weights/", import.meta.url).pathname;
const closedForm = (i: number, j: number) => (i + 1) * 0.5 - j / 3;

function assertMatrix(
  m: DenseMatrix<FloatArray> | undefined,
  rows: number,
  cols: number,
  value: (i: number, j: number) => number,
  relative: number,
) {
  assert.ok(m, "matrix missing");
  assert.deepEqual([m.rows, m.cols], [rows, cols]);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const want = value(i, j);
      assert.ok(Math.abs(m.get(i, j) - want) <= relative * Math.abs(want) + 1e-12, `(${i}, ${j})`);
    }
  }
}

Deno.test("torch state dict: f32, f64, f16, bf16 and a transposed view; integer buffers skipped", async () => {
  const path = join(fixtures, "state_dict.pt");
  const { tensors, skipped } = await readTorchStateDict(path);
  assert.deepEqual(skipped, ["steps"]);
  assert.deepEqual(tensors.get("layer0.bias")?.shape, [4]);
  const m = await readTorchMatrices(path);
  assert.deepEqual([...m.keys()].sort(), [
    "bf16.weight",
    "half.weight",
    "layer0.weight",
    "layer1.weight",
    "transposed.weight",
  ]);
  // rounding: f32 2⁻²⁴, f16 2⁻¹¹, bf16 2⁻⁸ relative
  assertMatrix(m.get("layer0.weight"), 6, 4, closedForm, 1e-7);
  assertMatrix(m.get("layer1.weight"), 3, 5, closedForm, 1e-15);
  assertMatrix(m.get("half.weight"), 2, 3, closedForm, 1e-3);
  assertMatrix(m.get("bf16.weight"), 2, 3, closedForm, 4e-3);
  assertMatrix(m.get("transposed.weight"), 6, 4, (i, j) => closedForm(j, i), 1e-7);
});

Deno.test("nanoGPT ckpt.pt: the weights under 'model', without the _orig_mod. prefix", async () => {
  const m = await readTorchMatrices(join(fixtures, "ckpt.pt"));
  assert.deepEqual([...m.keys()].sort(), ["lm_head.weight", "transformer.h.0.attn.c_attn.weight"]);
  assertMatrix(m.get("transformer.h.0.attn.c_attn.weight"), 9, 3, closedForm, 1e-7);
});

Deno.test("the legacy format and a pickle calling os.system are refused with clear errors", async () => {
  await assert.rejects(
    () => readTorchStateDict(join(fixtures, "legacy.pt")),
    /legacy.pt: this is PyTorch's legacy \(pre-1.6, non-zip\) format: .* re-save/,
  );
  await assert.rejects(
    () => readTorchStateDict(join(fixtures, "malicious.pt")),
    /malicious.pt: pickle byte \d+: refused: the pickle asks for posix.system/,
  );
});

Deno.test("damaged checkpoints: a file cut short and a storage shorter than its tensor", async () => {
  await assert.rejects(
    () => readTorchStateDict(join(fixtures, "truncated.pt")),
    /truncated.pt: .*(truncated|end-of-central-directory)/,
  );
  await assert.rejects(
    () => readTorchStateDict(join(fixtures, "short_storage.pt")),
    /short_storage.pt: storage \S+ has 32 bytes, 16 × 4 expected/,
  );
});

Deno.test("the safe pickle reader interprets data and refuses code", () => {
  const handlers = { globals: {} };
  // protocol 2: {'a': [1, 2.5], 'b': (True, None)}, written by hand
  const data = new Uint8Array([
    0x80,
    0x02,
    0x7d,
    0x28,
    0x8c,
    0x01,
    0x61,
    0x5d,
    0x28,
    0x4b,
    0x01,
    0x47,
    0x40,
    0x04,
    0,
    0,
    0,
    0,
    0,
    0,
    0x65,
    0x8c,
    0x01,
    0x62,
    0x88,
    0x4e,
    0x86,
    0x75,
    0x2e,
  ]);
  const value = safeUnpickle(data, handlers, "h.pkl") as Map<string, unknown>;
  assert.deepEqual(value.get("a"), [1, 2.5]);
  assert.deepEqual(value.get("b"), [true, null]);
  const refuse = (bytes: number[], message: RegExp) =>
    assert.throws(() => safeUnpickle(new Uint8Array(bytes), handlers, "x.pkl"), message);
  const enc = (s: string) => [...new TextEncoder().encode(s)];
  refuse(
    [0x80, 0x02, ...enc("cbuiltins\neval\n")],
    /x.pkl: pickle byte 2: refused: the pickle asks for builtins.eval/,
  );
  refuse([0x80, 0x02, 0x69], /refused: opcode 0x69 \('i'\)/); // INST
  refuse([0x80, 0x02, 0x62], /refused: opcode 0x62 \('b'\)/); // BUILD
  refuse([0x80, 0x02, 0x58, 0xff, 0xff, 0, 0], /truncated pickle/);
  refuse([0x80, 0x02, 0x2e], /STOP with 0 items/);
});

Deno.test("fuzzed torch files give a result or a clear error naming the file", async () => {
  const rng = Rng.fromSeed(20261130);
  const bytes = await Deno.readFile(join(fixtures, "state_dict.pt"));
  const dir = await Deno.makeTempDir({ prefix: "torch-fuzz-" });
  const path = join(dir, "f.pt");
  try {
    for (let trial = 0; trial < 300; trial++) {
      const mutated = bytes.slice(0, trial % 7 === 0 ? rng.int(bytes.length + 1) : bytes.length);
      for (let k = 1 + rng.int(4); k > 0 && mutated.length > 0; k--) {
        mutated[rng.int(mutated.length)] = rng.int(256);
      }
      await Deno.writeFile(path, mutated);
      try {
        await readTorchStateDict(path);
      } catch (error) {
        assert.equal((error as Error).constructor, Error, (error as Error).stack);
        assert.ok((error as Error).message.startsWith(`${path}: `), (error as Error).message);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readWeightMatrices picks the reader by file kind and names what it cannot read", async () => {
  const { readWeightMatrices } = await import("../../lib/rmt/weight_files.ts");
  assert.ok((await readWeightMatrices(join(fixtures, "ckpt.pt"))).has("lm_head.weight"));
  assert.ok((await readWeightMatrices(join(fixtures, "arrays.npz"))).has("layer0.weight"));
  await assert.rejects(
    () => readWeightMatrices(new URL(import.meta.url).pathname),
    /unknown weight file kind; expected a folder or one of \.npy, \.npz/,
  );
});
