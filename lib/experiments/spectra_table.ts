/**
 * The spectra table of lib/experiments/model_spectra.ts — one row per layer and checkpoint — as
 * CSV and as parquet with typed columns (strings, 64-bit integers, doubles, booleans; missing
 * values are nulls, never NaN), and written atomically so an interrupted run leaves no half file.
 */
import pl from "nodejs-polars";
import { writeBytesAtomically, writeTextAtomically } from "../data/atomic_write.ts";
import type { SpectraRow } from "./model_spectra.ts";

type ColumnKind = "string" | "int" | "float" | "bool";

/** Every column of the table in order, with its type (the LayerMetrics fields and the checkpoint). */
export const SPECTRA_COLUMNS: readonly (readonly [keyof SpectraRow, ColumnKind])[] = [
  ["checkpoint", "string"],
  ["step", "int"],
  ["name", "string"],
  ["tensor", "string"],
  ["role", "string"],
  ["head", "int"],
  ["rows", "int"],
  ["cols", "int"],
  ["aspectRatio", "float"],
  ["mpVariance", "float"],
  ["mpEdge", "float"],
  ["mpKs", "float"],
  ["spikes", "int"],
  ["tailSupported", "bool"],
  ["alpha", "float"],
  ["alphaError", "float"],
  ["alphaStandardError", "float"],
  ["xmin", "float"],
  ["tailSize", "int"],
  ["tailKs", "float"],
  ["alphaHat", "float"],
  ["logSpectralNorm", "float"],
  ["logFrobeniusNorm", "float"],
  ["stableRank", "float"],
  ["mpSoftRank", "float"],
  ["entropy", "float"],
  ["correlationTraps", "int"],
  ["shuffledDistance", "float"],
  ["meanTildeRatio", "float"],
  ["tildeRatioNullLow", "float"],
  ["tildeRatioNullHigh", "float"],
  ["meanSquaredSpacing", "float"],
  ["spacingNullLow", "float"],
  ["spacingNullHigh", "float"],
  ["levelRepulsion", "string"],
];

/** The table as CSV: a header of the column names, empty cells for missing values. */
export function spectraCsv(rows: readonly SpectraRow[]): string {
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ""
      : typeof v === "string"
      ? `"${v.replace(/"/g, '""')}"`
      : String(v);
  const lines = [SPECTRA_COLUMNS.map(([c]) => c).join(",")];
  for (const r of rows) lines.push(SPECTRA_COLUMNS.map(([c]) => cell(r[c])).join(","));
  return lines.join("\n") + "\n";
}

/** The table as a polars DataFrame with typed columns. */
export function spectraFrame(rows: readonly SpectraRow[]): pl.DataFrame {
  const dtype = { string: pl.Utf8, int: pl.Int64, float: pl.Float64, bool: pl.Bool } as const;
  return pl.DataFrame(
    SPECTRA_COLUMNS.map(([c, kind]) => pl.Series(c, rows.map((r) => r[c] ?? null), dtype[kind])),
  );
}

/** Writes `<base>.csv` and `<base>.parquet`; returns their paths. */
export async function writeSpectraTable(
  rows: readonly SpectraRow[],
  base: string,
): Promise<{ csv: string; parquet: string }> {
  const paths = { csv: `${base}.csv`, parquet: `${base}.parquet` };
  await writeTextAtomically(paths.csv, spectraCsv(rows));
  const bytes = spectraFrame(rows).writeParquet() as unknown as Uint8Array;
  await writeBytesAtomically(paths.parquet, new Uint8Array(bytes));
  return paths;
}
