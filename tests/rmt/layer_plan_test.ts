/**
 * Which matrices are analysed: fused attention split in both layouts (GPT-2's [C, 3C], nanoGPT's
 * [3C, C]) and per head, convolution kernels flattened, small and 1-D tensors left out.
 */
import assert from "node:assert/strict";
import type { TensorInfo } from "../../lib/rmt/lazy_tensors.ts";
import { planLayers } from "../../lib/rmt/layer_plan.ts";

const info = (name: string, ...shape: number[]): TensorInfo => ({ name, shape, dtype: "F32" });
/** entry (i, j) of a rows×cols matrix holds i·1000 + j, so a block says where it came from */
const indexed = (rows: number, cols: number) =>
  Float32Array.from({ length: rows * cols }, (_, k) => Math.floor(k / cols) * 1000 + (k % cols));

Deno.test("fused attention: nanoGPT rows and GPT-2 columns split into query, key and value", () => {
  const c = 8;
  const plan = planLayers([
    info("h.0.attn.c_attn.weight", 3 * c, c),
    info("h.0.c_attn.weight", c, 3 * c),
  ]);
  assert.deepEqual(plan.layers.map((l) => [l.name, l.rows, l.cols, l.role]), [
    ["h.0.attn.c_attn.weight[query]", c, c, "query"],
    ["h.0.attn.c_attn.weight[key]", c, c, "key"],
    ["h.0.attn.c_attn.weight[value]", c, c, "value"],
    ["h.0.c_attn.weight[query]", c, c, "query"],
    ["h.0.c_attn.weight[key]", c, c, "key"],
    ["h.0.c_attn.weight[value]", c, c, "value"],
  ]);
  const key = plan.layers[1].extract(indexed(3 * c, c));
  assert.equal(key.get(0, 0), c * 1000, "nanoGPT's key rows start at row C");
  const gpt2Key = plan.layers[4].extract(indexed(c, 3 * c));
  assert.equal(gpt2Key.get(2, 0), 2 * 1000 + c, "GPT-2's key columns start at column C");
  assert.equal(gpt2Key.get(2, c - 1), 2 * 1000 + 2 * c - 1);
});

Deno.test("per head: H blocks of C/H along the fused side; errors name the tensor", () => {
  const c = 12;
  const plan = planLayers([info("blocks.0.attn.qkv.weight", 3 * c, c)], {
    attention: "heads",
    heads: 4,
  });
  assert.equal(plan.layers.length, 12);
  const k2 = plan.layers.find((l) => l.name === "blocks.0.attn.qkv.weight[key/head 2]")!;
  assert.deepEqual([k2.rows, k2.cols, k2.head, k2.role], [3, c, 2, "key"]);
  assert.equal(k2.extract(indexed(3 * c, c)).get(0, 5), (c + 2 * 3) * 1000 + 5);
  assert.throws(
    () => planLayers([info("x.in_proj_weight", 30, 10)], { attention: "heads", heads: 3 }),
    /x.in_proj_weight: width 10 is not divisible by heads = 3/,
  );
  assert.throws(() => planLayers([], { attention: "heads" }), /needs heads, a positive integer/);
  assert.throws(
    () => planLayers([], { attention: "all" as "split" }),
    /attention must be "split", "heads" or "fused", got "all"/,
  );
});

Deno.test("whole matrices: fused kept on request, odd shapes noted, convolutions flattened", () => {
  const fused = planLayers([info("c_attn.weight", 24, 8)], { attention: "fused" });
  assert.deepEqual(fused.layers.map((l) => [l.name, l.rows, l.cols]), [["c_attn.weight", 24, 8]]);
  const gqa = planLayers([info("attn.c_attn.weight", 16, 8)]);
  assert.equal(gqa.layers[0].name, "attn.c_attn.weight");
  assert.match(gqa.notes[0], /no side 3× the other; kept whole/);
  const conv = planLayers([
    info("conv.weight", 16, 3, 3, 3),
    info("conv.bias", 16),
    info("tiny.weight", 2, 50),
  ]);
  assert.deepEqual(conv.layers.map((l) => [l.name, l.rows, l.cols]), [["conv.weight", 16, 27]]);
  assert.deepEqual(conv.skipped, [{ name: "tiny.weight", reason: "shape [2,50] has a side < 3" }]);
});
