/** .npy and .safetensors: round trips of files the project writes, other layouts, bad files. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { Rng } from "../../lib/random/rng.ts";
import { decodeNpy, encodeNpy, readNpyMatrix } from "../../lib/rmt/npy_format.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  readSafetensorsMatrices,
} from "../../lib/rmt/safetensors_format.ts";

function npyBytes(header: string, payload: Uint8Array, version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const padded = header + " ".repeat((64 - ((pre + header.length + 1) % 64)) % 64) + "\n";
  const out = new Uint8Array(pre + padded.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  out.set(new TextEncoder().encode(padded), pre);
  out.set(payload, pre + padded.length);
  return out;
}

Deno.test(".npy: f64 and f32 round trips through a file", async () => {
  const dir = await Deno.makeTempDir();
  const m = DenseMatrix.fromRows([[1, -2.5, 3], [4e-300, 5, 6]]);
  await Deno.writeFile(join(dir, "w.npy"), encodeNpy({ shape: [2, 3], data: m.data }));
  const back = await readNpyMatrix(join(dir, "w.npy"));
  assert.deepEqual(back.toRows(), m.toRows());
  const f = m.toFloat32();
  const decoded = decodeNpy(encodeNpy({ shape: [2, 3], data: f.data }));
  assert.ok(decoded.data instanceof Float32Array);
  assert.deepEqual(Array.from(decoded.data), Array.from(f.data));
  assert.equal(encodeNpy({ shape: [5], data: new Float64Array(5) }).length % 64, 40 % 64);
  await Deno.remove(dir, { recursive: true });
});

Deno.test(".npy: Fortran order, big-endian, integers, float16 and version 2 headers", () => {
  // [[1, 2, 3], [4, 5, 6]] stored column by column, big-endian f8
  const be = new Uint8Array(48);
  const v = new DataView(be.buffer);
  [1, 4, 2, 5, 3, 6].forEach((x, i) => v.setFloat64(8 * i, x, false));
  const fortran = decodeNpy(
    npyBytes("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }", be),
  );
  assert.deepEqual(Array.from(fortran.data), [1, 2, 3, 4, 5, 6]);
  const ints = decodeNpy(
    npyBytes(
      "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
      new Uint8Array(new Int32Array([-1, 0, 7]).buffer),
      2,
    ),
  );
  assert.deepEqual(Array.from(ints.data), [-1, 0, 7]);
  const half = decodeNpy(
    npyBytes(
      "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }",
      new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer),
    ),
  );
  assert.deepEqual(Array.from(half.data), [1, -2]);
});

Deno.test(".npy: a repeated header key takes the last value, as numpy's dict does", () => {
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), 'shape': (1,), }";
  assert.deepEqual(decodeNpy(npyBytes(header, new Uint8Array(8))).shape, [1]);
});

Deno.test(".npy: malformed files are rejected with a clear error", () => {
  assert.throws(() => decodeNpy(new Uint8Array([1, 2, 3])), /npy data: not a \.npy file/);
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }";
  assert.throws(() => decodeNpy(npyBytes(header, new Uint8Array(16))), /truncated/);
  assert.throws(
    () =>
      decodeNpy(
        npyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16)),
      ),
    /unsupported dtype '<c16'/,
  );
  assert.throws(
    () => decodeNpy(npyBytes("{'descr': '<f8'}", new Uint8Array(8))),
    /no 'fortran_order'/,
  );
});

Deno.test(".safetensors: round trip with metadata, F16/BF16 decoding, matrices from a file", async () => {
  const a = DenseMatrix.fromRows([[1, 2], [3, 4], [5, 6]]);
  const b = DenseMatrix.fromRows([[0.5, -0.25, 8]]).toFloat32();
  const bytes = encodeSafetensors({ "layer.0.key": a, "layer.0.bias": b }, { step: "100" });
  const { tensors, metadata } = decodeSafetensors(bytes);
  assert.deepEqual(metadata, { step: "100" });
  assert.deepEqual(tensors.get("layer.0.key")!.shape, [3, 2]);
  assert.deepEqual(Array.from(tensors.get("layer.0.key")!.data), [1, 2, 3, 4, 5, 6]);
  assert.equal(tensors.get("layer.0.bias")!.dtype, "F32");
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(join(dir, "m.safetensors"), bytes);
  const matrices = await readSafetensorsMatrices(join(dir, "m.safetensors"));
  assert.deepEqual(matrices.get("layer.0.key")!.toRows(), a.toRows());
  await Deno.remove(dir, { recursive: true });

  const header = JSON.stringify({
    h: { dtype: "F16", shape: [2], data_offsets: [0, 4] },
    bf: { dtype: "BF16", shape: [2], data_offsets: [4, 8] },
  });
  const raw = new Uint8Array(8 + header.length + 8);
  new DataView(raw.buffer).setBigUint64(0, BigInt(header.length), true);
  raw.set(new TextEncoder().encode(header), 8);
  raw.set(
    new Uint8Array(new Uint16Array([0x3c00, 0x4200, 0x3f80, 0xc040]).buffer),
    8 + header.length,
  );
  const decoded = decodeSafetensors(raw).tensors;
  assert.deepEqual(Array.from(decoded.get("h")!.data), [1, 3]);
  assert.deepEqual(Array.from(decoded.get("bf")!.data), [1, -3]);
});

Deno.test(".safetensors: malformed files are rejected with a clear error", () => {
  assert.throws(() => decodeSafetensors(new Uint8Array(4)), /shorter than its 8-byte header/);
  const bad = new Uint8Array(16);
  new DataView(bad.buffer).setBigUint64(0, 100n, true);
  assert.throws(() => decodeSafetensors(bad), /header length 100 exceeds the file/);
  const notJson = new Uint8Array(12);
  new DataView(notJson.buffer).setBigUint64(0, 4n, true);
  notJson.set(new TextEncoder().encode("{x:1"), 8);
  assert.throws(() => decodeSafetensors(notJson), /header is not UTF-8 JSON/);
  const h = JSON.stringify({ t: { dtype: "F32", shape: [4], data_offsets: [0, 8] } });
  const short = new Uint8Array(8 + h.length + 8);
  new DataView(short.buffer).setBigUint64(0, BigInt(h.length), true);
  short.set(new TextEncoder().encode(h), 8);
  assert.throws(() => decodeSafetensors(short), /offsets \[0, 8\) do not hold 4 F32 values/);
  const i8 = JSON.stringify({ t: { dtype: "I8", shape: [1], data_offsets: [0, 1] } });
  const ints = new Uint8Array(8 + i8.length + 1);
  new DataView(ints.buffer).setBigUint64(0, BigInt(i8.length), true);
  ints.set(new TextEncoder().encode(i8), 8);
  assert.deepEqual(
    decodeSafetensors(ints).skipped,
    ["t"],
    "integer tensors are skipped, not fatal",
  );
});

/** A .safetensors file with this header (object or raw JSON text) and `dataBytes` zero bytes. */
function withHeader(header: unknown, dataBytes: number): Uint8Array {
  const text = typeof header === "string" ? header : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

Deno.test(".safetensors: the header is validated against the format's rules, errors name file and tensor", () => {
  const t = (entry: unknown, data = 8) => withHeader({ w: entry }, data);
  const cases: [Uint8Array, RegExp][] = [
    [withHeader("null", 0), /m\.st: header is null, not a JSON object/],
    [withHeader("42", 0), /header is 42, not a JSON object/],
    [withHeader("[1]", 0), /not a JSON object/],
    [t(null), /tensor w: entry is null, not an object/],
    [t({ dtype: "F32", shape: 2, data_offsets: [0, 8] }), /tensor w: shape 2 is not a list/],
    [t({ dtype: "F32", shape: [2], data_offsets: "0-8" }), /tensor w: data_offsets "0-8"/],
    [t({ dtype: "F32", shape: [2.5], data_offsets: [0, 8] }), /tensor w: shape \[2.5\]/],
    [t({ dtype: "F32", shape: [2], data_offsets: [0.5, 8.5] }), /tensor w: data_offsets/],
    [t({ dtype: "F32", shape: [-2], data_offsets: [0, 8] }), /tensor w: shape \[-2\]/],
    [t({ dtype: "X9", shape: [2], data_offsets: [0, 8] }), /tensor w: unknown dtype "X9"/],
    [t({ dtype: "F32", shape: [4], data_offsets: [0, 16] }), /tensor w: data \[0, 16\) beyond/],
    [
      withHeader({
        a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
        b: { dtype: "F32", shape: [2], data_offsets: [4, 12] },
      }, 12),
      /tensor b: data \[4, 12\) overlaps another tensor/,
    ],
    [
      withHeader({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, 8),
      /tensor a: a gap of 4 bytes/,
    ],
    [withHeader({ __metadata__: { step: 3 } }, 0), /__metadata__ must map names to strings/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => decodeSafetensors(bytes, "m.st"), message);
  }
});

/**
 * Seeded, bounded fuzzing: random byte mutations of valid files either decode or raise an Error
 * that names the file; never a raw TypeError/RangeError, a hang or a huge allocation.
 */
Deno.test("fuzzed .npy and .safetensors files give a result or a clear error", () => {
  const rng = Rng.fromSeed(20261130);
  const matrix = DenseMatrix.fromRows([[1, 2, 3], [4, 5, 6]]);
  const valid: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
    [
      "w.safetensors",
      encodeSafetensors({ "a.key": matrix, b: matrix.toFloat32() }, { step: "7" }),
      (b) => decodeSafetensors(b, "w.safetensors"),
    ],
    ["w.npy", encodeNpy({ shape: [2, 3], data: matrix.data }), (b) => decodeNpy(b, "w.npy")],
  ];
  for (const [name, bytes, decode] of valid) {
    for (let trial = 0; trial < 1500; trial++) {
      const mutated = bytes.slice(0, trial % 7 === 0 ? rng.int(bytes.length + 1) : bytes.length);
      for (let k = 1 + rng.int(4); k > 0 && mutated.length > 0; k--) {
        mutated[rng.int(mutated.length)] = rng.int(256);
      }
      try {
        decode(mutated);
      } catch (error) {
        assert.equal((error as Error).constructor, Error, `${name}: ${(error as Error).stack}`);
        assert.ok((error as Error).message.startsWith(`${name}: `), (error as Error).message);
      }
    }
  }
});
