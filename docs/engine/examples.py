"""The examples: every script below examples/, and how the manifest runs it.

examples/examples.toml says how each script is run; a script it does not
name runs once, with no arguments, under the default timeout. Its keys are
the fields of ``Entry`` below, each with what it must be: a misspelt
``timout`` or ``runs = ["--no-lock"]`` fails the build, naming the file, the
entry and the key, instead of being ignored or run as ``- - n o - l o c k``.

    [defaults]
    timeout = 60

    ["mutex/buy_tickets.py"]
    runs = [["--no-lock"], []]

An ``Example`` is one way of running one script: the script and its
arguments, as pages name it in ``{example} mutex/buy_tickets.py --no-lock``.
"""
from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from . import config


class ManifestError(ValueError):
    """examples/examples.toml is not valid; the message says where."""


def _positive_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _argument_lists(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(args, list) and all(isinstance(arg, str) for arg in args)
        for args in value)


def _key(check, meaning: str, default=dataclasses.MISSING, **field):
    """A manifest key: its check, what it must be (for the error), its default."""
    return dataclasses.field(default=default,
                             metadata={"check": check, "meaning": meaning}, **field)


SECONDS = (_positive_number, "a positive number of seconds")
BOOLEAN = (lambda value: isinstance(value, bool), "true or false")


@dataclasses.dataclass(frozen=True)
class Defaults:
    """The manifest's [defaults] table."""

    timeout: float = _key(*SECONDS)


@dataclasses.dataclass(frozen=True)
class Entry:
    """A script's table in the manifest; every key may be left out."""

    # The argument lists to run it with, one result each.
    runs: tuple = _key(_argument_lists,
                       'a list of argument lists, like [["--no-lock"], []]', ((),))
    # Seconds before it is killed with everything it started.
    timeout: float | None = _key(*SECONDS, None)
    # It is meant to fail: a non-zero exit is accepted, and its claims say
    # how it must fail.
    expect_failure: bool = _key(*BOOLEAN, False)
    # It is not run alone (it needs a peer): the named example runs it and
    # its output appears there.
    shown_by: str | None = _key(lambda value: isinstance(value, str),
                                "the path of the example that runs it", None)
    # It keeps the processor busy and times itself: it needs free cores,
    # so the capture starts it only while no other such example runs.
    exclusive: bool = _key(*BOOLEAN, False)


@dataclasses.dataclass(frozen=True)
class Example:
    """One way of running one example: a script and its arguments."""

    script: str  # below examples/, with forward slashes
    args: tuple[str, ...] = ()
    timeout: float = 60.0
    expect_failure: bool = False
    exclusive: bool = False

    @property
    def name(self) -> str:
        """What pages and claims call it: the command line after python."""
        return " ".join((self.script, *self.args))

    @property
    def page(self) -> str:
        """The page that shows it, as its folder names it: ``join``."""
        return page_of(self.script)


SOLUTION_SUFFIX = "_solution"


def solution_of(starter: str) -> str:
    """An exercise's model solution is its starter's name with ``_solution``:
    ``join/sleep_together.py`` → ``join/sleep_together_solution.py``."""
    stem, dot, suffix = starter.rpartition(".")
    return f"{stem}{SOLUTION_SUFFIX}{dot}{suffix}"


def exercise_files(folder: Path) -> list[Path]:
    """The starters and model solutions in ``folder`` (what the learner's
    checker runs), found by the naming rule of ``solution_of``."""
    solutions = sorted(folder.glob(f"*{SOLUTION_SUFFIX}.py"))
    return [path for solution in solutions for path in (
        solution.with_name(solution.name.replace(SOLUTION_SUFFIX + ".", ".")), solution)
        if path.is_file()]


def page_of(script: str) -> str:
    """The page of a script: its folder's name; ``index`` for a command
    directly in examples/ (check.py, which the index explains)."""
    return script.split("/")[0] if "/" in script else "index"


@dataclasses.dataclass(frozen=True)
class Manifest:
    defaults: Defaults
    entries: dict[str, Entry]


def manifest_path() -> Path:
    return config.EXAMPLES / config.MANIFEST_NAME


_scripts: dict = {}  # the folders' (path, mtime) -> the scripts in them


def scripts() -> list[str]:
    """Every script below examples/, as its path below that folder."""
    # Found again only when a folder changed (a script added, removed or
    # renamed changes its folder's mtime): Sphinx asks for every example
    # of every page, hundreds of times a build.
    folders = tuple((folder, os.stat(folder).st_mtime_ns)
                    for folder, _, _ in os.walk(config.EXAMPLES))
    if folders not in _scripts:
        _scripts.clear()
        _scripts[folders] = sorted(p.relative_to(config.EXAMPLES).as_posix()
                                   for p in config.EXAMPLES.rglob("*.py"))
    return list(_scripts[folders])


_by_name: list = [None, (), {}]  # the manifest and scripts it is of, {name: Example}


def examples() -> list[Example]:
    """Every run of every script, as the manifest says."""
    return list(_index().values())


def _index() -> dict[str, Example]:
    table, found = manifest(), tuple(scripts())
    # manifest() returns the same table while the file is unchanged; the
    # table kept here cannot be freed and its id reused.
    if _by_name[0] is not table or _by_name[1] != found:
        index = {}
        for script in found:
            entry = table.entries.get(script, Entry())
            if entry.shown_by is not None:
                continue
            for args in entry.runs:
                example = Example(script, tuple(args),
                                  entry.timeout or table.defaults.timeout,
                                  entry.expect_failure, entry.exclusive)
                index[example.name] = example
        _by_name[:] = [table, found, index]
    return _by_name[2]


def find(name: str) -> Example:
    """The example that pages call ``name`` (LookupError if none)."""
    found = _index().get(name)
    if found is not None:
        return found
    raise LookupError(f"no example run is called {name!r}; "
                      "see examples/examples.toml")


def entry_of(script: str) -> Entry:
    """The manifest's entry for ``script`` (the defaults if it has none)."""
    return manifest().entries.get(script, Entry())


_checked: dict = {}  # (path, size, mtime) -> Manifest: read and checked once


def manifest() -> Manifest:
    """examples/examples.toml, checked; ManifestError names what is wrong."""
    path = manifest_path()
    try:
        stat = path.stat()
        version = (str(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        version = None
    if version in _checked:
        return _checked[version]
    table = _load(path)
    if version:
        _checked.clear()
        _checked[version] = table
    return table


def _load(path: Path) -> Manifest:
    examples_folder = path.parent
    shown = _shown(path)
    try:
        with open(path, "rb") as file:
            table = tomllib.load(file)
    except FileNotFoundError:
        raise ManifestError(f"{shown}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{shown}:{_where(error)} invalid TOML: "
                            f"{_message(error)}") from None
    defaults = table.get("defaults")
    if not isinstance(defaults, dict):
        raise ManifestError(f"{shown}: a [defaults] table with a timeout is needed")
    if "timeout" not in defaults:
        raise ManifestError(f"{shown}: [defaults]: timeout is missing")
    checked_defaults = _checked_table(shown, "[defaults]", defaults, Defaults)
    entries = {}
    for name, entry in table.items():
        if name == "defaults":
            continue
        where = f'["{name}"]'
        if not isinstance(entry, dict):
            raise ManifestError(f"{shown}: {name!r} must be a table named after a "
                                "script, like [\"join/join_serial.py\"]")
        if not name.endswith(".py") or not (examples_folder / name).is_file():
            raise ManifestError(f"{shown}: {where}: no such example: examples/{name}")
        checked = _checked_table(shown, where, entry, Entry)
        if checked.shown_by is not None and not (examples_folder / checked.shown_by).is_file():
            raise ManifestError(f"{shown}: {where}: shown_by: no such example: "
                                f"examples/{checked.shown_by}")
        entries[name] = checked
    return Manifest(checked_defaults, entries)


def _checked_table(shown: str, where: str, table: dict, cls):
    """``table`` as a ``cls``, each key checked against the field it fills."""
    fields = {field.name: field for field in dataclasses.fields(cls)}
    for key, value in table.items():
        if key not in fields:
            raise ManifestError(f"{shown}: {where}: unknown key {key!r} "
                                f"(known: {', '.join(fields)})")
        metadata = fields[key].metadata
        if not metadata["check"](value):
            raise ManifestError(f"{shown}: {where}: {key} must be "
                                f"{metadata['meaning']}, not {value!r}")
    values = dict(table)
    if "runs" in values:
        values["runs"] = tuple(tuple(args) for args in values["runs"])
    return cls(**values)


def _shown(path: Path) -> str:
    """The manifest's path as the reader knows it: relative if below cwd."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _where(error) -> str:
    """``22:24:`` from a TOMLDecodeError (attributes from 3.14, else text)."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if line is None:
        found = re.search(r"at line (\d+), column (\d+)", str(error))
        if not found:
            return ""
        line, column = found.groups()
    return f"{line}:{column}:"


def _message(error) -> str:
    return getattr(error, "msg", None) or re.sub(
        r"\s*\(at line \d+, column \d+\)", "", str(error))
