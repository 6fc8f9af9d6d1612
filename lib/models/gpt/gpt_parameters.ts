/**
 * All weights of the GPT in one flat buffer, each tensor a named view into it, so that the
 * optimiser, gradient clipping and checkpoints see one array. The layout is fixed by the
 * architecture (same order every time), and the gradient buffer shares it.
 */
import { Rng } from "../../random/rng.ts";
import { type GptArchitecture, headSize, validateArchitecture } from "./gpt_architecture.ts";
import type { Floats } from "./float_buffers.ts";

/** One tensor of the layout. */
export interface TensorSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  /** weight matrices and embeddings get weight decay; biases and LayerNorm gains do not */
  decay: boolean;
  /** how it is initialised */
  init: "normal" | "zeros" | "ones";
}

/** The tensors of one block (layer l). */
export interface BlockTensors<T> {
  ln1Gamma: T;
  ln1Beta: T;
  /** 3C×C: rows [0, C) are the heads' queries, [C, 2C) keys, [2C, 3C) values (hs rows per head) */
  qkv: T;
  proj: T;
  projBias: T;
  ln2Gamma: T;
  ln2Beta: T;
  fc: T;
  fcBias: T;
  fcProj: T;
  fcProjBias: T;
}

/** Views of every tensor of one flat buffer. */
export interface GptTensors<T> {
  wte: T;
  wpe: T;
  blocks: BlockTensors<T>[];
  lnfGamma: T;
  lnfBeta: T;
  head: T;
  headBias: T;
}

/** The slots of the architecture, in storage order. */
export function parameterLayout(a: GptArchitecture): TensorSlot[] {
  validateArchitecture(a);
  const { vocab: V, width: C, context: T } = a;
  const F = 4 * C;
  const slots: TensorSlot[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: TensorSlot["init"]) => {
    const size = shape.reduce((x, y) => x * y, 1);
    slots.push({ name, shape, offset, size, decay: shape.length === 2, init });
    offset += size;
  };
  add("wte", [V, C], "normal");
  add("wpe", [T, C], "normal");
  for (let l = 0; l < a.layers; l++) {
    const p = `layer${l}`;
    add(`${p}.ln1.weight`, [C], "ones");
    add(`${p}.ln1.bias`, [C], "zeros");
    add(`${p}.attn.qkv`, [3 * C, C], "normal");
    add(`${p}.attn.proj`, [C, C], "normal");
    add(`${p}.attn.proj.bias`, [C], "zeros");
    add(`${p}.ln2.weight`, [C], "ones");
    add(`${p}.ln2.bias`, [C], "zeros");
    add(`${p}.mlp.fc`, [F, C], "normal");
    add(`${p}.mlp.fc.bias`, [F], "zeros");
    add(`${p}.mlp.proj`, [C, F], "normal");
    add(`${p}.mlp.proj.bias`, [C], "zeros");
  }
  add("lnf.weight", [C], "ones");
  add("lnf.bias", [C], "zeros");
  add("head", [V, C], "normal");
  add("head.bias", [V], "zeros");
  return slots;
}

/** Total number of parameters. */
export function parameterCount(a: GptArchitecture): number {
  const layout = parameterLayout(a);
  const last = layout[layout.length - 1];
  return last.offset + last.size;
}

/** Named views of `buffer` following the layout. */
export function tensorViews<T extends Floats>(a: GptArchitecture, buffer: T): GptTensors<T> {
  const layout = parameterLayout(a);
  const byName = new Map(layout.map((s) => [s.name, s]));
  const view = (name: string) => {
    const s = byName.get(name)!;
    return buffer.subarray(s.offset, s.offset + s.size) as T;
  };
  return {
    wte: view("wte"),
    wpe: view("wpe"),
    blocks: Array.from({ length: a.layers }, (_, l) => ({
      ln1Gamma: view(`layer${l}.ln1.weight`),
      ln1Beta: view(`layer${l}.ln1.bias`),
      qkv: view(`layer${l}.attn.qkv`),
      proj: view(`layer${l}.attn.proj`),
      projBias: view(`layer${l}.attn.proj.bias`),
      ln2Gamma: view(`layer${l}.ln2.weight`),
      ln2Beta: view(`layer${l}.ln2.bias`),
      fc: view(`layer${l}.mlp.fc`),
      fcBias: view(`layer${l}.mlp.fc.bias`),
      fcProj: view(`layer${l}.mlp.proj`),
      fcProjBias: view(`layer${l}.mlp.proj.bias`),
    })),
    lnfGamma: view("lnf.weight"),
    lnfBeta: view("lnf.bias"),
    head: view("head"),
    headBias: view("head.bias"),
  };
}

/** Fills `buffer` with the initial weights: N(0, initStd²) matrices, zero biases, unit gains. */
export function initialiseParameters(a: GptArchitecture, buffer: Floats, rng: Rng): void {
  for (const slot of parameterLayout(a)) {
    const view = buffer.subarray(slot.offset, slot.offset + slot.size);
    if (slot.init === "normal") rng.fillNormal(view, 0, a.initStd);
    else view.fill(slot.init === "ones" ? 1 : 0);
  }
}

/**
 * The per-head projection matrix of one layer (hs×C, out×in, as gpt.py's `Head.key.weight`):
 * rows [offset + h·hs, offset + (h+1)·hs) of the layer's 3C×C qkv matrix, offset 0/C/2C for
 * query/key/value.
 */
export function headMatrix(
  a: GptArchitecture,
  qkv: Floats,
  kind: "query" | "key" | "value",
  head: number,
): Float32Array {
  const hs = headSize(a);
  const C = a.width;
  if (!Number.isInteger(head) || head < 0 || head >= a.heads) {
    throw new RangeError(`head must be an integer in [0, ${a.heads}), got ${head}`);
  }
  const row0 = { query: 0, key: C, value: 2 * C }[kind] + head * hs;
  return Float32Array.from(qkv.subarray(row0 * C, (row0 + hs) * C));
}

/** 1 for every parameter that gets weight decay (matrices and embeddings), 0 otherwise. */
export function decayMask(a: GptArchitecture): Uint8Array {
  const layout = parameterLayout(a);
  const last = layout[layout.length - 1];
  const mask = new Uint8Array(last.offset + last.size);
  for (const s of layout) if (s.decay) mask.fill(1, s.offset, s.offset + s.size);
  return mask;
}
