"""Commands are spelled one way wherever a reader is told to type one.

``python3`` for the interpreter (Linux and macOS have it; README says to type
``py`` on Windows) and ``python3 -m nox -s SESSION`` for nox, which works
right after ``python3 -m pip install nox`` whether or not pip's scripts folder
is on PATH.
"""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

TEXTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CONTRIBUTING.zh_CN.md",
         *sorted((ROOT / "docs").glob("*.md")),
         *sorted((ROOT / "docs" / "locales").rglob("*.po")),
         # the output blocks' "$ python3 ...", the tools' usage lines, the
         # tests' messages that say what to run
         *sorted((ROOT / "docs").glob("*.py")),
         *sorted((ROOT / "docs" / "engine").rglob("*.py")),
         *sorted((ROOT / "docs" / "extensions").rglob("*.py")),
         ROOT / "noxfile.py",
         *sorted(path for path in (ROOT / "tests").glob("*.py")
                 if path.name != "test_commands.py")]  # which spells them wrong
OTHER_SPELLINGS = re.compile(
    r"(?<![\w./-])python(?= +(?:-m\b|examples/|docs/|[\w./-]+\.py\b))"  # python -m, x.py
    r"|(?<![\w./-])py(?= +(?:-m\b|examples/|docs/|[\w./-]+\.py\b))"
    r"|(?<!-m )(?<![\w./-])nox(?= +-[sl]\b)")            # nox -s without python3 -m


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_commands_are_spelled_python3(path):
    found = [f"{path.name}:{number}: {line.strip()}"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if OTHER_SPELLINGS.search(line)]
    assert found == [], "spell it python3 ... / python3 -m nox -s ..."


def test_the_rule_finds_the_other_spellings():
    for wrong in ("python -m nox -s docs", "`nox -s tests`", "$ python examples/a.py",
                  "py -m nox -l", "run python docs/build_site.py",
                  "as shown: `python examples/…`"):
        assert OTHER_SPELLINGS.search(wrong), wrong
    for right in ("python3 -m nox -s docs", "$ python3 examples/a.py",
                  "Python code", "two `python3` lines", "a nox session"):
        assert not OTHER_SPELLINGS.search(right), right
