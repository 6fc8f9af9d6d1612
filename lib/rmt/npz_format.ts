/**
 * NumPy's .npz archives (numpy.savez and numpy.savez_compressed): a ZIP archive
 * (lib/rmt/zip_archive.ts) of one .npy file per array, named "<key>.npy", stored or deflated.
 * Arrays are decoded one at a time, so a large archive is never held in memory whole.
 */
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { type LazyTensors, loadAllMatrices, type TensorInfo } from "./lazy_tensors.ts";
import { decodeNpy, type NpyArray } from "./npy_format.ts";
import {
  type ByteSource,
  bytesSource,
  fileSource,
  ZipArchive,
  type ZipEntry,
} from "./zip_archive.ts";

/** The arrays of an archive read from `bytes`, one at a time, by key (the name without ".npy"). */
export async function* npzArrays(
  bytes: ByteSource,
  source: string,
): AsyncGenerator<{ key: string; array: NpyArray }> {
  const archive = await ZipArchive.open(bytes, source);
  for (const entry of archive.entries) {
    if (!entry.name.endsWith(".npy")) {
      throw new Error(`${source}: entry ${entry.name} is not a .npy array (not an .npz archive?)`);
    }
    const key = entry.name.slice(0, -4);
    yield { key, array: decodeNpy(await archive.read(entry), `${source}: ${entry.name}`) };
  }
}

/** Every array of an .npz held in memory (bytes already read), by key. */
export async function decodeNpz(
  bytes: Uint8Array,
  source = "npz data",
): Promise<Map<string, NpyArray>> {
  const out = new Map<string, NpyArray>();
  for await (const { key, array } of npzArrays(bytesSource(bytes), source)) out.set(key, array);
  return out;
}

/**
 * Opens an .npz file lazily: its directory is read now, and each array's shape by decoding that
 * array once (and dropping it); an array is read again when loaded. The file stays open until
 * `close`. Integer arrays are read as f64 (NpyArray's convention), f4 as F32.
 */
export async function openNpzFile(path: string): Promise<LazyTensors> {
  const file = await Deno.open(path);
  try {
    const archive = await ZipArchive.open(await fileSource(file), path);
    const tensors: TensorInfo[] = [];
    const entries = new Map<string, ZipEntry>();
    for (const entry of archive.entries) {
      if (!entry.name.endsWith(".npy")) {
        throw new Error(`${path}: entry ${entry.name} is not a .npy array (not an .npz archive?)`);
      }
      const name = entry.name.slice(0, -4);
      const { shape, data } = decodeNpy(await archive.read(entry), `${path}: ${entry.name}`);
      tensors.push({ name, shape, dtype: data instanceof Float32Array ? "F32" : "F64" });
      entries.set(name, entry);
    }
    return {
      source: path,
      tensors,
      skipped: [],
      async load(name) {
        const entry = entries.get(name);
        if (!entry) throw new Error(`${path}: no array named ${name}`);
        return decodeNpy(await archive.read(entry), `${path}: ${entry.name}`).data;
      },
      close: () => file.close(),
    };
  } catch (error) {
    file.close();
    throw error;
  }
}

/**
 * The weight matrices of an .npz file, all in memory: every array of ≥ 2 dimensions as a matrix of
 * shape[0] rows (higher dimensions flattened into the columns).
 */
export async function readNpzMatrices(path: string): Promise<Map<string, DenseMatrix<FloatArray>>> {
  return await loadAllMatrices(await openNpzFile(path));
}
