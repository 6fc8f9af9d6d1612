/**
 * NumPy's .npy format (versions 1–3; https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * the magic "\x93NUMPY", a version, a little-endian header length (u16 in v1, u32 in v2/3), an
 * ASCII Python dict {'descr': '<f8', 'fortran_order': False, 'shape': (M, N), } padded to a
 * multiple of 64 bytes, then the raw array. Floats (f2, f4, f8) and integers (i1–i8, u1–u8) of
 * either byte order are read; f4 stays Float32Array, everything else becomes Float64Array.
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";

/** A decoded array: shape and values in C (row-major) order. */
export interface NpyArray {
  shape: number[];
  data: FloatArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Raises the reader's error: every message names the file (or "npy data" for bare bytes). */
function failer(source: string) {
  return (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
}

/** Half-precision bits → number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function readValues(
  view: DataView,
  offset: number,
  count: number,
  descr: string,
  fail: (problem: string) => never,
): FloatArray {
  const m = /^([<>|=])([fiu])(\d)$/.exec(descr);
  if (!m) fail(`unsupported dtype '${descr}' (floats and integers only)`);
  const little = m[1] !== ">";
  const kind = m[2];
  const size = Number(m[3]);
  const readers: Record<string, (o: number) => number> = {
    f2: (o) => halfToNumber(view.getUint16(o, little)),
    f4: (o) => view.getFloat32(o, little),
    f8: (o) => view.getFloat64(o, little),
    i1: (o) => view.getInt8(o),
    i2: (o) => view.getInt16(o, little),
    i4: (o) => view.getInt32(o, little),
    i8: (o) => Number(view.getBigInt64(o, little)),
    u1: (o) => view.getUint8(o),
    u2: (o) => view.getUint16(o, little),
    u4: (o) => view.getUint32(o, little),
    u8: (o) => Number(view.getBigUint64(o, little)),
  };
  const read = readers[kind + size] ?? fail(`unsupported dtype '${descr}'`);
  if (!Number.isSafeInteger(count * size) || offset + count * size > view.byteLength) {
    fail(`truncated: the header promises ${count} values of ${size} bytes, the file is shorter`);
  }
  const out = kind === "f" && size === 4 ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = read(offset + i * size);
  return out;
}

/** The value of `key` in the header dict; the last one when repeated (as Python's dict does). */
function headerField(header: string, pattern: RegExp): string | undefined {
  return [...header.matchAll(pattern)].at(-1)?.[1];
}

/** Decodes the bytes of a .npy file; errors name `source` (the file). */
export function decodeNpy(bytes: Uint8Array, source = "npy data"): NpyArray {
  const fail = failer(source);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail("not a .npy file (bad magic)");
  }
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`unsupported format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length) fail("truncated header");
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = headerField(header, /'descr':\s*'([^']+)'/g) ??
    fail(`no 'descr' in header ${header}`);
  const fortran = headerField(header, /'fortran_order':\s*(True|False)/g) ??
    fail(`no 'fortran_order' in header ${header}`);
  const shapeText = headerField(header, /'shape':\s*\(([^)]*)\)/g) ??
    fail(`no 'shape' in header ${header}`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`bad shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  let data = readValues(view, start + headerLength, count, descr, fail);
  if (fortran === "True" && shape.length === 2) {
    data = new DenseMatrix(shape[1], shape[0], data).transpose().data;
  } else if (fortran === "True" && shape.length > 2) {
    fail("Fortran-ordered arrays of more than 2 dimensions are not supported");
  }
  return { shape, data };
}

/** Encodes an array as a version-1.0 .npy file ('<f8' or '<f4', C order). */
export function encodeNpy(array: NpyArray): Uint8Array {
  const f32 = array.data instanceof Float32Array;
  const size = f32 ? 4 : 8;
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new Error(`npy: shape (${array.shape}) needs ${count} values, got ${array.data.length}`);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(", ")})`;
  let header = `{'descr': '<${f32 ? "f4" : "f8"}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + count * size);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const offset = 10 + header.length;
  for (let i = 0; i < count; i++) {
    if (f32) view.setFloat32(offset + 4 * i, array.data[i], true);
    else view.setFloat64(offset + 8 * i, array.data[i], true);
  }
  return out;
}

/** Reads a 2-D .npy file as a matrix (1-D arrays become one column). */
export async function readNpyMatrix(path: string): Promise<DenseMatrix<FloatArray>> {
  const { shape, data } = decodeNpy(await Deno.readFile(path), path);
  if (shape.length === 1) return new DenseMatrix(shape[0], 1, data);
  if (shape.length !== 2) throw new Error(`${path}: shape (${shape}) is not a matrix`);
  return new DenseMatrix(shape[0], shape[1], data);
}
