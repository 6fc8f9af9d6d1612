/**
 * Removing the hidden-unit rotation symmetry from a two-layer trajectory. f = W₂W₁x is unchanged by
 * W₁ → O W₁, W₂ → W₂ Oᵀ for any orthogonal O (K×K); these directions lie in the null space of the
 * end-to-end Jacobian, so the linearised theory gives them no variance, yet second-order SGD noise
 * makes the network diffuse along them. Each snapshot is rotated onto a reference by orthogonal
 * Procrustes — O = U Vᵀ from R W₁ᵀ = U S Vᵀ minimises ‖O W₁ − R‖_F (Schönemann 1966,
 * Psychometrika 31:1) — and the reference is refined to the aligned mean (generalised Procrustes).
 */
import { DenseMatrix } from "../linalg/dense_matrix.ts";
import { gemm } from "../linalg/products.ts";
import { svd } from "../linalg/svd.ts";

/** Layer shape of a [vec W₁ (K×N), vec W₂ (M×K)] parameter vector. */
export interface TwoLayerShape {
  inputs: number;
  hidden: number;
  outputs: number;
}

/** The orthogonal O minimising ‖O W − R‖_F for K×N matrices W and R. */
export function procrustesRotation(w: DenseMatrix, reference: DenseMatrix): DenseMatrix {
  const { u, vt } = svd(gemm(reference, w, { transB: true }));
  return gemm(u, vt);
}

/**
 * Returns a copy of the records × (KN + MK) trajectory with every snapshot rotated in hidden space
 * onto the reference; the reference starts at the middle snapshot and is replaced by the aligned
 * mean of W₁ `passes` times.
 */
export function alignHiddenUnits(
  trajectory: Float64Array,
  shape: TwoLayerShape,
  passes = 3,
): Float64Array {
  const { inputs: n, hidden: k, outputs: m } = shape;
  const size1 = k * n, d = size1 + m * k;
  const records = trajectory.length / d;
  if (!(Number.isInteger(records) && records >= 1)) {
    throw new RangeError(`alignHiddenUnits: trajectory length is not a multiple of ${d}`);
  }
  const mid = Math.floor(records / 2) * d;
  let reference = new DenseMatrix(k, n, trajectory.slice(mid, mid + size1));
  const aligned = new Float64Array(trajectory.length);
  for (let pass = 0; pass < passes; pass++) {
    const mean = new Float64Array(size1);
    for (let r = 0; r < records; r++) {
      const w1 = new DenseMatrix(k, n, trajectory.slice(r * d, r * d + size1));
      const w2 = new DenseMatrix(m, k, trajectory.slice(r * d + size1, (r + 1) * d));
      const o = procrustesRotation(w1, reference);
      const w1r = gemm(o, w1), w2r = gemm(w2, o, { transB: true });
      aligned.set(w1r.data, r * d);
      aligned.set(w2r.data, r * d + size1);
      for (let i = 0; i < size1; i++) mean[i] += w1r.data[i] / records;
    }
    reference = new DenseMatrix(k, n, mean);
  }
  return aligned;
}
