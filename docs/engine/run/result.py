"""What one run of an example printed, when, and how it ended: a Result.

Results are what the store keeps (as JSON), the claims judge and the pages
show. Only this module knows their fields.
"""
from __future__ import annotations

import dataclasses
import json
import platform
import re

HOLD_GRACE = 5.0  # seconds a descendant may keep the terminal after main exits


@dataclasses.dataclass
class Result:
    """What one run of an example printed, when, and how it ended."""

    script: str  # path below examples/, with forward slashes
    args: list[str]
    start_method: str
    returncode: int | None  # None when it was killed at its timeout
    timed_out: bool
    timeout: float
    wall_time: float
    lines: list[list]  # [seconds since start, text] per output line
    cut_lines: int = 0  # lines cut from between the first and the last ones
    cut_chars: int = 0
    cut_at: int = 0  # how many of ``lines`` come before the cut, if any
    python: str = platform.python_version()
    implementation: str = platform.python_implementation()
    system: str = platform.system()
    key: str = ""  # set by the capture step: what the result depends on
    pid: int = 0  # of the main process, which also leads its process group
    # Processes the run started that still held the terminal open
    # HOLD_GRACE s after the main process exited (then ended).
    held_by: list[str] = dataclasses.field(default_factory=list)
    # Processes still running when the run ended, ended with it.
    left_running: list[str] = dataclasses.field(default_factory=list)
    # The paths of the machine that ran it, which its output may contain:
    # pages show them in a neutral form (render/neutral_paths.py), claims see them raw.
    paths: dict = dataclasses.field(default_factory=dict)
    # Every process of the run, as run/recorder.py recorded it.
    processes: list[dict] = dataclasses.field(default_factory=list)

    @property
    def platform(self) -> str:
        """Where it ran, as results are filed: ``Linux-CPython-3.11``."""
        return platform_tag(self.system, self.implementation, self.python)

    @property
    def text(self) -> list[str]:
        return [text for _, text in self.lines]

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and not self.held_by

    def time_of(self, fragment: str) -> float:
        """When the first line containing ``fragment`` arrived."""
        return next(t for t, text in self.lines if fragment in text)

    def tail(self, count: int = 15) -> str:
        return "\n".join("    " + line for line in self.text[-count:])

    def describe(self) -> str:
        """One line on how the run ended, for error messages."""
        if self.timed_out:
            how = f"was killed after its {self.timeout:g} s timeout"
        elif self.held_by:
            how = (f"exited with code {self.returncode}, but "
                   f"{'a process' if len(self.held_by) == 1 else len(self.held_by)} "
                   f"{'processes ' if len(self.held_by) > 1 else ''}it started "
                   f"still held the terminal open {HOLD_GRACE:g} s "
                   f"later and {'was' if len(self.held_by) == 1 else 'were'} ended: "
                   f"{first_few(self.held_by)}")
        else:
            how = f"exited with code {self.returncode}"
        return f"examples/{self.script} {how} ({self.start_method})"

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Result:
        """Read a result; ValueError says why ``text`` is not one."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON ({error})") from None
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        fields = dataclasses.fields(cls)
        names = {field.name for field in fields}
        # A collection added later may be absent (nothing was recorded);
        # any other field missing, or one unknown, means another Result.
        optional = {field.name for field in fields
                    if field.default_factory is not dataclasses.MISSING}
        missing = sorted(names - data.keys() - optional)
        extra = sorted(data.keys() - names)
        if missing or extra:
            raise ValueError("not the fields of a Result: "
                             + ", ".join([f"{m!r} missing" for m in missing]
                                         + [f"{e!r} unknown" for e in extra]))
        lines = data["lines"]
        if not (isinstance(lines, list) and all(
                isinstance(line, list) and len(line) == 2
                and isinstance(line[0], (int, float)) and isinstance(line[1], str)
                for line in lines)):
            raise ValueError("'lines' is not a list of [seconds, text]")
        return cls(**data)


# What a result may hold, field by field: results merged from other
# machines are data from elsewhere, and reach pages (merge.py checks them).
SYSTEMS = ("Linux", "Darwin", "Windows")
START_METHODS = ("fork", "spawn", "forkserver")
ROLES = ("main", "child", "resource_tracker", "fork_server", "command", "fork")
PLATFORM_TAG = re.compile(r"(Linux|Darwin|Windows)-[A-Za-z][A-Za-z0-9]{0,19}-3\.\d{1,2}")
PATTERNS = {
    "script": re.compile(r"(?!.*\.\./)[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}\.py"),
    "python": re.compile(r"3\.\d{1,2}\.\d{1,3}([abc]|rc)?\d{0,3}\+?"),
    "implementation": re.compile(r"[A-Za-z][A-Za-z0-9]{0,19}"),
    "key": re.compile(r"[0-9a-f]{16}"),
}
_NUMBER = (int, float)


def _is(value, kind) -> bool:
    """isinstance, with booleans not taken for numbers."""
    return isinstance(value, kind) and not isinstance(value, bool)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _time(value) -> bool:
    return value is None or _is(value, _NUMBER) and 0 <= value < 1e6


def schema_problems(result: Result) -> list[str]:
    """What in ``result`` is not what a result holds (empty if all is)."""
    problems = []
    for field, pattern in PATTERNS.items():
        value = getattr(result, field)
        if not (isinstance(value, str) and pattern.fullmatch(value)):
            problems.append(f"{field} {value!r} is not of the form {pattern.pattern}")
    if result.system not in SYSTEMS:
        problems.append(f"system {result.system!r} is not one of {', '.join(SYSTEMS)}")
    if result.start_method not in START_METHODS:
        problems.append(f"start method {result.start_method!r} is not one of "
                        f"{', '.join(START_METHODS)}")
    if isinstance(result.system, str) and isinstance(result.implementation, str) and \
            isinstance(result.python, str) and not PLATFORM_TAG.fullmatch(result.platform):
        problems.append(f"platform {result.platform!r} is not of the form "
                        f"{PLATFORM_TAG.pattern}")
    checks = {
        "args": _strings(result.args),
        "returncode": result.returncode is None or _is(result.returncode, int),
        "timed_out": isinstance(result.timed_out, bool),
        "timeout": _is(result.timeout, _NUMBER) and result.timeout > 0,
        "wall_time": _time(result.wall_time) and result.wall_time is not None,
        "cut_lines": _is(result.cut_lines, int) and result.cut_lines >= 0,
        "cut_chars": _is(result.cut_chars, int) and result.cut_chars >= 0,
        "cut_at": _is(result.cut_at, int) and 0 <= result.cut_at <= len(result.lines),
        "pid": _is(result.pid, int) and result.pid >= 0,
        "held_by": _strings(result.held_by),
        "left_running": _strings(result.left_running),
        "paths": isinstance(result.paths, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in result.paths.items()),
        "processes": isinstance(result.processes, list) and all(
            _is_process(p) for p in result.processes),
    }
    problems += [f"{field} has the wrong type or value" for field, ok in checks.items()
                 if not ok]
    return problems


def _is_process(process) -> bool:
    """Whether ``process`` is a record as run/recorder.py makes them."""
    keys = {"pid", "role", "program", "parents", "appeared", "running_until",
            "exited", "zombie_until", "reaped", "end", "name"}
    return (isinstance(process, dict) and set(process) <= keys
            and keys - {"name"} <= set(process)
            and _is(process["pid"], int) and process["role"] in ROLES
            and isinstance(process["program"], str) and isinstance(process["end"], str)
            and isinstance(process.get("name", ""), str)
            and process["appeared"] is not None
            and all(_time(process[k]) for k in (
                "appeared", "running_until", "exited", "zombie_until", "reaped"))
            and isinstance(process["parents"], list) and len(process["parents"]) >= 1
            and all(isinstance(p, list) and len(p) == 3 and _time(p[0]) and p[0] is not None
                    and _is(p[1], int) and isinstance(p[2], str)
                    for p in process["parents"]))


def first_few(items: list[str], count: int = 3) -> str:
    """``a; b; c and 497 more``: a long list, for a message of one line."""
    shown = "; ".join(items[:count])
    return shown + (f" and {len(items) - count} more" if len(items) > count else "")


def platform_tag(system=None, implementation=None, python=None) -> str:
    """``Linux-CPython-3.11``: a system and an interpreter, as results are filed."""
    version = python or platform.python_version()
    return "-".join((system or platform.system(),
                     implementation or platform.python_implementation(),
                     ".".join(version.split(".")[:2])))
