"""Judge a learner's script by an exercise's claims, in the learner's words.

An exercise (claims.exercise(), declared in docs/claims/<page>.py) is a
starter the learner changes and a model solution whose claims say what
"done" is. check() runs a script the way the build runs every example
(run/runner.py: its own interpreter, a terminal where the system has one,
a timeout, everything it started ended), under each start method at once,
and applies those claims to each result. A claim that fails says why in a
sentence (``assert ..., _("...")``), which the learner reads in the
language words.choose() chose; a claim that reads the record of the
processes needs psutil, and without it is named as not checked, never
counted as passed.

The command around it is checker.py (examples/check.py).
"""
from __future__ import annotations

import dataclasses
import os
import threading

from . import claims, config
from .render.words import _
from .run import recorder, runner
from .run.result import HOLD_GRACE, Result

# More children than any exercise needs: a loop that starts processes
# without end is named as such.
MANY_PROCESSES = 50


@dataclasses.dataclass
class Verdict:
    """How one run of a learner's script fared under one start method."""

    method: str
    result: Result | None
    failures: list[str]  # in the learner's words
    unchecked: list[str]  # claims that need the record of the processes
    output: list[str] = dataclasses.field(default_factory=list)  # shown with failures

    @property
    def passed(self) -> bool:
        """Every claim was checked and held."""
        return not self.failures and not self.unchecked


def find(name: str) -> claims.Exercise | None:
    return next((e for e in claims.exercises() if e.name == name), None)


def by_starter(path) -> claims.Exercise | None:
    """The exercise whose starter is the file ``path``, if any."""
    for exercise in claims.exercises():
        if os.path.samefile(config.EXAMPLES / exercise.starter, path):
            return exercise
    return None


def judge(exercise: claims.Exercise, result: Result) -> Verdict:
    """Apply the claims of ``exercise`` to ``result``."""
    verdict = Verdict(result.start_method, result, [], [])
    children = [p for p in result.processes if p["role"] in ("child", "fork")]
    if len(children) > MANY_PROCESSES:
        verdict.failures.append(_(
            "it started {count} processes, far more than this exercise needs: "
            "look for a loop that starts processes without end").format(
                count=len(children)))
    if result.timed_out:
        verdict.failures.append(_(
            "it was still running after {seconds:g} s, so the checker stopped it "
            "and every process it started; does it wait for something that "
            "never comes?").format(seconds=result.timeout))
    elif result.held_by:
        verdict.failures.append(_(
            "its main process ended, but a process it started was still running "
            "{seconds:g} s later and the checker ended it: {processes}").format(
                seconds=HOLD_GRACE, processes="; ".join(result.held_by)))
    elif result.returncode != 0:
        verdict.failures.append(_(
            "it exited with code {code}, not 0: it failed").format(
                code=result.returncode))
    if verdict.failures:  # the claims would only repeat it
        verdict.output = result.text[-12:]
        return verdict
    for function in claims.claims_for(exercise.solution, result.start_method,
                                      result.system):
        if function.record and recorder.psutil is None:
            verdict.unchecked.append(function.__name__)
            continue
        try:
            function(result)
        except Exception as error:
            verdict.failures.append(in_words(function, error))
    if verdict.failures:
        verdict.output = result.text[-12:]
    return verdict


def in_words(function, error: Exception) -> str:
    """Why ``function`` failed, as its assertion says it; else as plainly
    as the claim's own code allows."""
    if isinstance(error, AssertionError) and error.args:
        return str(error.args[0])
    if claims.no_such_line(error):
        return _("a line the exercise looks for is not in the output "
                 "(check {claim})").format(claim=function.__name__)
    return _("check {claim} failed: {details}").format(
        claim=function.__name__, details=claims.explain(function, error))


def check(exercise: claims.Exercise, path, methods=config.METHODS,
          timeout: float | None = None, done=None) -> list[Verdict]:
    """Run the script ``path`` under each of ``methods`` at once and judge
    each run; ``done(verdict)`` is called as each is judged, in the order
    of ``methods``. Ctrl-C (KeyboardInterrupt) ends every run first."""
    results: dict[str, Result | BaseException] = {}
    finished = threading.Condition()
    stopping = threading.Event()  # see runner.run()

    def run(method: str) -> None:
        try:
            outcome = runner.run(os.path.abspath(path), (), method,
                                 timeout or exercise.timeout, stop=stopping)
        except BaseException as error:  # said by the thread that reports
            outcome = error
        with finished:
            results[method] = outcome
            finished.notify_all()

    # Daemon threads: on Ctrl-C the main thread ends the runs and leaves;
    # nothing waits for a thread still reading a killed run.
    for method in methods:
        threading.Thread(target=run, args=(method,), daemon=True).start()
    verdicts = []
    try:
        for method in methods:
            with finished:
                while method not in results:
                    finished.wait(0.2)
            outcome = results[method]
            if isinstance(outcome, BaseException):
                raise outcome
            verdicts.append(judge(exercise, outcome))
            if done:
                done(verdicts[-1])
    except BaseException:
        stopping.set()
        runner.kill_all()
        raise
    return verdicts
