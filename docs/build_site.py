"""Build the site: run the examples, then Sphinx for both languages at once.

    python docs/build_site.py [--start-method spawn] [--out DIR] [--results DIR]

The examples run (capture.py; results still up to date are reused) while one
sphinx-build per language reads the pages beside them, with warnings as
errors; each build writes a page once its results are there. The trees go to
docs/_build/html/en/ and docs/_build/html/zh_CN/, beside a root index.html
that sends a visitor to the language their browser prefers.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import signal
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
import capture  # noqa: E402
import language_switch  # noqa: E402

LANGUAGES = ("en", "zh_CN")
BUILD = DOCS / "_build"


def sphinx_command(language, out, results, methods, *extra) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
            "-b", "html", "-d", str(out.parent / "doctrees" / language),
            "-D", f"language={language}",
            "-D", f"example_results={results}",
            "-D", f"example_start_methods={','.join(methods)}",
            *extra, str(DOCS), str(out / language)]


def build(out=BUILD / "html", results=capture.RESULTS, methods=capture.METHODS,
          log=print):
    """Build both trees; return the examples it ran and a list of errors.

    Every example runs under each of ``methods``. Sphinx starts at once,
    beside the examples: it reads and resolves every page while they run,
    and waits for a page's results only to write it.
    """
    stamp = out / ".inputs"
    if not capture.stale_jobs(results, methods) and stamp.is_file() \
            and stamp.read_text() == inputs(results, methods):
        log(f"site up to date: nothing changed since {out} was built")
        return [], []
    # Sphinx waits for a result at most this long: every run could queue
    # behind the others, and the exclusive ones run last.
    jobs = len(capture.runs()) * len(methods)
    wait = int(max(run.timeout for run in capture.runs()) * (
        1 + jobs / capture.CONCURRENCY + sum(r.exclusive for r in capture.runs())))
    # In a session of their own, so a terminal's Ctrl-C reaches only this
    # process, which stops them (each would print "Interrupted!" otherwise).
    builds = {language: subprocess.Popen(sphinx_command(
                  language, out, results, methods, "-D", f"example_wait={wait}"),
                  start_new_session=True)
              for language in LANGUAGES}
    try:
        ran, errors = capture.capture(results, methods, log)
        if errors:  # Sphinx would only wait for results that will not come
            stop(builds)
            return ran, errors
        for language, process in builds.items():
            if process.wait():
                errors.append(f"sphinx-build ({language}) failed: see the messages above")
    except BaseException:
        stop(builds)
        raise
    language_switch.write_root_index(out)
    if not errors:
        stamp.write_text(inputs(results, methods))
    return ran, errors


def inputs(results: Path, methods) -> str:
    """A hash of everything the built site depends on.

    The pages, catalogs, extensions and theme files below docs/, the examples,
    their results, and the versions of Python and of every installed package.
    Sphinx would find nothing to do when it is unchanged; skipping Sphinx
    then saves its start-up, about two seconds.
    """
    digest = hashlib.sha256(repr((sys.version, methods, sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ))).encode())
    sources = [path for path in DOCS.rglob("*") if BUILD not in path.parents]
    sources += capture.runner.EXAMPLES.rglob("*")
    sources += results.rglob("*.json")  # other machines' results too
    for path in sorted(sources):
        if path.is_file() and path.suffix not in (".mo", ".pyc"):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stop(builds) -> None:
    for process in builds.values():
        process.kill()
        process.wait()


def catalog_errors() -> list[str]:
    """Syntax errors in the translation catalogs, found before anything runs."""
    import catalogs

    return [error for po in sorted(catalogs.LOCALES.rglob("*.po"))
            for error in catalogs.syntax_errors(Path(catalogs.shown_path(po)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start-method", choices=capture.METHODS,
                        help="capture and show this start method only (quicker)")
    parser.add_argument("--out", type=Path, default=BUILD / "html",
                        help="where the two trees go (default: %(default)s)")
    parser.add_argument("--results", type=Path, default=capture.RESULTS,
                        help="where results are kept (default: %(default)s)")
    options = parser.parse_args()
    # Into a pipe (CI, | tee) too, each progress line as it happens.
    sys.stdout.reconfigure(line_buffering=True)
    # Stopped by SIGTERM, end the examples as Ctrl-C would (capture.py).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        errors = [f"malformed translation catalog: {error}" for error in catalog_errors()]
        said = []
        if not errors:
            methods = (options.start_method,) if options.start_method else capture.METHODS
            _, errors = build(options.out, options.results, methods,
                              log=lambda line: (said.append(line), print(line)))
    except KeyboardInterrupt:
        print("\ninterrupted: the examples and Sphinx were stopped",
              file=sys.stderr)
        return 130
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    up_to_date = said and said[-1].startswith("site up to date")
    if not errors and not up_to_date:
        print(f"built {options.out / 'index.html'} (en/ and zh_CN/ beside it)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
