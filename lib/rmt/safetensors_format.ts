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

function fail(problem: string): never {
  throw new Error(`.safetensors: ${problem}`);
}

const SIZES = { F64: 8, F32: 4, F16: 2, BF16: 2 } as const;

/** Decodes a .safetensors file: tensors by name, and the metadata. */
export function decodeSafetensors(
  bytes: Uint8Array,
): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) fail("file shorter than its 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) fail(`header length ${headerLength} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    fail(`header is not JSON (${(error as Error).message})`);
  }
  const base = 8 + headerLength;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    const dtype = e.dtype as Tensor["dtype"];
    if (!(dtype in SIZES)) fail(`tensor ${name}: unsupported dtype ${e.dtype}`);
    const shape = e.shape ?? fail(`tensor ${name}: no shape`);
    const [begin, end] = e.data_offsets ?? fail(`tensor ${name}: no data_offsets`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * SIZES[dtype]) {
      fail(`tensor ${name}: offsets [${begin}, ${end}) do not hold ${count} ${dtype} values`);
    }
    if (base + end > bytes.length || begin < 0) fail(`tensor ${name}: data beyond the file`);
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
    tensors.set(name, { dtype, shape, data });
  }
  return { tensors, metadata };
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
  const { tensors } = decodeSafetensors(await Deno.readFile(path));
  const out = new Map<string, DenseMatrix<FloatArray>>();
  for (const [name, t] of tensors) {
    if (t.shape.length < 2) continue;
    out.set(name, new DenseMatrix(t.shape[0], t.data.length / t.shape[0], t.data));
  }
  return out;
}
