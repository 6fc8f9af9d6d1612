/**
 * Stable hashing of a JSON configuration: keys are sorted at every depth, so two configs that
 * are equal as data hash equally whatever their key order. Non-finite numbers are refused (JSON
 * would silently turn them into null and two different configs would collide).
 */
import { createHash } from "node:crypto";

/** A value that can appear in a cache configuration. */
export type ConfigValue =
  | string
  | number
  | boolean
  | null
  | readonly ConfigValue[]
  | { readonly [key: string]: ConfigValue };

/** Canonical JSON text of `value` (sorted keys, no whitespace). */
export function canonicalJson(value: ConfigValue, where = "config"): string {
  if (value === null || typeof value === "string" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${where} is ${value}; configs must be finite`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => canonicalJson(v, `${where}[${i}]`)).join(",")}]`;
  }
  if (typeof value === "object") {
    const obj = value as { readonly [key: string]: ConfigValue };
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${
      keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k], `${where}.${k}`)}`).join(",")
    }}`;
  }
  throw new Error(`${where} has unsupported type ${typeof value}`);
}

/** First 16 hex digits of the SHA-256 of the canonical JSON of `config`. */
export function configHash(config: ConfigValue): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex").slice(0, 16);
}
