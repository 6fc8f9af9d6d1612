// Normal draws: the project's Rng against a Box–Muller on Math.random (the baseline of the
// group), measured in the same run so the ratio is what to read.
import { Rng } from "../lib/random/rng.ts";

const n = 100_000;
const out = new Float64Array(n);

Deno.bench("Math.random Box–Muller, 1e5 normals", { group: "normals", baseline: true }, () => {
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const t = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(t);
    out[i + 1] = r * Math.sin(t);
  }
});

const rng = Rng.fromSeed(1);
Deno.bench("Rng.fillNormal (xoroshiro128+), 1e5 normals", { group: "normals" }, () => {
  rng.fillNormal(out);
});
