/**
 * One entry point for the weight files the readers of lib/rmt understand, chosen by name:
 * `.npy`, `.npz`, `.safetensors` (or a Hugging Face model folder, sharded or not), and PyTorch's
 * `.pt`, `.pth`, `.bin` and `.ckpt` (torch.save ZIP files, read without running their pickle).
 * `openWeights` reads one tensor at a time (lib/rmt/lazy_tensors.ts); `readWeightMatrices` holds
 * every matrix in memory, for small files.
 */
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { type LazyTensors, loadAllMatrices } from "./lazy_tensors.ts";
import { decodeNpy } from "./npy_format.ts";
import { openNpzFile } from "./npz_format.ts";
import { openSafetensorsModel } from "./safetensors_format.ts";
import { openTorchFile } from "./torch_format.ts";

/** The file kinds openWeights understands, by extension. */
export const WEIGHT_FILE_EXTENSIONS = [
  ".npy",
  ".npz",
  ".safetensors",
  ".pt",
  ".pth",
  ".bin",
  ".ckpt",
];

/** Whether `name` has one of the extensions of WEIGHT_FILE_EXTENSIONS. */
export function isWeightFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return WEIGHT_FILE_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** A .npy file as a lazy file of one tensor, "array" (read whole when loaded). */
async function openNpyFile(path: string): Promise<LazyTensors> {
  const { shape, data } = decodeNpy(await Deno.readFile(path), path);
  return {
    source: path,
    tensors: [{ name: "array", shape, dtype: data instanceof Float32Array ? "F32" : "F64" }],
    skipped: [],
    load: async () => decodeNpy(await Deno.readFile(path), path).data,
    close: () => {},
  };
}

/** Opens a weight file or model folder for reading one tensor at a time. */
export async function openWeights(path: string): Promise<LazyTensors> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new Error(`${path}: no such file or folder`);
    throw error;
  }
  if (info.isDirectory) return await openSafetensorsModel(path);
  const lower = path.toLowerCase();
  if (lower.endsWith(".npy")) return await openNpyFile(path);
  if (lower.endsWith(".npz")) return await openNpzFile(path);
  if (lower.endsWith(".safetensors")) return await openSafetensorsModel(path);
  if ([".pt", ".pth", ".bin", ".ckpt"].some((e) => lower.endsWith(e))) {
    return await openTorchFile(path);
  }
  throw new Error(
    `${path}: unknown weight file kind; expected a folder or one of ${
      WEIGHT_FILE_EXTENSIONS.join(", ")
    }`,
  );
}

/** The matrices (tensors of ≥ 2 dimensions, flattened past the first) of a file, in memory. */
export async function readWeightMatrices(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  return await loadAllMatrices(await openWeights(path));
}
