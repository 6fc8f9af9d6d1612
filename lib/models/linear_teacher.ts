/**
 * Teacher–student data for linear networks (Gross, Raulf & Räth, arXiv 2311.14120;
 * T06.1): inputs x_μ ~ N(0, I_N), μ = 1..P, a teacher
 * W_T ∈ R^{M×N} with entries N(0, 1/N), and labels y_μ = W_T x_μ + ε_μ with ε ~ N(0, σ_ε² I_M).
 * Label noise is what keeps SGD moving at an under-parameterised minimum: without it the minimum
 * has zero loss and zero gradient noise.
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { frobeniusNorm } from "../linalg/norms.ts";
import { Rng } from "../random/rng.ts";

/** Sizes and noise of a linear teacher–student problem. */
export interface LinearTeacherConfig {
  /** input dimension N */
  inputs: number;
  /** output dimension M */
  outputs: number;
  /** number of samples P */
  samples: number;
  /** label noise σ_ε */
  labelNoise: number;
  /** optional teacher singular values (descending); default: i.i.d. N(0, 1/N) entries */
  teacherSingularValues?: readonly number[];
  seed: number;
}

/** The data: X (P×N), Y (P×M), the teacher W_T (M×N). */
export interface LinearTeacherData {
  x: DenseMatrix;
  y: DenseMatrix;
  teacher: DenseMatrix;
  config: LinearTeacherConfig;
}

/** Throws a clear error for sizes or noise a researcher could mistype. */
export function validateLinearTeacher(c: LinearTeacherConfig): void {
  for (
    const [name, v] of [["inputs N", c.inputs], ["outputs M", c.outputs], [
      "samples P",
      c.samples,
    ]] as const
  ) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`linear teacher: ${name} must be a positive integer, got ${v}`);
    }
  }
  if (!(c.labelNoise >= 0 && Number.isFinite(c.labelNoise))) {
    throw new RangeError(`linear teacher: label noise σ_ε must be ≥ 0, got ${c.labelNoise}`);
  }
  const s = c.teacherSingularValues;
  if (s && (s.length > Math.min(c.inputs, c.outputs) || !s.every((v) => v >= 0))) {
    throw new RangeError(
      `linear teacher: at most min(N, M) = ${Math.min(c.inputs, c.outputs)} non-negative ` +
        `singular values, got [${s.join(", ")}]`,
    );
  }
}

/** Random orthonormal n×k columns from the QR (Gram–Schmidt) of a Gaussian matrix. */
function orthonormalColumns(n: number, k: number, rng: Rng): DenseMatrix {
  const q = DenseMatrix.zeros(n, k);
  for (let j = 0; j < k; j++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) { // twice is enough (Giraud et al. 2005)
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += q.data[r * k + i] * v[r];
        for (let r = 0; r < n; r++) v[r] -= dot * q.data[r * k + i];
      }
    }
    const norm = frobeniusNorm(v); // not Math.hypot(...v): spreading n values overflows the stack
    for (let r = 0; r < n; r++) q.data[r * k + j] = v[r] / norm;
  }
  return q;
}

/** Draws the data; the same config (seed included) gives the same data. */
export function linearTeacherData(c: LinearTeacherConfig): LinearTeacherData {
  validateLinearTeacher(c);
  const { inputs: n, outputs: m, samples: p } = c;
  const rng = Rng.fromSeed(c.seed);
  const teacher = DenseMatrix.zeros(m, n);
  const s = c.teacherSingularValues;
  if (s) {
    const u = orthonormalColumns(m, s.length, rng.stream(1));
    const v = orthonormalColumns(n, s.length, rng.stream(2));
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < n; b++) {
        let t = 0;
        for (let k = 0; k < s.length; k++) {
          t += u.data[a * s.length + k] * s[k] * v.data[b * s.length + k];
        }
        teacher.data[a * n + b] = t;
      }
    }
  } else {
    const r = rng.stream(3);
    for (let i = 0; i < m * n; i++) teacher.data[i] = r.normal() / Math.sqrt(n);
  }
  const x = new DenseMatrix(p, n, rng.stream(4).fillNormal(new Float64Array(p * n)));
  const noise = rng.stream(5);
  const y = DenseMatrix.zeros(p, m);
  for (let mu = 0; mu < p; mu++) {
    for (let a = 0; a < m; a++) {
      let v = 0;
      for (let b = 0; b < n; b++) v += teacher.data[a * n + b] * x.data[mu * n + b];
      y.data[mu * m + a] = v + c.labelNoise * noise.normal();
    }
  }
  return { x, y, teacher, config: c };
}
