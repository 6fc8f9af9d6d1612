/**
 * lib/'s layers point one way: random/ and linalg/ at the bottom; rmt/, theory/ and models/ on
 * them; plot/, data/, notebook/, parallel/ for presentation and running; experiments/ and figures/
 * (each notebook's figure recipes) on top. A
 * lower layer never imports a higher one, and theory/ (the predictions) never imports models/
 * (what they are checked against).
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";

const TIER: Record<string, number> = {
  random: 0,
  linalg: 0,
  rmt: 1,
  theory: 1,
  models: 1,
  plot: 2,
  data: 2,
  notebook: 2,
  parallel: 2,
  experiments: 3,
  figures: 3,
  exercises: 3,
};

const lib = resolve(new URL("../../lib", import.meta.url).pathname);

function* tsFiles(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* tsFiles(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}

const layerOf = (file: string) => relative(lib, file).split("/")[0];

Deno.test("lib/ layers import only their own tier or lower; theory/ never imports models/", () => {
  const violations: string[] = [];
  let edges = 0;
  for (const file of tsFiles(lib)) {
    const from = layerOf(file);
    const source = Deno.readTextFileSync(file);
    for (const m of source.matchAll(/(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']/g)) {
      const target = layerOf(resolve(dirname(file), m[1]));
      if (!(from in TIER) || !(target in TIER)) continue;
      edges++;
      if (TIER[target] > TIER[from] || (from === "theory" && target === "models")) {
        violations.push(`${relative(lib, file)} imports ${m[1]} (${from} → ${target})`);
      }
    }
  }
  assert.ok(edges > 200, `only ${edges} imports between lib files were read`);
  assert.deepEqual(violations, []);
  assert.deepEqual(
    Object.keys(TIER).sort(),
    [...Deno.readDirSync(lib)].filter((e) => e.isDirectory).map((e) => e.name).sort(),
    "every layer has a tier",
  );
});
