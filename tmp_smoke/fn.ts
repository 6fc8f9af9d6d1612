import { FastNormals } from "../lib/random/fast_normals.ts";
import { Rng } from "../lib/random/rng.ts";
const f = new FastNormals(Rng.fromSeed(1));
const out = new Float64Array(1_000_000);
for (let r = 0; r < 3; r++) f.fill(out);
const t = performance.now();
for (let r = 0; r < 20; r++) f.fill(out);
console.log(((20e6) / ((performance.now() - t) / 1000) / 1e6).toFixed(1), "M normals/s");
let m = 0, v = 0, k4 = 0; for (const x of out) { m += x; v += x * x; k4 += x ** 4; }
console.log(m / 1e6, v / 1e6, k4 / 1e6);
