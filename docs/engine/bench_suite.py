"""A pytest plugin for the benchmark: when each test ran, and in which worker.

    NOTES_SUITE_TRACE=FILE python3 -m pytest -p engine.bench_suite

Appends one JSON line per test to FILE: the worker (xdist's name, "main"
without xdist), the test's id, and when it started and ended on the
time.monotonic() clock, which every process of the machine shares. The
benchmark reads it to say what ran while the cores stood idle.
"""
from __future__ import annotations

import json
import os
import time

_started: dict[str, float] = {}


def pytest_runtest_logstart(nodeid, location):
    _started[nodeid] = time.monotonic()


def pytest_runtest_logfinish(nodeid, location):
    path = os.environ.get("NOTES_SUITE_TRACE")
    if not path:
        return
    line = json.dumps({"worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
                       "test": nodeid, "start": _started.pop(nodeid, None),
                       "end": time.monotonic()})
    with open(path, "a", encoding="utf-8") as trace:  # one short write: whole lines
        trace.write(line + "\n")
