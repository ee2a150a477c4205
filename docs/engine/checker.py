"""The learner's checker, examples/check.py: list the exercises, check a script.

    python3 examples/check.py                     the exercises, one a line
    python3 examples/check.py join                check examples/join/<its starter>
    python3 examples/check.py join --solution     check the model solution
    python3 examples/check.py join my_try.py      check any file for exercise join
    python3 examples/check.py examples/join/sleep_together.py

It needs only Python 3.10+ (no Sphinx, no babel): the words come from
docs/locales/<language>/LC_MESSAGES/notes.po through words.choose(), in the
language of LC_ALL, LC_MESSAGES or LANG (zh_CN or English), or --lang.
Exit status: 0 every start method passed; 1 a check failed; 2 nothing
failed, but the claims on the process record were not checked (no
psutil), or the command line was wrong; 130 Ctrl-C.
"""
from __future__ import annotations

import argparse
import locale
import os
import signal
import sys
from pathlib import Path

from . import claims, config, exercises
from .render import words
from .render.words import _
from .run import recorder

FAILED, UNCHECKED, INTERRUPTED = 1, 2, 130


def language(wanted: str | None = None, environ=os.environ) -> str:
    """The learner's language among those we have: ``wanted``, or the
    locale's (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them;
    the system's on Windows), "zh_CN.UTF-8" and "zh" giving zh_CN; else en."""
    if not wanted:
        wanted = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG")
                       if environ.get(name)), None)
    if not wanted and os.name == "nt":
        wanted = locale.getlocale()[0] or ""  # "zh_CN" or "Chinese (Simplified)_China"
    code = (wanted or "").split(".")[0].split("@")[0].replace("-", "_")
    have = words.languages()
    if code in have:
        return code
    first = code.split("_")[0].lower()
    if first.startswith("chinese"):
        first = "zh"
    return next((lang for lang in have if lang.split("_")[0].lower() == first), "en")


def shown(path) -> str:
    """A path as the learner typed it, relative to the project if inside."""
    try:
        return Path(path).resolve().relative_to(config.ROOT).as_posix()
    except ValueError:
        return str(path)


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="python3 examples/check.py",
        description=_("Check your solution to an exercise of the site: run it as "
                      "the site runs its examples, under every start method, and "
                      "say per method whether it does what the exercise asks."),
        epilog=_("Without arguments: list the exercises. EXERCISE alone checks its "
                 "starter file, which you change; EXERCISE FILE checks a copy you "
                 "made, so you can keep the starter; a starter's PATH works as "
                 "EXERCISE. Exit status: 0 passed, 1 failed, 2 not fully checked "
                 "(psutil missing), 130 interrupted."))
    command.add_argument("exercise", nargs="?", metavar="EXERCISE|PATH",
                         help=_("an exercise's name (see the list), or the path "
                                "of its starter"))
    command.add_argument("file", nargs="?", metavar="FILE",
                         help=_("your script for EXERCISE (default: its starter)"))
    command.add_argument("--solution", action="store_true",
                         help=_("check the model solution, to see what passing "
                                "looks like"))
    command.add_argument("--start-method", choices=config.METHODS,
                         help=_("check under this start method only (default: "
                                "every one this system has)"))
    command.add_argument("--timeout", type=float, metavar=_("SECONDS"),
                         help=_("stop a run after this many seconds (default: "
                                "the exercise's)"))
    command.add_argument("--lang", metavar="LANG",
                         help=_("the language of the messages: en or zh_CN "
                                "(default: from LANG)"))
    return command


def list_exercises(out) -> int:
    found = claims.exercises()
    width = max(len(e.name) for e in found)
    pages = max(len(e.page) for e in found)
    out(_("Exercises (check yours with: python3 examples/check.py NAME):"))
    for exercise in found:
        out(f"{exercise.name:<{width}}  {exercise.page:<{pages}}  {exercise.task()}")
    return 0


def main(argv=None, out=print) -> int:
    argv = sys.argv[1:] if argv is None else argv
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--lang")
    words.choose(language(first.parse_known_args(argv)[0].lang))
    options = parser().parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each line as it is said
    if options.exercise is None:
        return list_exercises(out)

    def fail(message: str) -> int:
        print(f"check.py: {message}", file=sys.stderr)
        return UNCHECKED

    exercise = exercises.find(options.exercise)
    path = None
    if exercise is None:  # a starter's path
        if options.file or not Path(options.exercise).is_file():
            return fail(_("no exercise is called {name!r}, and there is no such "
                          "file; python3 examples/check.py lists the exercises").format(
                              name=options.exercise))
        exercise = exercises.by_starter(options.exercise)
        if exercise is None:
            return fail(_("{path} is not the starter of an exercise: name the "
                          "exercise too, as in python3 examples/check.py EXERCISE "
                          "{path}").format(path=options.exercise))
        path = Path(options.exercise)
    if options.solution:
        path = config.EXAMPLES / exercise.solution
    elif options.file:
        path = Path(options.file)
    path = path or config.EXAMPLES / exercise.starter
    if not path.is_file():
        return fail(_("no such file: {path}").format(path=options.file or path))
    try:
        compile(path.read_bytes(), str(path), "exec")
    except SyntaxError as error:
        out(_("{path} has a syntax error on line {line}: {message}").format(
            path=shown(path), line=error.lineno, message=error.msg))
        if error.text:
            out("    " + error.text.rstrip())
        out(_("Python cannot run it; nothing was started."))
        return FAILED
    except ValueError as error:  # a NUL byte: not a Python script at all
        return fail(f"{shown(path)}: {error}")
    methods = (options.start_method,) if options.start_method else config.METHODS
    timeout = options.timeout or exercise.timeout
    out(_("Exercise {name}: {task}").format(name=exercise.name, task=exercise.task()))
    out(_("Checking {path} under {methods} (at most {seconds:g} s each) ...").format(
        path=shown(path), methods=", ".join(methods), seconds=timeout))
    if recorder.psutil is None:
        out(_("psutil is not installed, so the claims about the processes (which "
              "ran when, which were left behind) cannot be checked; to check them "
              "too: python3 -m pip install psutil"))
    # SIGTERM (a closed terminal, `kill`) ends the runs as Ctrl-C does.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        verdicts = exercises.check(exercise, path, methods, timeout,
                                   done=lambda verdict: report(verdict, out))
    except KeyboardInterrupt:
        out("")
        out(_("Interrupted: every process the check had started was ended."))
        return INTERRUPTED
    passed = sum(v.passed for v in verdicts)
    if any(v.failures for v in verdicts):
        out(_("{passed} of {count} start methods passed.").format(
            passed=passed, count=len(verdicts)))
        return FAILED
    if any(v.unchecked for v in verdicts):
        out(_("Nothing failed of what could be checked, but not everything was "
              "checked: install psutil and check again."))
        return UNCHECKED
    out(_("Passed under every start method: well done.") if len(verdicts) > 1
        else _("Passed."))
    return 0


def interrupt(*_args):
    raise KeyboardInterrupt


def report(verdict: exercises.Verdict, out) -> None:
    """One method's verdict: passed, or what was expected and what happened."""
    if verdict.failures:
        out(_("{method}: failed").format(method=verdict.method))
        for failure in verdict.failures:
            out("  - " + failure)
        if verdict.output:
            out("  " + _("its last lines of output:"))
            for line in verdict.output:
                out("    | " + line)
    elif verdict.unchecked:
        out(_("{method}: the output is right; not checked without psutil: {claims}").format(
            method=verdict.method, claims=", ".join(verdict.unchecked)))
    else:
        out(_("{method}: passed ({seconds:.1f} s)").format(
            method=verdict.method, seconds=verdict.result.wall_time))
