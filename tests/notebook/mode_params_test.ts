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

Deno.test("NB_PARAMS: a JSON object of overrides; refused when malformed or in a reference run", async () => {
  const { environmentParams } = await import("../../lib/notebook/start_notebook.ts");
  const saved = { params: Deno.env.get("NB_PARAMS"), reference: Deno.env.get("NB_REFERENCE") };
  try {
    Deno.env.delete("NB_REFERENCE");
    Deno.env.delete("NB_PARAMS");
    assert.deepEqual(environmentParams(), {});
    Deno.env.set("NB_PARAMS", '{"epochs": 20, "inverseSigmaW": [4, 8]}');
    assert.deepEqual(environmentParams(), { epochs: 20, inverseSigmaW: [4, 8] });
    Deno.env.set("NB_PARAMS", "[1, 2]");
    assert.throws(() => environmentParams(), /NB_PARAMS must be a JSON object/);
    Deno.env.set("NB_PARAMS", "{epochs: 20}");
    assert.throws(() => environmentParams(), /NB_PARAMS must be a JSON object/);
    Deno.env.set("NB_PARAMS", '{"epochs": 20}');
    Deno.env.set("NB_REFERENCE", "1");
    assert.throws(() => environmentParams(), /reference run/);
  } finally {
    for (const [key, value] of [["NB_PARAMS", saved.params], ["NB_REFERENCE", saved.reference]]) {
      if (value === undefined) Deno.env.delete(key!);
      else Deno.env.set(key!, value);
    }
  }
});
