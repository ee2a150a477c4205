"""Build the site: run the examples, then Sphinx for both languages at once.

    python3 docs/build_site.py [--start-method spawn] [--out DIR] [--results DIR]

The examples run (capture.py; results still up to date are reused) while one
sphinx-build per language reads the pages beside them, with warnings as
errors; each build writes a page once its results are there. The trees go to
docs/_build/html/en/ and docs/_build/html/zh_CN/, beside a root index.html
that sends a visitor to the language their browser prefers.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import typing
from pathlib import Path

from extensions import language_switch

from . import capture, config, examples, files, store
from .run import processes

LANGUAGES = tuple(language_switch.LANGUAGES)  # en, zh_CN
BUILD = config.BUILD
SPHINX_BUILD = Path(__file__).with_name("sphinx_build.py")  # python3 -m sphinx, a faster end


class Outcome(typing.NamedTuple):
    """What a build did: the results it ran, its errors, and whether there
    was nothing to do (no input changed since the site was built)."""

    ran: list
    errors: list[str]
    up_to_date: bool = False


def sphinx_command(language, results, methods, tree: Path, doctrees: Path,
                   *extra, source=config.DOCS) -> list[str]:
    """sphinx-build of the site in one language into ``tree`` (or of the
    pages in ``source``, with the site's configuration), warnings as errors."""
    return [sys.executable, str(SPHINX_BUILD), "-W", "--keep-going", "-q",
            "-b", "html", "-c", str(config.DOCS), "-d", str(doctrees),
            "-D", f"language={language}",
            "-D", f"example_results={results}",
            "-D", f"example_start_methods={','.join(methods)}",
            *extra, str(source), str(tree)]


def up_to_date(out: Path, results: Path, methods) -> bool:
    """Whether the site in ``out`` was built from exactly these inputs:
    then there is nothing to run or write.

    The stamp is written only by a build that ended with every result
    current and showable, and it hashes all that a result's key and its
    claims depend on (examples, manifest, engine, claims, results, Python
    and packages): so the results need no second look, which would cost
    more than the rest of a no-change rebuild.
    """
    stamp = out / ".inputs"
    return stamp.is_file() and stamp.read_text() == inputs(results, methods)


def build(out=BUILD / "html", results=config.RESULTS, methods=config.METHODS,
          log=print, trace=None):
    """Build both trees; return the examples it ran and a list of errors.

    Every example runs under each of ``methods``. Sphinx starts at once,
    beside the examples: it reads and resolves every page while they run,
    and waits for a page's results only to write it. ``trace(event,
    **fields)`` is told when each run and each sphinx-build starts and ends.
    """
    trace = trace or (lambda event, **fields: None)
    if up_to_date(out, results, methods):
        log(f"site up to date: nothing changed since {out} was built")
        return Outcome([], [], up_to_date=True)
    # Sphinx waits for a result at most this long: every run could queue
    # behind the others, and the exclusive ones behind each other.
    every = examples.examples()
    jobs = len(every) * len(methods)
    wait = int(max(example.timeout for example in every) * (
        1 + jobs / capture.CONCURRENCY + sum(e.exclusive for e in every)))
    # In a session of their own, so a terminal's Ctrl-C reaches only this
    # process, which stops them (each would print "Interrupted!" otherwise).
    # Killed with this process, however it dies (SIGKILL included).
    # Their messages are kept until they end (see SphinxMessages).
    builds = {language: subprocess.Popen(sphinx_command(
                  language, results, methods, out / language,
                  out.parent / "doctrees" / language, "-D", f"example_wait={wait}"),
                  start_new_session=True, preexec_fn=sphinx_process_setup,
                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
              for language in LANGUAGES}
    messages = {language: SphinxMessages(process) for language, process in builds.items()}
    for language, process in builds.items():
        trace("start", sphinx=language)
        threading.Thread(target=lambda language=language, process=process: (
            process.wait(), trace("end", sphinx=language)), daemon=True).start()
    try:
        ran, errors = capture.capture(results, methods, log, trace=trace)
        if errors:  # Sphinx would only wait for results that will not come
            stop(builds)
            return Outcome(ran, errors)
        # Hashed now, while Sphinx writes the last pages on the other core,
        # not after it: nothing it hashes changes once the results are in.
        stamp = inputs(results, methods)
        for language, process in builds.items():
            failed = process.wait()
            for error in messages[language].report(language, out, failed):
                if error not in errors:  # one line for both languages' full disk
                    errors.append(error)
    except BaseException:
        stop(builds)
        raise
    if not errors:
        language_switch.write_root_index(out, config.site_url())
        files.write_atomically(out / ".inputs", stamp.encode(), "build stamp")
    return Outcome(ran, errors)


class SphinxMessages:
    """What one sphinx-build says, kept until it ends, then told once.

    Told at the end, after the examples' progress, and only if it says
    something. When the disk cannot take the site (full, read-only, over
    quota), every page fails with the same cause: dozens of warnings and a
    traceback would hide it, so one line names it instead.
    """

    KEPT = 2000  # lines; the rest is counted
    CANNOT_WRITE = re.compile(r"No space left on device|Read-only file system|"
                              r"Disk quota exceeded|File too large")

    def __init__(self, process):
        self.lines: list[str] = []
        self.more = 0
        self.thread = threading.Thread(target=self._read, args=(process.stdout,),
                                       daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, b""):
            if len(self.lines) < self.KEPT:
                self.lines.append(line.decode("utf-8", "replace"))
            else:
                self.more += 1

    def report(self, language: str, out: Path, failed: bool) -> list[str]:
        """Print what it said; return the errors of a build that failed."""
        self.thread.join(10)
        cause = next((found[0] for line in self.lines
                      for found in [self.CANNOT_WRITE.search(line)] if found), None)
        if cause:
            shown = out.with_name(out.name.removesuffix(STAGING))
            return [f"Sphinx could not write the site into {shown} ({cause}): free some "
                    "space on its disk (or make it writable) and build again"]
        if self.lines:
            sys.stderr.write("".join(self.lines))
            if self.more:
                sys.stderr.write(f"[… and {self.more} more lines]\n")
            sys.stderr.flush()
        return [f"sphinx-build ({language}) failed: see the messages above"] if failed else []


def sphinx_process_setup() -> None:
    """Run in each sphinx-build before it starts (a preexec_fn)."""
    processes.die_with_parent()
    # The examples are timed and Sphinx is not: it gets the processor only
    # when they leave it free, so that what they print is close to what a
    # reader's quiet machine prints, and the CPU-bound example (exclusive in
    # examples.toml) has the cores to itself.
    os.nice(10)


def inputs(results: Path, methods) -> str:
    """A hash of everything the built site depends on.

    The pages, catalogs, extensions and theme files below docs/, the examples,
    their results, and the versions of Python and of every installed package.
    Sphinx would find nothing to do when it is unchanged; skipping Sphinx
    then saves its start-up, about two seconds.
    """
    digest = hashlib.sha256(repr((sys.version, methods, config.site_url(), sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ))).encode())
    sources = [path for path in config.DOCS.rglob("*") if BUILD not in path.parents]
    sources += config.EXAMPLES.rglob("*")
    sources += results.rglob("*.json")  # other machines' results too
    for path in sorted(sources):
        if path.is_file() and path.suffix not in (".mo", ".pyc"):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stop(builds) -> None:
    for process in builds.values():
        process.kill()
        process.wait()


def build_kept(out=BUILD / "html", results=config.RESULTS, methods=config.METHODS,
               log=print, trace=None):
    """build() into a copy of ``out``, put in its place only if it succeeded.

    A failed or interrupted build leaves the last good site as it was; a
    site is never half old, half new.
    """
    if up_to_date(out, results, methods):
        # build() would find the same and write nothing: no copy needed.
        log(f"site up to date: nothing changed since {out} was built")
        return Outcome([], [], up_to_date=True)
    staging = staging_folder(out)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if out.is_dir():  # Sphinx then writes only what changed
            shutil.copytree(out, staging, symlinks=True)
    except (OSError, shutil.Error) as error:  # a full disk, say
        shutil.rmtree(staging, ignore_errors=True)
        raise files.WriteError(getattr(error, "errno", None), (
            f"cannot copy the site {out} to build beside it ({first_reason(error)}): "
            f"free some space on its disk and build again; {out} still holds the "
            "last good site")) from error
    try:
        outcome = build(staging, results, methods, log, trace)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if outcome.errors:
        shutil.rmtree(staging, ignore_errors=True)
        if out.is_dir():
            log(f"the build failed: {out} still holds the last good site")
        return outcome
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.is_dir():
        os.replace(out, old)
    os.replace(staging, out)
    if trace:
        trace("ready")  # the new site is in place; what follows is cleanup
    shutil.rmtree(old, ignore_errors=True)
    return outcome


def first_reason(error: Exception) -> str:
    """What went wrong, in a few words: shutil.Error lists every file
    that could not be copied (thousands, on a full disk): the first will do."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        errors = error.args[0]
        _, _, why = errors[0]
        more = f", and {len(errors) - 1} more files" if len(errors) > 1 else ""
        return f"{why}{more}"
    return getattr(error, "strerror", None) or str(error)


STAGING = ".building"  # a site is built in <out>.building, then put in place


def staging_folder(out: Path) -> Path:
    return out.with_name(out.name + STAGING)


def stop_on_signals() -> None:
    """SIGTERM, SIGHUP or SIGINT ends the build as Ctrl-C does, and so does
    the death of the process that started it (nox killed, say): everything
    this build started is then ended (see main). The first signal wins: the
    ones after it (nox follows Ctrl-C with SIGTERM) do not cut the cleanup
    short."""
    def stop(number, frame):
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        if number == signal.SIGINT:
            raise KeyboardInterrupt
        sys.exit(128 + number)

    # Set SIGINT too: a job started in the background inherits it ignored.
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        signal.signal(getattr(signal, name), stop)
    processes.die_with_parent(signal.SIGTERM)  # when nox dies (Linux)
    # Orphans of what we start (a sphinx-build's, an example's) come back
    # to us, so that the cleanup in main() finds them.
    processes.become_subreaper()


def catalog_errors() -> list[str]:
    """Syntax errors in the translation catalogs, found before anything runs."""
    from extensions import catalogs  # babel: a site dependency, as Sphinx is

    return [error for po in sorted(catalogs.LOCALES.rglob("*.po"))
            for error in catalogs.syntax_errors(po)]


@contextlib.contextmanager
def tracing(path: Path | None):
    """A trace(event, **fields) that writes JSON lines with the time (the
    time.monotonic() clock, which every process of the machine shares)."""
    if path is None:
        yield None
        return
    lock = threading.Lock()
    with open(path, "w", encoding="utf-8") as file:
        def trace(event: str, **fields) -> None:
            with lock:
                file.write(json.dumps({"at": time.monotonic(), "event": event, **fields})
                           + "\n")
        trace("build")
        yield trace
        trace("built")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 docs/build_site.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--start-method", choices=config.METHODS,
                        help="capture and show this start method only (quicker)")
    parser.add_argument("--out", type=Path, default=BUILD / "html",
                        help="where the two trees go (default: %(default)s)")
    parser.add_argument("--results", type=Path, default=config.RESULTS,
                        help="where results are kept (default: %(default)s)")
    parser.add_argument("--trace", type=Path, metavar="FILE",
                        help="write when each run and sphinx-build started and "
                        "ended into FILE, one JSON line each (the bench reads it)")
    options = parser.parse_args(argv)
    # Into a pipe (CI, | tee) or a file too, each progress line as it
    # happens, and before any error.
    sys.stdout.reconfigure(line_buffering=True)
    stop_on_signals()
    outcome = Outcome([], [])
    try:
        errors = [f"malformed translation catalog: {error}" for error in catalog_errors()]
        if not errors:
            methods = (options.start_method,) if options.start_method else config.METHODS
            try:
                with store.one_build_at_a_time(options.out.parent, print), \
                        tracing(options.trace) as trace:
                    outcome = build_kept(options.out, options.results, methods, trace=trace)
            except store.LockError:
                # Nothing to write (a read-only checkout, a full disk):
                # a site that is up to date needs no lock.
                if not up_to_date(options.out, options.results, methods):
                    raise
                print(f"site up to date: nothing changed since {options.out} was built")
                outcome = Outcome([], [], up_to_date=True)
            errors = outcome.errors
    except (examples.ManifestError, files.WriteError) as error:
        errors = [str(error)]
    except OSError as error:  # a disk that fails in a way not foreseen above
        kept = (f"; {options.out} still holds the last good site"
                if options.out.is_dir() else "")
        errors = [f"the build could not go on: {error}{kept}"]
    except KeyboardInterrupt:
        print("\ninterrupted: the examples and Sphinx were stopped",
              file=sys.stderr)
        return 130
    finally:
        # Whatever happened, nothing this build started runs on, and no
        # sphinx-build writes into a half-built copy after it was removed.
        processes.end_all(processes.descendants)
        shutil.rmtree(staging_folder(options.out), ignore_errors=True)
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    if not errors and not outcome.up_to_date:
        print(f"built {options.out / 'index.html'} (en/ and zh_CN/ beside it)")
    return 1 if errors else 0
