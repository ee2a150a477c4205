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


def temp_examples(tmp_path, examples: dict[str, str], manifest: str = ""):
    """A throwaway examples/ folder holding only ``examples``."""
    folder = tmp_path / "examples"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in examples.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "examples.toml").write_text("[defaults]\ntimeout = 60\n" + manifest)
    return folder


def run_tool(argv, examples, **options):
    """Run one of our tools in a subprocess that sees ``examples``."""
    import subprocess

    env = {**os.environ, "NOTES_EXAMPLES": str(examples)}
    return subprocess.run(argv, capture_output=True, text=True, env=env,
                          encoding="utf-8", errors="replace", **options)


def build_temp_site(tmp_path, pages: dict[str, str], examples: dict[str, str] = {},
                    manifest: str = "", language: str = "en",
                    locales: dict[str, str] = {}, capture_results: bool = True):
    """Build a throwaway site with the real conf.py and extensions.

    ``pages`` maps file names to MyST text; ``examples`` are the only
    examples there are; ``locales`` adds files below the source's locales/.
    Returns the exit code of the first step that failed (or 0), every
    message of the steps, and the output folder.
    """
    import sys

    folder = temp_examples(tmp_path, examples, manifest)
    source = tmp_path / "src"
    for name, text in pages.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    for name, text in locales.items():
        path = source / "locales" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    results, out = tmp_path / "results", tmp_path / "html"
    steps = [[sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
              "-b", "html", "-c", str(ROOT / "docs"), "-D", f"language={language}",
              "-D", f"example_results={results}", str(source), str(out)]]
    if capture_results:
        steps.insert(0, [sys.executable, str(ROOT / "docs" / "_ext" / "capture.py"),
                         "--results", str(results)])
    messages = ""
    for step in steps:
        done = run_tool(step, folder)
        messages += done.stdout + done.stderr
        if done.returncode:
            return done.returncode, messages, out
    return 0, messages, out


def pytest_sessionfinish(session, exitstatus):
    """Whatever happened, no example outlives the test run."""
    capture.runner.kill_all()
