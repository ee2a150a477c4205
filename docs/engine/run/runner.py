"""Run one example as a reader would: its own interpreter, in a terminal.

This is the only way examples are run, by the docs build and by the tests.
Each run gets a fresh interpreter in a process group of its own, an
environment set here rather than inherited (these machines export
PYTHONUNBUFFERED=1, which changes what a reader sees), and, on POSIX, a
pseudo-terminal as stdout and stderr: Python line-buffers a terminal, so every
line arrives when it is printed, whole, as in a reader's terminal. A plain pipe
would hold each process's output until it exits. Every process a run starts,
however it detaches, is ended with the run (containment.py says how). Output
is kept as it is read, only as much as is shown (terminal.Output).
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

from .. import config
from . import containment, processes, recorder, scratch
from .result import HOLD_GRACE, Result
from .terminal import Output

# sitecustomize.py there chooses the start method in every interpreter of a run.
STARTUP = Path(__file__).with_name("startup")
TERMINAL_SIZE = (40, 120)  # rows, columns: wide enough for `ps -ef`


def command(path: Path, args=()) -> list[str]:
    """What the reader types, from the project folder: python3 examples/x.py."""
    try:
        shown = path.relative_to(config.EXAMPLES.parent).as_posix()
    except ValueError:  # a script outside examples/ (the runner's own tests)
        shown = str(path)
    return [sys.executable, shown, *args]


def environment(start_method: str | None = None) -> dict[str, str]:
    """The environment of a run: set here, not inherited, with the start-up
    hook that makes ``start_method`` the default (see startup/sitecustomize.py)."""
    # Not the build's terminal size either (pytest sets COLUMNS): the run's
    # terminal is its own, TERMINAL_SIZE, and `ps` would cut commands at
    # COLUMNS characters.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "NOTES_")) and k not in ("COLUMNS", "LINES")}
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
        "project": str(config.EXAMPLES.parent),
        "executable": sys.executable,
        "executable_resolved": os.path.realpath(sys.executable),
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "stdlib": sysconfig.get_paths()["stdlib"],
        "home": str(Path.home()),
    }
    return {name: path for name, path in paths.items() if path}


def run(script, args=(), start_method=None, timeout=60.0, stdin=None,
        stop=None) -> Result:
    """Run ``examples/<script>`` to its end, or kill it and all it started.

    ``stdin`` (bytes) is what the script reads; by default it reads nothing.
    ``stop`` (a threading.Event): once it is set, the run does not start
    (KeyboardInterrupt), however late this thread comes to start it. Set it
    before kill_all(): a run started by another thread in the moment
    between is then either ended by kill_all() or not started at all (on a
    loaded machine one slipped through and ran until its timeout).
    """
    script = str(script).replace(os.sep, "/")
    path = config.EXAMPLES / script
    if not path.is_file():
        raise FileNotFoundError(f"no such example: examples/{script}")
    method = start_method or default_start_method()
    reader = _run_in_pty if os.name == "posix" else _run_in_pipe
    recorder.ready()
    # A temporary folder of the run's own, removed with it: an example that
    # ends without multiprocessing's exit hook (os._exit(), a kill at its
    # timeout) would leave forkserver's pymp-* folder in the system's. If
    # this process is killed, the next run removes it (scratch.py).
    temporary = scratch.run_folder()
    names = os.path.join(temporary, "process-names")
    env = {**environment(start_method), "TMPDIR": temporary, "TEMP": temporary,
           "TMP": temporary, "NOTES_PROCESS_NAMES": names}
    try:
        start = time.monotonic()
        output, contained = reader(command(path, args), env, start, timeout, stdin,
                                   _live.guarded(stop))
        wall_time = time.monotonic() - start
        recorder.name_children(output.processes, names)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    returncode = None if output.timed_out else contained.returncode
    return Result(script, list(args), method, returncode, output.timed_out,
                  timeout, round(wall_time, 3), output.lines, output.cut_lines,
                  output.cut_chars, output.cut_at, pid=contained.main_pid,
                  held_by=output.held_by, left_running=output.left_running,
                  paths={**machine_paths(), "run_temporary": temporary},
                  processes=output.processes)


def kill_all() -> None:
    """End every example still running (on Ctrl-C or at exit)."""
    runs = _live.all()
    table = processes.table()  # one look for all: there may be dozens
    for contained in runs:
        contained.kill_now(table)
    # Each end() waits for its processes to be gone: wait for all at once.
    enders = [threading.Thread(target=contained.end) for contained in runs]
    for ender in enders:
        ender.start()
    for ender in enders:
        ender.join()


def default_start_method() -> str:
    import multiprocessing

    return multiprocessing.get_start_method()


def _run_in_pty(argv, env, start, timeout, stdin, live):
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
    output = Output()
    try:
        contained = containment.Contained(
            argv, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=slave, stderr=slave, cwd=config.EXAMPLES.parent, env=env, live=live)
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    recording = recorder.start(contained.main_pid, start, argv)
    _feed(contained.process, stdin)
    closed = False  # every holder of the terminal has closed it
    try:
        # Read until the terminal is closed and the main process has exited;
        # an orphaned child may still print a moment after the main process
        # exited, but not for long (HOLD_GRACE).
        while not (closed and contained.exited or contained.ended):
            left = _time_left(contained, output, start, timeout, terminal)
            if left <= 0:
                break
            watch = [] if closed else [master]
            if contained.status is not None and not contained.exited:
                watch.append(contained.status)
            ready = select.select(watch, [], [], min(left, 0.1 if closed else 0.5))[0]
            if contained.ended:  # kill_all() ended it (Ctrl-C): its fds are closed
                break
            if contained.status in ready and not contained.read_status():
                break  # the shim is gone (killed from outside)
            contained.poll()
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
        output.left_running = contained.end()
        _unregister(contained)
        os.close(master)
    output.finish(time.monotonic() - start)
    return output, contained


def _run_in_pipe(argv, env, start, timeout, stdin, live):  # Windows: no pseudo-terminal
    # A pipe is block-buffered; the start-up hook (NOTES_LINE_BUFFERED) makes
    # every interpreter of the run, spawned children included, line-buffer.
    contained = containment.Contained(
        argv, stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=config.EXAMPLES.parent, env=env,
        live=live)
    recording = recorder.start(contained.main_pid, start, argv)
    _feed(contained.process, stdin)
    output, lock = Output(), threading.Lock()

    def pump():
        for data in iter(lambda: contained.process.stdout.read1(65536), b""):
            with lock:
                output.feed(time.monotonic() - start, data)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    while reader.is_alive() and not contained.ended:
        contained.poll()
        if _time_left(contained, output, start, timeout, None) <= 0:
            break
        reader.join(0.2)
    output.processes = recording.stop()  # before the kill
    output.left_running = contained.end()
    _unregister(contained)
    reader.join(5)
    with lock:
        output.finish(time.monotonic() - start)
    return output, contained


def _time_left(contained, output, start, timeout, terminal) -> float:
    """Seconds the run may still go on: to its timeout, or HOLD_GRACE after
    its main process exited. When none are left, says why in ``output``."""
    deadline = start + timeout
    if contained.exited:
        deadline = min(deadline, contained.exited_at + HOLD_GRACE)
    left = deadline - time.monotonic()
    if left <= 0:
        if contained.exited:
            output.held_by = contained.holders(terminal)
        else:
            output.timed_out = True
    return left


def _feed(process, stdin) -> None:
    if stdin is not None:
        try:
            process.stdin.write(stdin)
            process.stdin.close()
        except BrokenPipeError:
            pass  # the script exited without reading


def _unregister(contained) -> None:
    _live.discard(contained)


class _LiveRuns:
    """The runs going on, to end on Ctrl-C or at exit (threads share it)."""

    def __init__(self):
        self._runs, self._lock = set(), threading.Lock()

    def add(self, contained) -> None:
        with self._lock:
            self._runs.add(contained)

    def discard(self, contained) -> None:
        with self._lock:
            self._runs.discard(contained)

    def all(self) -> list:
        with self._lock:
            return list(self._runs)

    def guarded(self, stop):
        """Where a run is added: here, but refused once ``stop`` is set."""
        return self if stop is None else _Guarded(self, stop)


class _Guarded:
    def __init__(self, runs: _LiveRuns, stop):
        self.runs, self.stop = runs, stop

    def add(self, contained) -> None:
        with self.runs._lock:  # the lock kill_all() takes its list under
            if self.stop.is_set():
                raise KeyboardInterrupt  # stopped before this run started
            self.runs._runs.add(contained)

    def discard(self, contained) -> None:
        self.runs.discard(contained)


def _at_exit() -> None:
    kill_all()  # examples never outlive the process that ran them
    scratch.remove_own()  # nor do their temporary folders


_live = _LiveRuns()
atexit.register(_at_exit)
