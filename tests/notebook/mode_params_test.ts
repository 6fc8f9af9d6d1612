import assert from "node:assert/strict";
import { parseMode } from "../../lib/notebook/mode.ts";
import { resolveParams } from "../../lib/notebook/params.ts";

Deno.test("mode: quick by default, quick/full accepted, anything else is an error", () => {
  assert.equal(parseMode(undefined), "quick");
  assert.equal(parseMode(""), "quick");
  assert.equal(parseMode("full"), "full");
  assert.throws(() => parseMode("fast"), /NB_MODE must be "quick" or "full", got "fast"/);
  assert.throws(() => parseMode("FULL"), /NB_MODE/);
});

Deno.test("params resolve by mode, with typed overrides", () => {
  const spec = { n: { quick: 10, full: 1000 }, tags: { quick: ["a"], full: ["a", "b"] } };
  assert.equal(resolveParams(spec, "quick").n, 10);
  assert.deepEqual(resolveParams(spec, "full").tags, ["a", "b"]);
  assert.equal(resolveParams(spec, "quick", { n: 50 }).n, 50);
  assert.throws(() => resolveParams(spec, "quick", { n: "50" }), /parameter n must be number/);
  assert.throws(() => resolveParams(spec, "quick", { m: 1 } as never), /unknown parameter m/);
  assert.throws(
    () => resolveParams({ a: { quick: 1, full: "x" } }, "quick"),
    /quick is number but full is string/,
  );
  assert.throws(
    () => resolveParams({ a: { quick: NaN, full: 1 } }, "quick"),
    /parameters must be finite/,
  );
});
