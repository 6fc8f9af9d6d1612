/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, an N-byte JSON header {name: {dtype, shape, data_offsets: [begin, end]}, …,
 * "__metadata__": {string: string}}, then the tensors' bytes (little-endian, C order), offsets
 * relative to the end of the header. F64, F32, F16 and BF16 are read (F16/BF16 become f32).
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import { halfToNumber } from "./npy_format.ts";

/** One tensor: dtype as stored, shape, values in C order. */
export interface Tensor {
  dtype: "F64" | "F32" | "F16" | "BF16";
  shape: number[];
  data: FloatArray;
}

/** Byte sizes of the format's dtypes; the float ones are decoded, the others only skipped. */
const SIZES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  U64: 8,
  I32: 4,
  U32: 4,
  I16: 2,
  U16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
};
const FLOAT_DTYPES = new Set(["F64", "F32", "F16", "BF16"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * Decodes a .safetensors file: float tensors by name, the names of tensors of other dtypes
 * (integers, booleans, 8-bit floats: `skipped`), and the metadata. The header is validated against
 * the format's rules — a JSON object; each entry a dtype, a shape of non-negative integers and
 * integer offsets [begin, end) of exactly the shape's byte count; the entries tile the data with
 * no gap or overlap — and every error names `source` (the file) and the tensor.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source = "safetensors data",
): { tensors: Map<string, Tensor>; skipped: string[]; metadata: Record<string, string> } {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  if (bytes.length < 8) fail("not a .safetensors file: shorter than its 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    fail(`not a .safetensors file: header length ${headerLength} exceeds the file`);
  }
  const base = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, base)));
  } catch (error) {
    fail(`header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) fail(`header is ${JSON.stringify(header)}, not a JSON object`);
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] =
    [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (!isRecord(entry) || Object.values(entry).some((v) => typeof v !== "string")) {
        fail("__metadata__ must map names to strings");
      }
      metadata = entry as Record<string, string>;
      continue;
    }
    if (!isRecord(entry)) fail(`tensor ${name}: entry is ${JSON.stringify(entry)}, not an object`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== "string" || !(dtype in SIZES)) {
      fail(`tensor ${name}: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) {
      fail(`tensor ${name}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      fail(`tensor ${name}: data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
    }
    const [begin, end] = offsets as number[];
    const count = (shape as number[]).reduce((p, d) => p * d, 1);
    const size = SIZES[dtype as string];
    if (!Number.isSafeInteger(count * size) || end - begin !== count * size) {
      fail(`tensor ${name}: offsets [${begin}, ${end}) do not hold ${count} ${dtype} values`);
    }
    if (base + end > bytes.length) {
      fail(
        `tensor ${name}: data [${begin}, ${end}) beyond the file's ${bytes.length - base} bytes`,
      );
    }
    entries.push({ name, dtype: dtype as string, shape: shape as number[], begin, end });
  }
  // the tensors tile the data region: sorted by offset, each starts where the previous ended
  const sorted = [...entries].sort((x, y) => x.begin - y.begin || x.end - y.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.begin !== cursor) {
      fail(
        e.begin < cursor
          ? `tensor ${e.name}: data [${e.begin}, ${e.end}) overlaps another tensor`
          : `tensor ${e.name}: a gap of ${e.begin - cursor} bytes before its data`,
      );
    }
    cursor = e.end;
  }
  const tensors = new Map<string, Tensor>();
  const skipped: string[] = [];
  for (const { name, dtype, shape, begin } of entries) {
    if (!FLOAT_DTYPES.has(dtype)) {
      skipped.push(name);
      continue;
    }
    const count = shape.reduce((p, d) => p * d, 1);
    const o = base + begin;
    const data = dtype === "F64" ? new Float64Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i++) {
      data[i] = dtype === "F64"
        ? view.getFloat64(o + 8 * i, true)
        : dtype === "F32"
        ? view.getFloat32(o + 4 * i, true)
        : dtype === "F16"
        ? halfToNumber(view.getUint16(o + 2 * i, true))
        : new Float32Array(new Uint32Array([view.getUint16(o + 2 * i, true) << 16]).buffer)[0];
    }
    tensors.set(name, { dtype: dtype as Tensor["dtype"], shape, data });
  }
  return { tensors, skipped, metadata };
}

/** Encodes matrices (F64 or F32 by element type) and string metadata as .safetensors. */
export function encodeSafetensors(
  tensors: Record<string, DenseMatrix<FloatArray>>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [name, m] of entries) {
    const size = m.dtype === "f32" ? 4 : 8;
    const bytes = m.data.length * size;
    header[name] = {
      dtype: m.dtype === "f32" ? "F32" : "F64",
      shape: [m.rows, m.cols],
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8); // keep the data 8-byte aligned
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let o = 8 + headerBytes.length;
  for (const [, m] of entries) {
    for (let i = 0; i < m.data.length; i++) {
      if (m.dtype === "f32") view.setFloat32(o + 4 * i, m.data[i], true);
      else view.setFloat64(o + 8 * i, m.data[i], true);
    }
    o += m.data.length * (m.dtype === "f32" ? 4 : 8);
  }
  return out;
}

/**
 * The weight matrices of a .safetensors file: every tensor of ≥ 2 dimensions, as a matrix of
 * shape[0] rows (higher dimensions flattened into the columns, as for convolution kernels).
 */
export async function readSafetensorsMatrices(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  const { tensors } = decodeSafetensors(await Deno.readFile(path), path);
  const out = new Map<string, DenseMatrix<FloatArray>>();
  for (const [name, t] of tensors) {
    if (t.shape.length < 2) continue;
    out.set(name, new DenseMatrix(t.shape[0], t.data.length / t.shape[0], t.data));
  }
  return out;
}

/** Shard names must be plain file names inside the model folder. */
function plainFileName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && !/[\/\\]/.test(name) && name !== ".." &&
    name !== ".";
}

/**
 * The weight matrices of a model: a .safetensors file, or a Hugging Face model folder — one
 * `model.safetensors`, or shards listed in `model.safetensors.index.json`
 * ({"weight_map": {tensor name: shard file}}). Shards are read one at a time; every tensor the
 * index names must be in its shard, and every error names the file.
 */
export async function readSafetensorsModel(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  const info = await Deno.stat(path);
  if (info.isFile) return await readSafetensorsMatrices(path);
  const indexPath = `${path}/model.safetensors.index.json`;
  let indexText: string;
  try {
    indexText = await Deno.readTextFile(indexPath);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    try {
      return await readSafetensorsMatrices(`${path}/model.safetensors`);
    } catch (inner) {
      if (!(inner instanceof Deno.errors.NotFound)) throw inner;
      throw new Error(
        `${path}: no model.safetensors and no model.safetensors.index.json in this folder`,
      );
    }
  }
  let index: unknown;
  try {
    index = JSON.parse(indexText);
  } catch (error) {
    throw new Error(`${indexPath}: not JSON (${(error as Error).message})`);
  }
  const map = isRecord(index) ? index.weight_map : undefined;
  if (!isRecord(map)) throw new Error(`${indexPath}: no "weight_map" object`);
  const byShard = new Map<string, string[]>();
  for (const [name, shard] of Object.entries(map)) {
    if (!plainFileName(shard)) {
      throw new Error(
        `${indexPath}: tensor ${name} maps to ${JSON.stringify(shard)}, not a file name`,
      );
    }
    byShard.set(shard, [...(byShard.get(shard) ?? []), name]);
  }
  const out = new Map<string, DenseMatrix<FloatArray>>();
  for (const [shard, names] of [...byShard].sort(([a], [b]) => a.localeCompare(b))) {
    const shardPath = `${path}/${shard}`;
    const { tensors, skipped } = decodeSafetensors(await Deno.readFile(shardPath), shardPath);
    for (const name of names) {
      const t = tensors.get(name);
      if (!t) {
        if (skipped.includes(name)) continue; // an integer or boolean buffer, not a weight
        throw new Error(`${shardPath}: tensor ${name}, listed in the index, is not in this shard`);
      }
      if (t.shape.length < 2) continue;
      out.set(name, new DenseMatrix(t.shape[0], t.data.length / t.shape[0], t.data));
    }
  }
  return out;
}
