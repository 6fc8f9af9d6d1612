/**
 * Sweep results as JSON, value for value: numbers (NaN and ±Infinity included), strings, booleans,
 * null, arrays, plain objects, and Float64Array/Float32Array/Int32Array/Uint32Array/Uint8Array as
 * base64 of their little-endian bytes. A shard file written on a compute node and read on the login
 * node then gives back exactly the values the task returned.
 */
import { Buffer } from "node:buffer";

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
const TYPED: Record<string, new (buffer: ArrayBuffer) => Typed> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
};

/** `value` as JSON-safe data (see the module comment); throws naming what it cannot encode. */
export function encodeSweepValue(value: unknown, where = "result"): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : { $number: String(value) };
  }
  for (const [name, type] of Object.entries(TYPED)) {
    if (value instanceof type) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      return { $typed: name, base64: Buffer.from(bytes).toString("base64") };
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeSweepValue(v, `${where}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map((
        [k, v],
      ) => [k, encodeSweepValue(v, `${where}.${k}`)]),
    );
  }
  throw new TypeError(
    `${where}: a sweep result cannot hold ${Object.prototype.toString.call(value)}`,
  );
}

/** The inverse of encodeSweepValue. */
export function decodeSweepValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decodeSweepValue);
  const o = value as Record<string, unknown>;
  if (typeof o.$number === "string") return Number(o.$number);
  if (typeof o.$typed === "string" && typeof o.base64 === "string") {
    const type = TYPED[o.$typed];
    if (!type) throw new TypeError(`unknown typed array ${o.$typed}`);
    const bytes = Buffer.from(o.base64, "base64");
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new type(copy.buffer);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeSweepValue(v)]));
}
