/**
 * T04.1–T04.3: the elliptic-ensemble response and correlation closures against
 * exact random matrices and against their own time-domain solve.
 */
import assert from "node:assert/strict";
import {
  ellipticEqualTimeCorrelation,
  ellipticResponse,
  solveEllipticEqualTimeCorrelation,
  solveEllipticResponse,
  spectralDensityFromResponse,
} from "../../lib/theory/dmft/elliptic_response.ts";
import {
  probeCorrelation,
  sampleElliptic,
  sampleGinibre,
  sampleGoe,
  traceResponse,
} from "../../lib/models/elliptic_matrix_flow.ts";
import { eigvalsh } from "../../lib/linalg/eigen.ts";
import { Rng } from "../../lib/random/rng.ts";
import { densityHistogram } from "../../lib/rmt/histogram.ts";
import { familyStudentThreshold } from "../../lib/rmt/statistical_thresholds.ts";

const goe = { shift: 2, tau: 1 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Mean and standard error of per-draw values. */
function meanAndError(values: number[]): { mean: number; error: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, error: sd / Math.sqrt(n) };
}

Deno.test("T04.1: the GOE response is the resolvent — Bessel form, time-domain closure, N = 1000 matrices", () => {
  // At late times R(t) = (1/N) Tr e^{−(z+M)t} is carried by the few edge eigenvalues, whose
  // Tracy–Widom fluctuations (~N^{−2/3}) move a single draw by ±5 % at t = 8 (measured). So the
  // check is on the mean over 6 draws, within t standard errors (Bonferroni over the 5 times;
  // Student's t, the error being estimated from the 6 draws) plus 1 % for the O(1/N) bias; at
  // t ≤ 1 single draws already agree to < 0.5 %.
  const n = 1000, draws = 6;
  const times = [0.5, 1, 2, 4, 8];
  const z = familyStudentThreshold(times.length, draws - 1);
  const per = Array.from(
    { length: draws },
    (_, d) => traceResponse(sampleGoe(n, Rng.fromSeed(10 + d)), 2, times),
  );
  times.forEach((t, i) => {
    const { mean, error } = meanAndError(per.map((r) => r[i]));
    const theory = ellipticResponse(goe, t);
    assert.ok(
      Math.abs(mean - theory) <= z * error + 0.01 * theory,
      `R(${t}): ${mean} ± ${error} vs ${theory}`,
    );
    if (t <= 1) assert.ok(rel(per[0][i], theory) < 0.005, `single draw R(${t})`);
  });
  const closure = solveEllipticResponse(goe, 0.01, 800);
  for (const t of times) {
    assert.ok(
      rel(closure[Math.round(t / 0.01)], ellipticResponse(goe, t)) < 0.01,
      `closure at t = ${t}`,
    );
  }
  // C(t,t) = R(2t) for an isotropic h(0), averaged over 10 probes of one matrix (T04.1: within 8 %)
  const c = probeCorrelation(sampleGoe(n, Rng.fromSeed(1)), 2, [0.5, 1, 2], 10, Rng.fromSeed(2));
  [0.5, 1, 2].forEach((t, i) => {
    assert.ok(rel(c[i], ellipticEqualTimeCorrelation(goe, t)) < 0.08, `C(${t},${t}) = ${c[i]}`);
  });
});

Deno.test("T04.2: the semicircle read off the response matches the GOE eigenvalue histogram", () => {
  const values = eigvalsh(sampleGoe(1000, Rng.fromSeed(3)));
  const h = densityHistogram(values, 40);
  let l1 = 0;
  for (let b = 0; b < 40; b++) {
    const [lo, hi] = [h.edges[b], h.edges[b + 1]];
    // bin average of the density read off R̂ (Simpson on the bin)
    const f = (x: number) => spectralDensityFromResponse(goe, Math.max(-2, Math.min(2, x)));
    const avg = (f(lo) + 4 * f((lo + hi) / 2) + f(hi)) / 6;
    l1 += Math.abs(h.density[b] - avg) * (hi - lo);
  }
  assert.ok(l1 < 0.05, `L1 distance ${l1}`);
  assert.ok(Math.abs(spectralDensityFromResponse(goe, 0) - 1 / Math.PI) < 1e-8);
});

Deno.test("T04.3: Ginibre — the response ignores the disorder, the norm decays more slowly than R²", () => {
  // R(t) = (1/N) Σ_k Re e^{−(z+λ_k)t}: its finite-N scatter is Σ_k Tr M^k (−t)^k/(k! N), with
  // Var Tr M^k ≈ k, i.e. 4 % at t = 4 for N = 1000 (measured 7 % on one draw). So R and C are
  // averaged over 4 matrices of N = 800 and checked within t standard errors (Bonferroni,
  // Student's t with 3 degrees of freedom) plus
  // T04.3's relative tolerance (2 % for R, 6 % for C); C(t,t) > R(t)² is checked per draw.
  const n = 800, z = 1.2, draws = 4;
  const times = [0.5, 1, 2, 4];
  const zScore = familyStudentThreshold(2 * times.length, draws - 1);
  const system = { shift: z, tau: 0 };
  const rs: Float64Array[] = [], cs: Float64Array[] = [];
  for (let d = 0; d < draws; d++) {
    const m = sampleGinibre(n, Rng.fromSeed(40 + d));
    rs.push(traceResponse(m, z, times));
    cs.push(probeCorrelation(m, z, times, 4, Rng.fromSeed(50 + d)));
    times.forEach((t, i) => assert.ok(cs[d][i] > Math.exp(-2 * z * t), `C(${t},${t}) > R(t)²`));
  }
  times.forEach((t, i) => {
    const r = meanAndError(rs.map((x) => x[i])), c = meanAndError(cs.map((x) => x[i]));
    const rTheory = ellipticResponse(system, t), cTheory = ellipticEqualTimeCorrelation(system, t);
    assert.ok(
      Math.abs(r.mean - rTheory) <= zScore * r.error + 0.02 * rTheory,
      `R(${t}) = ${r.mean} vs ${rTheory}`,
    );
    assert.ok(
      Math.abs(c.mean - cTheory) <= zScore * c.error + 0.06 * cTheory,
      `C(${t},${t}) = ${c.mean} vs ${cTheory}`,
    );
  });
});

Deno.test("DMFT: elliptic closures refuse unstable shifts", () => {
  assert.throws(() => ellipticResponse({ shift: 1.9, tau: 1 }, 1), /does not stabilise/);
  assert.throws(() => ellipticResponse({ shift: 1, tau: 0 }, 1), /does not stabilise/);
  assert.throws(() => ellipticResponse({ shift: 2, tau: 1.5 }, 1), /tau must be/);
});

Deno.test("DMFT: the elliptic correlation closure in time — exact limits and an elliptic matrix at τ = 0.5", () => {
  const times = [0.5, 1, 2, 4];
  for (const system of [{ shift: 2, tau: 1 }, { shift: 1.2, tau: 0 }]) {
    const c = solveEllipticEqualTimeCorrelation(system, 0.02, 200);
    for (const t of times) {
      assert.ok(
        rel(c[Math.round(t / 0.02)], ellipticEqualTimeCorrelation(system, t)) < 1e-3,
        `τ = ${system.tau}, t = ${t}`,
      );
    }
  }
  // τ = 0.5, z = 2 (the real semi-axis of the spectrum is 1.5): 4 draws of N = 600, 4 probes each
  const system = { shift: 2, tau: 0.5 };
  const c = solveEllipticEqualTimeCorrelation(system, 0.02, 100);
  const sims = [0, 1, 2, 3].map((d) =>
    probeCorrelation(
      sampleElliptic(600, 0.5, Rng.fromSeed(60 + d)),
      2,
      [0.5, 1, 2],
      4,
      Rng.fromSeed(70 + d),
    )
  );
  const z = familyStudentThreshold(3, sims.length - 1);
  [0.5, 1, 2].forEach((t, i) => {
    const { mean, error } = meanAndError(sims.map((s) => s[i]));
    const theory = c[Math.round(t / 0.02)];
    assert.ok(
      Math.abs(mean - theory) <= z * error + 0.03 * theory,
      `C(${t},${t}) = ${mean} ± ${error} vs ${theory}`,
    );
  });
  // and its response: (1/N) Tr e^{−(z+M)t} of one draw against the Bessel form
  const r = traceResponse(sampleElliptic(600, 0.5, Rng.fromSeed(80)), 2, [0.5, 1]);
  [0.5, 1].forEach((t, i) =>
    assert.ok(rel(r[i], ellipticResponse(system, t)) < 0.02, `R(${t}) = ${r[i]}`)
  );
});
