"""The benchmark: print the figures that the speed targets are about.

    python3 docs/bench.py              (python3 -m nox -s bench)
    python3 docs/bench.py --recorder [ROUNDS]

Each figure comes from the real commands, run as a writer runs them, on a
copy of examples/ (so that one example can be changed) in a temporary folder:
a cold build (every example under every start method, both trees), a rebuild
after no change, a rebuild after one example changed, and the test suite.
Targets: cold build <= 1.6 x the longest example of that build; no-change
rebuild <= 2 s with no example run; one change repeats only that example's
runs; the test suite <= 2 x the longest example.
"""
from __future__ import annotations

import os
import re

try:
    import resource
except ImportError:  # Windows
    resource = None
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import config

DOCS, ROOT = config.DOCS, config.ROOT
CHANGED = "isolation/isolated_global.py"  # the example the benchmark edits


def timed(argv, env=None) -> tuple[float, str]:
    """Run ``argv`` from the project folder; its time and its output."""
    start = time.monotonic()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace")
    took = time.monotonic() - start
    if done.returncode:
        sys.exit(f"{' '.join(map(str, argv))} failed:\n{done.stdout}{done.stderr}")
    return took, done.stdout + done.stderr


def processor_time() -> float:
    """Seconds of processor time used so far by the commands timed() ran
    and everything they started (each process counts once it is waited for:
    the examples by the build, Sphinx by the build, the build by us)."""
    if resource is None:  # Windows
        return float("nan")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def runs_of(output: str) -> list[tuple[float, str]]:
    """(seconds, "method run") of each example run that a build reports."""
    return [(float(took), f"{method} {name}") for took, method, name in
            re.findall(r"^  (?:ok|FAILED)\s+([\d.]+) s\s+(\S+)\s+(.+)$", output, re.M)]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--recorder"]:
        from . import bench_recorder

        return bench_recorder.main(int(argv[1]) if argv[1:] else 3)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copytree(ROOT / "examples", folder / "examples")
        env = {**os.environ, "NOTES_EXAMPLES": str(folder / "examples")}
        build = [sys.executable, str(DOCS / "build_site.py"),
                 "--out", str(folder / "html"), "--results", str(folder / "results")]
        before = processor_time()
        cold, output = timed(build, env)
        cold_cpu = processor_time() - before
        ran = runs_of(output)
        warm, output = timed(build, env)
        unchanged = runs_of(output)
        with open(folder / "examples" / CHANGED, "a", encoding="utf-8") as script:
            script.write("# changed by the benchmark\n")
        changed, output = timed(build, env)
        repeated = runs_of(output)
    before = processor_time()
    suite, output = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"])
    suite_cpu = processor_time() - before
    tests = re.findall(r"^=*\s*(\d+ passed.*?) in ", output, re.M)
    longest = max(ran)
    print(f"examples run (cold):         {len(ran)}")
    print(f"sum of example run times:    {sum(t for t, _ in ran):6.2f} s")
    print(f"longest example:             {longest[0]:6.2f} s  ({longest[1]})")
    print(f"cold build (no results):     {cold:6.2f} s  = "
          f"{cold / longest[0]:.2f} x the longest example (target <= 1.6)")
    # No schedule can beat the processor time the work needs, spread over
    # every core: the floor of the cold build on this machine.
    cores = os.cpu_count() or 1
    print(f"  its processor time:        {cold_cpu:6.2f} s  on {cores} cores: no "
          f"build here can take under {cold_cpu / cores:.2f} s = "
          f"{cold_cpu / cores / longest[0]:.2f} x the longest example")
    print(f"no-change rebuild:           {warm:6.2f} s  with {len(unchanged)} "
          "examples run (target <= 2 s, 0 run)")
    print(f"rebuild after {CHANGED} changed: {changed:6.2f} s  repeating "
          f"{', '.join(name for _, name in repeated) or 'nothing'}")
    print(f"test suite:                  {suite:6.2f} s  = "
          f"{suite / longest[0]:.2f} x the longest example (target <= 2; "
          f"{tests[-1] if tests else 'no count'})")
    print(f"  its processor time:        {suite_cpu:6.2f} s  on {cores} cores: at "
          f"least {suite_cpu / cores:.2f} s = "
          f"{suite_cpu / cores / longest[0]:.2f} x the longest example")
    return 0

