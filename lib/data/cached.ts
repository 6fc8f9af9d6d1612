/**
 * A result cache for heavy computations: `cached(name, config, compute)` returns the polars table
 * stored for this exact config, or runs `compute`, stores its table and returns it.
 *
 * Files (in data/<stem>/ by default): `<name>-<hash>.parquet` and `<name>-<hash>.config.json`,
 * where hash = configHash(config). The config file also records the SHA-256 of the parquet file
 * (`content_sha256`), checked on every load, and the numeric environment it was computed in
 * (`numeric_environment`, a record for the reader, not part of the key): a table changed on disk (a flipped bit, a truncated
 * copy) is recomputed, with one line saying so, instead of feeding wrong numbers to a notebook.
 * Both files are written atomically (temp file + rename), the table first, so a run killed at any
 * point leaves either a complete entry or none that matches. A changed config has a new hash and
 * recomputes; older entries stay for when the config is switched back.
 */
import pl from "nodejs-polars";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { canonicalJson, configHash, type ConfigValue } from "./config_hash.ts";
import { removeStaleTemporaries, writeAtomically, writeTextAtomically } from "./atomic_write.ts";
import { dataDirectory } from "./project_paths.ts";
import { numericEnvironment } from "../linalg/numeric_environment.ts";
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
    for (let r = 0; r < column.length; r++) {
      const v = column[r];
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw new Error(
          `cached: column ${name} row ${r} is ${v}; a cached table holds finite numbers only ` +
            `(the computation diverged or was given non-finite input)`,
        );
      }
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
  // interfaces (e.g. a settings list) have no index signature, so `object` is accepted here;
  // canonicalJson checks at run time that the config is plain, finite JSON data
  configInput: ConfigValue | object,
  compute: () => pl.DataFrame | Columns | Promise<pl.DataFrame | Columns>,
  options: CacheOptions = {},
): Promise<pl.DataFrame> {
  const config = configInput as ConfigValue;
  const directory = options.directory ?? dataDirectory(currentNotebookStem());
  const log = options.log ?? ((line: string) => console.log(line));
  const paths = cacheEntryPaths(directory, name, config);
  const configText = canonicalJson(entryKey(config));
  await removeStaleTemporaries(directory);

  const recordedHash = options.refresh ? null : await recordedContentHash(paths, configText);
  if (recordedHash !== null) {
    try {
      const bytes = await Deno.readFile(paths.parquet);
      if (await sha256Hex(bytes) !== recordedHash) {
        log(
          `cache: ${name} does not match its recorded content hash (changed on disk); recomputing`,
        );
      } else {
        const frame = pl.readParquet(Buffer.from(bytes));
        log(`cache: ${name} loaded (${frame.height} rows, config ${paths.hash})`);
        return frame;
      }
    } catch (error) {
      log(`cache: ${name} unreadable (${(error as Error).message}); recomputing`);
    }
  }

  const frame = toDataFrame(await compute());
  let contentHash = "";
  await writeAtomically(paths.parquet, async (tmp) => {
    frame.writeParquet(tmp);
    contentHash = await sha256Hex(await Deno.readFile(tmp));
  });
  const sidecar = {
    ...JSON.parse(configText),
    [CONTENT_HASH_KEY]: contentHash,
    [ENVIRONMENT_KEY]: numericEnvironment(),
  };
  await writeTextAtomically(paths.config, JSON.stringify(sidecar, null, 2) + "\n");
  log(`cache: ${name} computed and stored (${frame.height} rows, config ${paths.hash})`);
  return frame;
}

/** The sidecar key of the parquet file's SHA-256. */
export const CONTENT_HASH_KEY = "content_sha256";
/** The sidecar key of the numeric environment the table was computed in (a record, not a key). */
export const ENVIRONMENT_KEY = "numeric_environment";

/** SHA-256 of `bytes` as lowercase hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The content hash recorded for an entry whose stored config equals `configText`; null when there
 * is no such entry (absent, another config, written before content hashes, unreadable sidecar).
 */
async function recordedContentHash(
  paths: { parquet: string; config: string },
  configText: string,
): Promise<string | null> {
  try {
    const { [CONTENT_HASH_KEY]: hash, [ENVIRONMENT_KEY]: _environment, ...stored } = JSON.parse(
      await Deno.readTextFile(paths.config),
    );
    return typeof hash === "string" && canonicalJson(stored) === configText ? hash : null;
  } catch {
    return null;
  }
}
