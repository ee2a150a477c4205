"""The benchmark: print the figures that the speed targets are about.

    python3 docs/bench.py              (python3 -m nox -s bench)
    python3 docs/bench.py --recorder [ROUNDS]
    python3 docs/bench.py --beside [ROUNDS]

Each figure comes from the real commands, run as a writer runs them, on a
copy of examples/ (so that one example can be changed) in a temporary folder:
a cold build (every example under every start method, both trees), a rebuild
after no change, a rebuild after one example changed, and the test suite.
Each target is a ratio of two figures measured in the same run, so it holds
on any machine, whatever its speed:

- cold build <= 1.1 x its lower bound, the larger of the longest example run
  and the build's processor time spread over the cores it may use; where the
  cores stood idle is printed, phase by phase;
- no-change rebuild: no example run, under 0.5 s;
- one example changed: only its runs, and the site ready at most 1 s after
  the slowest of them ended;
- the test suite <= 1.25 x its own processor time spread over the cores.

Run it on a quiet machine: the idle figures are the whole machine's.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None

from . import config
from .run import processes

DOCS, ROOT = config.DOCS, config.ROOT
CHANGED = "isolation/isolated_global.py"  # the example the benchmark edits
SAMPLE = 0.25  # seconds between two looks at the machine's processor time


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def timed(argv, env=None) -> tuple[float, str]:
    """Run ``argv`` from the project folder; its time and its output."""
    start = time.monotonic()
    done = processes.run_reaping_adopted(argv, cwd=ROOT, env=env, encoding="utf-8",
                                         errors="replace")
    took = time.monotonic() - start
    reap_orphans()
    if done.returncode:
        sys.exit(f"{' '.join(map(str, argv))} failed:\n{done.stdout}{done.stderr}")
    return took, done.stdout + done.stderr


def reap_orphans(wait: float = 10.0) -> None:
    """Wait for the processes that a timed command left to us (main() made
    this process their subreaper) and reap them, so that their processor
    time counts: pytest-xdist's workers, and what they started, are not
    waited for by pytest and would end as init's children, taking half
    the suite's processor time out of RUSAGE_CHILDREN. Gives up after
    ``wait`` seconds on one that goes on running."""
    deadline = time.monotonic() + wait
    while True:
        processes.reap_exited()
        if not processes.descendants() or time.monotonic() > deadline:
            processes.reap_exited()
            return
        time.sleep(0.05)


def processor_time() -> float:
    """Seconds of processor time used so far by the commands timed() ran
    and everything they started (each process counts once it is waited for:
    the examples by the build, Sphinx by the build, the build by us)."""
    if resource is None:  # Windows
        return float("nan")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class Sampling:
    """Call look() every ``every`` seconds in a thread while it is on."""

    every = SAMPLE

    def __init__(self):
        import psutil

        self.psutil = psutil
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.done.set()
        self.thread.join()

    def _loop(self) -> None:
        while True:
            self.look()
            if self.done.wait(self.every):
                return


class Busy(Sampling):
    """The machine's busy processor time, looked at every SAMPLE seconds
    while it is on: [(time.monotonic(), busy seconds so far), ...]."""

    def __init__(self):
        super().__init__()
        self.samples = []

    def look(self) -> None:
        times = self.psutil.cpu_times()
        self.samples.append((time.monotonic(), sum(times) - times.idle
                             - getattr(times, "iowait", 0.0)))


class SphinxWatch(Sampling):
    """The processor time of each sphinx-build that writes into ``folder``,
    looked at every SAMPLE / 2 seconds: {language: [(time, seconds)]}."""

    every = SAMPLE / 2

    def __init__(self, folder: Path):
        from . import build  # the program its command runs

        super().__init__()
        self.folder, self.samples = str(folder), {}
        self.program = str(build.SPHINX_BUILD)

    def look(self) -> None:
        for process in self.psutil.process_iter(["cmdline"]):
            line = " ".join(process.info["cmdline"] or [])
            if self.program not in line or self.folder not in line:
                continue
            language = re.search(r"language=(\S+)", line)[1]
            try:
                times = process.cpu_times()
            except self.psutil.Error:
                continue
            self.samples.setdefault(language, []).append(
                (time.monotonic(), times.user + times.system))

    def used_after(self, moment: float) -> dict[str, float]:
        """Processor seconds each sphinx-build used after ``moment``."""
        return {language: seen[-1][1] - max([cpu for at, cpu in seen if at <= moment],
                                            default=0.0)
                for language, seen in self.samples.items()}


def read_trace(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def runs_of(output: str) -> list[tuple[float, str]]:
    """(seconds, "method run") of each example run that a build reports."""
    return [(float(took), f"{method} {name}") for took, method, name in
            re.findall(r"^  (?:ok|FAILED)\s+([\d.]+) s\s+(\S+)\s+(.+)$", output, re.M)]


def in_flight(events: list[dict], at: float) -> tuple[list[str], list[str]]:
    """The runs and the sphinx-builds going on at ``at``."""
    going: dict[tuple, dict] = {}
    for event in events:
        if event["at"] > at:
            break
        name = (event.get("sphinx"), event.get("example"), event.get("method"))
        if event["event"] == "start":
            going[name] = event
        elif event["event"] == "end":
            going.pop(name, None)
    runs = [f"{m} {e}" for s, e, m in going if s is None]
    return runs, [s for s, _, _ in going if s]


def build_in_flight(events: list[dict]):
    """What a build was doing at a time: its runs and sphinx-builds."""
    def what(at: float) -> str:
        runs, sphinx = in_flight(events, at)
        return (f"{len(runs)} runs" + (f" ({', '.join(sorted(runs)[:3])}"
                                       f"{', …' if len(runs) > 3 else ''})" if runs else "")
                + f"; sphinx: {', '.join(sphinx) or 'done'}")
    return what


def tests_in_flight(tests: list[dict]):
    """What the suite was doing at a time: the test each worker ran."""
    def what(at: float) -> str:
        going = sorted(f"{t['worker']} {t['test'].split('/')[-1][:70]}" for t in tests
                       if t["start"] <= at < t["end"])
        return "; ".join(going) or "no test (collecting, starting workers, ending)"
    return what


def read_tests(path: Path) -> list[dict]:
    """The tests of a suite run with the bench_suite plugin, as the
    workers saw them (xdist's controller records them again)."""
    if not path.is_file():
        return []
    tests = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    workers = [test for test in tests if test["worker"] != "main"]
    return workers or tests  # without xdist, "main" ran them


def idle_phases(begin: float, samples: list, count: int, describe) -> list[str]:
    """Where the cores stood idle after ``begin``: one line per stretch in
    which at least half a core was idle, with what was going on then
    (``describe(time)``)."""
    lines, current = [], None
    for (t0, busy0), (t1, busy1) in zip(samples, samples[1:]):
        if t1 <= begin:
            continue
        idle = count - (busy1 - busy0) / (t1 - t0)
        what = describe((t0 + t1) / 2)
        if idle >= 0.5:
            if current and current["what"] == what:
                current.update(end=t1, idle=current["idle"] + idle * (t1 - t0))
            else:
                current = {"start": t0, "end": t1, "idle": idle * (t1 - t0), "what": what}
                lines.append(current)
        else:
            current = None
    return [f"  +{p['start'] - begin:5.1f} to +{p['end'] - begin:5.1f} s: "
            f"{p['idle']:.1f} core-seconds idle; {p['what']}" for p in lines]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--recorder"]:
        from . import bench_recorder

        return bench_recorder.main(int(argv[1]) if argv[1:] else 3)
    if argv[:1] == ["--beside"]:
        from . import bench_beside

        return bench_beside.main(int(argv[1]) if argv[1:] else 3)
    count = cores()
    processes.become_subreaper()  # see reap_orphans (Linux)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copytree(ROOT / "examples", folder / "examples")
        # examples/check.py finds the engine beside the examples, in docs/.
        (folder / "docs").symlink_to(DOCS, target_is_directory=True)
        env = {**os.environ, "NOTES_EXAMPLES": str(folder / "examples")}
        trace = folder / "trace.jsonl"
        build = [sys.executable, str(DOCS / "build_site.py"), "--trace", str(trace),
                 "--out", str(folder / "html"), "--results", str(folder / "results")]
        before = processor_time()
        with Busy() as busy:
            cold, output = timed(build, env)
        cold_cpu = processor_time() - before
        cold_events = read_trace(trace)
        ran = runs_of(output)
        warm, output = timed(build, env)
        unchanged = runs_of(output)
        with open(folder / "examples" / CHANGED, "a", encoding="utf-8") as script:
            script.write("# changed by the benchmark\n")
        with SphinxWatch(folder) as sphinx:
            changed, output = timed(build, env)
        repeated = runs_of(output)
        events = read_trace(trace)
    ends = [e["at"] for e in events if e["event"] == "end" and "example" in e]
    built = next(e["at"] for e in events if e["event"] == "ready")

    longest = max(ran)
    bound = max(longest[0], cold_cpu / count)
    print(f"examples run (cold):         {len(ran)}")
    print(f"sum of example run times:    {sum(t for t, _ in ran):6.2f} s")
    print(f"longest example:             {longest[0]:6.2f} s  ({longest[1]})")
    print(f"cold build (no results):     {cold:6.2f} s")
    print(f"  its processor time:        {cold_cpu:6.2f} s  on {count} cores: "
          f"{cold_cpu / count:.2f} s at the least")
    print(f"  its lower bound:           {bound:6.2f} s  (the larger of the two)")
    print(f"  cold build / lower bound:  {cold / bound:6.2f}   (target <= 1.1)")
    print("  where the cores stood idle (the whole machine's, half a core or more):")
    begin = next(e["at"] for e in cold_events if e["event"] == "build")
    print("\n".join(idle_phases(begin, busy.samples, count, build_in_flight(cold_events)))
          or "    nowhere")
    print(f"no-change rebuild:           {warm:6.2f} s  with {len(unchanged)} "
          "examples run (target < 0.5 s, 0 run)")
    print(f"rebuild after {CHANGED} changed: {changed:6.2f} s  repeating "
          f"{', '.join(name for _, name in repeated) or 'nothing'}")
    if ends:
        print(f"  site ready after its slowest run ended: {built - max(ends):5.2f} s "
              "(target <= 1)")
        # What bounds it: a sphinx-build is one process on one core.
        finished = {e["sphinx"]: e["at"] for e in events if e["event"] == "end" and "sphinx" in e}
        for language, used in sorted(sphinx.used_after(max(ends)).items()):
            print(f"    sphinx-build {language:6} ended {finished.get(language, 0) - max(ends):5.2f} s "
                  f"after it, using {used:4.2f} processor-seconds after it")
    sys.stdout.flush()  # the build's figures, before the suite runs
    before = processor_time()
    with tempfile.TemporaryDirectory() as folder:
        trace = Path(folder) / "tests.jsonl"
        env = {**os.environ, "NOTES_SUITE_TRACE": str(trace),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(DOCS), os.environ.get("PYTHONPATH")]))}
        with Busy() as busy:
            begin = time.monotonic()
            suite, output = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                   "-p", "engine.bench_suite"], env)
        tests = read_tests(trace)
    suite_cpu = processor_time() - before
    counts = re.findall(r"^=*\s*(\d+ passed.*?) in ", output, re.M)
    print(f"test suite:                  {suite:6.2f} s  ({counts[-1] if counts else 'no count'})")
    print(f"  its processor time:        {suite_cpu:6.2f} s  on {count} cores: "
          f"{suite_cpu / count:.2f} s at the least")
    print(f"  suite / its processor floor: {suite / (suite_cpu / count):5.2f} (target <= 1.25)")
    print("  where the cores stood idle (the whole machine's, half a core or more):")
    print("\n".join(idle_phases(begin, busy.samples, count, tests_in_flight(tests)))
          or "    nowhere")
    longest = sorted(tests, key=lambda t: t["start"] - t["end"])[:8]
    print("  the longest tests:")
    for test in longest:
        print(f"    {test['end'] - test['start']:6.1f} s  {test['worker']}  "
              f"+{test['start'] - begin:5.1f} s  {test['test'][:100]}")
    return 0
