#!/usr/bin/env python3
"""Executes one notebook headlessly through the Jupyter protocol (nbclient) and writes the
executed notebook and its HTML rendering, also when a cell fails (for debugging).

Called by scripts/reproduce.ts; Python because nbclient is Jupyter's reference client.
Exit codes: 0 all cells ran; 2 a cell failed, timed out or killed the kernel; 3 the kernel did
not start (the caller retries once); 1 anything else. On failure the last stderr line is a JSON
object describing it.
"""
import argparse
import ctypes
import json
import os
import signal
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter


PR_SET_PDEATHSIG = 1


def die_with_parent(sig):
    """Linux: the kernel sends this process `sig` when its parent dies (prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        pass  # not Linux: the runner's own watch still stops this process


class Stopped(Exception):
    """The runner was stopped (SIGTERM/SIGHUP, or its parent died)."""


def stop(signum, _frame):
    raise Stopped(signal.Signals(signum).name)


def kernel_dies_with_runner():
    """Runs in the kernel's process before exec: it is killed when this runner dies, even by
    SIGKILL, so no kernel is left computing and writing caches after its run is gone."""
    die_with_parent(signal.SIGKILL)


def report(**fields):
    print(json.dumps(fields), file=sys.stderr, flush=True)


def write_outputs(nb, out_ipynb, out_html):
    nbformat.write(nb, out_ipynb)
    body, _ = HTMLExporter().from_notebook_node(nb)
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("notebook")
    p.add_argument("out_ipynb")
    p.add_argument("out_html")
    p.add_argument("--kernel", default="deno")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    p.add_argument("--startup-timeout", type=int, default=180)
    p.add_argument("--cwd", required=True)
    a = p.parse_args()

    # stopped or orphaned (its runner killed): shut the kernel down and leave
    parent = os.getppid()
    die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    if os.getppid() != parent:
        return 1

    nb = nbformat.read(a.notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=a.timeout,
        startup_timeout=a.startup_timeout,
        kernel_name=a.kernel,
        allow_errors=False,
        resources={"metadata": {"path": a.cwd}},
    )
    try:
        client.km = client.create_kernel_manager()
        client.start_new_kernel(preexec_fn=kernel_dies_with_runner)
        client.start_new_kernel_client()
    except Exception as e:  # noqa: BLE001 - any failure here means "no kernel"
        report(kind="kernel-start", message=f"{type(e).__name__}: {e}")
        try:
            client._cleanup_kernel()
        except Exception:  # noqa: BLE001
            pass
        return 3

    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    status = 0
    try:
        for k, index in enumerate(code_cells, start=1):
            cell = nb.cells[index]
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")[:70]
            t0 = time.time()
            client.execute_cell(cell, index)
            print(f"  cell {k}/{len(code_cells)} ok ({time.time() - t0:.1f} s)  {first}", flush=True)
    except Stopped as e:
        report(kind="runner", message=f"stopped by {e}; the kernel was shut down")
        status = 1
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        cell = nb.cells[index]
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        what = {
            CellExecutionError: "error",
            CellTimeoutError: f"timeout after {a.timeout} s",
            DeadKernelError: "kernel died",
        }[type(e)]
        report(
            kind="cell",
            what=what,
            cell_number=k,
            cell_index=index,
            source_first_line=first,
            ename=errors[0].get("ename") if errors else type(e).__name__,
            evalue=(errors[0].get("evalue") if errors else str(e))[:2000],
        )
        status = 2
    finally:
        try:
            client._cleanup_kernel()
        except Exception:  # noqa: BLE001
            pass
        write_outputs(nb, a.out_ipynb, a.out_html)
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001
        report(kind="runner", message=f"{type(e).__name__}: {e}")
        sys.exit(1)
