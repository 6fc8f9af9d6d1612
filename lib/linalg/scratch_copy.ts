/**
 * A reused buffer for inputs that LAPACK overwrites and nothing reads afterwards (the values-only
 * eigen and SVD paths). A fresh array per call costs the page faults of new memory: copying a
 * 500×500 matrix took 0.9 ms fresh, a tenth of the eigenvalue computation, where numpy's allocator
 * reuses memory. The copy is valid until the next call in this thread (each worker has its own).
 */
import { float64Copy } from "./dense_matrix.ts";

/** Copies above this many doubles (64 MB) are allocated per call, so none is pinned for long. */
const LIMIT = 8 * 2 ** 20;
let buffer = new Float64Array(0);

/** An f64 copy of `data` in the reused buffer (see the module comment). */
export function scratchCopy(data: ArrayLike<number>): Float64Array {
  const n = data.length;
  if (n > LIMIT) return float64Copy(data);
  if (buffer.length < n) buffer = new Float64Array(n);
  const view = buffer.subarray(0, n);
  view.set(data);
  return view;
}
