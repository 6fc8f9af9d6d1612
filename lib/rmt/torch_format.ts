/**
 * PyTorch's checkpoint files (torch.save since PyTorch 1.6): a ZIP archive (lib/rmt/zip_archive.ts)
 * holding `<prefix>/data.pkl`, a pickle of the saved object whose tensors refer to raw storages
 * `<prefix>/data/<key>` through persistent ids ('storage', torch.<Type>Storage, key, location,
 * numel), and `<prefix>/byteorder`. The pickle is read by lib/rmt/safe_pickle.ts with an allowlist
 * of the few globals a state dict uses, so a file that asks for anything else (a malicious
 * `os.system`, a custom class) is refused, never run.
 *
 * The state dict is found where the usual checkpoints keep it: the object itself, or its "model"
 * entry (nanoGPT's ckpt.pt) or "state_dict" entry (Lightning); nanoGPT's torch.compile prefix
 * `_orig_mod.` is removed. Float tensors (f32, f64, f16, bf16) are decoded, any strides included;
 * integer and boolean buffers are listed as skipped. The legacy (pre-1.6, non-ZIP) format is
 * refused with a message saying how to re-save it.
 */
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { type FloatDtype, type LazyTensors, loadAllMatrices } from "./lazy_tensors.ts";
import { halfToNumber } from "./npy_format.ts";
import { safeUnpickle } from "./safe_pickle.ts";
import { fileSource, ZipArchive } from "./zip_archive.ts";

/** A storage a tensor views: its element type, key in the archive and element count. */
interface StorageRef {
  kind: "storage";
  dtype: string;
  /** bytes per element */
  size: number;
  key: string;
  numel: number;
}

/** A tensor as the pickle describes it (its data is read later, one tensor at a time). */
interface TensorRef {
  kind: "tensor";
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

/** Storage classes → element type and byte size; only the float ones are decoded. */
const STORAGES: Record<string, { dtype: string; size: number }> = {
  FloatStorage: { dtype: "F32", size: 4 },
  DoubleStorage: { dtype: "F64", size: 8 },
  HalfStorage: { dtype: "F16", size: 2 },
  BFloat16Storage: { dtype: "BF16", size: 2 },
  LongStorage: { dtype: "I64", size: 8 },
  IntStorage: { dtype: "I32", size: 4 },
  ShortStorage: { dtype: "I16", size: 2 },
  CharStorage: { dtype: "I8", size: 1 },
  ByteStorage: { dtype: "U8", size: 1 },
  BoolStorage: { dtype: "BOOL", size: 1 },
};
const FLOATS = new Set(["F32", "F64", "F16", "BF16"]);

const isIntList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);

/** The decoded float tensors of a checkpoint's state dict, and the names of the others. */
export interface TorchStateDict {
  tensors: Map<string, { dtype: string; shape: number[]; data: FloatArray }>;
  skipped: string[];
}

/** Reads a torch.save file's whole state dict into memory; every error names the file. */
export async function readTorchStateDict(path: string): Promise<TorchStateDict> {
  const lazy = await openTorchFile(path);
  try {
    const out: TorchStateDict = { tensors: new Map(), skipped: lazy.skipped };
    for (const t of lazy.tensors) {
      out.tensors.set(t.name, { dtype: t.dtype, shape: t.shape, data: await lazy.load(t.name) });
    }
    return out;
  } finally {
    lazy.close();
  }
}

/**
 * Opens a torch.save file lazily: the pickle is parsed now (safely, see above) and each tensor's
 * storage is read when the tensor is loaded (the last storage is kept, since tensors often share
 * one). The file stays open until `close`; every error names the file.
 */
export async function openTorchFile(path: string): Promise<LazyTensors> {
  const fail = (problem: string): never => {
    throw new Error(`${path}: ${problem}`);
  };
  const file = await Deno.open(path);
  try {
    const source = await fileSource(file);
    const head = await source.read(0, 4);
    if (head[0] === 0x80 && head[1] === 0x02 && head[2] === 0x8a) {
      fail(
        "this is PyTorch's legacy (pre-1.6, non-zip) format: load it in Python and re-save it with " +
          "a current torch (torch.save(torch.load(path), new_path))",
      );
    }
    const archive = await ZipArchive.open(source, path);
    const pkl = archive.entries.find((e) => /^[^/]*\/?data\.pkl$/.test(e.name)) ??
      fail("no data.pkl in the archive (not a torch.save file?)");
    const prefix = pkl.name.slice(0, -"data.pkl".length);
    const byteorder = archive.entry(`${prefix}byteorder`);
    if (byteorder) {
      const order = new TextDecoder().decode(await archive.read(byteorder)).trim();
      if (order !== "little") fail(`byte order "${order}" is not supported`);
    }
    const rebuild = (
      storage: unknown,
      offset: unknown,
      shape: unknown,
      stride: unknown,
    ): TensorRef => {
      if ((storage as StorageRef)?.kind !== "storage") fail("a tensor without a storage");
      if (!Number.isSafeInteger(offset) || (offset as number) < 0) fail("bad storage offset");
      if (!isIntList(shape) || !isIntList(stride) || shape.length !== stride.length) {
        fail(`bad tensor shape ${JSON.stringify(shape)} or stride ${JSON.stringify(stride)}`);
      }
      return {
        kind: "tensor",
        storage: storage as StorageRef,
        offset: offset as number,
        shape: shape as number[],
        stride: stride as number[],
      };
    };
    const named = Object.fromEntries(Object.keys(STORAGES).map((k) => [`torch.${k}`, null]));
    const root = safeUnpickle(await archive.read(pkl), {
      globals: {
        ...named,
        "torch._utils._rebuild_tensor_v2": (s, o, shape, stride) => rebuild(s, o, shape, stride),
        "torch._utils._rebuild_parameter": (data) => data,
        "torch._utils._rebuild_parameter_with_state": (data) => data,
        "collections.OrderedDict": (pairs?: unknown) => {
          const m = new Map();
          if (Array.isArray(pairs)) {
            for (const kv of pairs) if (Array.isArray(kv)) m.set(kv[0], kv[1]);
          }
          return m;
        },
      },
      persistentLoad: (id) => {
        if (!Array.isArray(id) || id[0] !== "storage" || id.length !== 5) {
          fail(`unexpected persistent id ${JSON.stringify(id)}`);
        }
        const [, type, key, , numel] = id as unknown[];
        const name = (type as { name?: string })?.name ?? "";
        const info = STORAGES[name] ?? fail(`unknown storage type ${name}`);
        if (typeof key !== "string" || !Number.isSafeInteger(numel) || (numel as number) < 0) {
          fail(`bad storage reference ${JSON.stringify(id)}`);
        }
        return { kind: "storage", dtype: info.dtype, size: info.size, key, numel } as StorageRef;
      },
    }, path);
    const pick = (
      m: unknown,
      k: string,
    ) => (m instanceof Map && m.get(k) instanceof Map ? m.get(k) : null);
    const dict = pick(root, "model") ?? pick(root, "state_dict") ?? root;
    if (!(dict instanceof Map)) fail("the file holds no dict of tensors");
    const refs = new Map<string, TensorRef>();
    const skipped: string[] = [];
    for (const [rawName, value] of dict as Map<unknown, unknown>) {
      if ((value as TensorRef)?.kind !== "tensor" || typeof rawName !== "string") continue;
      const name = rawName.replace(/^_orig_mod\./, "");
      const t = value as TensorRef;
      if (FLOATS.has(t.storage.dtype)) refs.set(name, t);
      else skipped.push(name);
    }
    let cached: { key: string; bytes: Uint8Array } | null = null; // one storage in memory
    return {
      source: path,
      tensors: [...refs].map(([name, t]) => ({
        name,
        dtype: t.storage.dtype as FloatDtype,
        shape: t.shape,
      })),
      skipped,
      async load(name) {
        const t = refs.get(name) ?? fail(`no float tensor named ${name}`);
        const size = t.storage.size;
        if (cached?.key !== t.storage.key) {
          cached = null;
          const entry = archive.entry(`${prefix}data/${t.storage.key}`) ??
            fail(`storage ${t.storage.key} of ${name} is missing from the archive`);
          const bytes = await archive.read(entry);
          if (bytes.length !== t.storage.numel * size) {
            fail(
              `storage ${t.storage.key} has ${bytes.length} bytes, ${t.storage.numel} × ${size} expected`,
            );
          }
          cached = { key: t.storage.key, bytes };
        }
        return gather(t, cached.bytes, size, name, fail);
      },
      close: () => file.close(),
    };
  } catch (error) {
    file.close();
    throw error;
  }
}

/** The tensor's elements in C order, read through its offset and strides. */
function gather(
  t: TensorRef,
  bytes: Uint8Array,
  size: number,
  name: string,
  fail: (problem: string) => never,
): FloatArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = new Uint32Array(1), asFloat = new Float32Array(bits.buffer);
  const read: (i: number) => number = t.storage.dtype === "F64"
    ? (i) => view.getFloat64(8 * i, true)
    : t.storage.dtype === "F32"
    ? (i) => view.getFloat32(4 * i, true)
    : t.storage.dtype === "F16"
    ? (i) => halfToNumber(view.getUint16(2 * i, true))
    : (i) => {
      // bf16 is the upper half of an f32
      bits[0] = view.getUint16(2 * i, true) << 16;
      return asFloat[0];
    };
  const count = t.shape.reduce((a, b) => a * b, 1);
  const last = t.shape.reduce((s, d, k) => s + (d > 0 ? (d - 1) * t.stride[k] : 0), t.offset);
  if (count > 0 && last >= bytes.length / size) {
    fail(`tensor ${name} reaches element ${last} of a storage of ${bytes.length / size}`);
  }
  const out = t.storage.dtype === "F64" ? new Float64Array(count) : new Float32Array(count);
  const index = new Array(t.shape.length).fill(0);
  for (let n = 0; n < count; n++) {
    let at = t.offset;
    for (let k = 0; k < index.length; k++) at += index[k] * t.stride[k];
    out[n] = read(at);
    for (let k = index.length - 1; k >= 0; k--) {
      if (++index[k] < t.shape[k]) break;
      index[k] = 0;
    }
  }
  return out;
}

/**
 * The weight matrices of a torch.save file, all in memory: every float tensor of ≥ 2 dimensions as
 * a matrix of shape[0] rows (higher dimensions flattened into the columns), names without
 * `_orig_mod.`.
 */
export async function readTorchMatrices(
  path: string,
): Promise<Map<string, DenseMatrix<FloatArray>>> {
  return await loadAllMatrices(await openTorchFile(path));
}
