"""Run every example (all at once) and keep each result for the docs build.

    python docs/_ext/capture.py [--start-method spawn] [--results DIR]

A result is kept in ``<results>/<start method>/<script>[ <args>].json`` with
a key that hashes what it depends on: the example's folder, the manifest, the
runner and the interpreter. A result whose key still matches is reused, so a
rebuild after no change runs no example. Results are written atomically.
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
import os
import signal
import sys
import tempfile
from pathlib import Path

import manifest as examples_manifest
import runner

ROOT = runner.ROOT
MANIFEST = runner.EXAMPLES / "examples.toml"
RESULTS = ROOT / "docs" / "_build" / "results"
sys.path.insert(0, str(ROOT / "tests"))
import claims  # noqa: E402  (tests/ holds the claims; see its docstring)


@dataclasses.dataclass(frozen=True)
class Run:
    """One way of running one example: a script and its arguments."""

    script: str
    args: tuple[str, ...] = ()
    timeout: float = 60.0
    expect_failure: bool = False

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
                             entry.get("expect_failure", False)))
    return found


def find_run(name: str) -> Run:
    for run in runs():
        if run.name == name:
            return run
    raise LookupError(f"no example run is called {name!r}; "
                      "see examples/examples.toml")


def key(run: Run, start_method: str) -> str:
    """A hash of everything the result of ``run`` depends on."""
    digest = hashlib.sha256()
    folder = (runner.EXAMPLES / run.script).parent
    sources = sorted(folder.glob("*.py")) + [
        MANIFEST, Path(runner.__file__), runner.LAUNCHER,
        Path(runner.containment.__file__)]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    # The interpreter by its version, not its path: every virtual
    # environment of one Python gives the same results.
    digest.update(repr((run, start_method, sys.implementation.name, sys.version,
                        sys.platform)).encode())
    return digest.hexdigest()[:16]


def result_path(results: Path, start_method: str, run: Run) -> Path:
    return results / start_method / f"{run.name}.json"


def load(results: Path, start_method: str, run: Run,
         report: bool = True) -> runner.Result | None:
    """The kept result of ``run``, or None if there is none.

    A file that is not a result this code can read (cut short, emptied,
    edited, or written when Result had other fields) counts as no result:
    the example is run again, and (if ``report``) a line on stderr names
    the file.
    """
    path = result_path(results, start_method, run)
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


def expected_time(run: Run, start_method: str) -> float:
    """How long ``run`` took when last captured (0 if never), to plan with."""
    kept = load(RESULTS, start_method, run)
    return kept.wall_time if kept else 0.0


def problems(run: Run, result: runner.Result) -> list[str]:
    """Why ``result`` may not be shown: a failure or a claim it breaks.

    The claims are checked again, not taken from the result file: a page
    shows nothing that fails them, however the file came to be.
    """
    found = []
    if result.timed_out or result.held_by or (
            result.returncode != 0 and not run.expect_failure):
        found.append(result.describe())
    return found + claims.check(run.name, result)


def execute(run: Run, start_method: str | None) -> runner.Result:
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
    a site that shows another run than its results. The lock is released
    by the system when its holder dies, however it dies.
    """
    import filelock

    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(folder / "build.lock"))
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        log(f"another build is running in this checkout (it holds "
            f"{lock.lock_file}); waiting for it to finish")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def stale_runs(results: Path, start_method: str) -> list[Run]:
    """The runs whose kept result is missing, out of date, or not showable."""
    stale = []
    for run in runs():
        kept = load(results, start_method, run)
        if not (kept and kept.key == key(run, start_method)
                and not problems(run, kept)):
            stale.append(run)
    return stale


def capture(results=RESULTS, start_method=None, log=print):
    """Bring every result up to date.

    Returns the results it ran (those still up to date are not run again)
    and a description of each one that may not be shown.
    """
    method = start_method or runner.default_start_method()
    stale = stale_runs(results, method)
    log(f"examples: {len(runs()) - len(stale)} up to date, "
        f"{len(stale)} to run ({method})")
    ran, errors = [], []
    pool = concurrent.futures.ThreadPoolExecutor(max(1, len(stale)))
    try:
        futures = {pool.submit(execute, run, start_method): run for run in stale}
        for future in concurrent.futures.as_completed(futures):
            run = futures[future]
            result = future.result()
            result.key = key(run, method)
            write(result_path(results, method, run), result)
            ran.append(result)
            found = problems(run, result)
            log(f"  {'FAILED' if found else 'ok':6} {result.wall_time:6.2f} s  "
                f"{run.name}")
            for process in result.left_running:  # ended with it: say which
                log(f"         ended, still running when it ended: {process}")
            if found:
                errors.append("\n".join(found) + "\n  last lines of output:\n"
                              + result.tail())
    except BaseException:  # Ctrl-C included: end every example first
        runner.kill_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return ran, errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start-method", choices=("fork", "spawn", "forkserver"))
    parser.add_argument("--results", type=Path, default=RESULTS)
    options = parser.parse_args(argv)
    # Stopped by SIGTERM (a CI timeout, `kill`), end the examples too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    log = functools.partial(print, flush=True)  # before any error, in a file too
    try:
        with one_build_at_a_time(options.results.parent, log):
            _, errors = capture(options.results, options.start_method, log)
    except (examples_manifest.ManifestError, ResultWriteError) as error:
        errors = [str(error)]
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
