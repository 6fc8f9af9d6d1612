/**
 * One entry point for the weight files the readers of lib/rmt understand, chosen by name:
 * `.npy`, `.npz`, `.safetensors` (or a Hugging Face model folder, sharded or not), and PyTorch's
 * `.pt`, `.pth`, `.bin` and `.ckpt` (torch.save ZIP files, read without running their pickle).
 */
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { readNpyMatrix } from "./npy_format.ts";
import { readNpzMatrices } from "./npz_format.ts";
import { readSafetensorsModel } from "./safetensors_format.ts";
import { readTorchMatrices } from "./torch_format.ts";

/** The file kinds readWeightMatrices understands, by extension. */
export const WEIGHT_FILE_EXTENSIONS = [
  ".npy",
  ".npz",
  ".safetensors",
  ".pt",
  ".pth",
  ".bin",
  ".ckpt",
];

/** The 2-D (and flattened higher-dimensional) weight matrices of a file or model folder, by name. */
export async function readWeightMatrices(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  const info = await Deno.stat(path);
  if (info.isDirectory) return await readSafetensorsModel(path);
  const lower = path.toLowerCase();
  if (lower.endsWith(".npy")) return new Map([["array", await readNpyMatrix(path)]]);
  if (lower.endsWith(".npz")) return await readNpzMatrices(path);
  if (lower.endsWith(".safetensors")) return await readSafetensorsModel(path);
  if ([".pt", ".pth", ".bin", ".ckpt"].some((e) => lower.endsWith(e))) {
    return await readTorchMatrices(path);
  }
  throw new Error(
    `${path}: unknown weight file kind; expected a folder or one of ${
      WEIGHT_FILE_EXTENSIONS.join(", ")
    }`,
  );
}
