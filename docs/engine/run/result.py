"""What one run of an example printed, when, and how it ended: a Result.

Results are what the store keeps (as JSON), the claims judge and the pages
show. Only this module knows their fields.
"""
from __future__ import annotations

import dataclasses
import json
import platform

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
    cut_lines: int = 0
    cut_chars: int = 0
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
            how = (f"exited with code {self.returncode}, but a process it started "
                   f"still held the terminal open {HOLD_GRACE:g} s "
                   f"later and was ended: {'; '.join(self.held_by)}")
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


def platform_tag(system=None, implementation=None, python=None) -> str:
    """``Linux-CPython-3.11``: a system and an interpreter, as results are filed."""
    version = python or platform.python_version()
    return "-".join((system or platform.system(),
                     implementation or platform.python_implementation(),
                     ".".join(version.split(".")[:2])))
