/**
 * Refuses non-finite numbers in plotted data. Observable Plot silently drops NaN and Infinity,
 * which turns a numerical failure into a plausible-looking figure; here it is an error that names
 * the series, the channel and the row.
 */
import * as Plot from "@observablehq/plot";

const SERIES_NAME = Symbol.for("nn-weight-dynamics.seriesName");

/** Attaches a series name to a mark, used in error messages (and nothing else). */
export function named<M extends Plot.Markish>(name: string, mark: M): M {
  Object.defineProperty(mark, SERIES_NAME, { value: name, enumerable: false });
  return mark;
}

function markName(mark: unknown, index: number): string {
  const m = mark as { [SERIES_NAME]?: string; ariaLabel?: string };
  return m[SERIES_NAME] !== undefined
    ? `series "${m[SERIES_NAME]}"`
    : `mark ${index} (${m.ariaLabel ?? "unnamed"})`;
}

function firstNonFinite(values: ArrayLike<unknown>): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && !Number.isFinite(v)) return i;
  }
  return -1;
}

/** Throws if any mark's data or channels hold NaN or ±Infinity. */
export function assertFiniteMarks(marks: readonly unknown[]): void {
  marks.flat(Infinity as 1).forEach((mark, index) => {
    if (mark === null || typeof mark !== "object") return;
    const m = mark as { data?: unknown; channels?: Record<string, { value?: unknown }> };
    if (m.data === undefined || m.data === null) return;
    const data = ArrayBuffer.isView(m.data) || Array.isArray(m.data)
      ? m.data as ArrayLike<unknown>
      : Array.from(m.data as Iterable<unknown>);
    const bad = firstNonFinite(data);
    if (bad >= 0) {
      throw new Error(`figure: ${markName(mark, index)} has ${data[bad]} at row ${bad}`);
    }
    for (const [channel, spec] of Object.entries(m.channels ?? {})) {
      if (spec?.value === undefined || spec.value === null) continue;
      let values: ArrayLike<unknown> | null | undefined;
      try {
        values = Plot.valueof(data as Plot.Data, spec.value as Plot.ChannelValue);
      } catch {
        continue; // a lazy channel that only a transform fills in at render time
      }
      if (!values) continue;
      const i = firstNonFinite(values);
      if (i >= 0) {
        throw new Error(
          `figure: ${markName(mark, index)} has ${values[i]} in channel ${channel} at row ${i}`,
        );
      }
    }
  });
}
