/**
 * Which matrices of a weight file are analysed, and how each is cut out of its tensor:
 *
 * - every float tensor of 2 dimensions is one layer, as stored ([out, in] for nn.Linear, [in, out]
 *   for GPT-2's Conv1D; the spectrum of WᵀW does not depend on the orientation);
 * - a convolution kernel [out, in, k₁, …] (PyTorch's layout) is the matrix [out, in·k₁·…]: the
 *   linear map the convolution applies to each flattened input patch (im2col), the convention of
 *   Martin & Mahoney's "Conv2D as one matrix" option; 1-D tensors (biases, norms) are not layers;
 * - a fused attention projection — `c_attn` (GPT-2 [C, 3C], nanoGPT [3C, C]), `qkv` (timm ViT,
 *   [3C, C]) and `in_proj_weight` (torch.nn.MultiheadAttention, [3C, C]) — is split into query, key
 *   and value along its 3C side ("split", the default), and further into `heads` blocks of
 *   C/heads along the same side on request ("heads"), so notebook 03's per-head key analysis runs
 *   on any GPT checkpoint; "fused" keeps it whole. A tensor of such a name whose shape has no side
 *   3× the other (grouped-query attention) is kept whole and says so.
 * - a matrix with a side shorter than 3 is skipped with its reason.
 */
import { DenseMatrix, type FloatArray } from "../linalg/dense_matrix.ts";
import { elementCount, type TensorInfo } from "./lazy_tensors.ts";

/** How fused query/key/value projections are treated. */
export type AttentionSplit = "split" | "heads" | "fused";

/** Options of planLayers. */
export interface LayerPlanOptions {
  /** default "split" */
  attention?: AttentionSplit;
  /** attention heads, needed for attention: "heads" */
  heads?: number;
}

/** One matrix to analyse: its name, its tensor, its shape, and how to cut it out. */
export interface PlannedLayer {
  name: string;
  tensor: string;
  /** "query" | "key" | "value" for a split projection, null otherwise */
  role: "query" | "key" | "value" | null;
  /** the head index when split per head */
  head: number | null;
  rows: number;
  cols: number;
  extract(data: FloatArray): DenseMatrix<FloatArray>;
}

/** The plan: layers in file order, and the tensors left out with the reason. */
export interface LayerPlan {
  layers: PlannedLayer[];
  skipped: { name: string; reason: string }[];
  notes: string[];
}

const FUSED_ATTENTION = /(^|\.)(c_attn\.weight|qkv\.weight|in_proj_weight)$/;
const ROLES = ["query", "key", "value"] as const;

/** Rows [r0, r0 + n) of a row-major rows×cols matrix (a copy), or columns [c0, c0 + n). */
function block(
  data: FloatArray,
  rows: number,
  cols: number,
  along: "rows" | "cols",
  start: number,
  size: number,
): DenseMatrix<FloatArray> {
  if (along === "rows") {
    return new DenseMatrix(size, cols, data.slice(start * cols, (start + size) * cols));
  }
  const out = data instanceof Float32Array
    ? new Float32Array(rows * size)
    : new Float64Array(rows * size);
  for (let i = 0; i < rows; i++) {
    out.set(data.subarray(i * cols + start, i * cols + start + size), i * size);
  }
  return new DenseMatrix(rows, size, out);
}

/** The layers of a file's tensors (see the module comment). */
export function planLayers(
  tensors: readonly TensorInfo[],
  options: LayerPlanOptions = {},
): LayerPlan {
  const attention = options.attention ?? "split";
  if (!["split", "heads", "fused"].includes(attention)) {
    throw new RangeError(
      `attention must be "split", "heads" or "fused", got ${JSON.stringify(attention)}`,
    );
  }
  const heads = options.heads;
  if (attention === "heads" && !(Number.isInteger(heads) && heads! >= 1)) {
    throw new RangeError(`attention "heads" needs heads, a positive integer; got ${heads}`);
  }
  const plan: LayerPlan = { layers: [], skipped: [], notes: [] };
  for (const t of tensors) {
    if (t.shape.length < 2) continue;
    const rows = t.shape[0];
    const cols = rows === 0 ? 0 : elementCount(t.shape) / rows;
    if (Math.min(rows, cols) < 3) {
      plan.skipped.push({ name: t.name, reason: `shape [${t.shape}] has a side < 3` });
      continue;
    }
    const whole = (): PlannedLayer => ({
      name: t.name,
      tensor: t.name,
      role: null,
      head: null,
      rows,
      cols,
      extract: (data) => new DenseMatrix(rows, cols, data),
    });
    if (attention === "fused" || !FUSED_ATTENTION.test(t.name) || t.shape.length !== 2) {
      plan.layers.push(whole());
      continue;
    }
    const along = rows === 3 * cols ? "rows" : cols === 3 * rows ? "cols" : null;
    if (along === null) {
      plan.notes.push(`${t.name}: shape [${t.shape}] has no side 3× the other; kept whole`);
      plan.layers.push(whole());
      continue;
    }
    const width = along === "rows" ? cols : rows; // C
    const parts = attention === "heads" ? heads! : 1;
    if (width % parts !== 0) {
      throw new RangeError(`${t.name}: width ${width} is not divisible by heads = ${parts}`);
    }
    const size = width / parts;
    if (size < 3) {
      throw new RangeError(`${t.name}: heads = ${parts} leaves blocks of ${size} < 3`);
    }
    for (const [r, role] of ROLES.entries()) {
      for (let h = 0; h < parts; h++) {
        const start = r * width + h * size;
        plan.layers.push({
          name: attention === "heads" ? `${t.name}[${role}/head ${h}]` : `${t.name}[${role}]`,
          tensor: t.name,
          role,
          head: attention === "heads" ? h : null,
          rows: along === "rows" ? size : rows,
          cols: along === "rows" ? cols : size,
          extract: (data) => block(data, rows, cols, along, start, size),
        });
      }
    }
  }
  return plan;
}
