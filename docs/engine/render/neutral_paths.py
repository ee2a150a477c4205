"""Show the paths of the machine that ran an example in one neutral form.

An example's output can contain paths: a traceback names the files of its
frames, and ``ps`` shows the interpreter a child was started with. On the
build machine those are the checkout, a virtual environment, pyenv's folders;
on a reader's machine they are the reader's own. Pages show them the same way
everywhere, and docs/index.md tells readers so:

    the interpreter                     python3
    the project folder                  …/concurrency-notes
    the Python installation             …        (…/lib/python3.11/...)
    the home folder                     ~

A result merged from Windows (merge.py) shows the project folder as
``…\\concurrency-notes``, with Windows separators, and its paths are matched
whatever their case.

Only the shown text changes: the result keeps the real output, and the claims
read that.
"""
from __future__ import annotations

import re

PROJECT = "…/concurrency-notes"
NEUTRAL = {  # name of a path in Result.paths (runner.machine_paths) -> shown as
    "executable": "python3",  # as the pages' commands spell it
    "executable_resolved": "python3",
    "project": PROJECT,
    "stdlib": None,  # below base_prefix: …/lib/python3.X keeps its tail
    "prefix": "…",
    "base_prefix": "…",
    "home": "~",
}
# A path ends where a path component does: not inside a longer name.
END = r"(?![\w.-])"
WINDOWS_PATH = re.compile(r"[A-Za-z]:\\")


def neutral(text: str, paths: dict[str, str]) -> str:
    """``text`` with every machine path of ``paths`` in its neutral form."""
    pairs = [(path, NEUTRAL[name]) for name, path in paths.items()
             if NEUTRAL.get(name) and len(path) > 1]
    # Longest first: the virtual environment lies inside the project folder,
    # the interpreter inside the Python installation.
    for path, shown in sorted(pairs, key=lambda pair: -len(pair[0])):
        flags = 0
        if WINDOWS_PATH.match(path):  # a result merged from a Windows machine
            # shown as a Windows reader would see it, whatever the case
            # of a drive letter or folder the output spells it with
            shown, flags = shown.replace("/", "\\"), re.IGNORECASE
        text = re.sub(re.escape(path) + END, lambda _: shown, text, flags=flags)
    return text
