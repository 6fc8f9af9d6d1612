/** How the backend is chosen: LINALG_BACKEND, LINALG_LIBRARY, permissions, worker threads. */
import assert from "node:assert/strict";
import { findLibraryCandidates } from "../../lib/linalg/library_candidates.ts";
import { nativeUnavailableReason } from "../../lib/linalg/backend.ts";
import { probe } from "./probe_process.ts";

Deno.test("a machine with OpenBLAS at a known path loads the native backend", () => {
  const present = findLibraryCandidates();
  if (present.length > 0) assert.equal(nativeUnavailableReason(), "", `found ${present[0]}`);
});

Deno.test("LINALG_BACKEND=js forces the fallback and says so once", async () => {
  const r = await probe(["-A"], { LINALG_BACKEND: "js" });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^linalg backend: js — pure TypeScript .*\(LINALG_BACKEND=js\)$/);
  const result = JSON.parse(lines[1]);
  assert.equal(result.name, "js");
  assert.ok(Math.abs(result.values[0] - 1) < 1e-14 && Math.abs(result.values[1] - 3) < 1e-14);
  assert.equal(lines.length, 2);
});

Deno.test("without the ffi permission the fallback is used, and the reason is printed", async () => {
  const r = await probe(["--allow-read", "--allow-env"], {});
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /linalg backend: js — .*the ffi permission is not granted/);
  assert.match(r.stdout, /"name":"js"/);
});

Deno.test("a bad LINALG_BACKEND, or native forced without a library, is an error", async () => {
  const bad = await probe(["-A"], { LINALG_BACKEND: "cuda" });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /LINALG_BACKEND must be "native" or "js", got "cuda"/);
  const missing = await probe(["-A"], {
    LINALG_BACKEND: "native",
    LINALG_LIBRARY: "/nonexistent/libopenblas.so",
  });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /LINALG_BACKEND=native, but .*LINALG_LIBRARY=\/nonexistent/);
});

Deno.test({
  name: "LINALG_THREADS sets OpenBLAS threads; a worker sets 1, restored afterwards",
  ignore: nativeUnavailableReason() !== "",
  async fn() {
    const threads = await probe(["-A"], { LINALG_THREADS: "1" });
    assert.match(threads.stdout, /native — .*, 1 thread \(/);
    const bad = await probe(["-A"], { LINALG_THREADS: "zero" });
    assert.match(bad.stderr, /LINALG_THREADS must be a positive integer, got zero/);

    const workerUrl = new URL("./worker_threads_fixture.ts", import.meta.url);
    const { linalgThreads, restoreLinalgThreads, setLinalgThreads } = await import(
      "../../lib/linalg/backend.ts"
    );
    setLinalgThreads(2);
    const worker = new Worker(workerUrl, { type: "module" });
    const inWorker = await new Promise<number | null>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
    });
    worker.terminate();
    assert.equal(inWorker, 1);
    restoreLinalgThreads();
    assert.equal(linalgThreads(), 2);
  },
});
