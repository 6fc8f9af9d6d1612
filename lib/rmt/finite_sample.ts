/**
 * The finiteness check at the boundary of the statistics helpers: a NaN or ±Infinity in a sample
 * is a diverged run or a bad input, never something to drop or average over silently.
 */

/** Throws unless every value is finite, naming the operation, the first bad value and its index. */
export function assertFiniteSample(operation: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `${operation}: value [${i}] is ${v}; the sample must be finite ` +
          `(a NaN or Infinity comes from a diverged run or a bad input)`,
      );
    }
  }
}
