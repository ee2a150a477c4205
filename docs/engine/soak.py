"""The soak: cold builds and test suites on a machine that is not quiet.

    python3 docs/soak.py [--builds N] [--suites M] [--burners K]
    (python3 -m nox -s soak -- --builds 3 --suites 1)

A claim that fails stops the publishing build, so a claim that holds only on
a quiet machine is a failed publication. This runs N cold builds (every
example under every start method, both trees, into a temporary folder) and
M runs of the test suite, each in one of three conditions, in turn:

``loaded``
    K processes that keep a core busy each (one per core by default) are
    started just before it, so the load average has not risen yet;
``pinned``
    the same burners, and the build or suite itself may use one core only
    (its CPU affinity, as ``taskset -c 0`` sets it; Linux);
``background``
    burners, and SIGINT ignored, as a shell starts a job with ``&``.

It prints each run's outcome as it ends, then the counts, and keeps the
output of every run that failed in a folder it names. After each run it
also counts what the run left behind: run folders (run/scratch.py) that
nobody holds.
"""
from __future__ import annotations

import argparse
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import config
from .run import processes, scratch

CONDITIONS = ("loaded", "pinned", "background")


def burners(count: int) -> list[subprocess.Popen]:
    """``count`` processes that each keep one core busy until killed."""
    # Ended with this process however it ends (Linux), not left spinning.
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                             preexec_fn=processes.die_with_parent if os.name == "posix" else None)
            for _ in range(count)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.kill()
    for process in processes:
        process.wait()


def setup(condition: str):
    """What the run's process does before it starts (a preexec_fn)."""
    def prepare():
        if condition == "pinned" and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        if condition == "background":
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    return prepare


def left_behind(before: set[Path]) -> list[Path]:
    """Run folders made since ``before`` that nobody holds any more (and
    that the next run would remove: they are removed now)."""
    new = set(Path(tempfile.gettempdir()).glob(scratch.PREFIX + "*")) - before
    scratch.remove_stale()
    return [folder for folder in new if not folder.exists()]


def one_run(kind: str, condition: str, burner_count: int,
            pytest_args: list[str], keep: Path) -> tuple[bool, float, str]:
    """Run one cold build or one suite; (passed, seconds, output). The
    results of a build that failed are kept in ``keep``: the record of
    the run that broke a claim is what tells why."""
    out = Path(tempfile.mkdtemp(prefix="notes-soak-build-"))  # cold: empty
    if kind == "build":
        argv = [sys.executable, str(config.DOCS / "build_site.py"),
                "--out", str(out / "html"), "--results", str(out / "results")]
    else:
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                *pytest_args]
    load = burners(burner_count)
    try:
        start = time.monotonic()
        try:
            done = processes.run_reaping_adopted(
                argv, cwd=config.ROOT, encoding="utf-8", errors="replace",
                preexec_fn=setup(condition) if os.name == "posix" else None)
        finally:
            # Stopped, the build or pytest is killed (above), but not what
            # they started: xdist's workers ran on with their browsers.
            # They come back to us (become_subreaper, in main): end them all.
            processes.end_all(lambda: [pid for pid in processes.descendants()
                                       if pid not in {b.pid for b in load}])
            processes.reap_exited()
        took = time.monotonic() - start
        if done.returncode and (out / "results").is_dir():
            shutil.copytree(out / "results", keep)
    finally:
        stop(load)
        shutil.rmtree(out, ignore_errors=True)
    return done.returncode == 0, took, done.stdout + done.stderr


def summary_line(output: str) -> str:
    """The line of ``output`` that says most about a failure."""
    lines = [line for line in output.splitlines() if line.strip()]
    for marker in ("error:", "FAILED", "failed", "Error"):
        found = [line for line in lines if marker in line]
        if found:
            return found[0][:300]
    return lines[-1][:300] if lines else "(no output)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 docs/soak.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=20, help="cold builds (default 20)")
    parser.add_argument("--suites", type=int, default=5, help="test suites (default 5)")
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2,
                        help="busy processes beside each run (default: one per core)")
    parser.add_argument("pytest_args", nargs="*", help="passed to every suite")
    options = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    # Stopped (nox's SIGTERM after a Ctrl-C), end the burners on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    processes.become_subreaper()  # orphans of a stopped run come back here (Linux)
    conditions = [c for c in CONDITIONS if c != "pinned" or hasattr(os, "sched_setaffinity")]
    failures = Path(tempfile.mkdtemp(prefix="notes-soak-"))
    counts: dict[tuple[str, str], list[int]] = {}
    stranded = 0
    turn = itertools.cycle(conditions)
    plan = [("build", next(turn)) for _ in range(options.builds)]
    turn = itertools.cycle(conditions)
    plan += [("suite", next(turn)) for _ in range(options.suites)]
    for number, (kind, condition) in enumerate(plan, 1):
        before = set(Path(tempfile.gettempdir()).glob(scratch.PREFIX + "*"))
        kept = failures / f"{number:02}-{kind}-{condition}-results"
        passed, took, output = one_run(kind, condition, options.burners,
                                       options.pytest_args, kept)
        left = left_behind(before)
        stranded += len(left)
        counts.setdefault((kind, condition), [0, 0])[0 if passed else 1] += 1
        said = "passed" if passed else "FAILED"
        print(f"{number:3}/{len(plan)} {kind:5} {condition:10} {said:6} {took:7.1f} s"
              + (f"  ({len(left)} run folders left behind)" if left else ""))
        if not passed:
            log = failures / f"{number:02}-{kind}-{condition}.log"
            log.write_text(output, encoding="utf-8")
            print(f"      {summary_line(output)}\n      whole output: {log}"
                  + (f"\n      its results: {kept}" if kept.is_dir() else ""))
    print(f"\n{'':6}{'condition':12}{'passed':>8}{'failed':>8}")
    for (kind, condition), (passed, failed) in sorted(counts.items()):
        print(f"{kind:6}{condition:12}{passed:8}{failed:8}")
    failed = sum(f for _, f in counts.values())
    print(f"failed runs: {failed} of {len(plan)}; run folders left behind: {stranded}"
          + (f"; outputs of the failed runs in {failures}" if failed else ""))
    if not failed:
        os.rmdir(failures)
    return 1 if failed or stranded else 0
