/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, an N-byte JSON header {name: {dtype, shape, data_offsets: [begin, end]}, …,
 * "__metadata__": {string: string}}, then the tensors' bytes (little-endian, C order), offsets
 * relative to the end of the header. F64, F32, F16 and BF16 are read (F16/BF16 become f32).
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import {
  decodeFloats,
  elementCount,
  type FloatDtype,
  type LazyTensors,
  loadAllMatrices,
  readFileRange,
} from "./lazy_tensors.ts";

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

/** One entry of a safetensors header: offsets relative to the start of the data region. */
interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parses and validates a safetensors JSON header against the format's rules — a JSON object; each
 * entry a dtype, a shape of non-negative integers and integer offsets [begin, end) of exactly the
 * shape's byte count; the entries tile the data region of `dataLength` bytes with no gap or
 * overlap. Every error names `source` (the file) and the tensor.
 */
function parseHeader(
  headerBytes: Uint8Array,
  dataLength: number,
  source: string,
): { entries: HeaderEntry[]; metadata: Record<string, string> } {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (error) {
    fail(`header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) fail(`header is ${JSON.stringify(header)}, not a JSON object`);
  const entries: HeaderEntry[] = [];
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
    const count = elementCount(shape as number[]);
    const size = SIZES[dtype as string];
    if (!Number.isSafeInteger(count * size) || end - begin !== count * size) {
      fail(`tensor ${name}: offsets [${begin}, ${end}) do not hold ${count} ${dtype} values`);
    }
    if (end > dataLength) {
      fail(`tensor ${name}: data [${begin}, ${end}) beyond the file's ${dataLength} bytes`);
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
  return { entries, metadata };
}

/** The header length of a file whose first 8 bytes are `head`, checked against its size. */
function headerLength(head: Uint8Array, fileSize: number, source: string): number {
  if (head.length < 8 || fileSize < 8) {
    throw new Error(`${source}: not a .safetensors file: shorter than its 8-byte header length`);
  }
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(fileSize - 8)) {
    throw new Error(`${source}: not a .safetensors file: header length ${n} exceeds the file`);
  }
  return Number(n);
}

/**
 * Decodes a .safetensors file held in memory: float tensors by name, the names of tensors of other
 * dtypes (integers, booleans, 8-bit floats: `skipped`), and the metadata (validated as parseHeader
 * says).
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source = "safetensors data",
): { tensors: Map<string, Tensor>; skipped: string[]; metadata: Record<string, string> } {
  const n = headerLength(bytes.subarray(0, 8), bytes.length, source);
  const base = 8 + n;
  const { entries, metadata } = parseHeader(bytes.subarray(8, base), bytes.length - base, source);
  const tensors = new Map<string, Tensor>();
  const skipped: string[] = [];
  for (const { name, dtype, shape, begin, end } of entries) {
    if (!FLOAT_DTYPES.has(dtype)) {
      skipped.push(name);
      continue;
    }
    const data = decodeFloats(
      dtype as FloatDtype,
      bytes.subarray(base + begin, base + end),
      elementCount(shape),
    );
    tensors.set(name, { dtype: dtype as Tensor["dtype"], shape, data });
  }
  return { tensors, skipped, metadata };
}

/**
 * Opens a .safetensors file lazily: only its header is read now, and each tensor's bytes when it
 * is loaded (the file stays open until `close`).
 */
export async function openSafetensorsFile(path: string): Promise<LazyTensors> {
  const file = await Deno.open(path);
  try {
    const size = (await file.stat()).size;
    const n = headerLength(await readFileRange(file, 0, Math.min(8, size), path), size, path);
    const base = 8 + n;
    const { entries } = parseHeader(await readFileRange(file, 8, n, path), size - base, path);
    const floats = entries.filter((e) => FLOAT_DTYPES.has(e.dtype));
    const byName = new Map(floats.map((e) => [e.name, e]));
    return {
      source: path,
      tensors: floats.map((e) => ({ name: e.name, dtype: e.dtype as FloatDtype, shape: e.shape })),
      skipped: entries.filter((e) => !FLOAT_DTYPES.has(e.dtype)).map((e) => e.name),
      async load(name) {
        const e = byName.get(name) ?? unknownTensor(path, name);
        const bytes = await readFileRange(file, base + e.begin, e.end - e.begin, path);
        return decodeFloats(e.dtype as FloatDtype, bytes, elementCount(e.shape));
      },
      close: () => file.close(),
    };
  } catch (error) {
    file.close();
    throw error;
  }
}

function unknownTensor(source: string, name: string): never {
  throw new Error(`${source}: no float tensor named ${name}`);
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

/** Shard names must be plain file names inside the model folder. */
function plainFileName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && !/[\/\\]/.test(name) && name !== ".." &&
    name !== ".";
}

/**
 * Opens a model lazily: a .safetensors file, or a Hugging Face model folder — one
 * `model.safetensors`, or shards listed in `model.safetensors.index.json`
 * ({"weight_map": {tensor name: shard file}}). Every shard's header is read and checked now (every
 * tensor the index names must be in its shard); tensors are read one at a time when loaded, and
 * every error names the file.
 */
export async function openSafetensorsModel(path: string): Promise<LazyTensors> {
  const info = await Deno.stat(path);
  if (info.isFile) return await openSafetensorsFile(path);
  const indexPath = `${path}/model.safetensors.index.json`;
  let indexText: string;
  try {
    indexText = await Deno.readTextFile(indexPath);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    try {
      return await openSafetensorsFile(`${path}/model.safetensors`);
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
  const shards: LazyTensors[] = [];
  const owner = new Map<string, LazyTensors>();
  const out: LazyTensors = {
    source: path,
    tensors: [],
    skipped: [],
    load: (name) => (owner.get(name) ?? unknownTensor(path, name)).load(name),
    close: () => shards.forEach((s) => s.close()),
  };
  try {
    for (const [shard, names] of [...byShard].sort(([a], [b]) => a.localeCompare(b))) {
      const lazy = await openSafetensorsFile(`${path}/${shard}`);
      shards.push(lazy);
      for (const name of names) {
        const t = lazy.tensors.find((x) => x.name === name);
        if (t) {
          out.tensors.push(t);
          owner.set(name, lazy);
        } else if (lazy.skipped.includes(name)) out.skipped.push(name);
        else {
          throw new Error(
            `${lazy.source}: tensor ${name}, listed in the index, is not in this shard`,
          );
        }
      }
    }
  } catch (error) {
    out.close();
    throw error;
  }
  return out;
}

/**
 * The weight matrices of a model (as openSafetensorsModel reads it), all in memory: every tensor
 * of ≥ 2 dimensions as a matrix of shape[0] rows (higher dimensions flattened into the columns).
 */
export async function readSafetensorsModel(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  return await loadAllMatrices(await openSafetensorsModel(path));
}

/** The weight matrices of one .safetensors file, all in memory (see readSafetensorsModel). */
export async function readSafetensorsMatrices(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  return await loadAllMatrices(await openSafetensorsFile(path));
}
