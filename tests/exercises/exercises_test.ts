/**
 * Every exercise's answer check: the reference solution passes; a correct implementation written
 * differently passes too (the check grades the answer, not the reference's bits); a wrong one
 * fails with a message naming the failed case; an open stub is reported as open, and the notebook
 * then gets the reference back.
 */
import assert from "node:assert/strict";
import {
  checkExercise,
  type Exercise,
  type ExerciseFunction,
  gradeExercise,
  todo,
} from "../../lib/notebook/exercise.ts";
import * as ex00 from "../../lib/exercises/random_matrix_primer.ts";
import * as ex01 from "../../lib/exercises/dyson_brownian_motion.ts";
import * as ex02 from "../../lib/exercises/rbm_linear_scaling.ts";
import * as ex03 from "../../lib/exercises/transformer_spectra.ts";
import * as ex04 from "../../lib/exercises/dmft.ts";
import * as ex05 from "../../lib/exercises/sgd_limiting_dynamics.ts";
import * as ex06 from "../../lib/exercises/weight_fluctuations.ts";
import * as ex07 from "../../lib/exercises/spectra_of_your_model.ts";
import * as ex08 from "../../lib/exercises/sgd_phase_diagram.ts";
import type { Rng } from "../../lib/random/rng.ts";
import { eigh, eigvalsh } from "../../lib/linalg/eigen.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

interface Case {
  exercise: Exercise<ExerciseFunction>;
  /** a correct implementation, written differently from the reference */
  alternative: ExerciseFunction;
  /** a plausible mistake, and a word the failure message must contain */
  wrong: ExerciseFunction;
  mentions: RegExp;
}

const kappas = (n: number, m2: number) =>
  Array.from({ length: n }, (_, k) => m2 + 4 * Math.sin((Math.PI * k) / n) ** 2).sort((a, b) =>
    a - b
  );

const cases: Case[] = [
  {
    exercise: ex00.tildeRatioExercise as Any,
    alternative: (l: number[]) =>
      l.slice(1, -1).map((x, i) => {
        const r = (l[i + 2] - x) / (x - l[i]);
        return r > 1 ? 1 / r : r;
      }),
    wrong: (l: number[]) => l.slice(1, -1).map((x, i) => (l[i + 2] - x) / (x - l[i])),
    mentions: /r̃ of/,
  },
  {
    exercise: ex00.mpEdgesExercise as Any,
    alternative: (c: number, s2: number) =>
      [-1, 1].map((sign) => s2 * (1 + c + sign * 2 * Math.sqrt(c))),
    wrong: (c: number, s2: number) => [s2 * (1 - c) ** 2, s2 * (1 + c) ** 2],
    mentions: /edges at c = 0\.1/,
  },
  {
    exercise: ex00.bbpExercise as Any,
    alternative: (m: number, n: number, s2: number, d: number) => {
      const edge = s2 * (Math.sqrt(m) + Math.sqrt(n)) ** 2;
      const out = (d ** 2 + s2 * m) * (1 + (s2 * n) / d ** 2);
      return d ** 4 > s2 ** 2 * m * n ? out : edge;
    },
    wrong: (m: number, n: number, s2: number, d: number) =>
      ((d * d + s2 * m) * (d * d + s2 * n)) / (d * d),
    mentions: /d = 0\.5 × threshold/,
  },
  {
    exercise: ex01.goePairExercise as Any,
    alternative: (s2: number, count: number, rng: Rng) =>
      Array.from({ length: count }, () => {
        // eigenvalues of the sampled matrix itself
        const a = Math.sqrt(2 * s2) * rng.normal(), d = Math.sqrt(2 * s2) * rng.normal();
        const b = Math.sqrt(s2) * rng.normal();
        const [l1, l2] = eigvalsh(DenseMatrix.fromRows([[a, b], [b, d]]));
        return l2 - l1;
      }),
    wrong: (s2: number, count: number, rng: Rng) =>
      Array.from({ length: count }, () => {
        const a = Math.sqrt(s2) * rng.normal(), d = Math.sqrt(s2) * rng.normal();
        const b = Math.sqrt(s2) * rng.normal();
        return Math.sqrt((a - d) ** 2 + 4 * b * b);
      }),
    mentions: /⟨S⟩ = √\(2π\)·s/,
  },
  {
    exercise: ex01.ouVarianceExercise as Any,
    alternative: (a: number, e: number, b: number) => {
      let v = 0; // iterate the variance recursion to its fixed point
      for (let i = 0; i < 20000; i++) v = (1 - a) ** 2 * v + a * a * e * e / b;
      return v;
    },
    wrong: (a: number, e: number, b: number) => a * e * e / (2 * b),
    mentions: /η = 0\.4/,
  },
  {
    exercise: ex01.ksExercise as Any,
    alternative: (sample: number[], cdf: (x: number) => number) => {
      const x = Float64Array.from(sample).sort();
      return Math.max(
        ...Array.from(x, (v, i) => Math.max((i + 1) / x.length - cdf(v), cdf(v) - i / x.length)),
      );
    },
    wrong: (sample: number[], cdf: (x: number) => number) => {
      const x = [...sample].sort((a, b) => a - b);
      return Math.max(...x.map((v, i) => Math.abs((i + 1) / x.length - cdf(v))));
    },
    mentions: /three points/,
  },
  {
    exercise: ex02.kernelSpectrumExercise as Any,
    alternative: kappas,
    wrong: (n: number, m2: number) =>
      Array.from({ length: n }, (_, k) => m2 + 2 - 2 * Math.cos((2 * Math.PI * k) / n)),
    mentions: /N = 10/,
  },
  {
    exercise: ex02.pairSpacingExercise as Any,
    alternative: (k: number, a: number, b: number, mu2: number) =>
      Math.sqrt(Math.PI) * Math.sqrt(2 * a * (mu2 - k) / b),
    wrong: (k: number, a: number, b: number, mu2: number) => Math.sqrt(Math.PI * a * (mu2 - k) / b),
    mentions: /κ = 4\.382/,
  },
  {
    exercise: ex02.flowTimeExercise as Any,
    alternative: (k: number, mu2: number, x0: number) => {
      // the flow separates: dt = κ(μ² − x)dx / (2x(a − x)) with a = μ² − κ, by partial fractions
      const a = mu2 - k, target = 0.9 * a;
      const f = (x: number) => (k / 2) * ((mu2 / a) * Math.log(x) - (k / a) * Math.log(a - x));
      return f(target) - f(x0);
    },
    wrong: (k: number, mu2: number, x0: number) => {
      let x = x0, t = 0; // Euler with far too large a step
      while (x < 0.9 * (mu2 - k)) {
        x += 5 * 2 * x * (1 / k - 1 / (mu2 - x));
        t += 5;
      }
      return t;
    },
    mentions: /κ = 4, x₀ = 0\.1/,
  },
  {
    exercise: ex03.momentFitExercise as Any,
    alternative: (x: number[]) => {
      const m1 = x.reduce((s, v) => s + v) / x.length;
      const variance = x.reduce((s, v) => s + (v - m1) ** 2, 0) / x.length; // = s⁴c
      return { variance: m1, ratio: variance / m1 ** 2 };
    },
    wrong: (x: number[]) => {
      const m1 = x.reduce((s, v) => s + v) / x.length;
      const m2 = x.reduce((s, v) => s + v * v) / x.length;
      return { variance: Math.sqrt(m2), ratio: m2 / m1 ** 2 - 1 };
    },
    mentions: /s² of a 400×100/,
  },
  {
    exercise: ex03.aboveEdgeExercise as Any,
    alternative: (x: number[], s2: number, c: number) =>
      x.reduce((n, v) => n + (v > s2 * (1 + c + 2 * Math.sqrt(c)) ? 1 : 0), 0),
    wrong: (x: number[], s2: number, c: number) => x.filter((v) => v > s2 * (1 + c)).length,
    mentions: /s² = 1, c = 0\.25/,
  },
  {
    exercise: ex03.hillExercise as Any,
    alternative: (values: number[], xmin: number) => {
      const logs = values.filter((x) => x >= xmin).map((x) => Math.log(x) - Math.log(xmin));
      return 1 + 1 / (logs.reduce((a, b) => a + b) / logs.length);
    },
    wrong: (values: number[], xmin: number) => {
      const tail = values.filter((x) => x >= xmin);
      return tail.length / tail.reduce((s, x) => s + Math.log(x / xmin), 0);
    },
    mentions: /seven values/,
  },
  {
    exercise: ex04.goeResponseExercise as Any,
    alternative: (z: number, t: number) => {
      // (1/N) tr e^{−(z+M)t} as ∫ρ(λ)e^{−(z+λ)t}dλ over the semicircle, by Gauss–Chebyshev
      const n = 200;
      let s = 0;
      for (let k = 1; k <= n; k++) {
        const theta = (k * Math.PI) / (n + 1);
        s += Math.sin(theta) ** 2 * Math.exp(-(z + 2 * Math.cos(theta)) * t);
      }
      return (2 / (n + 1)) * s;
    },
    wrong: (z: number, t: number) => Math.exp(-z * t),
    mentions: /t = 0\.5/,
  },
  {
    exercise: ex04.ensembleLossExercise as Any,
    alternative: (s: number, cv: number, cx: number, k: number) => s + cx + (cv - cx) / k,
    wrong: (s: number, cv: number, _cx: number, k: number) => s + cv / k,
    mentions: /k = 4/,
  },
  {
    exercise: ex04.saxeExercise as Any,
    alternative: (s: number, u0: number, t: number) => {
      // integrate du/dt = 2u(s − u) in ln u with a fine RK4 step
      let y = Math.log(u0);
      const steps = 40000, dt = t / steps, f = (y: number) => 2 * (s - Math.exp(y));
      for (let i = 0; i < steps; i++) {
        const k1 = f(y), k2 = f(y + dt * k1 / 2), k3 = f(y + dt * k2 / 2), k4 = f(y + dt * k3);
        y += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
      }
      return Math.exp(y);
    },
    wrong: (s: number, u0: number, t: number) => u0 * Math.exp(2 * s * t),
    mentions: /t = 2/,
  },
  {
    exercise: ex05.rotationExercise as Any,
    alternative: (eta: number, h: number, beta: number) => {
      // the argument of the complex eigenvalue of the mode's 2×2 transition matrix
      const tr = 1 + beta - eta * h, det = beta;
      return Math.atan2(Math.sqrt(4 * det - tr * tr), tr);
    },
    wrong: (eta: number, h: number, beta: number) => Math.acos((1 + beta - eta * h) / 2),
    mentions: /β = 0\.9/,
  },
  {
    exercise: ex05.stepSizeExercise as Any,
    alternative: (e: number, t: number, s: number, b: number) =>
      (e * e * t) / s / (1 - b) / (1 + b),
    wrong: (e: number, t: number, s: number, b: number) => (e * e * t) / (s * (1 - b) ** 2),
    mentions: /β = 0\.9/,
  },
  {
    exercise: ex05.modeMsdExercise as Any,
    alternative: (k: number, eta: number, h: number, s2: number) => {
      const a = 1 - eta * h; // Var θ = Σ_j a^{2j} η² s²; MSD = 2Var(1 − a^k)
      let v = 0;
      for (let j = 0; j < 5000; j++) v += a ** (2 * j) * eta * eta * s2;
      return 2 * v * (1 - a ** k);
    },
    wrong: (k: number, eta: number, h: number, s2: number) =>
      2 * (eta * s2 / (2 * h)) * (1 - (1 - eta * h) ** k),
    mentions: /lags/,
  },
  {
    exercise: ex06.traceIdentityExercise as Any,
    alternative: (h: number[][], c: number[][], eta: number, batch: number) => {
      const { values, vectors } = eigh(DenseMatrix.fromRows(h));
      let t = 0; // tr(H⁻¹C) = Σ_k v_kᵀ C v_k / h_k
      values.forEach((hk, k) => {
        let q = 0;
        for (let i = 0; i < h.length; i++) {
          for (let j = 0; j < h.length; j++) q += vectors.get(i, k) * c[i][j] * vectors.get(j, k);
        }
        t += q / hk;
      });
      return (eta / (2 * batch)) * t;
    },
    wrong: (h: number[][], c: number[][], eta: number, batch: number) =>
      (eta / (2 * batch)) * c.reduce((s, row, i) => s + row[i] / h[i][i], 0),
    mentions: /4×4 H and C/,
  },
  {
    exercise: ex06.flatnessExercise as Any,
    alternative: (l: number, g: number, k: number, f: number) => {
      const disc = Math.sqrt(g * g + 2 * k * (f - 1) * l);
      return (-g + disc) / k - (-g - disc) / k;
    },
    wrong: (l: number, _g: number, k: number, f: number) => 2 * Math.sqrt(2 * (f - 1) * l / k),
    mentions: /g = 0\.1/,
  },
  {
    exercise: ex06.lyapunovExercise as Any,
    alternative: (h: number[][], c: number[][]) => {
      // Kronecker form (I⊗H + H⊗I) vec Σ = vec C, solved by Gauss–Seidel
      const n = h.length, s = c.map((r) => r.map(() => 0));
      for (let sweep = 0; sweep < 4000; sweep++) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let r = c[i][j];
            for (let k = 0; k < n; k++) {
              if (k !== i) r -= h[i][k] * s[k][j];
              if (k !== j) r -= s[i][k] * h[k][j];
            }
            s[i][j] = r / (h[i][i] + h[j][j]);
          }
        }
      }
      return s;
    },
    wrong: (h: number[][], c: number[][]) =>
      c.map((r, i) => r.map((v, j) => v / (h[i][i] + h[j][j]))),
    mentions: /3×3/,
  },
  {
    exercise: ex07.stableRankExercise as Any,
    alternative: (x: number[]) => {
      const sorted = [...x].sort((a, b) => b - a);
      return sorted.reduce((s, v) => s + v / sorted[0], 0);
    },
    wrong: (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length, // the mean, not the top
    mentions: /one dominant eigenvalue/,
  },
  {
    exercise: ex07.entropyExercise as Any,
    alternative: (x: number[]) => {
      const total = x.reduce((s, v) => s + v, 0);
      const p = x.filter((v) => v > 0).map((v) => v / total);
      return p.reduce((h, q) => h - q * Math.log2(q), 0) / Math.log2(x.length);
    },
    wrong: (x: number[]) => {
      const total = x.reduce((s, v) => s + v, 0);
      const p = x.filter((v) => v > 0).map((v) => v / total);
      return p.reduce((h, q) => h - q * Math.log(q), 0); // not divided by ln k
    },
    mentions: /flat spectrum/,
  },
  {
    exercise: ex07.keyBlockExercise as Any,
    alternative: (w: number[], c: number, layout: string) =>
      Array.from({ length: c * c }, (_, k) => {
        const [i, j] = [Math.floor(k / c), k % c];
        return layout === "nanoGPT" ? w[(c + i) * c + j] : w[i * 3 * c + c + j];
      }),
    wrong: (w: number[], c: number) => w.slice(c * c, 2 * c * c), // the row block in both layouts
    mentions: /GPT-2/,
  },
  {
    exercise: ex08.softSpinExercise as Any,
    alternative: (phi: number, v: number) => {
      if (Math.abs(phi) >= 1) return 0;
      const z = 0.5 * Math.log((1 + phi) / (1 - phi));
      return Math.exp(-z * z / (2 * v)) / Math.sqrt(2 * Math.PI * v) / (1 - phi ** 2);
    },
    // forgets the Jacobian dz/dφ
    wrong: (phi: number, v: number) =>
      Math.exp(-(Math.atanh(phi) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v),
    mentions: /φ = 0\.5/,
  },
  {
    exercise: ex08.sgdStepExercise as Any,
    alternative: (w: number[][], f: number[][], y: number[], z: number[], lr: number) => {
      // the batch gradient first, then the update
      const g = w.map((row) => row.map(() => 0));
      f.forEach((fn, n) => {
        const pre = w.map((row) => row.reduce((a, v, j) => a + v * fn[j], 0));
        const r = y[n] - pre.reduce((a, p, i) => a + z[i] * Math.tanh(p), 0);
        pre.forEach((p, i) => {
          const d = -r * z[i] / Math.cosh(p) ** 2 / f.length;
          fn.forEach((v, j) => (g[i][j] += d * v));
        });
      });
      return w.map((row, i) => row.map((v, j) => v - lr * g[i][j]));
    },
    // sums the batch instead of averaging it
    wrong: (w: number[][], f: number[][], y: number[], z: number[], lr: number) =>
      ex08.sgdStepExercise.reference(w, f, y, z, lr * f.length),
    mentions: /σ_W = 0\.125/,
  },
  {
    exercise: ex08.criticalTemperatureExercise as Any,
    alternative: (t: number[], f: number[], level: number) => {
      const above = f.map((v, i) => (v > level ? i : -1)).filter((i) => i >= 0);
      const star = above.length ? above[above.length - 1] : -1;
      return star < 0 || star + 1 >= t.length ? null : (t[star] + t[star + 1]) / 2;
    },
    // the first drop below the level instead of the last T above it
    wrong: (t: number[], f: number[], level: number) => {
      const i = f.findIndex((v) => v <= level);
      return i <= 0 ? null : (t[i - 1] + t[i]) / 2;
    },
    mentions: /a dip below the level/,
  },
];

Deno.test("every notebook has 3–5 exercises, each with a test case here", () => {
  const byNotebook = new Map<string, number>();
  for (const c of cases) {
    const nb = c.exercise.id.split(".")[0];
    byNotebook.set(nb, (byNotebook.get(nb) ?? 0) + 1);
  }
  assert.deepEqual([...byNotebook.keys()].sort(), [
    "00",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
  ]);
  for (const [nb, n] of byNotebook) assert.ok(n >= 3 && n <= 5, `notebook ${nb}: ${n} exercises`);
  const all = [ex00, ex01, ex02, ex03, ex04, ex05, ex06, ex07, ex08].flatMap((m) =>
    Object.values(m)
  );
  assert.equal(all.length, cases.length, "an exercise without a test case");
});

for (const c of cases) {
  const { id } = c.exercise;
  Deno.test(`exercise ${id}: the reference and a different correct implementation pass`, () => {
    for (
      const [label, f] of [["reference", c.exercise.reference], ["alternative", c.alternative]]
    ) {
      const grade = gradeExercise(c.exercise, f as ExerciseFunction);
      assert.equal(grade.status, "passed", `${label}: ${grade.problems.join("; ")}`);
      assert.ok(grade.checked > 0);
    }
  });
  Deno.test(`exercise ${id}: a wrong implementation fails and says where`, () => {
    const grade = gradeExercise(c.exercise, c.wrong);
    assert.equal(grade.status, "failed");
    assert.ok(
      grade.problems.some((p) => c.mentions.test(p)),
      `no problem mentions ${c.mentions}: ${grade.problems.join("; ")}`,
    );
  });
  Deno.test(`exercise ${id}: an open stub is reported open and the reference is used`, () => {
    const stub = () => todo(id);
    assert.equal(gradeExercise(c.exercise, stub).status, "open");
    const logged: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => logged.push(a.join(" "));
    try {
      assert.equal(checkExercise(c.exercise, stub), c.exercise.reference);
    } finally {
      console.log = log;
    }
    assert.match(logged.join("\n"), new RegExp(`Exercise ${id.replace(".", "\\.")} .* is open`));
  });
}

Deno.test("a candidate that throws an ordinary error is a failed answer, not a crash", () => {
  const grade = gradeExercise(ex00.mpEdgesExercise, () => {
    throw new TypeError("x is undefined");
  });
  assert.equal(grade.status, "failed");
  assert.match(grade.problems[0], /TypeError: x is undefined/);
});
