/**
 * Files of a GPT training run, in the .safetensors format that lib/rmt's loaders read:
 * - a checkpoint per chosen step: every head's query, key and value matrix (hs×C, out×in, named
 *   `layer{l}.head{h}.key` etc.), each layer's attention output projection and MLP matrices, and
 *   the losses in the metadata;
 * - the training state (parameters and AdamW moments as 1×n rows, and the step), rewritten
 *   atomically as the run goes, from which an interrupted run resumes exactly.
 */
import { writeBytesAtomically } from "../data/atomic_write.ts";
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import type { AdamW } from "../models/gpt/adamw.ts";
import { headSize } from "../models/gpt/gpt_architecture.ts";
import type { Gpt } from "../models/gpt/gpt_model.ts";
import { headMatrix } from "../models/gpt/gpt_parameters.ts";
import { decodeSafetensors, encodeSafetensors } from "../rmt/safetensors_format.ts";

/** The kinds of per-head matrix. */
export const HEAD_MATRIX_KINDS = ["query", "key", "value"] as const;

/** The matrices a checkpoint stores, by name. */
export function checkpointMatrices(model: Gpt): Record<string, DenseMatrix<Float32Array>> {
  const a = model.architecture;
  const hs = headSize(a);
  const C = a.width;
  const out: Record<string, DenseMatrix<Float32Array>> = {};
  model.weights.blocks.forEach((block, l) => {
    for (let h = 0; h < a.heads; h++) {
      for (const kind of HEAD_MATRIX_KINDS) {
        out[`layer${l}.head${h}.${kind}`] = new DenseMatrix(
          hs,
          C,
          headMatrix(a, block.qkv, kind, h),
        );
      }
    }
    out[`layer${l}.attn.proj`] = new DenseMatrix(C, C, Float32Array.from(block.proj));
    out[`layer${l}.mlp.fc`] = new DenseMatrix(4 * C, C, Float32Array.from(block.fc));
    out[`layer${l}.mlp.proj`] = new DenseMatrix(C, 4 * C, Float32Array.from(block.fcProj));
  });
  return out;
}

/** Writes a checkpoint of `model` with string metadata. */
export function writeCheckpoint(
  path: string,
  model: Gpt,
  metadata: Record<string, string>,
): Promise<void> {
  return writeBytesAtomically(path, encodeSafetensors(checkpointMatrices(model), metadata));
}

const row = (x: Float32Array | Float64Array) => new DenseMatrix(1, x.length, Float32Array.from(x));

/** Writes the full training state (f32 model) atomically. */
export function writeTrainingState(
  path: string,
  model: Gpt,
  optimiser: AdamW,
  metadata: Record<string, string>,
): Promise<void> {
  if (model.precision !== "f32") throw new Error("training state is saved for f32 models only");
  const bytes = encodeSafetensors(
    { params: row(model.params), "adam.m": row(optimiser.m), "adam.v": row(optimiser.v) },
    { ...metadata, adamSteps: String(optimiser.steps) },
  );
  return writeBytesAtomically(path, bytes);
}

/** Restores parameters and optimiser moments from a state file; returns its metadata. */
export async function readTrainingState(
  path: string,
  model: Gpt,
  optimiser: AdamW | null,
): Promise<Record<string, string>> {
  const { tensors, metadata } = decodeSafetensors(await Deno.readFile(path), path);
  const take = (name: string, into: Float32Array | Float64Array) => {
    const t = tensors.get(name);
    if (!t || t.data.length !== into.length) {
      throw new Error(`${path}: tensor ${name} missing or of the wrong size (model changed?)`);
    }
    into.set(t.data);
  };
  take("params", model.params);
  if (optimiser) {
    take("adam.m", optimiser.m);
    take("adam.v", optimiser.v);
    optimiser.steps = Number(metadata.adamSteps);
  }
  return metadata;
}
