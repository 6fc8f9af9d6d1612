import { FastNormals } from "../lib/random/fast_normals.ts";
import { Rng } from "../lib/random/rng.ts";
const f = new FastNormals(Rng.fromSeed(1));
const z = new Float64Array(960);
const N = 400000;
for (let r = 0; r < 1000; r++) f.fill(z);
let t = performance.now();
for (let r = 0; r < N; r++) f.fill(z);
console.log("normals per realisation-step:", ((performance.now() - t) * 1000 / N).toFixed(2), "µs");
