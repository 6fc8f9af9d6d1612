/**
 * NumPy's .npz archives (numpy.savez and numpy.savez_compressed): a ZIP archive
 * (lib/rmt/zip_archive.ts) of one .npy file per array, named "<key>.npy", stored or deflated.
 * Arrays are decoded one at a time, so a large archive is never held in memory whole.
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import { decodeNpy, type NpyArray } from "./npy_format.ts";
import { type ByteSource, bytesSource, fileSource, ZipArchive } from "./zip_archive.ts";

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
 * The weight matrices of an .npz file: every array of ≥ 2 dimensions as a matrix of shape[0] rows
 * (higher dimensions flattened into the columns, as readSafetensorsMatrices does).
 */
export async function readNpzMatrices(path: string): Promise<Map<string, DenseMatrix<FloatArray>>> {
  const file = await Deno.open(path);
  try {
    const out = new Map<string, DenseMatrix<FloatArray>>();
    for await (const { key, array } of npzArrays(await fileSource(file), path)) {
      if (array.shape.length < 2) continue;
      out.set(key, new DenseMatrix(array.shape[0], array.data.length / array.shape[0], array.data));
    }
    return out;
  } finally {
    file.close();
  }
}
