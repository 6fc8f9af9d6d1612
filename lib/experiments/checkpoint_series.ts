/**
 * A folder of checkpoints of one training run, in step order:
 *
 * - this project's GPT runs (data/03_transformer_spectra/runs/<run>/): `checkpoints.json`, a list
 *   of {step, path} with paths relative to `checkpoints/`;
 * - any other folder holding two or more weight files or model folders whose names carry the step
 *   (`ckpt-2000.pt`, `step-0000010.safetensors`, Hugging Face `checkpoint-500/`): the step is the
 *   last number in the name.
 *
 * A folder that is one model (a Hugging Face folder with `model.safetensors` or its index) is not
 * a series.
 */
import { join } from "node:path";
import { isWeightFileName } from "../rmt/weight_files.ts";
import { pathExists as exists } from "../data/path_exists.ts";

/** One checkpoint: a label, its training step when known, and its file or folder. */
export interface Checkpoint {
  label: string;
  step: number | null;
  path: string;
}

/** Whether `dir` is one Hugging Face model (its weights at the top level). */
async function isModelFolder(dir: string): Promise<boolean> {
  return await exists(join(dir, "model.safetensors")) ||
    await exists(join(dir, "model.safetensors.index.json"));
}

/** The checkpoints of a run folder, or null when `path` is not a folder of checkpoints. */
export async function findCheckpoints(path: string): Promise<Checkpoint[] | null> {
  if (!(await exists(path))) throw new Error(`${path}: no such file or folder`);
  if (!(await Deno.stat(path)).isDirectory || await isModelFolder(path)) return null;
  const listing = join(path, "checkpoints.json");
  if (await exists(listing)) {
    let entries: unknown;
    try {
      entries = JSON.parse(await Deno.readTextFile(listing));
    } catch (error) {
      throw new Error(`${listing}: not JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(entries)) throw new Error(`${listing}: not a list of checkpoints`);
    return entries.map((e, i) => {
      const { step, path: file } = (e ?? {}) as { step?: unknown; path?: unknown };
      if (!Number.isSafeInteger(step) || typeof file !== "string" || /[\/\\]|^\.\.?$/.test(file)) {
        throw new Error(`${listing}: entry ${i} is not {step: integer, path: file name}`);
      }
      return { label: `step ${step}`, step: step as number, path: join(path, "checkpoints", file) };
    }).sort((a, b) => a.step - b.step);
  }
  const found: Checkpoint[] = [];
  for await (const entry of Deno.readDir(path)) {
    const number = entry.name.match(/(\d+)(?!.*\d)/);
    if (!number) continue;
    const full = join(path, entry.name);
    const usable = entry.isFile
      ? isWeightFileName(entry.name)
      : entry.isDirectory && await isModelFolder(full);
    if (usable) found.push({ label: entry.name, step: Number(number[1]), path: full });
  }
  if (found.length < 2) return null;
  return found.sort((a, b) => a.step! - b.step! || a.label.localeCompare(b.label));
}
