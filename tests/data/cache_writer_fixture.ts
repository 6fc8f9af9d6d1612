// Child process of the kill test in cached_test.ts: stores a large table in the cache folder.
import { cached } from "../../lib/data/cached.ts";

const directory = Deno.args[0];
const rows = 3_000_000;
await cached("big", { rows }, () => ({
  a: Float64Array.from({ length: rows }, (_, i) => Math.sin(i)),
  b: Float64Array.from({ length: rows }, (_, i) => Math.cos(i)),
  c: Float64Array.from({ length: rows }, (_, i) => i * 0.5),
}), { directory, log: () => {} });
