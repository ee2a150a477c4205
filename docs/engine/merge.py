"""Bring results captured on other machines in beside this machine's.

    python3 docs/merge.py FOLDER [FOLDER ...] [--results DIR]

Each FOLDER is a results folder that capture.py filled on another machine
(the publishing workflow captures on Linux, macOS and Windows): it holds
``<platform>/<start method>/<run>.json``. A result is taken only if it is
current (its key matches the examples and runner of this checkout, for the
interpreter and system that ran it) and passes the claims for its system and
start method; every other one is refused, with the reason. The site then
shows each platform's results in tabs of their own (render/example.py).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from . import claims, config, examples, store
from .run.result import Result, platform_tag


def merge(folders, results=config.RESULTS, log=print) -> tuple[int, list[str]]:
    """Copy every acceptable result of ``folders`` into ``results``.

    Returns how many were taken and why each other one was refused.
    """
    here = platform_tag()
    taken, refused = 0, []
    for folder in map(Path, folders):
        for method_folder in sorted(folder.glob("*/*/")):
            tag, method = method_folder.parent.name, method_folder.name
            for path in sorted(method_folder.rglob("*.json")):
                name = path.relative_to(method_folder).as_posix()[:-len(".json")]
                where = f"{path.relative_to(folder).as_posix()} (from {folder})"
                reason = why_refused(path, name, tag, method, here)
                if reason:
                    refused.append(f"refused {where}: {reason}")
                    continue
                result = Result.from_json(path.read_text("utf-8"))
                example = examples.find(name)
                store.write(store.path_of(results, method, example, tag), result)
                taken += 1
    log(f"merged {taken} results; refused {len(refused)}")
    for reason in refused:
        log("  " + reason)
    return taken, refused


def why_refused(path: Path, name: str, tag: str, method: str,
                here: str) -> str | None:
    if tag == here:
        return f"this machine captures its own {here} results"
    try:
        result = Result.from_json(path.read_text("utf-8"))
    except (OSError, ValueError, TypeError) as error:
        return f"not a result file ({error})"
    try:
        example = examples.find(name)
    except LookupError:
        return "no example run of that name in this checkout"
    if (result.platform, result.start_method) != (tag, method):
        return (f"it says it ran on {result.platform} under {result.start_method}, "
                "not where it is filed")
    if not store.is_current(example, result):
        return "stale: the examples or the runner changed since it was captured"
    problems = claims.problems(example, result)
    if problems:
        return "; ".join(problems)
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 docs/merge.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--results", type=Path, default=config.RESULTS)
    options = parser.parse_args(argv)
    # A refusal is reported, not fatal: the site is still published, without
    # that platform's tab for that example (the tests workflow runs the same
    # claims on every system and fails there).
    merge(options.folders, options.results)
    return 0

