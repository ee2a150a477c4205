"""Shared fixtures: fresh runs of every example under every start method."""
from __future__ import annotations

import importlib.util
import json
import os

import pytest

from engine import capture, config, examples, store
from engine.run import runner, scratch

METHODS = config.METHODS
ROOT = config.ROOT


@pytest.fixture(scope="session")
def built(request, tmp_path_factory):
    """One cold build into a temporary folder: every example under every
    start method and, where Sphinx is installed, both trees of the site.

    The examples run exactly as `python3 -m nox -s docs` runs them
    (engine/build.py, engine/capture.py), so the claims are checked on fresh runs here and again by
    the build on the results it is about to show. Progress goes to the
    terminal as it happens. Under xdist the first worker that needs the
    build makes it, in the folder all workers share, and the others wait
    for it and use it: the examples run once per test session.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # every worker's base folder lies in it
    folder = shared / "cold-build"
    out, results, said = folder / "html", folder / "results", folder / "errors.json"
    sphinx = importlib.util.find_spec("sphinx") is not None
    with store.one_build_at_a_time(shared, log=lambda *_: None):
        if not said.is_file():
            log = terminal_log(request.config)
            try:
                if sphinx:
                    from engine import build  # with the site's extensions

                    errors = build.build(out, results, METHODS, log).errors
                else:  # tests-versions: the claims only, no Sphinx
                    _, errors = capture.capture(results, METHODS, log)
            except BaseException:
                runner.kill_all()
                raise
            said.write_text(json.dumps(errors), encoding="utf-8")
    return Site(out if sphinx else None, results, json.loads(said.read_text("utf-8")))


def terminal_log(config):
    """Print a line now, past pytest's output capture (also in an xdist
    worker, whose standard error is the terminal's)."""
    capturing = config.pluginmanager.getplugin("capturemanager")

    def log(line: str) -> None:
        if line.startswith("  ok"):
            return  # failures, the count and "still running" lines only
        with capturing.global_and_fixture_disabled():
            os.write(2, f"\n{line}".encode("utf-8", "replace"))
    return log


BUILD_FIXTURES = {"built", "site", "fresh_results"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Under xdist (python3 -m nox -s tests) the tests that need the cold build form
    two groups, each run by one worker, while the other tests run wherever
    a worker is free: the claims and the site in one ("build"), the browser
    in the other ("browser"). The browser tests fill both: each worker
    drives a Chromium once the site is built, and test_browser.py says
    which of the two groups each of its tests joins, a group kept here."""
    needs_build = [item for item in items
                   if BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))]
    for item in needs_build:
        if item.get_closest_marker("xdist_group"):
            continue  # grouped by its module (test_browser.py)
        group = "browser" if item.get_closest_marker("browser") else "build"
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def fresh_results(built):
    """{(example name, start method): Result} for every example, from the build."""
    return {(example.name, method): store.load(built.results, method, example)
            for example in examples.examples() for method in METHODS}


@pytest.fixture(scope="session")
def site(built):
    """The built site (both trees), its results, and what the build said."""
    if built.out is None:
        pytest.fail("the site tests need the docs dependencies: "
                    "run `python3 -m nox -s tests`")
    if built.errors:  # say why, rather than fail on a page that is not there
        pytest.fail("the cold build failed, so there is no site to test "
                    "(test_site_builds_without_warnings shows why)", pytrace=False)
    return built


class Site:
    def __init__(self, out, results, errors):
        self.out, self.results, self.errors = out, results, errors

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


def foreground_job() -> None:
    """A preexec_fn: SIGINT as a terminal's foreground job has it. A shell
    starts background jobs (`&`, nohup) with SIGINT ignored, which their
    children inherit: a suite started so would send Ctrl-C to processes
    that cannot hear it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_tool(argv, examples, extra_env=None, **options):
    """Run one of our tools in a subprocess that sees ``examples``."""
    import subprocess

    env = {**os.environ, "NOTES_EXAMPLES": str(examples), **(extra_env or {})}
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
    from engine import build  # with the site's extensions

    results, out = tmp_path / "results", tmp_path / "html"
    # one start method is enough for a throwaway site, and quicker
    steps = [build.sphinx_command(language, results, METHODS[:1], out,
                                  tmp_path / "doctrees", source=source)]
    if capture_results:
        steps.insert(0, [sys.executable, str(ROOT / "docs" / "capture.py"),
                         "--results", str(results), "--start-method", METHODS[0]])
    messages = ""
    for step in steps:
        done = run_tool(step, folder)
        messages += done.stdout + done.stderr
        if done.returncode:
            return done.returncode, messages, out
    return 0, messages, out


def pytest_sessionfinish(session, exitstatus):
    """Whatever happened, no example outlives the test run, nor do the
    runs' temporary folders (an xdist worker may end without atexit)."""
    runner.kill_all()
    scratch.remove_own()
