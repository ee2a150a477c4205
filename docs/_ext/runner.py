"""Run one example as a reader would: its own interpreter, in a terminal.

This is the only way examples are run, by the docs build and by the tests.
Each run gets a fresh interpreter in a process group of its own, an
environment set here rather than inherited (these machines export
PYTHONUNBUFFERED=1, which changes what a reader sees), and, on POSIX, a
pseudo-terminal as stdout and stderr: Python line-buffers a terminal, so every
line arrives when it is printed, whole, as in a reader's terminal. A plain pipe
would hold each process's output until it exits.
"""
from __future__ import annotations

import atexit
import dataclasses
import json
import os
import platform
import signal
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import recorder

ROOT = Path(__file__).resolve().parents[2]
# Tests that inject faults point this at a temporary copy of examples/.
EXAMPLES = Path(os.environ.get("NOTES_EXAMPLES", ROOT / "examples"))
# sitecustomize.py there chooses the start method in every interpreter of a run.
STARTUP = Path(__file__).with_name("startup")
MAX_LINES = 400  # lines kept; the rest is counted and reported as cut
MAX_LINE_CHARS = 2000
TERMINAL_SIZE = (40, 120)  # rows, columns: wide enough for `ps -ef`

_live_groups: set[int] = set()  # process groups to kill on Ctrl-C
_live_lock = threading.Lock()


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
    # The paths of the machine that ran it, which its output may contain:
    # pages show them in a neutral form (neutral_paths.py), claims see them raw.
    paths: dict = dataclasses.field(default_factory=dict)
    # Every process of the run, as docs/_ext/recorder.py recorded it.
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
        return self.returncode == 0 and not self.timed_out

    def time_of(self, fragment: str) -> float:
        """When the first line containing ``fragment`` arrived."""
        return next(t for t, text in self.lines if fragment in text)

    def tail(self, count: int = 15) -> str:
        return "\n".join("    " + line for line in self.text[-count:])

    def describe(self) -> str:
        """One line on how the run ended, for error messages."""
        if self.timed_out:
            how = f"was killed after its {self.timeout:g} s timeout"
        else:
            how = f"exited with code {self.returncode}"
        return f"examples/{self.script} {how} ({self.start_method})"

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls(**json.loads(text))


def platform_tag(system=None, implementation=None, python=None) -> str:
    """``Linux-CPython-3.11``: a system and an interpreter, as results are filed."""
    version = python or platform.python_version()
    return "-".join((system or platform.system(),
                     implementation or platform.python_implementation(),
                     ".".join(version.split(".")[:2])))


def command(path: Path, args=()) -> list[str]:
    """What the reader types, from the project folder: python examples/x.py."""
    try:
        shown = path.relative_to(EXAMPLES.parent).as_posix()
    except ValueError:  # a script outside examples/ (the runner's own tests)
        shown = str(path)
    return [sys.executable, shown, *args]


def environment(start_method: str | None = None) -> dict[str, str]:
    """The environment of a run: set here, not inherited, with the start-up
    hook that makes ``start_method`` the default (see startup/sitecustomize.py)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "NOTES_"))}
    env.update(
        PYTHONIOENCODING="utf-8",
        PYTHONUTF8="1",
        PYTHON_COLORS="0",  # 3.13+ colours tracebacks in a terminal
        PYTHONPATH=str(STARTUP),
        TERM="dumb",
        NO_COLOR="1",
    )
    if start_method:
        env["NOTES_START_METHOD"] = start_method
    if os.name != "posix":
        env["NOTES_LINE_BUFFERED"] = "1"  # a pipe, not a terminal: see _run_in_pipe
    return env


def machine_paths() -> dict[str, str]:
    """Paths of this machine that an example's output can show."""
    paths = {
        "project": str(EXAMPLES.parent),
        "executable": sys.executable,
        "executable_resolved": os.path.realpath(sys.executable),
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "stdlib": sysconfig.get_paths()["stdlib"],
        "home": str(Path.home()),
    }
    return {name: path for name, path in paths.items() if path}


def run(script, args=(), start_method=None, timeout=60.0, stdin=None) -> Result:
    """Run ``examples/<script>`` to its end, or kill it and all it started.

    ``stdin`` (bytes) is what the script reads; by default it reads nothing.
    """
    script = str(script).replace(os.sep, "/")
    path = EXAMPLES / script
    if not path.is_file():
        raise FileNotFoundError(f"no such example: examples/{script}")
    method = start_method or default_start_method()
    reader = _run_in_pty if os.name == "posix" else _run_in_pipe
    recorder.ready()
    start = time.monotonic()
    chunks, returncode, timed_out, pid, processes = reader(
        command(path, args), environment(start_method), start, timeout, stdin
    )
    wall_time = time.monotonic() - start
    lines, cut_lines, cut_chars = _split_lines(chunks)
    return Result(script, list(args), method, returncode, timed_out, timeout,
                  round(wall_time, 3), lines, cut_lines, cut_chars, pid=pid,
                  paths=machine_paths(), processes=processes)


def kill_all() -> None:
    """Kill every example still running (on Ctrl-C or at exit)."""
    with _live_lock:
        groups = list(_live_groups)
    for group in groups:
        _kill_group(group)


def default_start_method() -> str:
    import multiprocessing

    return multiprocessing.get_start_method()


def _run_in_pty(argv, env, start, timeout, stdin):
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    attributes = termios.tcgetattr(slave)
    attributes[1] &= ~termios.OPOST  # keep "\n" as it is, not "\r\n"
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL_SIZE, 0, 0))
    chunks, timed_out = [], False
    try:
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=slave, stderr=slave, cwd=EXAMPLES.parent, env=env,
            start_new_session=True,
        )
    finally:
        os.close(slave)
    _register(process.pid)
    recording = recorder.start(process.pid, start)
    _feed(process, stdin)
    try:
        # Read until every holder of the terminal has closed it: an orphaned
        # child may still print after the main process has exited.
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last holder closed the terminal
                break
            if not data:
                break
            chunks.append((time.monotonic() - start, data))
    finally:
        processes = recording.stop()
        # Nothing the example started may outlive it: kill its whole group.
        _kill_group(process.pid)
        os.close(master)
    returncode = process.wait()  # reaped first: a zombie still counts below
    _wait_until_gone(process.pid)
    return (chunks, (None if timed_out else returncode), timed_out, process.pid,
            processes)


def _run_in_pipe(argv, env, start, timeout, stdin):  # Windows: no pseudo-terminal
    # A pipe is block-buffered; the start-up hook (NOTES_LINE_BUFFERED) makes
    # every interpreter of the run, spawned children included, line-buffer.
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, cwd=EXAMPLES.parent, env=env,
        creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,
    )
    _register(process.pid)
    recording = recorder.start(process.pid, start)
    _feed(process, stdin)
    chunks = []

    def pump():
        for data in iter(lambda: process.stdout.read1(65536), b""):
            chunks.append((time.monotonic() - start, data))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    reader.join(timeout)
    timed_out = reader.is_alive()
    processes = recording.stop()
    _kill_group(process.pid)
    returncode = process.wait()
    return (chunks, (None if timed_out else returncode), timed_out, process.pid,
            processes)


def _feed(process, stdin) -> None:
    if stdin is not None:
        try:
            process.stdin.write(stdin)
            process.stdin.close()
        except BrokenPipeError:
            pass  # the script exited without reading


def _register(group: int) -> None:
    with _live_lock:
        _live_groups.add(group)


def _kill_group(group: int) -> None:
    with _live_lock:
        _live_groups.discard(group)
    if os.name == "posix":
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # the group is already empty
    else:
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(group)],
                       capture_output=True)


def _wait_until_gone(group: int) -> None:
    """SIGKILL takes effect a moment later: wait until nothing of the group
    runs, so that whoever looks next finds it gone."""
    deadline = time.monotonic() + 5
    while _group_running(group) and time.monotonic() < deadline:
        time.sleep(0.01)


def _group_running(group: int) -> bool:
    """Whether a process of ``group`` still runs (a zombie does not)."""
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    if not os.path.isdir("/proc"):
        return True
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                state, _, pgrp = stat.read().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(pgrp) == group and state != "Z":
            return True
    return False


def _split_lines(chunks):
    """Cut the byte stream into timed lines, capping length and count."""
    lines, pending, cut_lines, cut_chars = [], b"", 0, 0

    def add(when, raw):
        nonlocal cut_lines, cut_chars
        text = raw.decode("utf-8", errors="replace").rstrip("\r")
        if len(lines) >= MAX_LINES:
            cut_lines += 1
            cut_chars += len(text)
            return
        if len(text) > MAX_LINE_CHARS:
            cut_chars += len(text) - MAX_LINE_CHARS
            text = text[:MAX_LINE_CHARS] + f" [… {len(text) - MAX_LINE_CHARS} characters cut]"
        lines.append([round(when, 3), text])

    when = 0.0
    for when, data in chunks:
        pending += data
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            add(when, raw)
    if pending:
        add(when, pending)
    return lines, cut_lines, cut_chars


atexit.register(kill_all)  # examples never outlive the process that ran them
