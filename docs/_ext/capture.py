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
import dataclasses
import hashlib
import os
import signal
import sys
import tempfile
from pathlib import Path

import runner

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

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
    with open(MANIFEST, "rb") as file:
        return tomllib.load(file)


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
        MANIFEST, Path(runner.__file__), runner.LAUNCHER]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    # The interpreter by its version, not its path: every virtual
    # environment of one Python gives the same results.
    digest.update(repr((run, start_method, sys.implementation.name, sys.version,
                        sys.platform)).encode())
    return digest.hexdigest()[:16]


def result_path(results: Path, start_method: str, run: Run) -> Path:
    return results / start_method / f"{run.name}.json"


def load(results: Path, start_method: str, run: Run) -> runner.Result | None:
    """The kept result of ``run``, or None if there is none."""
    try:
        text = result_path(results, start_method, run).read_text("utf-8")
    except FileNotFoundError:
        return None
    return runner.Result.from_json(text)


def expected_time(run: Run, start_method: str) -> float:
    """How long ``run`` took when last captured (0 if never), to plan with."""
    kept = load(RESULTS, start_method, run)
    return kept.wall_time if kept else 0.0


def problems(run: Run, result: runner.Result) -> list[str]:
    """Why ``result`` may not be shown: a failure or a claim it breaks.

    The claims are checked again, not taken from the result file: a page
    shows nothing that fails them, however the file came to be.
    """
    if result.timed_out or (result.returncode != 0 and not run.expect_failure):
        return [result.describe()]  # its claims would only echo the failure
    return claims.check(run.name, result)


def execute(run: Run, start_method: str | None) -> runner.Result:
    """Run ``run`` once, as the manifest says (claims: see problems())."""
    return runner.run(run.script, run.args, start_method, run.timeout)


def write(path: Path, result: runner.Result) -> None:
    """Write atomically: a reader sees the old result or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(result.to_json())
    os.replace(temporary, path)


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
    # Into a pipe (CI, | tee) too, each progress line as it happens.
    sys.stdout.reconfigure(line_buffering=True)
    # Stopped by SIGTERM (a CI timeout, `kill`), end the examples too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        _, errors = capture(options.results, options.start_method)
    except KeyboardInterrupt:
        print("\ninterrupted: every example was stopped; no result was kept "
              "from the runs cut short", file=sys.stderr)
        return 130
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
