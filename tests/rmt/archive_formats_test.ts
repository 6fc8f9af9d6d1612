/**
 * ZIP-based weight files: .npz archives written by real numpy (tests/fixtures/weights/, made by
 * scripts/fixtures/weight_fixtures.py with np.savez and np.savez_compressed), the ZIP reader's
 * CRC-32 and error handling, and Hugging Face model folders sharded through
 * model.safetensors.index.json.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { decodeNpz, readNpzMatrices } from "../../lib/rmt/npz_format.ts";
import { crc32 } from "../../lib/rmt/zip_archive.ts";
import { encodeSafetensors, readSafetensorsModel } from "../../lib/rmt/safetensors_format.ts";
import { DenseMatrix, type FloatArray } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";

const fixtures = new URL("../fixtures/weights/", import.meta.url).pathname;
/** The closed form the fixture script writes: a[i, j] = (i + 1)·0.5 − j/3. */
const closedForm = (i: number, j: number) => (i + 1) * 0.5 - j / 3;

function assertClosedForm(
  m: DenseMatrix<FloatArray>,
  rows: number,
  cols: number,
  relative: number,
) {
  assert.equal(m.rows, rows);
  assert.equal(m.cols, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const want = closedForm(i, j);
      assert.ok(Math.abs(m.get(i, j) - want) <= relative * Math.abs(want) + 1e-12, `(${i}, ${j})`);
    }
  }
}

for (const file of ["arrays.npz", "arrays_compressed.npz"]) {
  Deno.test(`.npz from numpy (${file}): every dtype, Fortran order, 3-D and 1-D arrays`, async () => {
    const arrays = await decodeNpz(await Deno.readFile(join(fixtures, file)), file);
    assert.deepEqual([...arrays.keys()].sort(), [
      "bias",
      "conv",
      "fortran",
      "half",
      "layer0.weight",
      "layer1.weight",
    ]);
    assert.ok(arrays.get("layer0.weight")!.data instanceof Float32Array);
    assert.deepEqual(arrays.get("conv")!.shape, [2, 3, 4]);
    const matrices = await readNpzMatrices(join(fixtures, file));
    // f32 rounds to 2⁻²⁴ relative, f16 to 2⁻¹¹; f64 is exact
    assertClosedForm(matrices.get("layer0.weight")!, 6, 4, 1e-7);
    assertClosedForm(matrices.get("layer1.weight")!, 3, 5, 1e-15);
    assertClosedForm(matrices.get("half")!, 2, 3, 1e-3);
    assertClosedForm(matrices.get("fortran")!, 4, 3, 1e-15);
    // the 3-D array becomes 2 rows of 3·4 columns, C order: the same values as layer0
    const conv = matrices.get("conv")!;
    assert.deepEqual([conv.rows, conv.cols], [2, 12]);
    assert.ok(Math.abs(conv.get(1, 5) - closedForm(4, 1)) < 1e-6);
    assert.ok(!matrices.has("bias"), "1-D arrays are not weight matrices");
  });
}

Deno.test("CRC-32 has its standard check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

Deno.test(".npz: damaged and foreign files are refused with an error naming the file", async () => {
  const plain = await Deno.readFile(join(fixtures, "arrays.npz"));
  const compressed = await Deno.readFile(join(fixtures, "arrays_compressed.npz"));
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(10), /w\.npz: not a zip archive/],
    [plain.slice(0, plain.length - 30), /w\.npz: not a zip archive \(no end-of-central/],
    [plain.slice(200), /w\.npz: /],
  ];
  // a flipped byte inside stored data breaks the CRC; inside deflated data, the inflation or CRC
  const flipped = plain.slice();
  flipped[150] ^= 0xff;
  cases.push([flipped, /w\.npz: .*(CRC-32 mismatch|bad magic|header)/]);
  const inflated = compressed.slice();
  inflated[120] ^= 0xff;
  cases.push([inflated, /w\.npz: /]);
  for (const [bytes, message] of cases) {
    await assert.rejects(() => decodeNpz(bytes, "w.npz"), message);
  }
});

Deno.test("fuzzed .npz files give a result or a clear error naming the file", async () => {
  const rng = Rng.fromSeed(20261130);
  for (const file of ["arrays.npz", "arrays_compressed.npz"]) {
    const bytes = await Deno.readFile(join(fixtures, file));
    for (let trial = 0; trial < 400; trial++) {
      const mutated = bytes.slice(0, trial % 7 === 0 ? rng.int(bytes.length + 1) : bytes.length);
      for (let k = 1 + rng.int(4); k > 0 && mutated.length > 0; k--) {
        mutated[rng.int(mutated.length)] = rng.int(256);
      }
      try {
        await decodeNpz(mutated, "f.npz");
      } catch (error) {
        assert.equal((error as Error).constructor, Error, `${file}: ${(error as Error).stack}`);
        assert.ok((error as Error).message.startsWith("f.npz: "), (error as Error).message);
      }
    }
  }
});

Deno.test("Hugging Face model folders: sharded through the index, or one model.safetensors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hf-model-" });
  try {
    const a = DenseMatrix.fromRows([[1, 2, 3], [4, 5, 6]]);
    const b = DenseMatrix.fromRows([[7, 8], [9, 10]]);
    await Deno.writeFile(
      join(dir, "model-00001-of-00002.safetensors"),
      encodeSafetensors({ "h.0.w": a }),
    );
    await Deno.writeFile(
      join(dir, "model-00002-of-00002.safetensors"),
      encodeSafetensors({ "h.1.w": b, "h.1.bias": DenseMatrix.fromRows([[1, 2]]) }),
    );
    const index = {
      metadata: { total_size: 80 },
      weight_map: {
        "h.0.w": "model-00001-of-00002.safetensors",
        "h.1.w": "model-00002-of-00002.safetensors",
        "h.1.bias": "model-00002-of-00002.safetensors",
      },
    };
    await Deno.writeTextFile(join(dir, "model.safetensors.index.json"), JSON.stringify(index));
    const m = await readSafetensorsModel(dir);
    assert.deepEqual([...m.keys()].sort(), ["h.0.w", "h.1.bias", "h.1.w"]);
    assert.deepEqual(Array.from(m.get("h.1.w")!.data), [7, 8, 9, 10]);
    // a tensor the index names but its shard lacks
    index.weight_map["h.2.w" as keyof typeof index.weight_map] = "model-00001-of-00002.safetensors";
    await Deno.writeTextFile(join(dir, "model.safetensors.index.json"), JSON.stringify(index));
    await assert.rejects(
      () => readSafetensorsModel(dir),
      /tensor h\.2\.w, listed in the index, is not in this shard/,
    );
    // a shard outside the folder
    await Deno.writeTextFile(
      join(dir, "model.safetensors.index.json"),
      JSON.stringify({ weight_map: { x: "../elsewhere.safetensors" } }),
    );
    await assert.rejects(
      () => readSafetensorsModel(dir),
      /maps to "\.\.\/elsewhere\.safetensors", not a file name/,
    );
    // no index: one model.safetensors
    await Deno.remove(join(dir, "model.safetensors.index.json"));
    await assert.rejects(
      () => readSafetensorsModel(dir),
      /no model\.safetensors and no model\.safetensors\.index\.json/,
    );
    await Deno.writeFile(join(dir, "model.safetensors"), encodeSafetensors({ w: a }));
    assert.deepEqual([...(await readSafetensorsModel(dir)).keys()], ["w"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
