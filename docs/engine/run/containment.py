"""Find and end every process one run of an example started, however it left.

Killing the example's process group is not enough: a grandchild that calls
``os.setsid()`` (or double-forks) leaves the group, and once its parent has
exited it is adopted by PID 1, out of sight. What each system does here:

Linux
    Each run gets a tiny intermediate process, shim.py
    (``python3 -S -E -s shim.py CONTROL STATUS -- python3 examples/x.py``).
    It makes itself the run's *child subreaper* (``prctl(PR_SET_CHILD_SUBREAPER)``),
    starts the example as its only child with exactly the argv it was given
    (in a session of its own, so the example's main process still leads its
    session and process group), reports the main process's pid and exit status on the STATUS
    pipe, and reaps whatever is re-parented to it. An orphan, setsid or not,
    is re-parented to it rather than to PID 1, so every process of the run is
    a descendant of it, and the runner finds them all in the process table.
    It prints nothing: the example's output is the example's own. Its pid
    may show up as a PPID in the example's output (an orphan's new parent);
    nothing else does. The runner's end of the CONTROL pipe closing, for any
    reason (even the runner being SIGKILLed), makes it kill everything below
    it and exit. Because each run has its own subreaper, runs going on at the
    same time in threads of one process are told apart without guessing.
macOS (and other POSIX systems without a subreaper)
    The example leads a new session and process group. While it runs, the
    runner notes every descendant it sees (about every 0.2 to 0.5 s); at the
    end it kills those still running (the same pid with the same command
    line) and the whole process group. A process that detaches and loses its
    parent within one such interval is not found.
Windows
    The same descendant scan, plus ``taskkill /T`` of
    the tree. Job Objects would contain everything, but need the win32 API
    (pywin32 or many lines of ctypes); they are not used.

The process table comes from processes.py (/proc on Linux, psutil elsewhere).

When the main process has exited but a descendant still holds the terminal
open, the runner waits HOLD_GRACE seconds (an orphan may rightly print a
little after its parent died) and then ends the run, naming who held on.
"""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time

from . import processes

SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shim.py")
# Linux >= 3.4; macOS and Windows have no equivalent.
SUBREAPER = processes.LINUX


class Contained:
    """One run of a command and everything it starts."""

    def __init__(self, argv, *, stdin, stdout, stderr, cwd, env, live=None):
        """Start ``argv``. It is added to the set ``live`` first (and taken
        out again if it cannot start): whoever holds that set may call end()
        at any time from then on (Ctrl-C), and end() waits until the start
        is complete, so nothing started escapes."""
        self._lock = threading.Lock()
        with self._lock:
            if live is not None:
                live.add(self)
            try:
                self._start(argv, stdin=stdin, stdout=stdout, stderr=stderr,
                            cwd=cwd, env=env)
            except BaseException:
                self._ended, self.ended = [], True
                if live is not None:
                    live.discard(self)
                raise

    def _start(self, argv, *, stdin, stdout, stderr, cwd, env):
        self.main_pid: int | None = None
        self.returncode: int | None = None
        self.exited_at: float | None = None  # time.monotonic() of main's exit
        self.status: int | None = None  # fd to select on for main's exit
        self._seen = {}  # pid -> command line: descendants noted (no subreaper)
        self._scanned = 0.0
        self._ended: list[str] | None = None
        self.ended = False  # end() was called, perhaps by another thread
        self._buffer = b""
        if SUBREAPER:
            control_read, self._control = os.pipe()
            self.status, status_write = os.pipe()
            try:
                self.process = subprocess.Popen(
                    # -S -E -s: none of the site's or the user's start-up
                    # (isolated, but with its own folder on sys.path).
                    [sys.executable, "-S", "-E", "-s", SHIM,
                     str(control_read), str(status_write), "--", *argv],
                    stdin=stdin, stdout=stdout, stderr=stderr, cwd=cwd, env=env,
                    start_new_session=True, pass_fds=(control_read, status_write))
            finally:
                os.close(control_read)
                os.close(status_write)
            while self.main_pid is None:  # the first line the shim writes
                if not self.read_status():
                    self.process.wait()
                    raise RuntimeError(f"could not start {argv[0]}")
        else:
            self.process = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr,
                                            cwd=cwd, env=env, **processes.own_group())
            self.main_pid = self.process.pid

    @property
    def exited(self) -> bool:
        return self.exited_at is not None

    def read_status(self) -> bool:
        """Read what the shim reported; False once it has closed the pipe."""
        data = os.read(self.status, 4096)
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            word, pid, *rest = line.decode().split()
            if word == "main":
                self.main_pid = int(pid)
            elif word == "exit" and int(pid) == self.main_pid:
                self.returncode, self.exited_at = int(rest[0]), time.monotonic()
        return bool(data)

    def poll(self) -> None:
        """Note whether the main process exited (and, without a subreaper,
        which descendants it has now)."""
        if SUBREAPER:
            return
        now = time.monotonic()
        if not self.exited and self.process.poll() is not None:
            self.returncode, self.exited_at = self.process.returncode, now
        if now - self._scanned >= 0.2:  # a scan costs: not on every read
            self._scanned = now
            for pid in processes.below(self.main_pid, processes.table()):
                if pid not in self._seen:
                    self._seen[pid] = processes.command_of(pid)

    def remaining(self, table=None) -> list[int]:
        """The run's processes still running, the main process included."""
        table = processes.table() if table is None else table
        found = set(processes.below(self.process.pid, table))
        if not SUBREAPER:
            found.add(self.process.pid)
            # Noted earlier, detached since: the same pid with the same
            # command line is taken to be the same process.
            found.update(pid for pid, command in self._seen.items()
                         if pid in table and processes.command_of(pid) == command)
        return [pid for pid in found if pid in table and not table[pid].zombie]

    def holders(self, terminal: str | None) -> list[str]:
        """Who keeps the run going after its main process exited: those
        holding ``terminal`` open if that can be told, else all left."""
        left = [pid for pid in self.remaining() if pid != self.main_pid]
        holding = [pid for pid in left if terminal and processes.holds(pid, terminal)]
        return [processes.describe(pid) for pid in (holding or left)] or [
            "a process that detached out of reach (not found to end it)"]

    def kill_now(self, table=None) -> None:
        """SIGKILL what runs now, without waiting (end() finishes the job):
        ending many runs at once, kill them all first (from one ``table``),
        then wait."""
        self.ended = True
        with self._lock:
            if self._ended is not None:
                return
            for pid in self._victims(table):
                processes.kill(pid)

    def _victims(self, table=None) -> list[int]:
        # The shim last (it goes when its control pipe closes), or the
        # orphans would go to PID 1.
        return [pid for pid in self.remaining(table)
                if not (SUBREAPER and pid == self.process.pid)]

    def _note(self, ended: dict, pid: int) -> None:
        # A process with no command line left is already exiting (the
        # resource tracker after its main process): not one the run left.
        if pid != self.main_pid and processes.command_of(pid) != "?":
            ended[pid] = processes.describe(pid)

    def end(self) -> list[str]:
        """Kill every process of the run still there and wait until they are
        gone; return a description of each, the main process left out."""
        self.ended = True  # the thread reading the run stops at once
        with self._lock:
            if self._ended is not None:
                return self._ended
            ended = {}
            processes.end_all(self._victims, noted=lambda pid: self._note(ended, pid))
            if os.name == "posix" and self.main_pid:
                try:  # a process that escaped the tree but not the group
                    os.killpg(self.main_pid, signal.SIGKILL)
                except OSError:
                    pass
            elif os.name == "nt":
                subprocess.run(["taskkill", "/T", "/F", "/PID", str(self.process.pid)],
                               capture_output=True)
            if SUBREAPER:
                os.close(self._control)  # the shim kills what is left, exits
                while select.select([self.status], [], [], 5)[0] and self.read_status():
                    pass
                os.close(self.status)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # never seen; do not hang on it
                self.process.kill()
                self.process.wait()
            if not SUBREAPER and not self.exited:
                self.returncode = self.process.returncode
            self._ended = list(ended.values())
            return self._ended


