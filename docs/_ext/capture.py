"""Run every example under every start method and keep each result.

    python3 docs/_ext/capture.py [--start-method spawn] [--results DIR]

A result is kept in ``<results>/<platform>/<start method>/<script>[ <args>].json``
(platform: ``Linux-CPython-3.11``, see runner.platform_tag) with a key that
hashes what it depends on: the example's folder, the manifest, the runner and
its start-up hook, the interpreter's version and the system. A result whose
key still matches is reused, so a rebuild after no change runs no example.
Results are written atomically. Results captured on other machines are
brought in beside these by merge.py.
problems() checks a result against the claims in ``tests/claims.py``, here
after each run and again before a page shows it, so the pages never show an
output that fails its own claims.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import functools
import hashlib
import multiprocessing
import os
import platform
import re
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import manifest as examples_manifest
import runner

ROOT = runner.ROOT
MANIFEST = runner.EXAMPLES / "examples.toml"
RESULTS = ROOT / "docs" / "_build" / "results"
sys.path.insert(0, str(ROOT / "tests"))
import claims  # noqa: E402  (tests/ holds the claims; see its docstring)

# The start methods of this machine, in the order pages show them.
METHODS = tuple(m for m in ("fork", "spawn", "forkserver")
                if m in multiprocessing.get_all_start_methods())
# Runs at once. Most examples sleep, so running them side by side makes the
# capture take about as long as the longest one; but every start-up costs
# CPU, and too many at once on a small machine delay start-ups by seconds.
CONCURRENCY = 16 * (os.cpu_count() or 2)
# Seconds between two starts: dozens of interpreters starting in the same
# instant would delay each other's start-up by seconds, which the timing
# claims would see; spread out, each is over before the next begins.
STAGGER = 0.04
PROGRESS_EVERY = 10.0  # seconds: a run this old is named in a "still running" line


@dataclasses.dataclass(frozen=True)
class Run:
    """One way of running one example: a script and its arguments."""

    script: str
    args: tuple[str, ...] = ()
    timeout: float = 60.0
    expect_failure: bool = False
    exclusive: bool = False  # it measures CPU speed: nothing else may run

    @property
    def name(self) -> str:
        """What pages and claims call it: the command line after python."""
        return " ".join((self.script, *self.args))


def scripts() -> list[str]:
    return sorted(p.relative_to(runner.EXAMPLES).as_posix()
                  for p in runner.EXAMPLES.rglob("*.py"))


def manifest() -> dict:
    """examples/examples.toml, checked against its schema (manifest.py)."""
    return examples_manifest.load(MANIFEST)


def runs() -> list[Run]:
    """Every run of every example, as the manifest says."""
    table = manifest()
    default_timeout = table["defaults"]["timeout"]
    found = []
    for script in scripts():
        entry = table.get(script, {})
        if "shown_by" in entry:
            continue
        for args in entry.get("runs", [[]]):
            found.append(Run(script, tuple(args),
                             entry.get("timeout", default_timeout),
                             entry.get("expect_failure", False),
                             entry.get("exclusive", False)))
    return found


def find_run(name: str) -> Run:
    for run in runs():
        if run.name == name:
            return run
    raise LookupError(f"no example run is called {name!r}; "
                      "see examples/examples.toml")


def local_identity() -> tuple[str, str, str]:
    """This interpreter as results name it: implementation, version, system."""
    return (platform.python_implementation(), platform.python_version(),
            platform.system())


def key(run: Run, start_method: str, identity=None) -> str:
    """A hash of everything the result of ``run`` depends on.

    That is the script, the files of its folder that it names (a server it
    starts, a module it imports), its manifest entry, the runner with its
    start-up hook and recorder, and the interpreter: ``identity`` (local_identity() by
    default), so that a result from another machine is checked against its
    own. Changing one example repeats only that example's runs.
    """
    digest = hashlib.sha256()
    path = runner.EXAMPLES / run.script
    for source in [path, *named_siblings(path), *RUNNER_SOURCES]:
        # Line endings as git stores them: a Windows checkout (core.autocrlf,
        # as on GitHub's Windows runners) has CRLF, and its results must
        # match this checkout's key, or merge.py refuses them all as stale.
        text = source.read_bytes().replace(b"\r\n", b"\n")
        digest.update(source.name.encode() + b"\0" + text)
    table = manifest()
    entry = (table.get("defaults"), table.get(run.script))
    # The interpreter by its version, not its path: every virtual
    # environment of one Python gives the same results.
    digest.update(repr((run, entry, start_method, identity or local_identity())).encode())
    return digest.hexdigest()[:16]


# The code that runs an example and records what it did.
RUNNER_SOURCES = [Path(runner.__file__), runner.STARTUP / "sitecustomize.py",
                  Path(runner.__file__).with_name("recorder.py"),
                  Path(runner.containment.__file__)]


def named_siblings(path: Path) -> list[Path]:
    """The other files of ``path``'s folder that its text names."""
    text = path.read_text("utf-8")
    return [sibling for sibling in sorted(path.parent.iterdir())
            if sibling != path and sibling.is_file() and (
                sibling.name in text or re.search(
                    rf"^\s*(from|import)\s+{re.escape(sibling.stem)}\b", text, re.M))]


def result_key(run: Run, result: runner.Result) -> str:
    """What ``result``'s key must be to be current, wherever it was run."""
    return key(run, result.start_method,
               (result.implementation, result.python, result.system))


def result_path(results: Path, start_method: str, run: Run,
                platform_tag: str | None = None) -> Path:
    folder = results / (platform_tag or runner.platform_tag())
    return folder / start_method / f"{run.name}.json"


def platforms(results: Path) -> list[str]:
    """The platforms that have results: this one first, then the others."""
    here = runner.platform_tag()
    found = sorted(p.name for p in results.glob("*-*-*") if p.is_dir())
    return [here] + [tag for tag in found if tag != here]


def load(results: Path, start_method: str, run: Run,
         platform_tag: str | None = None, report: bool = True) -> runner.Result | None:
    """The kept result of ``run``, or None if there is none.

    A file that is not a result this code can read (cut short, emptied,
    edited, or written when Result had other fields) counts as no result:
    the example is run again, and (if ``report``) a line on stderr names
    the file.
    """
    path = result_path(results, start_method, run, platform_tag)
    try:
        return runner.Result.from_json(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as error:
        if report:
            _say_unreadable(path, error)
        return None


_unreadable_said: set[tuple[str, str]] = set()


def _say_unreadable(path: Path, error: Exception) -> None:
    reason = str(error) or type(error).__name__
    if (str(path), reason) not in _unreadable_said:  # once per file and fault
        _unreadable_said.add((str(path), reason))
        print(f"stale result {path}: not a result this build can read "
              f"({reason}); running the example again", file=sys.stderr, flush=True)


def problems(run: Run, result: runner.Result) -> list[str]:
    """Why ``result`` may not be shown: a failure or a claim it breaks.

    The claims are checked again, not taken from the result file: a page
    shows nothing that fails them, however the file came to be.
    """
    if result.timed_out or result.held_by or (
            result.returncode != 0 and not run.expect_failure):
        return [result.describe()]  # its claims would only echo the failure
    return claims.check(run.name, result)


def execute(run: Run, start_method: str) -> runner.Result:
    """Run ``run`` once, as the manifest says (claims: see problems())."""
    return runner.run(run.script, run.args, start_method, run.timeout)


class ResultWriteError(OSError):
    """A result could not be written (a full disk, say); names the file."""


_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import, before any thread runs


def write(path: Path, result: runner.Result) -> None:
    """Write atomically: a reader sees the old result or the new, never half.

    The file gets the permissions any new file gets (0644 under the usual
    umask), not mkstemp's 0600. A failed write leaves no temporary file.
    """
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(result.to_json())
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise ResultWriteError(error.errno, f"cannot write the result {path}: "
                               f"{error.strerror or error}") from error
    except BaseException:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise


@contextlib.contextmanager
def one_build_at_a_time(folder: Path, log=print):
    """Hold ``folder``/build.lock while building; a second build waits.

    Two builds writing one results folder and one site at once would leave
    a site that shows another run than its results. The lock (flock on
    POSIX, msvcrt on Windows: capture.py runs on a bare interpreter too) is
    released by the system when its holder dies, however it dies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "build.lock"
    with open(path, "a+b") as file:
        if not _lock(file, wait=False):
            log(f"another build is running in this checkout (it holds {path}); "
                "waiting for it to finish")
            _lock(file, wait=True)
        try:
            yield
        finally:
            _unlock(file)


def _lock(file, wait: bool) -> bool:
    if os.name == "nt":
        import msvcrt

        file.seek(0)
        while True:
            try:
                msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(0.2)
    import fcntl

    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


def _unlock(file) -> None:
    if os.name == "nt":
        import msvcrt

        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def stale_runs(results: Path, start_method: str) -> list[Run]:
    """The runs whose kept result is missing, out of date, or not showable."""
    # A result captured without psutil (a bare `python3 capture.py --run`)
    # has no record of its processes, hence no figure: run it again where
    # the processes can be recorded.
    recording = runner.recorder.psutil is not None
    stale = []
    for run in runs():
        kept = load(results, start_method, run)
        if not (kept and kept.key == key(run, start_method)
                and not problems(run, kept) and (kept.processes or not recording)):
            stale.append(run)
    return stale


def stale_jobs(results: Path, methods=METHODS) -> list[tuple[Run, str]]:
    """(run, start method) for every result that must be captured again,
    each run's methods side by side."""
    stale = {method: stale_runs(results, method) for method in methods}
    return [(run, method) for run in runs() for method in methods
            if run in stale[method]]


class Progress:
    """Which runs are still going, said every few seconds while they go, so
    that a hanging example shows long before its timeout."""

    def __init__(self, log):
        self.log, self.running, self.lock = log, {}, threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._report, daemon=True)
        self.thread.start()

    def started(self, run: Run, method: str) -> None:
        with self.lock:
            self.running[run, method] = time.monotonic()

    def finished(self, run: Run, method: str) -> None:
        with self.lock:
            self.running.pop((run, method), None)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def _report(self) -> None:
        while not self.done.wait(PROGRESS_EVERY):
            now = time.monotonic()
            with self.lock:
                slow = sorted(((now - began, run, method) for (run, method), began
                               in self.running.items()
                               if now - began >= PROGRESS_EVERY),
                              key=lambda item: -item[0])
            if slow:
                self.log("  still running: " + "; ".join(
                    f"{run.name} ({method}) {took:.0f} s of {run.timeout:g} s"
                    for took, run, method in slow))


def capture(results=RESULTS, methods=METHODS, log=print, only=None):
    """Bring every result up to date, under each of ``methods``.

    ``only`` limits it to the runs of those names. Returns the results it
    ran (those still up to date are not run again) and a description of each
    one that may not be shown.
    """
    if isinstance(methods, str):
        methods = (methods,)
    jobs = [job for job in stale_jobs(results, methods)
            if only is None or job[0].name in only]
    total = len(only or runs()) * len(methods)
    log(f"examples: {total - len(jobs)} up to date, {len(jobs)} to run "
        f"({', '.join(methods)})")
    # The ones that measure CPU speed first, one at a time, before the
    # others keep every core busy for the rest of the capture (the Sphinx
    # builds beside it run at a lower priority: see build_site.py). Then the
    # longest first, so that they do not start last.
    jobs.sort(key=lambda job: -previous_time(results, *job))
    shared = [job for job in jobs if not job[0].exclusive]
    alone = [job for job in jobs if job[0].exclusive]
    ran, errors = [], []
    progress = Progress(log)
    stopping = threading.Event()  # interrupted: keep no result of a killed run

    starts = threading.Lock()

    def execute_and_keep(run: Run, method: str):
        with starts:  # one start at a time, STAGGER apart
            time.sleep(STAGGER)
        if stopping.is_set():  # interrupted while waiting to start
            raise KeyboardInterrupt
        progress.started(run, method)
        try:
            result = execute(run, method)
        finally:
            progress.finished(run, method)
        if stopping.is_set():
            raise KeyboardInterrupt
        result.key = key(run, method)
        write(result_path(results, method, run), result)
        return result

    def keep(run: Run, method: str, result: runner.Result) -> None:
        ran.append(result)
        found = problems(run, result)
        log(f"  {'FAILED' if found else 'ok':6} {result.wall_time:6.2f} s  "
            f"{method:10}  {run.name}")
        for process in result.left_running:  # ended with it: say which
            log(f"         ended, still running when it ended: {process}")
        if found:
            errors.append("\n".join(found) + "\n  last lines of output:\n"
                          + result.tail())

    pool = concurrent.futures.ThreadPoolExecutor(max(1, min(len(shared), CONCURRENCY)))
    try:
        for job in alone:
            keep(*job, execute_and_keep(*job))
        futures = {pool.submit(execute_and_keep, *job): job for job in shared}
        for future in concurrent.futures.as_completed(futures):
            keep(*futures[future], future.result())
    except BaseException:  # Ctrl-C included: end every example first
        stopping.set()
        runner.kill_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        progress.stop()
    return ran, errors


def previous_time(results: Path, run: Run, method: str) -> float:
    """How long ``run`` took when last captured here (0 if never)."""
    try:
        kept = load(results, method, run)
    except (OSError, ValueError, TypeError):
        return 0.0
    return kept.wall_time if kept else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start-method", choices=METHODS,
                        help="capture under this start method only (default: all)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--run", action="append", metavar="NAME",
                        help="capture only this run (as examples.toml names it); repeatable")
    options = parser.parse_args(argv)
    for name in options.run or ():
        try:
            find_run(name)  # an unknown name is an error, not an empty capture
        except LookupError as error:
            parser.error(str(error))
    # Into a pipe (CI, | tee) too, each progress line as it happens.
    sys.stdout.reconfigure(line_buffering=True)
    # Stopped by SIGTERM (a CI timeout, `kill`), end the examples too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    methods = (options.start_method,) if options.start_method else METHODS
    log = functools.partial(print, flush=True)  # before any error, in a file too
    if runner.recorder.psutil is None:  # on a bare interpreter, say why now
        log("psutil is not installed, so no run's processes are recorded and "
            "every timeline claim fails: python3 -m pip install psutil")
    try:
        with one_build_at_a_time(options.results.parent, log):
            _, errors = capture(options.results, methods, log, only=options.run)
    except (examples_manifest.ManifestError, ResultWriteError) as error:
        errors = [str(error)]
    except KeyboardInterrupt:
        print("\ninterrupted: every example was stopped; no result was kept "
              "from the runs cut short", file=sys.stderr)
        return 130
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
