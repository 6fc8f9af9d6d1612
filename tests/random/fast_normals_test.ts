import assert from "node:assert/strict";
import { FastNormals } from "../../lib/random/fast_normals.ts";
import { Rng } from "../../lib/random/rng.ts";
import { ksDistance } from "../../lib/rmt/ks_distance.ts";
import { erf } from "../../lib/rmt/special_functions.ts";

const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

Deno.test("FastNormals: N(0, 1) by KS, moments and the ziggurat tail; deterministic per stream", () => {
  const n = 1_000_000;
  const x = new FastNormals(Rng.fromSeed(1)).fill(new Float64Array(n));
  assert.ok(ksDistance(x, normalCdf) < 1.8 / Math.sqrt(n));
  let m = 0, v = 0, k = 0, tail = 0;
  for (const t of x) {
    m += t / n;
    v += (t * t) / n;
    k += t ** 4 / n;
    if (Math.abs(t) > 3.442619855899) tail++;
  }
  assert.ok(Math.abs(m) < 4 / Math.sqrt(n), `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 4 * Math.sqrt(2 / n), `variance ${v}`);
  assert.ok(Math.abs(k - 3) < 4 * Math.sqrt(96 / n), `fourth moment ${k}`);
  const pTail = 2 * (1 - normalCdf(3.442619855899)); // 5.76e-4: the tail sampler's share
  assert.ok(Math.abs(tail / n - pTail) < 4 * Math.sqrt(pTail / n), `tail ${tail / n} vs ${pTail}`);
  const a = new FastNormals(Rng.fromSeed(2, 5)).fill(new Float64Array(10));
  const b = new FastNormals(Rng.fromSeed(2, 5)).fill(new Float64Array(10));
  const c = new FastNormals(Rng.fromSeed(2, 6)).fill(new Float64Array(10));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  // consecutive draws are uncorrelated
  let lag = 0;
  for (let i = 1; i < n; i++) lag += (x[i] * x[i - 1]) / n;
  assert.ok(Math.abs(lag) < 4 / Math.sqrt(n));
});

Deno.test("FastNormals: fill draws exactly what normal() draws, rare paths included", () => {
  // fill() inlines the generator and the ziggurat's common case; the tail and the wedges
  // (about 1 % of draws, so thousands here) go back through the fields: the streams must agree
  const bulk = new FastNormals(Rng.fromSeed(11)).fill(new Float64Array(300_000), 0.5, 2);
  const single = new FastNormals(Rng.fromSeed(11));
  for (let i = 0; i < bulk.length; i++) {
    const expected = 0.5 + 2 * single.normal();
    if (bulk[i] !== expected) assert.fail(`draw ${i}: fill ${bulk[i]}, normal() ${expected}`);
  }
  // and the state after fill continues the same stream
  const after = new FastNormals(Rng.fromSeed(11));
  after.fill(new Float64Array(1000));
  const reference = new FastNormals(Rng.fromSeed(11));
  for (let i = 0; i < 1000; i++) reference.normal();
  assert.equal(after.uniform(), reference.uniform());
});
