"""Shared fixtures: fresh runs of every example under every start method."""
from __future__ import annotations

import concurrent.futures
import multiprocessing
import os

import pytest

import capture

METHODS = tuple(m for m in ("fork", "spawn", "forkserver")
                if m in multiprocessing.get_all_start_methods())


@pytest.fixture(scope="session")
def fresh_results():
    """{(run name, start method): Result} for every run, side by side.

    Most examples sleep, so running them side by side makes the suite take
    about as long as the longest ones, not their sum. Only a few run at once,
    though: dozens of interpreters starting together on two cores would delay
    every start-up by seconds and distort the very timings the claims check.
    The slowest runs (by their last captured time, if any) start first.
    """
    jobs = [(run, method) for run in capture.runs() for method in METHODS]
    jobs.sort(key=lambda job: -capture.expected_time(*job))
    workers = 4 * (os.cpu_count() or 2)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {job: pool.submit(capture.execute, *job) for job in jobs}
        try:
            return {(run.name, method): future.result()
                    for (run, method), future in futures.items()}
        except BaseException:
            capture.runner.kill_all()
            raise
