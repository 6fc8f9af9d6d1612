/**
 * A result cache for heavy computations: `cached(name, config, compute)` returns the polars table
 * stored for this exact config, or runs `compute`, stores its table and returns it.
 *
 * Files (in data/<stem>/ by default): `<name>-<hash>.parquet` and `<name>-<hash>.config.json`,
 * where hash = configHash(config). Both are written atomically (temp file + rename), the config
 * first, so a run killed at any point leaves either a complete entry or none. A changed config
 * has a new hash and recomputes; older entries stay for when the config is switched back.
 */
import pl from "nodejs-polars";
import { join } from "node:path";
import { canonicalJson, configHash, type ConfigValue } from "./config_hash.ts";
import { removeStaleTemporaries, writeAtomically, writeTextAtomically } from "./atomic_write.ts";
import { dataDirectory } from "./project_paths.ts";
import { currentNotebookStem } from "./current_notebook.ts";

/**
 * Columns a computation may return instead of a DataFrame. An Int32Array is stored as a 32-bit
 * integer column (indices, counts, batch sizes: what Python readers should see as integers);
 * any other numeric column as Float64.
 */
export type Columns = Record<string, ArrayLike<number> | readonly string[]>;

/** Options of `cached`. */
export interface CacheOptions {
  /** folder of the cache (default: data/<stem>/ of the running notebook) */
  directory?: string;
  /** recompute even when an entry exists */
  refresh?: boolean;
  /** called with a one-line description of a hit or a store (default: console.log) */
  log?: (line: string) => void;
}

/**
 * Version of the stored table layout, part of every entry's key: raising it when the layout
 * changes (2: parameters as named columns, integer columns as Int32) makes old entries recompute
 * instead of loading in the old layout.
 */
export const CACHE_FORMAT = 2;

/** The key an entry is stored under: the config and the layout version. */
function entryKey(config: ConfigValue): ConfigValue {
  const isObject = typeof config === "object" && config !== null && !Array.isArray(config);
  return isObject
    ? { ...(config as Record<string, ConfigValue>), cache_format: CACHE_FORMAT }
    : { config, cache_format: CACHE_FORMAT };
}

/** Paths of the cache entry for `name` and `config` in `directory`. */
export function cacheEntryPaths(
  directory: string,
  name: string,
  config: ConfigValue,
): { parquet: string; config: string; hash: string } {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`cache name must be a plain file stem, got ${JSON.stringify(name)}`);
  }
  const hash = configHash(entryKey(config));
  return {
    parquet: join(directory, `${name}-${hash}.parquet`),
    config: join(directory, `${name}-${hash}.config.json`),
    hash,
  };
}

/** Converts returned columns to a DataFrame, refusing ragged columns. */
export function toDataFrame(result: pl.DataFrame | Columns): pl.DataFrame {
  if (isDataFrame(result)) return result;
  const names = Object.keys(result);
  if (names.length === 0) throw new Error("cached: compute returned no columns");
  const length = result[names[0]].length;
  const series = names.map((name) => {
    const column = result[name];
    if (column.length !== length) {
      throw new Error(`cached: column ${name} has ${column.length} rows, expected ${length}`);
    }
    if (column instanceof Int32Array) return pl.Series(name, column);
    return pl.Series(name, Array.from(column as ArrayLike<number | string>));
  });
  return pl.DataFrame(series);
}

/** True for a polars DataFrame (polars frames are plain objects, so `instanceof` cannot tell). */
export function isDataFrame(value: unknown): value is pl.DataFrame {
  return pl.DataFrame.isDataFrame(value);
}

/** Returns the stored table for (`name`, `config`), computing and storing it when absent. */
export async function cached(
  name: string,
  config: ConfigValue,
  compute: () => pl.DataFrame | Columns | Promise<pl.DataFrame | Columns>,
  options: CacheOptions = {},
): Promise<pl.DataFrame> {
  const directory = options.directory ?? dataDirectory(currentNotebookStem());
  const log = options.log ?? ((line: string) => console.log(line));
  const paths = cacheEntryPaths(directory, name, config);
  const configText = canonicalJson(entryKey(config));
  await removeStaleTemporaries(directory);

  if (!options.refresh && await entryMatches(paths, configText)) {
    try {
      const frame = pl.readParquet(paths.parquet);
      log(`cache: ${name} loaded (${frame.height} rows, config ${paths.hash})`);
      return frame;
    } catch (error) {
      log(`cache: ${name} unreadable (${(error as Error).message}); recomputing`);
    }
  }

  const frame = toDataFrame(await compute());
  await writeTextAtomically(paths.config, JSON.stringify(JSON.parse(configText), null, 2) + "\n");
  await writeAtomically(paths.parquet, (tmp) => frame.writeParquet(tmp));
  log(`cache: ${name} computed and stored (${frame.height} rows, config ${paths.hash})`);
  return frame;
}

async function entryMatches(
  paths: { parquet: string; config: string },
  configText: string,
): Promise<boolean> {
  try {
    await Deno.stat(paths.parquet);
    const stored = JSON.parse(await Deno.readTextFile(paths.config));
    return canonicalJson(stored) === configText;
  } catch {
    return false;
  }
}
