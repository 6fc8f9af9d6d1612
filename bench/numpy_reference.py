"""numpy timings for the linalg benchmark (optional reference; never a dependency).

A line protocol, so the benchmark can alternate numpy and our runs case by case and machine load
drifts hit both alike: each stdin line {"op", "n", "runs"} is answered by one stdout line
{"times_ms": [...]} (inputs are built once per case and reused). The first line answered is
{"numpy": version, "config": BLAS name}. Run with OPENBLAS_NUM_THREADS set to the thread count
of the run it is compared to.
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


def time_runs(fn, runs):
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


def openblas_core():
    """The kernel numpy's bundled OpenBLAS runs (its core name), or "" when it cannot say."""
    try:
        import ctypes
        import glob
        import os

        folder = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
        for path in glob.glob(os.path.join(folder, "libscipy_openblas*")):
            lib = ctypes.CDLL(path)
            for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename"):
                if hasattr(lib, name):
                    getattr(lib, name).restype = ctypes.c_char_p
                    return getattr(lib, name)().decode()
    except Exception:  # a reference detail only
        pass
    return ""


def main():
    core = openblas_core()
    config = blas_name() + (f", {core} kernels" if core else "")
    print(json.dumps({"numpy": np.__version__, "config": config}), flush=True)
    prepared = {}
    for line in sys.stdin:
        request = json.loads(line)
        key = (request["op"], request["n"])
        if key not in prepared:
            prepared[key] = prepare(*key)
            prepared[key]()  # warm-up
        times = time_runs(prepared[key], request["runs"])
        print(json.dumps({"times_ms": times}), flush=True)


if __name__ == "__main__":
    main()
