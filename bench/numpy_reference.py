"""numpy timings for the linalg benchmark (optional reference; never a dependency).

Reads {"cases": [{"op", "n"}...], "budget_ms", "max_runs"} as JSON on stdin and prints
{"numpy": version, "config": BLAS name, "results": [{"op", "n", "times_ms"}...]} on stdout.
Timing protocol matches bench/linalg_cases.ts: one warm-up, then at least 3 runs while under
the budget. Run with OPENBLAS_NUM_THREADS set to the thread count of the run it is compared to.
"""
import json
import sys
import time

import numpy as np


def prepare(op, n):
    rng = np.random.default_rng(n)
    if op in ("eigvalsh", "eigh"):
        g = rng.standard_normal((n, n))
        a = (g + g.T) / 2
        return (lambda: np.linalg.eigvalsh(a)) if op == "eigvalsh" else (lambda: np.linalg.eigh(a))
    if op in ("svdvals", "svd"):
        a = rng.standard_normal((n, 2 * n))
        if op == "svdvals":
            return lambda: np.linalg.svd(a, compute_uv=False)
        return lambda: np.linalg.svd(a, full_matrices=False)
    dtype = np.float64 if op == "gemm_f64" else np.float32
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    out = np.empty((n, n), dtype=dtype)
    return lambda: np.matmul(a, b, out=out)


def time_runs(fn, budget_ms, max_runs):
    t0 = time.perf_counter()
    fn()
    first = (time.perf_counter() - t0) * 1000
    runs = 1 if first > budget_ms else min(max_runs, max(3, int(budget_ms // max(first, 1e-6))))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        return "unknown BLAS"


def main():
    request = json.load(sys.stdin)
    results = []
    for case in request["cases"]:
        fn = prepare(case["op"], case["n"])
        times = time_runs(fn, request["budget_ms"], request["max_runs"])
        results.append({"op": case["op"], "n": case["n"], "times_ms": times})
        print(f"numpy {case['op']} n={case['n']}: {sorted(times)[len(times) // 2]:.2f} ms",
              file=sys.stderr, flush=True)
    json.dump({"numpy": np.__version__, "config": blas_name(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
