"""The claims engine: what the pages claim about each example, as code.

A claim is a function that takes a run.result.Result and asserts. Each page
keeps its claims in docs/claims/<page>.py, beside docs/<page>.md and
examples/<page>/; this module loads them all from that one folder
(config.CLAIMS). The tests apply each claim to a fresh run of its example
(tests/test_examples.py), the docs build applies the same claims to the
results it captured before any page may show them (capture.py,
render/example.py), and a learner's checker to their own script
(examples/check.py). A page that states a claim names the claim's function
in a ``% claim:`` comment beside it.

Claims check what the code forces and nothing else: an order of lines only
where one line must come before another; times with exact lower bounds and
upper bounds loose enough for a loaded 2-core machine; process ids by their
relations, never by value. A line's time is when the runner read it, which
may be later than when it was printed, never earlier: so a line's time since
the start has an exact lower bound (a sleep cannot be shorter), but the gap
between two lines has none, and order is checked by position, not by time.

A claim with ``record=True`` reads the record of the run's processes,
``result.processes`` (run/recorder.py says what is in it): each moment is a
look at the process table, so such a claim relies only on what a look saw.
A process certainly ran from "appeared" to "running_until" and certainly was
a zombie from "exited" to "zombie_until" (when it was seen as one); a
process that lived less than one look apart may be missing.
"""
from __future__ import annotations

import ast
import dataclasses
import importlib.util
import inspect
import platform
import re
import textwrap
import traceback
from pathlib import Path

from . import config, examples

POSIX = ("Linux", "Darwin")  # platform.system() names
SYSTEMS = (*POSIX, "Windows")

_registry: dict[str, list] = {}  # example name -> claim functions
_exercises: dict[str, "Exercise"] = {}  # exercise name -> exercise
_loaded: list[Path] = []  # the claims folder, once loaded


def claim(*examples: str, methods=config.START_METHODS, systems=SYSTEMS,
          record: bool = False):
    """Register the decorated function as a claim about ``examples``' output.

    ``methods`` and ``systems`` say where the claim holds, for claims that
    differ by start method or operating system; a variant for the others
    is another claim. ``record``: it reads the record of the processes,
    not only the output.
    """
    def register(function):
        function.methods, function.systems = tuple(methods), tuple(systems)
        function.record = record
        for name in examples:
            _registry.setdefault(name, []).append(function)
        return function
    return register


@dataclasses.dataclass(frozen=True)
class Exercise:
    """A task for the learner: change ``starter`` until the claims of
    ``solution`` hold under every start method."""

    name: str  # what examples/check.py accepts: "join"
    starter: str  # below examples/: "join/sleep_together.py"
    solution: str  # the model solution; its claims say what "done" is
    task: object  # a function that says the task in the chosen language
    timeout: float = 60.0

    @property
    def page(self) -> str:
        return self.starter.split("/")[0]


def exercise(name: str, *, starter: str, solution: str, task, timeout: float = 60.0):
    """Declare an exercise (in a claims file). ``task`` is a function
    returning one line, ``lambda: _("...")``, so that it is said in the
    language chosen when it is shown, not when the claims were loaded."""
    if solution != examples.solution_of(starter):
        # The checker's store key finds an exercise's files by this rule.
        raise ValueError(f"exercise {name!r}: its solution must be called "
                         f"{examples.solution_of(starter)!r}, not {solution!r}")
    if name in _exercises and _exercises[name].starter != starter:
        raise ValueError(f"two exercises are called {name!r}")
    _exercises[name] = Exercise(name, starter, solution, task, timeout)
    return _exercises[name]


def exercises() -> list[Exercise]:
    """Every exercise the claims files declare, in the order of the pages
    in the index's table of contents."""
    registry()
    index = config.DOCS / "index.md"
    toc = index.read_text("utf-8").split("```{toctree}")[-1].split("```")[0] \
        if index.is_file() else ""
    order = [line.strip() for line in toc.splitlines()]
    return sorted(_exercises.values(), key=lambda e: (
        order.index(e.page) if e.page in order else len(order), e.name))


def exercise_of(script: str) -> Exercise | None:
    """The exercise whose starter is ``script`` (below examples/), if any."""
    return next((e for e in exercises() if e.starter == script), None)


def registry(folder: Path | None = None) -> dict[str, list]:
    """Every claim, by the name of the example it is about.

    The claims files of ``folder`` (config.CLAIMS) are loaded the first
    time; each registers its claims with @claim as it is imported.
    """
    folder = folder or config.CLAIMS
    if folder not in _loaded:
        _loaded.append(folder)
        for path in sorted(folder.glob("*.py")):
            name = "claims_" + path.stem.replace("-", "_")
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
    return _registry


def named(name: str):
    """The claim whose function is called ``name`` (LookupError if none)."""
    for functions in registry().values():
        for function in functions:
            if function.__name__ == name:
                return function
    raise LookupError(f"no claim is called {name!r}")


def claims_for(name: str, method: str, system: str | None = None) -> list:
    """The claims about example ``name`` that hold under ``method`` on ``system``."""
    system = system or platform.system()
    return [c for c in registry().get(name, [])
            if method in c.methods and system in c.systems]


def check(name: str, result, only=None) -> list[str]:
    """Apply every claim about example ``name`` to ``result``; describe each
    failure. ``only(claim)`` may leave some out.

    A failure names the claim, its line, the statement that failed and the
    values it saw, e.g. ``assert 3.0 <= result.time_of('over') < 10`` with
    ``result.time_of('over') = 2.1``.
    """
    failures = []
    for function in claims_for(name, result.start_method, result.system):
        if only is not None and not only(function):
            continue
        try:
            function(result)
        except Exception as error:  # an AssertionError or a parse failure
            failures.append(f"claim {function.__name__} ({name}, "
                            f"{result.start_method}) failed at "
                            + explain(function, error))
    return failures


def problems(example, result) -> list[str]:
    """Why ``result`` of ``example`` (an examples.Example) may not be shown:
    a failure, or the claims it breaks.

    The claims are checked again, not taken from the result file: a page
    shows nothing that fails them, however the file came to be.
    """
    if result.timed_out or result.held_by or (
            result.returncode != 0 and not example.expect_failure):
        return [result.describe()]  # its claims would only echo the failure
    found = check(example.name, result)
    task = exercise_of(example.script) if not example.args else None
    if task and not check(task.solution, result):
        found.append(
            f"examples/{example.script} is the starter of the exercise "
            f"{task.name!r}, but it already passes it ({result.start_method}): "
            f"every claim of its solution, examples/{task.solution}, holds. "
            "A starter must not yet do the task, or the exercise's check could "
            "never fail: change the starter, or make those claims say more.")
    return found


def explain(function, error: Exception) -> str:
    """Where ``function`` failed, the statement, and what its parts were."""
    frame, line = None, None
    for frame_of, line_of in traceback.walk_tb(error.__traceback__):
        if frame_of.f_code is function.__code__:
            frame, line = frame_of, line_of
    if frame is None:  # not raised by the claim's own code: say where it was
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"{where.filename}:{where.lineno}: {error!r}"
    if no_such_line(error):  # next() found no line that matches
        said = ": a line it looks for is not in the output"
    elif isinstance(error, AssertionError) and not error.args:
        said = ""
    else:
        said = f": {error!r}"
    where = f"{shown_path(function)}:{line}"
    statement = statement_at(function, line)
    if statement is None:
        return f"{where}{said}"
    shown = []
    # Globals and locals in one: a comprehension in the expression sees both.
    namespace = {**frame.f_globals, **frame.f_locals}
    for part in operands(statement.test if isinstance(statement, ast.Assert)
                         else statement):
        text = ast.unparse(part)
        try:
            value = eval(compile(ast.Expression(part), "<claim>", "eval"), namespace)
            value = repr(value)
        except Exception as failure:  # e.g. no such line: StopIteration
            value = "<the output has no such line>" if no_such_line(failure) \
                else f"<{failure!r}>"
        shown.append(f"{text} = {value if len(value) <= 200 else value[:197] + '...'}")
    # The claim's own names (a loop's variable, a value it computed) too.
    for name in dict.fromkeys(node.id for node in ast.walk(statement)
                              if isinstance(node, ast.Name)):
        if name in frame.f_locals and name != "result" \
                and not any(item.startswith(f"{name} = ") for item in shown):
            value = repr(frame.f_locals[name])
            shown.append(f"{name} = {value if len(value) <= 200 else value[:197] + '...'}")
    code = ast.unparse(statement).splitlines()[0]
    return (f"{where}: {code}{said}"
            + "".join(f"\n    {item}" for item in shown))


def shown_path(function) -> str:
    """The file of ``function`` as the reader knows it: from the project folder."""
    path = Path(inspect.getsourcefile(function) or "?")
    try:
        return path.resolve().relative_to(config.ROOT).as_posix()
    except ValueError:
        return str(path)


def no_such_line(error: BaseException) -> bool:
    """Whether ``error`` is next() finding no line (also inside a generator)."""
    return isinstance(error, StopIteration) or isinstance(
        error.__cause__, StopIteration)


def statement_at(function, line: int):
    """The innermost statement of ``function`` on source line ``line``."""
    try:
        lines, first = inspect.getsourcelines(function)
    except OSError:
        return None
    tree = ast.parse(textwrap.dedent("".join(lines)))
    ast.increment_lineno(tree, first - 1)
    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef) \
                and node.lineno <= line <= node.end_lineno:
            if found is None or node.lineno >= found.lineno:
                found = node
    return found


def operands(node):
    """The parts of an expression worth showing the value of."""
    if isinstance(node, ast.Compare):
        for part in (node.left, *node.comparators):
            yield from operands(part)
    elif isinstance(node, ast.BoolOp):
        for part in node.values:
            yield from operands(part)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield from operands(node.operand)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and not isinstance(node.func.value, ast.Name):
        # What a method was called on is what the output said:
        # result.text[-1] = 'done', then result.text[-1].startswith(...) = False.
        yield from operands(node.func.value)
        yield node
    elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)):
        if node.value is not None:
            yield from operands(node.value)
    elif isinstance(node, ast.stmt) or isinstance(node, ast.Name) or not any(
            isinstance(part, ast.Name) for part in ast.walk(node)):
        return  # a name is shown by explain(); a constant says nothing
    else:
        yield node


# -- helpers for claims files --------------------------------------------------

def number_after(result, label: str) -> int:
    """The integer printed after ``label`` on the first line that has it."""
    line = next(text for text in result.text if label in text)
    return int(re.search(re.escape(label) + r"\s*(\d+)", line).group(1))


def seconds_after(result, label: str) -> float:
    line = next(text for text in result.text if label in text)
    return float(re.search(re.escape(label) + r"\s*([\d.]+)", line).group(1))


def index(result, fragment: str) -> int:
    return next(i for i, text in enumerate(result.text) if fragment in text)


def lanes(result, role: str) -> list[dict]:
    """The recorded processes of one role, in the order they appeared."""
    return sorted((p for p in result.processes if p["role"] == role),
                  key=lambda p: p["appeared"])


def not_all_alive_at_once(processes: list[dict]):
    """``(first_to_end, later)``: the process last seen running first, and
    one that a look saw only after that; ``None`` when every one existed by
    the time the first to end was last seen running (then all of them were
    alive at that moment, which a look saw)."""
    seen = [p for p in processes if p["running_until"] is not None]
    first_to_end = min(seen, key=lambda p: p["running_until"])
    later = [p for p in processes if p["appeared"] > first_to_end["running_until"]]
    return (first_to_end, later[0]) if later else None


def main_of(result) -> dict:
    (main,) = lanes(result, "main")
    assert main["pid"] == result.pid
    return main


def parent_at(process: dict, when: float) -> int:
    """The PID of ``process``'s parent as last seen at or before ``when``."""
    return [ppid for seen, ppid, _ in process["parents"] if seen <= when][-1]
