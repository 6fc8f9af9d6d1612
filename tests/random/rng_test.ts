import assert from "node:assert/strict";
import { Rng } from "../../lib/random/rng.ts";

Deno.test("same seed and stream give the same numbers; different ones do not", () => {
  const a = Rng.fromSeed(42).fillNormal(new Float64Array(100));
  const b = Rng.fromSeed(42).fillNormal(new Float64Array(100));
  const c = Rng.fromSeed(43).fillNormal(new Float64Array(100));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.notDeepEqual(Rng.fromSeed(42, 0).uniform(), Rng.fromSeed(42, 1).uniform());
});

Deno.test("streams depend on the key path only, not on creation order or parent draws", () => {
  const root = Rng.fromSeed(7);
  const first = root.stream(3, 1).uniform();
  root.fillUniform(new Float64Array(1000)); // draws from the parent must not matter
  const again = root.stream(3, 1).uniform();
  assert.equal(first, again);
  assert.equal(first, Rng.fromSeed(7, 3, 1).uniform());
  assert.notEqual(Rng.fromSeed(7, 3, 1).uniform(), Rng.fromSeed(7, 1, 3).uniform());
  assert.notEqual(Rng.fromSeed(7, 0).uniform(), Rng.fromSeed(7, 0, 0).uniform());
});

Deno.test("state round-trips through JSON, including a pending Box–Muller normal", () => {
  const rng = Rng.fromSeed(5, 2);
  rng.normal(); // leaves the second normal of the pair pending
  const saved = JSON.parse(JSON.stringify(rng.getState()));
  const expected = rng.fillNormal(new Float64Array(50));
  const restored = Rng.fromState(saved).fillNormal(new Float64Array(50));
  assert.deepEqual(restored, expected);
  assert.deepEqual(Rng.fromState(saved).path, [5, 2]);
});

Deno.test("uniform draws have the moments and empirical CDF of U(0,1)", () => {
  const n = 200_000;
  const u = Rng.fromSeed(1).fillUniform(new Float64Array(n));
  let mean = 0;
  let sq = 0;
  let ks = 0;
  for (const x of u) {
    assert.ok(x >= 0 && x < 1);
    mean += x / n;
    sq += (x * x) / n;
  }
  const sorted = u.slice().sort();
  for (let i = 0; i < n; i++) ks = Math.max(ks, Math.abs(sorted[i] - (i + 0.5) / n));
  // mean: sd = sqrt(1/12/n) ≈ 6.5e-4; allow 5 sd. KS: the 0.1% critical value is 1.95/sqrt(n).
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  assert.ok(Math.abs(sq - 1 / 3) < 5 * Math.sqrt(4 / 45 / n), `second moment ${sq}`);
  assert.ok(ks < 1.95 / Math.sqrt(n), `KS ${ks}`);
});

Deno.test("normal draws have the moments and the ±1σ, ±2σ masses of N(0,1)", () => {
  const n = 200_000;
  const z = Rng.fromSeed(2).fillNormal(new Float64Array(n));
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  let in1 = 0;
  let in2 = 0;
  for (const x of z) {
    m1 += x / n;
    m2 += (x * x) / n;
    m4 += x ** 4 / n;
    if (Math.abs(x) < 1) in1++;
    if (Math.abs(x) < 2) in2++;
  }
  const sd = (p: number) => Math.sqrt(p * (1 - p) / n);
  assert.ok(Math.abs(m1) < 5 / Math.sqrt(n), `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) < 5 * Math.sqrt(2 / n), `variance ${m2}`);
  assert.ok(Math.abs(m4 - 3) < 5 * Math.sqrt(96 / n), `fourth moment ${m4}`);
  assert.ok(Math.abs(in1 / n - 0.6826894921) < 5 * sd(0.6827), `P(|z|<1) ${in1 / n}`);
  assert.ok(Math.abs(in2 / n - 0.9544997361) < 5 * sd(0.9545), `P(|z|<2) ${in2 / n}`);
  const shifted = Rng.fromSeed(2).fillNormal(new Float64Array(4), 3, 2);
  const plain = Rng.fromSeed(2).fillNormal(new Float64Array(4));
  shifted.forEach((v, i) => assert.ok(Math.abs(v - (3 + 2 * plain[i])) < 1e-12));
});

Deno.test("int(n) is uniform on 0..n-1 (chi-square) and permutation is a permutation", () => {
  const rng = Rng.fromSeed(3);
  const k = 7;
  const n = 70_000;
  const counts = new Array(k).fill(0);
  for (let i = 0; i < n; i++) counts[rng.int(k)]++;
  const expected = n / k;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 22.46, `chi2 ${chi2} (0.1% critical value, 6 dof: 22.46)`);
  const p = rng.permutation(1000);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
});

Deno.test("bad seeds, keys and sizes are refused with a message", () => {
  assert.throws(() => Rng.fromSeed(-1), /seed must be a non-negative safe integer/);
  assert.throws(() => Rng.fromSeed(1.5), /seed/);
  assert.throws(() => Rng.fromSeed(1, NaN), /stream key 0/);
  assert.throws(() => Rng.fromSeed(1).int(0), /int\(n\)/);
  assert.throws(() => Rng.fromSeed(1).fillNormal(new Float64Array(2), 0, NaN), /finite/);
  assert.throws(() => Rng.fromSeed(1).stream(), /at least one key/);
});
