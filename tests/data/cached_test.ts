import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CACHE_FORMAT,
  cached,
  cacheEntryPaths,
  CONTENT_HASH_KEY,
  ENVIRONMENT_KEY,
  sha256Hex,
} from "../../lib/data/cached.ts";
import { numericEnvironment } from "../../lib/linalg/numeric_environment.ts";
import { canonicalJson, configHash } from "../../lib/data/config_hash.ts";

const quiet = { log: () => {} };

Deno.test("cached computes once, then loads; a changed config recomputes", async () => {
  const directory = await Deno.makeTempDir();
  let calls = 0;
  const compute = () => {
    calls++;
    return { x: Float64Array.from([1, 2, 3]), y: [0.5, 1.5, 2.5] };
  };
  const first = await cached("table", { n: 3, tag: "a" }, compute, { directory, ...quiet });
  const second = await cached("table", { tag: "a", n: 3 }, compute, { directory, ...quiet });
  assert.equal(calls, 1, "key order must not matter");
  assert.deepEqual(second.toRecords(), first.toRecords());
  assert.deepEqual(second.getColumn("y").toArray(), [0.5, 1.5, 2.5]);
  await cached("table", { n: 4, tag: "a" }, compute, { directory, ...quiet });
  assert.equal(calls, 2);
  await cached("table", { n: 3, tag: "a" }, compute, { directory, refresh: true, ...quiet });
  assert.equal(calls, 3);
  const paths = cacheEntryPaths(directory, "table", { n: 3, tag: "a" });
  const { [CONTENT_HASH_KEY]: recorded, [ENVIRONMENT_KEY]: environment, ...stored } = JSON.parse(
    await Deno.readTextFile(paths.config),
  );
  assert.deepEqual(stored, { n: 3, tag: "a", cache_format: CACHE_FORMAT });
  assert.equal(recorded, await sha256Hex(await Deno.readFile(paths.parquet)));
  assert.deepEqual(environment, numericEnvironment());
});

Deno.test("configs with NaN or ragged columns are refused", async () => {
  const directory = await Deno.makeTempDir();
  assert.throws(() => configHash({ a: NaN }), /config.a is NaN/);
  assert.equal(
    canonicalJson({ b: [1, { d: 2, c: 3 }], a: null }),
    '{"a":null,"b":[1,{"c":3,"d":2}]}',
  );
  await assert.rejects(
    cached("bad", {}, () => ({ a: [1, 2], b: [1] }), { directory, ...quiet }),
    /column b has 1 rows, expected 2/,
  );
});

Deno.test("a writer killed mid-write leaves no corrupt cache entry", async () => {
  const directory = await Deno.makeTempDir();
  const config = { rows: 3_000_000 };
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./cache_writer_fixture.ts", import.meta.url).pathname, directory],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Kill the writer as soon as its temporary parquet file appears (it is then mid-write).
  const deadline = Date.now() + 60_000;
  let sawTemporary = false;
  while (Date.now() < deadline && !sawTemporary) {
    for await (const e of Deno.readDir(directory)) {
      if (e.name.startsWith(".tmp-") && e.name.endsWith(".parquet")) sawTemporary = true;
    }
    if (!sawTemporary) await new Promise((r) => setTimeout(r, 2));
  }
  child.kill("SIGKILL");
  await child.status;
  assert.ok(sawTemporary, "the writer never started writing");
  const paths = cacheEntryPaths(directory, "big", config);
  const finalExists = await Deno.stat(paths.parquet).then(() => true, () => false);
  assert.equal(finalExists, false, "a killed write must not leave the final file");

  // The next run recomputes, cleans the dead writer's temporary file and stores a good entry.
  let calls = 0;
  const frame = await cached("big", config, () => {
    calls++;
    return { i: Float64Array.from({ length: 10 }, (_, i) => i) };
  }, { directory, ...quiet });
  assert.equal(calls, 1);
  assert.equal(frame.height, 10);
  const leftovers = [...Deno.readDirSync(directory)].filter((e) => e.name.startsWith(".tmp-"));
  assert.deepEqual(leftovers, []);
  assert.ok((await Deno.stat(join(directory, paths.parquet.split("/").pop()!))).isFile);
});

Deno.test("Int32Array columns are stored as integers, other numbers as Float64", async () => {
  const directory = await Deno.makeTempDir();
  const compute = () => ({
    index: Int32Array.from([0, 1, 2]),
    value: Float64Array.from([1, 2, 3]),
  });
  await cached("typed", { n: 3 }, compute, { directory, ...quiet });
  const loaded = await cached("typed", { n: 3 }, compute, { directory, ...quiet });
  assert.equal(String(loaded.getColumn("index").dtype), "DataType(Int32)");
  assert.equal(String(loaded.getColumn("value").dtype), "DataType(Float64)");
  assert.deepEqual(loaded.getColumn("index").toArray(), [0, 1, 2]);
});

Deno.test("a cached table changed on disk is detected and recomputed, with one line", async () => {
  const directory = await Deno.makeTempDir();
  let calls = 0;
  const compute = () => {
    calls++;
    return { x: Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i)) };
  };
  const first = await cached("t", { n: 1 }, compute, { directory, ...quiet });
  const paths = cacheEntryPaths(directory, "t", { n: 1 });
  const bytes = await Deno.readFile(paths.parquet);
  bytes[Math.floor(bytes.length / 2)] ^= 0x10; // one flipped bit inside the data, footer intact
  await Deno.writeFile(paths.parquet, bytes);
  const lines: string[] = [];
  const again = await cached("t", { n: 1 }, compute, { directory, log: (l) => lines.push(l) });
  assert.equal(calls, 2);
  assert.match(lines.join("\n"), /does not match its recorded content hash.*recomputing/);
  assert.deepEqual(again.getColumn("x").toArray(), first.getColumn("x").toArray());
  // and the rewritten entry loads again without recomputing
  await cached("t", { n: 1 }, compute, { directory, ...quiet });
  assert.equal(calls, 2);
});

Deno.test("non-finite values are refused before they reach the cache", async () => {
  const directory = await Deno.makeTempDir();
  await assert.rejects(
    cached("nan", {}, () => ({ a: [1, NaN, 3] }), { directory, ...quiet }),
    /column a row 1 is NaN/,
  );
  await assert.rejects(
    cached("inf", {}, () => ({ a: Float64Array.from([Infinity]) }), { directory, ...quiet }),
    /column a row 0 is Infinity/,
  );
});
