/** The native backend against the pure-TS one on the same inputs: f64 ≤ 1e-10 relative. */
import assert from "node:assert/strict";
import { withLinalgBackend } from "../../lib/linalg/backend.ts";
import { DenseMatrix } from "../../lib/linalg/dense_matrix.ts";
import { eigh, eigvals, eigvalsh } from "../../lib/linalg/eigen.ts";
import { solveContinuousLyapunov, solveDiscreteLyapunov } from "../../lib/linalg/lyapunov.ts";
import { gemm } from "../../lib/linalg/products.ts";
import { cholesky, inverse, solve, solveSpd } from "../../lib/linalg/solve.ts";
import { singularValues, svd } from "../../lib/linalg/svd.ts";
import {
  gaussianMatrix,
  maxRelativeDifference,
  nativeAvailable,
  spdMatrix,
  symmetricMatrix,
} from "./backends_under_test.ts";

function onBoth<T>(fn: () => T): { native: T; js: T } {
  return { native: withLinalgBackend("native", fn), js: withLinalgBackend("js", fn) };
}

function agree(what: string, x: ArrayLike<number>, y: ArrayLike<number>, tol = 1e-10) {
  const d = maxRelativeDifference(x, y);
  assert.ok(d <= tol, `${what}: native and js differ by ${d.toExponential(2)} relative`);
}

/** Column k of `x` times the sign that makes its largest entry positive (fixes ±v freedom). */
function signFixedColumns(x: DenseMatrix<Float64Array>): Float64Array {
  const out = x.data.slice();
  for (let j = 0; j < x.cols; j++) {
    let big = 0;
    for (let i = 0; i < x.rows; i++) if (Math.abs(x.get(i, j)) > Math.abs(big)) big = x.get(i, j);
    for (let i = 0; i < x.rows; i++) out[i * x.cols + j] *= Math.sign(big);
  }
  return out;
}

const native = { ignore: !nativeAvailable };

Deno.test({
  name: "native = js: products, eigenvalues, singular values",
  ...native,
  fn() {
    const a = gaussianMatrix(70, 50, 41);
    const b = gaussianMatrix(70, 30, 42);
    const p = onBoth(() => gemm(a, b, { transA: true, alpha: 0.5 }));
    agree("dgemm", p.native.data, p.js.data, 1e-13);
    const p32 = onBoth(() => gemm(a.toFloat32(), b.toFloat32(), { transA: true }));
    agree("sgemm", p32.native.data, p32.js.data, 70 * 2 ** -23);
    const s = symmetricMatrix(80, 43);
    const ev = onBoth(() => eigvalsh(s));
    agree("eigvalsh", ev.native, ev.js);
    const vectors = onBoth(() => signFixedColumns(eigh(s).vectors)); // distinct eigenvalues
    agree("eigh vectors", vectors.native, vectors.js, 1e-9);
    const sv = onBoth(() => singularValues(a));
    agree("singular values", sv.native, sv.js);
    const u = onBoth(() => signFixedColumns(svd(a).u));
    agree("svd U", u.native, u.js, 1e-9);
    const g = gaussianMatrix(40, 40, 44);
    const ge = onBoth(() => eigvals(g));
    agree("eigvals re", ge.native.re, ge.js.re);
    agree("eigvals im", ge.native.im.map(Math.abs), ge.js.im.map(Math.abs));
  },
});

Deno.test({
  name: "native = js: solves, Cholesky, inverse, Lyapunov",
  ...native,
  fn() {
    const n = 50;
    const a = gaussianMatrix(n, n, 45);
    const b = gaussianMatrix(n, 2, 46);
    const spd = spdMatrix(n, 47);
    const x = onBoth(() => solve(a, b));
    agree("solve", x.native.data, x.js.data);
    const y = onBoth(() => solveSpd(spd, b));
    agree("solveSpd", y.native.data, y.js.data);
    const l = onBoth(() => cholesky(spd));
    agree("cholesky", l.native.data, l.js.data);
    const inv = onBoth(() => inverse(a));
    agree("inverse", inv.native.data, inv.js.data);
    const c = spdMatrix(n, 48);
    const cont = onBoth(() => solveContinuousLyapunov(spd, c));
    agree("continuous Lyapunov", cont.native.data, cont.js.data);
    const contraction = new DenseMatrix(n, n, a.data.map((v) => (0.8 * v) / (2 * Math.sqrt(n))));
    const disc = onBoth(() => solveDiscreteLyapunov(contraction, c));
    agree("discrete Lyapunov", disc.native.data, disc.js.data);
  },
});
