"""Read examples/examples.toml and check it against its schema.

Every mistake is reported with the file, the entry and the key, so that a
misspelt ``timout`` or ``runs = ["--no-lock"]`` fails the build instead of
being ignored or run as ``- - n o - l o c k``. The schema:

    [defaults]
    timeout = 60                  # positive number of seconds

    ["<path below examples/ of an existing script>"]
    runs = [["--no-lock"], []]    # list of argument lists (strings)
    timeout = 10                  # positive number
    expect_failure = true         # bool
    shown_by = "server/x.py"      # an existing script that runs this one
    exclusive = true              # bool: measures CPU speed, runs alone
"""
from __future__ import annotations

import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


class ManifestError(ValueError):
    """examples/examples.toml is not valid; the message says where."""


def _positive_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _argument_lists(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(args, list) and all(isinstance(arg, str) for arg in args)
        for args in value)


def _boolean(value) -> bool:
    return isinstance(value, bool)


def _string(value) -> bool:
    return isinstance(value, str)


DEFAULT_KEYS = {"timeout": (_positive_number, "a positive number of seconds")}
ENTRY_KEYS = {
    "runs": (_argument_lists, 'a list of argument lists, like [["--no-lock"], []]'),
    "timeout": (_positive_number, "a positive number of seconds"),
    "expect_failure": (_boolean, "true or false"),
    "shown_by": (_string, "the path of the example that runs it"),
    "exclusive": (_boolean, "true or false"),
}


_checked: dict = {}  # (path, size, mtime) -> table: read and checked once


def load(path: Path) -> dict:
    """The manifest at ``path``, checked; ManifestError names what is wrong.

    The table returned is shared between callers: do not change it."""
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


def _load(path: Path) -> dict:
    examples = path.parent
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
    _check(shown, "[defaults]", defaults, DEFAULT_KEYS)
    if "timeout" not in defaults:
        raise ManifestError(f"{shown}: [defaults]: timeout is missing")
    for name, entry in table.items():
        if name == "defaults":
            continue
        where = f'["{name}"]'
        if not isinstance(entry, dict):
            raise ManifestError(f"{shown}: {name!r} must be a table named after a "
                                "script, like [\"join/join_serial.py\"]")
        if not name.endswith(".py") or not (examples / name).is_file():
            raise ManifestError(f"{shown}: {where}: no such example: examples/{name}")
        _check(shown, where, entry, ENTRY_KEYS)
        peer = entry.get("shown_by")
        if peer is not None and not (examples / peer).is_file():
            raise ManifestError(f"{shown}: {where}: shown_by: no such example: "
                                f"examples/{peer}")
    return table


def _check(shown: str, where: str, entry: dict, keys: dict) -> None:
    for key, value in entry.items():
        if key not in keys:
            raise ManifestError(f"{shown}: {where}: unknown key {key!r} "
                                f"(known: {', '.join(keys)})")
        valid, meaning = keys[key]
        if not valid(value):
            raise ManifestError(f"{shown}: {where}: {key} must be {meaning}, "
                                f"not {value!r}")


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
