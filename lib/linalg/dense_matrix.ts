/**
 * A dense real matrix over one contiguous typed array.
 *
 * Layout: row-major with no padding — entry (i, j) lives at `data[i * cols + j]`, so a row is a
 * contiguous slice and `row(i)` / `rowRange(a, b)` are zero-copy views. Element types are f64
 * (`Float64Array`) and f32 (`Float32Array`); gemm and gemv run in either, decompositions in f64.
 */
import { Matrix } from "ml-matrix";
import { LinalgError } from "./linalg_error.ts";

/** The element arrays a DenseMatrix can hold. */
export type FloatArray = Float64Array | Float32Array;
/** Element type names. */
export type DType = "f64" | "f32";

/** A rows × cols matrix stored row-major in `data` (length rows·cols). */
/** The most entries one matrix may hold (2³⁰: 8 GiB in f64), checked before allocating. */
export const MAX_MATRIX_ENTRIES = 2 ** 30;

/** Throws a clear error, before any allocation, for a shape too large to hold. */
export function checkAllocation(rows: number, cols: number, bytesPerEntry = 8): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new LinalgError("DenseMatrix", `bad shape ${rows}×${cols}`);
  }
  const entries = rows * cols;
  if (entries > MAX_MATRIX_ENTRIES) {
    const gib = (entries * bytesPerEntry) / 2 ** 30;
    throw new LinalgError(
      "DenseMatrix",
      `a ${rows}×${cols} matrix has ${entries.toExponential(2)} entries (${gib.toFixed(0)} GiB), ` +
        `beyond the limit of ${MAX_MATRIX_ENTRIES} entries`,
    );
  }
}

export class DenseMatrix<T extends FloatArray = Float64Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;

  constructor(rows: number, cols: number, data: T) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new LinalgError("DenseMatrix", `bad shape ${rows}×${cols}`);
    }
    if (data.length !== rows * cols) {
      throw new LinalgError(
        "DenseMatrix",
        `shape ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A rows × cols f64 matrix of zeros. */
  static zeros(rows: number, cols: number): DenseMatrix<Float64Array> {
    checkAllocation(rows, cols, 8);
    return new DenseMatrix(rows, cols, new Float64Array(rows * cols));
  }

  /** A rows × cols f32 matrix of zeros. */
  static zeros32(rows: number, cols: number): DenseMatrix<Float32Array> {
    checkAllocation(rows, cols, 4);
    return new DenseMatrix(rows, cols, new Float32Array(rows * cols));
  }

  /** The n × n f64 identity. */
  static identity(n: number): DenseMatrix<Float64Array> {
    const m = DenseMatrix.zeros(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /** An f64 matrix from nested rows, e.g. `fromRows([[1, 2], [3, 4]])`. */
  static fromRows(rows: readonly (readonly number[])[]): DenseMatrix<Float64Array> {
    const cols = rows[0]?.length ?? 0;
    const m = DenseMatrix.zeros(rows.length, cols);
    rows.forEach((r, i) => {
      if (r.length !== cols) {
        throw new LinalgError("fromRows", `row ${i} has ${r.length} entries, row 0 has ${cols}`);
      }
      m.data.set(r, i * cols);
    });
    return m;
  }

  /** A copy of an ml-matrix Matrix as an f64 DenseMatrix. */
  static fromMlMatrix(source: Matrix): DenseMatrix<Float64Array> {
    const m = DenseMatrix.zeros(source.rows, source.columns);
    for (let i = 0; i < source.rows; i++) m.data.set(source.getRow(i), i * source.columns);
    return m;
  }

  /** "f64" or "f32". */
  get dtype(): DType {
    return this.data instanceof Float32Array ? "f32" : "f64";
  }

  /** Whether rows === cols. */
  get isSquare(): boolean {
    return this.rows === this.cols;
  }

  /** Entry (i, j). */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  /** Sets entry (i, j). */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /** Row i as a zero-copy view (writes go to the matrix). */
  row(i: number): T {
    if (!(i >= 0 && i < this.rows)) throw new LinalgError("row", `row ${i} of ${this.rows}`);
    return this.data.subarray(i * this.cols, (i + 1) * this.cols) as T;
  }

  /** Column j as a new array (columns are strided, so this copies). */
  column(j: number): T {
    if (!(j >= 0 && j < this.cols)) throw new LinalgError("column", `column ${j} of ${this.cols}`);
    const out = this.#allocate(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j];
    return out;
  }

  /** Rows [start, end) as a zero-copy view sharing this matrix's storage. */
  rowRange(start: number, end: number): DenseMatrix<T> {
    if (!(0 <= start && start <= end && end <= this.rows)) {
      throw new LinalgError("rowRange", `rows [${start}, ${end}) of ${this.rows}`);
    }
    return new DenseMatrix(
      end - start,
      this.cols,
      this.data.subarray(start * this.cols, end * this.cols) as T,
    );
  }

  /** The same storage seen with another shape of equal size (zero-copy). */
  reshape(rows: number, cols: number): DenseMatrix<T> {
    return new DenseMatrix(rows, cols, this.data);
  }

  /** A deep copy. */
  clone(): DenseMatrix<T> {
    return new DenseMatrix(this.rows, this.cols, this.data.slice() as T);
  }

  /** The transpose, as a new matrix of the same element type. */
  transpose(): DenseMatrix<T> {
    const { rows, cols, data } = this;
    const out = this.#allocate(rows * cols);
    // Blocked so that both the reads and the writes stay within a few cache lines; 8×8 tiles
    // written row by row measured fastest (1.9 ms at 1000×1000, against 2.7 ms for 32×32 tiles).
    const B = 8;
    for (let i0 = 0; i0 < rows; i0 += B) {
      const i1 = Math.min(rows, i0 + B);
      for (let j0 = 0; j0 < cols; j0 += B) {
        const j1 = Math.min(cols, j0 + B);
        for (let j = j0; j < j1; j++) {
          for (let i = i0; i < i1; i++) out[j * rows + i] = data[i * cols + j];
        }
      }
    }
    return new DenseMatrix(cols, rows, out);
  }

  /** An f64 copy (values unchanged). */
  toFloat64(): DenseMatrix<Float64Array> {
    return new DenseMatrix(this.rows, this.cols, float64Copy(this.data));
  }

  /** An f32 copy (values rounded to single precision). */
  toFloat32(): DenseMatrix<Float32Array> {
    return new DenseMatrix(this.rows, this.cols, Float32Array.from(this.data));
  }

  /** A copy as an ml-matrix Matrix (f64). */
  toMlMatrix(): Matrix {
    const m = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) m.set(i, j, this.data[i * this.cols + j]);
    }
    return m;
  }

  /** Nested arrays of rows (for printing and small tests). */
  toRows(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.row(i)));
  }

  #allocate(length: number): T {
    return (this.data instanceof Float32Array
      ? new Float32Array(length)
      : new Float64Array(length)) as T;
  }
}

/**
 * An f64 copy of `data`: a memory copy when it is f64 already (Float64Array.from reads element by
 * element: 4.1 ms against 0.7 ms for 10⁶ entries, measured), a conversion from f32.
 */
export function float64Copy(data: ArrayLike<number>): Float64Array {
  return data instanceof Float64Array ? data.slice() : Float64Array.from(data);
}
