/**
 * Choosing the native library: the checks against the pure-TS backend catch wrong kernels, every
 * library found here passes them (LP64 and ILP64 alike), verdicts are cached per machine, and
 * LINALG_LIBRARY overrides the choice.
 */
import assert from "node:assert/strict";
import { jsBackend } from "../../lib/linalg/js_backend.ts";
import { findLibraryCandidates } from "../../lib/linalg/library_candidates.ts";
import { fastest, type LibraryVerdict, SPEED_TIE } from "../../lib/linalg/library_choice.ts";
import { verifyBackend } from "../../lib/linalg/library_verification.ts";
import type { LinalgBackend } from "../../lib/linalg/linalg_backend.ts";
import { LinalgError } from "../../lib/linalg/linalg_error.ts";
import { NativeBackend } from "../../lib/linalg/native_backend.ts";
import { conventionsFor, openLibraryAt } from "../../lib/linalg/native_library.ts";
import { probe } from "./probe_process.ts";

const noThreads = { get: () => null, set: () => false };
const ffi = Deno.permissions.querySync({ name: "ffi" }).state === "granted";

Deno.test("the pure-TS backend passes its own checks", () => {
  assert.deepEqual(verifyBackend(jsBackend, jsBackend, noThreads), []);
});

Deno.test("a gemm kernel wrong only past a blocking size is caught", () => {
  // one entry off by 1e-9 relative: far below plotting precision, far above rounding
  const wrong: LinalgBackend = {
    ...jsBackend,
    dgemm: (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
      jsBackend.dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      if (m > 200 && ta && !tb) c[0] *= 1 + 1e-9;
    },
  };
  const problems = verifyBackend(wrong, jsBackend, noThreads);
  assert.equal(problems.length, 1, problems.join("\n"));
  assert.match(problems[0], /^dgemm 257×300·300×190 \(transA true, transB false\): entry 0/);
});

Deno.test("wrong eigenvalues, singular values and solves are caught", () => {
  const shifted: LinalgBackend = {
    ...jsBackend,
    symmetricEigen: (a, n, vectors) => {
      const r = jsBackend.symmetricEigen(a, n, vectors);
      if (n > 100) r.values[n - 1] += 1e-8;
      return r;
    },
    svd: (a, m, n, vectors) => {
      const r = jsBackend.svd(a, m, n, vectors);
      if (m === 3 && n === 7) r.s.reverse(); // ascending instead of descending
      return r;
    },
    solveSpd: (a, n, b, nrhs) => {
      const x = jsBackend.solveSpd(a, n, b, nrhs);
      if (n === 70) x[5] = NaN;
      return x;
    },
  };
  const problems = verifyBackend(shifted, jsBackend, noThreads).join("\n");
  assert.match(problems, /eigvalsh n = 150/);
  assert.match(problems, /eigh n = 150: residual/);
  assert.match(problems, /singular values 3×7/);
  assert.match(problems, /solveSpd n = 70/);
});

Deno.test("a tie within SPEED_TIE goes to the first library found, not to timing noise", () => {
  const v = (path: string, scoreMs: number): LibraryVerdict => ({
    path,
    correct: true,
    scoreMs,
    checked: "",
  });
  assert.equal(fastest([v("system", 17.6), v("wheel", 16.8)]).path, "system");
  assert.equal(fastest([v("system", 17.6), v("wheel", 17.6 / SPEED_TIE - 0.1)]).path, "wheel");
  assert.equal(fastest([v("system", 40), v("wheel", 20), v("conda", 19)]).path, "wheel");
});

Deno.test("a file's name suggests its symbol convention first", () => {
  assert.equal(conventionsFor("/x/numpy.libs/libscipy_openblas64_-32a4b2a6.so")[0].ilp64, true);
  assert.equal(conventionsFor("/x/scipy.libs/libscipy_openblas-6cdc3b4a.so")[0].prefix, "scipy_");
  assert.equal(conventionsFor("/usr/lib/x86_64-linux-gnu/libopenblas64.so.0")[0].suffix, "64_");
  assert.equal(conventionsFor("/usr/lib/x86_64-linux-gnu/libopenblas.so.0")[0].label, "LP64");
  assert.equal(conventionsFor("/x/libopenblas.so.0").length, 4);
});

for (const path of ffi ? findLibraryCandidates() : []) {
  Deno.test(`${path} passes every check and reports LAPACK errors`, () => {
    const opened = openLibraryAt(path);
    if (typeof opened === "string") return; // not a CBLAS + LAPACK library: never chosen
    const backend = new NativeBackend(opened);
    const threads = { get: () => backend.threads(), set: (n: number) => backend.setThreads(n) };
    assert.deepEqual(verifyBackend(backend, jsBackend, threads), []);
    // info > 0 read through the library's integer width (64-bit in ILP64 builds)
    assert.throws(
      () => backend.cholesky(new Float64Array([1, 2, 2, 1]), 2),
      (e: unknown) =>
        e instanceof LinalgError && /not positive definite \(dpotrf info = 2\)/.test(e.message),
    );
    assert.throws(
      () => backend.solve(new Float64Array([1, 2, 2, 4]), 2, new Float64Array([1, 1]), 1),
      (e: unknown) => e instanceof LinalgError && /singular/.test(e.message),
    );
  });
}

Deno.test({
  name: "verdicts are reached once per machine and cached; LINALG_LIBRARY overrides the choice",
  ignore: !ffi || findLibraryCandidates().length === 0,
  async fn() {
    const cache = await Deno.makeTempFile({ suffix: ".json" });
    await Deno.remove(cache);
    try {
      const first = await probe(["-A"], { LINALG_LIBRARY_CACHE: cache });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /linalg: checking .* \(once per machine\)/);
      assert.match(
        first.stdout,
        /^linalg backend: native — .*\((the only library found|the fastest)/,
      );
      const stored = JSON.parse(await Deno.readTextFile(cache));
      const [machine] = Object.keys(stored);
      assert.match(machine, /OPENBLAS_CORETYPE=/);
      const verdicts = Object.values(stored[machine]) as LibraryVerdict[];
      assert.equal(verdicts.length, findLibraryCandidates().length);
      assert.ok(verdicts.every((v) => v.correct && v.scoreMs! > 0));

      const second = await probe(["-A"], { LINALG_LIBRARY_CACHE: cache });
      assert.equal(second.code, 0, second.stderr);
      assert.doesNotMatch(second.stderr, /checking/);
      assert.equal(second.stdout.split("\n")[0], first.stdout.split("\n")[0]);

      // another kernel choice is another machine: checked again (a core other than this run's)
      const other = Deno.env.get("OPENBLAS_CORETYPE") === "Haswell" ? "Sandybridge" : "Haswell";
      const another = await probe(["-A"], {
        LINALG_LIBRARY_CACHE: cache,
        OPENBLAS_CORETYPE: other,
      });
      assert.match(another.stderr, /linalg: checking/);

      const last = findLibraryCandidates().at(-1)!;
      const forced = await probe(["-A"], { LINALG_LIBRARY_CACHE: cache, LINALG_LIBRARY: last });
      assert.match(
        forced.stdout,
        new RegExp(`via FFI \\(${last.replaceAll(".", "\\.")}\\).*\\(LINALG_LIBRARY\\)`),
      );
    } finally {
      await Deno.remove(cache).catch(() => {});
    }
  },
});

Deno.test({
  name: "LINALG_LIBRARY naming a library without CBLAS/LAPACK falls back and says why",
  ignore: !ffi,
  async fn() {
    const libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6"]
      .find((p) => {
        try {
          return Deno.statSync(p).isFile;
        } catch {
          return false;
        }
      });
    if (!libm) return;
    const r = await probe(["-A"], { LINALG_LIBRARY_CACHE: "off", LINALG_LIBRARY: libm });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /linalg backend: js — .*not a CBLAS \+ LAPACK library/);
  },
});
