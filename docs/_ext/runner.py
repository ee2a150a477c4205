"""Run one example as a reader would: its own interpreter, in a terminal.

This is the only way examples are run, by the docs build and by the tests.
Each run gets a fresh interpreter in a process group of its own, an
environment set here rather than inherited (these machines export
PYTHONUNBUFFERED=1, which changes what a reader sees), and, on POSIX, a
pseudo-terminal as stdout and stderr: Python line-buffers a terminal, so every
line arrives when it is printed, whole, as in a reader's terminal. A plain pipe
would hold each process's output until it exits. Every process a run starts,
however it detaches, is ended with the run (containment.py says how). Output
is kept as it is read, only as much as is shown (_Output).
"""
from __future__ import annotations

import atexit
import codecs
import dataclasses
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

import containment
import recorder

ROOT = Path(__file__).resolve().parents[2]
# Tests that inject faults point this at a temporary copy of examples/.
EXAMPLES = Path(os.environ.get("NOTES_EXAMPLES", ROOT / "examples"))
# sitecustomize.py there chooses the start method in every interpreter of a run.
STARTUP = Path(__file__).with_name("startup")
MAX_LINES = 400  # lines kept; the rest is counted and reported as cut
MAX_LINE_CHARS = 2000
TERMINAL_SIZE = (40, 120)  # rows, columns: wide enough for `ps -ef`




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
    # containment.HOLD_GRACE s after the main process exited (then ended).
    held_by: list[str] = dataclasses.field(default_factory=list)
    # Processes still running when the run ended, ended with it.
    left_running: list[str] = dataclasses.field(default_factory=list)
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
                   f"still held the terminal open {containment.HOLD_GRACE:g} s "
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


def _kill_group(group: int) -> None:
    """Kill a process group (POSIX); for tests that start processes themselves."""
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass  # the group is already empty


def platform_tag(system=None, implementation=None, python=None) -> str:
    """``Linux-CPython-3.11``: a system and an interpreter, as results are filed."""
    version = python or platform.python_version()
    return "-".join((system or platform.system(),
                     implementation or platform.python_implementation(),
                     ".".join(version.split(".")[:2])))


def command(path: Path, args=()) -> list[str]:
    """What the reader types, from the project folder: python3 examples/x.py."""
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
    # A temporary folder of the run's own, removed with it: an example that
    # ends without multiprocessing's exit hook (os._exit(), a kill at its
    # timeout) would leave forkserver's pymp-* folder in the system's.
    temporary = tempfile.mkdtemp(prefix="notes-run-")
    names = os.path.join(temporary, "process-names")
    env = {**environment(start_method), "TMPDIR": temporary, "TEMP": temporary,
           "TMP": temporary, "NOTES_PROCESS_NAMES": names}
    try:
        start = time.monotonic()
        output, run_ = reader(command(path, args), env, start, timeout, stdin)
        wall_time = time.monotonic() - start
        recorder.name_children(output.processes, names)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    returncode = None if output.timed_out else run_.returncode
    return Result(script, list(args), method, returncode, output.timed_out,
                  timeout, round(wall_time, 3), output.lines, output.cut_lines,
                  output.cut_chars, pid=run_.main_pid, held_by=output.held_by,
                  left_running=output.left_running,
                  paths={**machine_paths(), "run_temporary": temporary},
                  processes=output.processes)


def kill_all() -> None:
    """End every example still running (on Ctrl-C or at exit)."""
    runs = _live.all()
    table = containment.processes()  # one look for all: there may be dozens
    for run_ in runs:
        run_.kill_now(table)
    # Each end() waits for its processes to be gone: wait for all at once.
    enders = [threading.Thread(target=run_.end) for run_ in runs]
    for ender in enders:
        ender.start()
    for ender in enders:
        ender.join()


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
    terminal = os.ttyname(slave)
    output = _Output()
    try:
        run_ = containment.Contained(
            argv, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=slave, stderr=slave, cwd=EXAMPLES.parent, env=env, live=_live)
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    recording = recorder.start(run_.main_pid, start)
    _feed(run_.process, stdin)
    closed = False  # every holder of the terminal has closed it
    try:
        # Read until the terminal is closed and the main process has exited;
        # an orphaned child may still print a moment after the main process
        # exited, but not for long (HOLD_GRACE).
        while not (closed and run_.exited or run_.ended):
            deadline = start + timeout
            if run_.exited:
                deadline = min(deadline, run_.exited_at + containment.HOLD_GRACE)
            left = deadline - time.monotonic()
            if left <= 0:
                if run_.exited:
                    output.held_by = run_.holders(terminal)
                else:
                    output.timed_out = True
                break
            watch = [] if closed else [master]
            if run_.status is not None and not run_.exited:
                watch.append(run_.status)
            ready = select.select(watch, [], [], min(left, 0.1 if closed else 0.5))[0]
            if run_.ended:  # kill_all() ended it (Ctrl-C): its fds are closed
                break
            if run_.status in ready and not run_.read_status():
                break  # the shim is gone (killed from outside)
            run_.poll()
            if master in ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the last holder closed the terminal
                    data = b""
                if data:
                    output.feed(time.monotonic() - start, data)
                else:
                    closed = True
    finally:
        output.processes = recording.stop()  # before the kill
        # Nothing the example started may outlive it: end all that is left.
        output.left_running = run_.end()
        _unregister(run_)
        os.close(master)
    output.finish(time.monotonic() - start)
    return output, run_


def _run_in_pipe(argv, env, start, timeout, stdin):  # Windows: no pseudo-terminal
    # A pipe is block-buffered; the start-up hook (NOTES_LINE_BUFFERED) makes
    # every interpreter of the run, spawned children included, line-buffer.
    run_ = containment.Contained(
        argv, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=EXAMPLES.parent, env=env,
        live=_live)
    recording = recorder.start(run_.main_pid, start)
    _feed(run_.process, stdin)
    output, lock = _Output(), threading.Lock()

    def pump():
        for data in iter(lambda: run_.process.stdout.read1(65536), b""):
            with lock:
                output.feed(time.monotonic() - start, data)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    while reader.is_alive() and not run_.ended:
        run_.poll()
        deadline = start + timeout
        if run_.exited:
            deadline = min(deadline, run_.exited_at + containment.HOLD_GRACE)
        if time.monotonic() >= deadline:
            if run_.exited:
                output.held_by = run_.holders(None)
            else:
                output.timed_out = True
            break
        reader.join(0.2)
    output.processes = recording.stop()  # before the kill
    output.left_running = run_.end()
    _unregister(run_)
    reader.join(5)
    with lock:
        output.finish(time.monotonic() - start)
    return output, run_


def _feed(process, stdin) -> None:
    if stdin is not None:
        try:
            process.stdin.write(stdin)
            process.stdin.close()
        except BrokenPipeError:
            pass  # the script exited without reading


def _unregister(run_) -> None:
    _live.discard(run_)


class _LiveRuns:
    """The runs going on, to end on Ctrl-C or at exit (threads share it)."""

    def __init__(self):
        self._runs, self._lock = set(), threading.Lock()

    def add(self, run_) -> None:
        with self._lock:
            self._runs.add(run_)

    def discard(self, run_) -> None:
        with self._lock:
            self._runs.discard(run_)

    def all(self) -> list:
        with self._lock:
            return list(self._runs)


class _Output:
    """The output of a run as a terminal shows it, kept as it arrives.

    Only what is shown is kept: the first MAX_LINES lines, each cut to
    MAX_LINE_CHARS characters; the rest is only counted, so memory stays
    flat whatever an example prints. A carriage return moves back to the
    start of the line, as in a terminal: a progress bar redrawn with "\r"
    shows its last frame, over whatever of the earlier ones it did not cover.
    """

    def __init__(self):
        self.lines: list[list] = []  # [seconds since start, text]
        self.cut_lines = self.cut_chars = 0
        self.timed_out = False
        self.held_by: list[str] = []
        self.left_running: list[str] = []
        self.processes: list[dict] = []  # recorder.py's record of the run
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._text = ""  # the line being written, at most MAX_LINE_CHARS
        self._width = 0  # its width on the terminal, kept or not
        self._column = 0
        self._open = False  # a line has begun and not ended

    def feed(self, when: float, data: bytes) -> None:
        self._add(when, self._decoder.decode(data))

    def finish(self, when: float) -> None:
        self._add(when, self._decoder.decode(b"", True))
        if self._open:
            self._end(when)

    def _add(self, when, text):
        while text:
            if len(self.lines) >= MAX_LINES:  # only count from here on
                newlines = text.count("\n")
                self.cut_lines += newlines
                self.cut_chars += len(text) - newlines - text.count("\r")
                self._open = not text.endswith("\n")
                return
            newline = text.find("\n")
            self._write(text if newline < 0 else text[:newline])
            if newline < 0:
                return
            self._end(when)
            text = text[newline + 1:]

    def _write(self, segment: str) -> None:
        self._open = True
        for number, frame in enumerate(segment.split("\r")):
            if number:
                self._column = 0
            end = self._column + len(frame)
            if frame and self._column < MAX_LINE_CHARS:
                kept = self._text
                self._text = (kept[:self._column] + frame[:MAX_LINE_CHARS - self._column]
                              + kept[end:])[:MAX_LINE_CHARS]
            self._column = end
            self._width = max(self._width, end)

    def _end(self, when: float) -> None:
        if len(self.lines) >= MAX_LINES:
            self.cut_lines += 1
            self.cut_chars += self._width
        else:
            text = self._text
            if self._width > MAX_LINE_CHARS:
                cut = self._width - MAX_LINE_CHARS
                self.cut_chars += cut
                text += f" [… {cut} characters cut]"
            self.lines.append([round(when, 3), text])
        self._text, self._width, self._column, self._open = "", 0, 0, False


_live = _LiveRuns()
atexit.register(kill_all)  # examples never outlive the process that ran them
