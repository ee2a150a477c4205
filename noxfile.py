"""Sessions: docs, docs-live, tests, tests-versions, translations, bench."""
import os
from pathlib import Path

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True
PYPROJECT = nox.project.load_toml("pyproject.toml")
DOCS = nox.project.dependency_groups(PYPROJECT, "docs")
TESTS = nox.project.dependency_groups(PYPROJECT, "tests")

# pyenv keeps each CPython in a folder of its own: let nox find them all.
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
for folder in sorted(PYENV.glob("3.*/bin")):
    os.environ["PATH"] += os.pathsep + str(folder)


@nox.session
def docs(session):
    """Run the examples, then build the English and Chinese sites."""
    session.install(*DOCS)
    session.run("python", "docs/build_site.py", *session.posargs)


@nox.session(name="docs-live")
def docs_live(session):
    """Serve the site with live reload; pass -D language=zh_CN for Chinese."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "live"))
    session.run("python", "docs/_ext/capture.py")
    session.run("sphinx-autobuild", "docs", "docs/_build/live",
                "--watch", "examples", *session.posargs)


@nox.session
def tests(session):
    """Run every example under every start method, build the site, check all."""
    session.install(*TESTS, *DOCS)
    session.run("pytest", *session.posargs)


@nox.session(name="tests-versions", python=["3.10", "3.11", "3.12", "3.13", "3.14"])
def tests_versions(session):
    """The example claims on every CPython the machine has."""
    session.install(*TESTS)
    session.run("pytest", "-m", "not site", "--ignore=tests/test_site.py",
                "--ignore=tests/test_i18n.py", *session.posargs)


@nox.session
def translations(session):
    """Extract messages, update the catalogs and print how far each page is."""
    session.install(*DOCS)
    session.run("sphinx-build", "-q", "-b", "gettext", "-D", "example_results=",
                "docs", "docs/_build/gettext")
    # sphinx.pot holds our template overrides' strings; their translations
    # (docs/locales/*/LC_MESSAGES/sphinx.po) are kept by hand, beside the
    # theme's, and an update would mark those obsolete.
    session.run("python", "-c", "import pathlib; "
                "pathlib.Path('docs/_build/gettext/sphinx.pot').unlink(missing_ok=True)")
    session.run("sphinx-intl", "update", "-p", "docs/_build/gettext",
                "-d", "docs/locales", "-l", "zh_CN", "-w", "79")
    session.run("python", "docs/_ext/catalogs.py")


@nox.session
def bench(session):
    """Time a cold build, rebuilds after no change and one change, the tests."""
    session.install(*TESTS, *DOCS)
    session.run("python", "docs/bench.py")
