"""Sessions: docs, docs-live, tests, tests-versions, translations, bench."""
import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True
PYPROJECT = nox.project.load_toml("pyproject.toml")
DOCS = nox.project.dependency_groups(PYPROJECT, "docs")
TESTS = nox.project.dependency_groups(PYPROJECT, "tests")


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
    session.run("pytest", "-m", "not site", *session.posargs)


@nox.session
def translations(session):
    """Extract messages, update the catalogs and print how far each page is."""
    session.install(*DOCS)
    session.run("sphinx-build", "-q", "-b", "gettext", "-D", "example_results=",
                "docs", "docs/_build/gettext")
    session.run("sphinx-intl", "update", "-p", "docs/_build/gettext",
                "-d", "docs/locales", "-l", "zh_CN", "-w", "79")
    session.run("python", "docs/_ext/catalogs.py")


@nox.session
def bench(session):
    """Time a cold build, a no-change rebuild and the examples themselves."""
    session.install(*DOCS)
    session.run("python", "docs/build_site.py", "--bench")
