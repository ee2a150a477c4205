"""Where results are kept, under which key, and who may write them.

A result is kept in ``<results>/<platform>/<start method>/<example>.json``
(platform: ``Linux-CPython-3.11``, see run.result.platform_tag) with a key
that hashes what it depends on: the example's folder, its manifest entry,
the code that runs it, the interpreter's version and the system. A result
whose key still matches is reused, so a rebuild after no change runs no
example. Results are written atomically; one build at a time writes them.
Results captured on other machines are brought in beside these by merge.py.
"""
from __future__ import annotations

import contextlib
import hashlib
import platform
import re
import sys
from pathlib import Path

from . import config, examples, files
from .examples import Example
from .run import runner
from .run.result import Result, platform_tag

RUN = Path(runner.__file__).parent
# The code that runs an example and records what it did: a change to it
# changes every key.
RUNNER_SOURCES = sorted(RUN.glob("*.py")) + [RUN / "startup" / "sitecustomize.py"]


def identity() -> tuple[str, str, str]:
    """This interpreter as results name it: implementation, version, system."""
    return (platform.python_implementation(), platform.python_version(),
            platform.system())


def key(example: Example, start_method: str, interpreter=None) -> str:
    """A hash of everything the result of ``example`` depends on.

    That is the script, the files of its folder that it names (a server it
    starts, a module it imports), its manifest entry, the code that runs it,
    and the interpreter: ``interpreter`` (identity() by default), so that a
    result from another machine is checked against its own. Changing one
    example repeats only that example's runs.
    """
    path = config.EXAMPLES / example.script
    sources = [path, *named_siblings(path), *RUNNER_SOURCES, *commanded(example)]
    table = examples.manifest()
    entry = (table.defaults, table.entries.get(example.script))
    # The interpreter by its version, not its path: every virtual
    # environment of one Python gives the same results.
    described = repr((example, entry, start_method, interpreter or identity()))
    # Sphinx asks for the keys of every example of every page, and again
    # while it waits for a result: computed once per version of the files.
    versions = (described, *((source, version_of(source)) for source in sources))
    if versions not in _keys:
        digest = hashlib.sha256()
        for source in sources:
            digest.update(source.name.encode() + b"\0" + text_of(source))
        digest.update(described.encode())
        if len(_keys) > 4096:
            _keys.clear()
        _keys[versions] = digest.hexdigest()[:16]
    return _keys[versions]


_keys: dict[tuple, str] = {}


_texts: dict[Path, tuple[tuple[int, int], bytes]] = {}


def version_of(path: Path) -> tuple[int, int]:
    """What changes when ``path``'s content does: its size and mtime."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def text_of(path: Path) -> bytes:
    """The bytes of ``path``, line endings as git stores them (a Windows
    checkout has CRLF, and its results must match this checkout's key, or
    merge.py refuses them all as stale). Read again only when its size or
    mtime changed: Sphinx computes the keys of every example of every page
    many times a build, and most of what they hash is the same runner."""
    version = version_of(path)
    kept = _texts.get(path)
    if kept is None or kept[0] != version:
        kept = _texts[path] = (version, path.read_bytes().replace(b"\r\n", b"\n"))
    return kept[1]


def commanded(example: Example) -> list[Path]:
    """What a command directly in examples/ (check.py) reads: the engine,
    the claims files (the exercises are declared there), the catalogs of
    the code's words, and the starter and solution (and the files they
    name) of each exercise its arguments name. Not the other examples:
    changing one of them reruns only its own runs."""
    if "/" in example.script:
        return []
    named = [path for arg in example.args
             if not arg.startswith("-") and (config.EXAMPLES / arg).is_dir()
             for path in examples.exercise_files(config.EXAMPLES / arg)]
    return sorted({*config.CLAIMS.glob("*.py"),
                   *Path(config.DOCS, "engine").rglob("*.py"),
                   *config.LOCALES.glob("*/LC_MESSAGES/notes.po"),
                   *named, *(sibling for path in named for sibling in named_siblings(path))})


_siblings: dict[tuple, list[Path]] = {}


def named_siblings(path: Path) -> list[Path]:
    """The other files of ``path``'s folder that its text names."""
    # Found again only when the script or its folder (a file added,
    # removed or renamed) changed.
    versions = (path, version_of(path), path.parent.stat().st_mtime_ns)
    if versions not in _siblings:
        text = text_of(path).decode("utf-8")
        _siblings[versions] = [
            sibling for sibling in sorted(path.parent.iterdir())
            if sibling != path and sibling.is_file() and (
                sibling.name in text or re.search(
                    rf"^\s*(from|import)\s+{re.escape(sibling.stem)}\b", text, re.M))]
    return list(_siblings[versions])


def key_of(example: Example, result: Result) -> str:
    """What ``result``'s key must be to be current, wherever it was run."""
    return key(example, result.start_method,
               (result.implementation, result.python, result.system))


def is_current(example: Example, result: Result | None) -> bool:
    return result is not None and result.key == key_of(example, result)


def path_of(results: Path, start_method: str, example: Example,
            platform: str | None = None) -> Path:
    folder = results / (platform or platform_tag())
    return folder / start_method / f"{example.name}.json"


def platforms(results: Path) -> list[str]:
    """The platforms that have results: this one first, then the others."""
    here = platform_tag()
    found = sorted(p.name for p in results.glob("*-*-*") if p.is_dir())
    return [here] + [tag for tag in found if tag != here]


def others(results: Path, example: Example) -> list[tuple[str, str, Result]]:
    """(platform, start method, result) of ``example`` from other machines."""
    found = []
    for tag in platforms(results)[1:]:
        for folder in sorted((results / tag).iterdir()):
            result = load(results, folder.name, example, tag)
            if result is not None:
                found.append((tag, folder.name, result))
    return found


def others_fingerprint(results: Path, example: Example) -> str:
    """A hash of the result files of ``example`` from other machines: it
    changes when merge.py brings one in, changes or drops one."""
    digest = hashlib.sha256()
    for tag in platforms(results)[1:]:
        for folder in sorted((results / tag).iterdir()):
            path = path_of(results, folder.name, example, tag)
            try:
                digest.update(path.relative_to(results).as_posix().encode() + b"\0"
                              + path.read_bytes())
            except OSError:  # none: that machine has no result of it
                continue
    return digest.hexdigest()[:16]


def load(results: Path, start_method: str, example: Example,
         platform: str | None = None, report: bool = True) -> Result | None:
    """The kept result of ``example``, or None if there is none.

    A file that is not a result this code can read (cut short, emptied,
    edited, or written when Result had other fields) counts as no result:
    the example is run again, and (if ``report``) a line on stderr names
    the file.
    """
    path = path_of(results, start_method, example, platform)
    try:
        return Result.from_json(path.read_text("utf-8"))
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


def write(path: Path, result: Result) -> None:
    """Keep ``result`` at ``path``, atomically (files.WriteError names it)."""
    files.write_atomically(path, result.to_json().encode("utf-8"), "result")


def previous_time(results: Path, example: Example, method: str) -> float:
    """How long ``example`` took when last captured here (0 if never)."""
    kept = load(results, method, example, report=False)
    return kept.wall_time if kept else 0.0


class LockError(files.WriteError):
    """The build's lock could not be taken: its folder cannot be written."""


@contextlib.contextmanager
def one_build_at_a_time(folder: Path, log=print):
    """Hold ``folder``/build.lock while building; a second build waits.

    Two builds writing one results folder and one site at once would leave
    a site that shows another run than its results. The system releases
    the lock when its holder dies, however it dies.
    """
    import filelock

    lock = filelock.FileLock(folder / "build.lock")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            log(f"another build is running in this checkout (it holds {lock.lock_file}); "
                "waiting for it to finish")
            lock.acquire()
    except OSError as error:  # a read-only or full disk, a folder not ours
        raise LockError(error.errno, f"cannot write in {folder} ({error.strerror or error}), "
                        "where the build keeps its lock, results and site: make it "
                        "writable, or build elsewhere with --out and --results") from error
    try:
        yield
    finally:
        lock.release()
