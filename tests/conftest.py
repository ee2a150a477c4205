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


ROOT = capture.ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory, fresh_results):
    """A cold build of both trees into a temporary folder.

    Depends on fresh_results only so that the two never run at once: the
    examples' timings are checked under the load of one of them at a time.
    """
    import build_site as build

    folder = tmp_path_factory.mktemp("site")
    out, results = folder / "html", folder / "results"
    ran, errors = build.build(out, results)
    return Site(out, results, ran, errors)


class Site:
    def __init__(self, out, results, ran, errors):
        self.out, self.results, self.ran, self.errors = out, results, ran, errors

    def pages(self, language: str):
        """The tree's pages (not the theme's templates copied to _static)."""
        tree = self.out / language
        return sorted(path for path in tree.rglob("*.html")
                      if path.relative_to(tree).parts[0] not in ("_static", "_sources"))


def build_temp_site(tmp_path, pages: dict[str, str], examples: dict[str, str] = {},
                    language: str = "en", locales: dict[str, str] = {}):
    """Build a throwaway site with the real conf.py and extensions.

    ``pages`` maps file names to MyST text; ``examples`` adds (or replaces)
    files in a copy of examples/; ``locales`` adds files below locales/.
    Returns the build's exit code, its messages and the output folder.
    """
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for name, text in examples.items():
        (tmp_path / "examples" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / name).write_text(text, encoding="utf-8")
    source = tmp_path / "src"
    for name, text in {**pages, **locales}.items():
        path = source / ("locales/" + name if name in locales else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "NOTES_EXAMPLES": str(tmp_path / "examples")}
    results, out = tmp_path / "results", tmp_path / "html"
    steps = [
        [sys.executable, str(ROOT / "docs" / "_ext" / "capture.py"),
         "--results", str(results)],
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-c", str(ROOT / "docs"), "-D", f"language={language}",
         "-D", f"example_results={results}", str(source), str(out)],
    ]
    messages = ""
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, env=env,
                              encoding="utf-8", errors="replace")
        messages += done.stdout + done.stderr
        if done.returncode:
            return done.returncode, messages, out
    return 0, messages, out
