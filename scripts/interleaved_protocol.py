#!/usr/bin/env python3
"""Runs one notebook twice through the Jupyter protocol and compares where each output lands.

1. sequential: one execute_request at a time, each waited for (what nbclient does);
2. interleaved: every cell's execute_request queued at once, and kernel_info_request and
   comm_info_request sent every 0.3 s while the cells run (what a browser front end does).

Each output (display_data, execute_result, error) is attributed to the cell whose request its
parent header names. The two runs must attribute the same outputs to the same cells (a figure that
arrives parented to another cell's request is what Jupyter shows under the wrong cell), and no
output may arrive after its cell's idle status (front ends drop it: the cell shows nothing).

Called by scripts/test.ts (Python because jupyter_client is Jupyter's reference client). Prints one
JSON object on stdout: {"ok": bool, "differences": [...], "cells": n, "seconds": s}.
Exit codes: 0 same outputs; 2 different; 3 the kernel did not start; 1 anything else.
"""
import argparse
import json
import queue
import re
import sys
import time

import nbformat
from jupyter_client.manager import start_new_kernel

FIGURE = re.compile(r'data-figure="([^"]+)"')
POLL_S = 0.3
QUIET_S = 2.0


def describe(msg):
    """What Jupyter would show for one iopub output message (None: not a cell output)."""
    kind = msg["msg_type"]
    content = msg["content"]
    if kind == "error":
        return f"error {content.get('ename')}"
    if kind not in ("display_data", "execute_result"):
        return None
    if content.get("transient", {}).get("display_id"):
        return None  # a progress bar, shown only by a run that computes (updated in place)
    data = content.get("data", {})
    names = sorted(set(FIGURE.findall(data.get("text/html", "") + data.get("image/svg+xml", ""))))
    if names:
        return "figure " + ",".join(names)
    return "output " + "+".join(sorted(data))


class Outputs:
    """Every output read from iopub, grouped by the cell its parent header names. An output that
    arrives after its cell's idle status is kept apart as late: front ends (and nbclient) have
    finished with the cell by then and drop it, so the reader never sees it."""

    def __init__(self, kc):
        self.kc = kc
        self.cell_of = {}
        self.by_cell = {}
        self.idle = set()
        self.late = []

    def expect(self, msg_id, cell):
        self.cell_of[msg_id] = cell
        self.by_cell.setdefault(cell, [])

    def read(self, timeout):
        """Reads one message; False when none came within `timeout` seconds."""
        try:
            msg = self.kc.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            return False
        parent = msg.get("parent_header", {}).get("msg_id")
        cell = self.cell_of.get(parent)
        if cell is None:
            return True
        if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
            self.idle.add(parent)
        shown = describe(msg)
        if shown is not None and parent in self.idle:
            self.late.append(f"code cell {cell + 1}: {shown} arrived after the cell's idle status")
        elif shown is not None:
            self.by_cell[cell].append(shown)
        return True

    def wait_idle(self, msg_ids, deadline, tick=None):
        while not all(m in self.idle for m in msg_ids):
            if time.time() > deadline:
                raise TimeoutError("cells had not finished")
            self.read(POLL_S)
            if tick:
                tick()

    def drain(self, quiet_s=QUIET_S):
        """Reads until the kernel has been silent for `quiet_s` seconds."""
        while self.read(quiet_s):
            pass


def run(sources, interleaved, args):
    km, kc = start_new_kernel(
        kernel_name=args.kernel, startup_timeout=args.startup_timeout, cwd=args.cwd
    )
    try:
        deadline = time.time() + args.timeout
        outputs = Outputs(kc)
        if interleaved:
            ids = []
            for i, src in enumerate(sources):
                ids.append(kc.execute(src, stop_on_error=False))
                outputs.expect(ids[-1], i)
            last_poll = [0.0]

            def poll():
                if time.time() - last_poll[0] >= POLL_S:
                    kc.kernel_info()
                    kc.comm_info()
                    last_poll[0] = time.time()

            outputs.wait_idle(ids, deadline, poll)
        else:
            for i, src in enumerate(sources):
                msg_id = kc.execute(src, stop_on_error=False)
                outputs.expect(msg_id, i)
                outputs.wait_idle([msg_id], deadline)
        outputs.drain()
        return outputs
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("notebook")
    p.add_argument("--kernel", default="deno")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per run")
    p.add_argument("--startup-timeout", type=int, default=180)
    p.add_argument("--cwd", required=True)
    p.add_argument(
        "--interleaved-first",
        action="store_true",
        help="run the interleaved pass first (it then computes what is not cached)",
    )
    a = p.parse_args()

    nb = nbformat.read(a.notebook, as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    t0 = time.time()
    try:
        if a.interleaved_first:
            interleaved = run(sources, True, a)
            sequential = run(sources, False, a)
        else:
            sequential = run(sources, False, a)
            interleaved = run(sources, True, a)
    except RuntimeError as e:
        print(json.dumps({"ok": False, "differences": [f"kernel did not start: {e}"]}))
        return 3
    differences = [f"sequential run: {late}" for late in sequential.late]
    differences += [f"interleaved run: {late}" for late in interleaved.late]
    for i in range(len(sources)):
        want, got = sequential.by_cell.get(i, []), interleaved.by_cell.get(i, [])
        if want != got:
            differences.append(f"code cell {i + 1}: sequential {want}, interleaved {got}")
    print(
        json.dumps(
            {
                "ok": not differences,
                "differences": differences,
                "cells": len(sources),
                "outputs": sum(len(v) for v in sequential.by_cell.values()),
                "seconds": round(time.time() - t0, 1),
            }
        )
    )
    return 0 if not differences else 2


if __name__ == "__main__":
    sys.exit(main())
