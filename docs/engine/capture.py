"""Bring every result up to date: run what is missing or stale, and judge it.

    python3 docs/capture.py [--start-method spawn] [--results DIR] [--run NAME]

For each example and start method whose kept result is missing, out of date
(store.key) or not showable, the example is run again (run/runner.py), the
result kept (store.py) and judged by its page's claims (claims.py), here
after each run and again before a page shows it, so the pages never show an
output that fails its own claims. The runs go side by side, a few at a
time; a hanging run is named while it goes.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import functools
import os
import signal
import sys
import threading
import time
from pathlib import Path

from . import claims, config, examples, files, store
from .examples import Example
from .run import recorder, runner
from .run.result import Result, first_few

# Runs at once. Most examples sleep, so running them side by side makes the
# capture take about as long as the longest one; but every start-up costs
# CPU, and too many at once on a small machine delay start-ups by seconds.
CONCURRENCY = 16 * (os.cpu_count() or 2)
# Seconds between two starts: dozens of interpreters starting in the same
# instant would delay each other's start-up by seconds, which the timing
# claims would see; spread out, each is over before the next begins.
STAGGER = 0.04
PROGRESS_EVERY = 10.0  # seconds: a run this old is named in a "still running" line


def execute(example: Example, start_method: str, stop=None) -> Result:
    """Run ``example`` once, as the manifest says (claims: see problems()).
    ``stop``: see runner.run()."""
    return runner.run(example.script, example.args, start_method, example.timeout,
                      stop=stop)


def is_showable(example: Example, start_method: str, kept: Result | None) -> bool:
    """Whether ``kept`` is a current result of ``example`` that may be shown."""
    # A result captured without psutil (a bare `python3 docs/capture.py`)
    # has no record of its processes, hence no figure: run it again where
    # the processes can be recorded.
    recording = recorder.psutil is not None
    return bool(kept and kept.key == store.key(example, start_method)
                and not claims.problems(example, kept) and (kept.processes or not recording))


def stale_jobs(results: Path, methods=config.METHODS) -> list[tuple[Example, str]]:
    """(example, start method) for every result that must be captured
    again, each example's methods side by side."""
    return [(example, method) for example in examples.examples() for method in methods
            if not is_showable(example, method, store.load(results, method, example))]


class Progress:
    """Which runs are still going, said every few seconds while they go, so
    that a hanging example shows long before its timeout."""

    def __init__(self, log):
        self.log, self.running, self.lock = log, {}, threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._report, daemon=True)
        self.thread.start()

    def started(self, example: Example, method: str) -> None:
        with self.lock:
            self.running[example, method] = time.monotonic()

    def finished(self, example: Example, method: str) -> None:
        with self.lock:
            self.running.pop((example, method), None)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def _report(self) -> None:
        while not self.done.wait(PROGRESS_EVERY):
            now = time.monotonic()
            with self.lock:
                slow = sorted(((now - began, example, method)
                               for (example, method), began in self.running.items()
                               if now - began >= PROGRESS_EVERY),
                              key=lambda item: -item[0])
            if slow:
                self.log("  still running: " + "; ".join(
                    f"{example.name} ({method}) {took:.0f} s of {example.timeout:g} s"
                    for took, example, method in slow))


def capture(results=config.RESULTS, methods=config.METHODS, log=print, only=None,
            trace=None):
    """Bring every result up to date, under each of ``methods``.

    ``only`` limits it to the examples of those names. Returns the results
    it ran (those still up to date are not run again) and a description of
    each one that may not be shown. ``trace(event, **fields)`` is told when
    each run starts and ends (the bench draws the schedule from it).
    """
    trace = trace or (lambda event, **fields: None)
    if isinstance(methods, str):
        methods = (methods,)
    jobs = [job for job in stale_jobs(results, methods)
            if only is None or job[0].name in only]
    total = len(only or examples.examples()) * len(methods)
    log(f"examples: {total - len(jobs)} up to date, {len(jobs)} to run "
        f"({', '.join(methods)})")
    # The longest first (as they took when last captured here), so that
    # none of them starts last and keeps the build waiting at its end; the
    # CPU-bound ones (exclusive) among the first, while most of the others
    # only sleep. Where nothing ran before, the order is the examples' own.
    jobs.sort(key=lambda job: (-store.previous_time(results, *job), not job[0].exclusive))
    ran, errors = [], []
    progress = Progress(log)
    stopping = threading.Event()  # interrupted: keep no result of a killed run

    starts = threading.Lock()
    # An exclusive example times CPU-bound work: it needs free cores, so two
    # of them never run at once (the others mostly sleep; Sphinx, beside
    # the capture, runs at a lower priority: see build.py).
    exclusive = threading.Lock()

    def execute_and_keep(example: Example, method: str):
        with exclusive if example.exclusive else contextlib.nullcontext():
            with starts:  # one start at a time, STAGGER apart
                time.sleep(STAGGER)
            if stopping.is_set():  # interrupted while waiting to start
                raise KeyboardInterrupt
            progress.started(example, method)
            trace("start", example=example.name, method=method)
            try:
                result = execute(example, method, stopping)
            finally:
                progress.finished(example, method)
                trace("end", example=example.name, method=method)
        if stopping.is_set():
            raise KeyboardInterrupt
        result.key = store.key(example, method)
        store.write(store.path_of(results, method, example), result)
        return result

    def keep(example: Example, method: str, result: Result) -> None:
        ran.append(result)
        found = claims.problems(example, result)
        log(f"  {'FAILED' if found else 'ok':6} {result.wall_time:6.2f} s  "
            f"{method:10}  {example.name}")
        if result.left_running:  # ended with it: say how many, and which
            log(f"         ended {len(result.left_running)} still running when it "
                f"ended: {first_few(result.left_running)}")
        if found:
            errors.append("\n".join(found) + "\n  last lines of output:\n"
                          + result.tail())

    pool = concurrent.futures.ThreadPoolExecutor(max(1, min(len(jobs), CONCURRENCY)))
    try:
        futures = {pool.submit(execute_and_keep, *job): job for job in jobs}
        for future in concurrent.futures.as_completed(futures):
            keep(*futures[future], future.result())
    except BaseException:  # Ctrl-C included: end every example first
        stopping.set()  # first: a run that starts from now on is refused
        runner.kill_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        progress.stop()
    return ran, errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 docs/capture.py", description=__doc__.splitlines()[0])
    parser.add_argument("--start-method", choices=config.METHODS,
                        help="capture under this start method only (default: all)")
    parser.add_argument("--results", type=Path, default=config.RESULTS)
    parser.add_argument("--run", action="append", metavar="NAME",
                        help="capture only this example (as examples.toml names it); "
                        "repeatable")
    options = parser.parse_args(argv)
    for name in options.run or ():
        try:
            examples.find(name)  # an unknown name is an error, not an empty capture
        except LookupError as error:
            parser.error(str(error))
    # Into a pipe (CI, | tee) too, each progress line as it happens.
    sys.stdout.reconfigure(line_buffering=True)
    # Stopped by SIGTERM (a CI timeout, `kill`), end the examples too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    methods = (options.start_method,) if options.start_method else config.METHODS
    log = functools.partial(print, flush=True)  # before any error, in a file too
    if recorder.psutil is None:  # on a bare interpreter, say why now
        log("psutil is not installed, so no run's processes are recorded and "
            "every claim about the process record fails: python3 -m pip install psutil")
    try:
        with store.one_build_at_a_time(options.results.parent, log):
            _, errors = capture(options.results, methods, log, only=options.run)
    except (examples.ManifestError, files.WriteError) as error:
        errors = [str(error)]
    except KeyboardInterrupt:
        print("\ninterrupted: every example was stopped; no result was kept "
              "from the runs cut short", file=sys.stderr)
        return 130
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    return 1 if errors else 0
