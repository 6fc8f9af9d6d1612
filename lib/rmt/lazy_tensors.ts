/**
 * A weight file opened for reading one tensor at a time: its float tensors' names, dtypes and
 * shapes come from the file's header or directory alone, and `load` reads one tensor's bytes
 * when it is asked for. A 500 MB checkpoint is then analysed with one tensor in memory, never the
 * whole file. Every reader of lib/rmt (safetensors, sharded Hugging Face folders, .npz, .npy,
 * torch.save files) returns this shape.
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import { halfToNumber } from "./npy_format.ts";

/** The float element types the readers decode (half precisions become f32). */
export type FloatDtype = "F64" | "F32" | "F16" | "BF16";

/** One float tensor of a file, before its data is read. */
export interface TensorInfo {
  name: string;
  dtype: FloatDtype;
  shape: number[];
}

/** A weight file or model folder opened lazily; `close` releases its file handles. */
export interface LazyTensors {
  /** the file or folder, as given */
  source: string;
  /** the float tensors, in the file's order */
  tensors: TensorInfo[];
  /** the tensors of other dtypes (integer buffers, masks), which are not weights */
  skipped: string[];
  /** the values of one tensor in C order (f64 for F64, f32 otherwise) */
  load(name: string): Promise<FloatArray>;
  close(): void;
}

/** Number of elements of a shape. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `count` contiguous little-endian values of `dtype` from `bytes`. F32 and F64 on a
 * little-endian machine reuse the bytes' buffer when it is aligned and exclusively theirs
 * (no copy of a large tensor); F16 and BF16 are widened to f32.
 */
export function decodeFloats(dtype: FloatDtype, bytes: Uint8Array, count: number): FloatArray {
  const size = dtype === "F64" ? 8 : dtype === "F32" ? 4 : 2;
  if (bytes.length < count * size) {
    throw new RangeError(
      `${count} ${dtype} values need ${count * size} bytes, got ${bytes.length}`,
    );
  }
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer;
  if (LITTLE_ENDIAN && (dtype === "F32" || dtype === "F64")) {
    if (whole && bytes.byteLength === count * size) {
      return dtype === "F32"
        ? new Float32Array(bytes.buffer as ArrayBuffer)
        : new Float64Array(bytes.buffer as ArrayBuffer);
    }
    const copy = bytes.slice(0, count * size);
    return dtype === "F32" ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === "F64") {
    return Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true));
  }
  const out = new Float32Array(count);
  if (dtype === "F32") {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (dtype === "F16") {
    for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, true));
  } else {
    // bf16 is the upper half of an f32
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  }
  return out;
}

/** Reads exactly `length` bytes at `offset` of an open file into a buffer of its own. */
export async function readFileRange(
  file: Deno.FsFile,
  offset: number,
  length: number,
  source: string,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  await file.seek(offset, Deno.SeekMode.Start);
  let filled = 0;
  while (filled < length) {
    const n = await file.read(out.subarray(filled));
    if (n === null) {
      throw new Error(`${source}: the file ends ${length - filled} bytes early (truncated?)`);
    }
    filled += n;
  }
  return out;
}

/**
 * A tensor of ≥ 2 dimensions as a matrix of shape[0] rows, higher dimensions flattened into the
 * columns (a convolution kernel [out, in, kh, kw] becomes [out, in·kh·kw], the matrix applied to
 * each im2col patch); null for a 0- or 1-dimensional tensor or an empty one.
 */
export function tensorMatrix(
  shape: readonly number[],
  data: FloatArray,
): DenseMatrix<FloatArray> | null {
  if (shape.length < 2 || shape[0] === 0 || data.length === 0) return null;
  return new DenseMatrix(shape[0], data.length / shape[0], data);
}

/** Every matrix of an opened file in memory at once, by name (closes the file). */
export async function loadAllMatrices(
  lazy: LazyTensors,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  try {
    const out = new Map<string, DenseMatrix<FloatArray>>();
    for (const t of lazy.tensors) {
      if (t.shape.length < 2) continue;
      const m = tensorMatrix(t.shape, await lazy.load(t.name));
      if (m) out.set(t.name, m);
    }
    return out;
  } finally {
    lazy.close();
  }
}
