"""Find and end every process one run of an example started, however it left.

Killing the example's process group is not enough: a grandchild that calls
``os.setsid()`` (or double-forks) leaves the group, and once its parent has
exited it is adopted by PID 1, out of sight. What each system does here:

Linux
    Each run gets a tiny intermediate process, this file run as a script
    (``python3 -I -S containment.py CONTROL STATUS -- python3 examples/x.py``).
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
    The same descendant scan (with psutil installed), plus ``taskkill /T`` of
    the tree. Job Objects would contain everything, but need the win32 API
    (pywin32 or many lines of ctypes); they are not used.

The process table is read from /proc on Linux (only the parent of each
process: it is read often, and that is three times quicker than psutil's
full table); elsewhere from psutil when it is installed (the nox sessions
install it), else from ``ps``: capture.py also runs on a bare interpreter
(the CI jobs that capture on macOS and Windows).

When the main process has exited but a descendant still holds the terminal
open, the runner waits HOLD_GRACE seconds (an orphan may rightly print a
little after its parent died) and then ends the run, naming who held on.
"""
from __future__ import annotations

import collections
import os
import select
import signal
import sys
import time

if __name__ != "__main__":
    # The runner's side. The shim (this file run as a script, once per run
    # of an example) needs neither: leaving them out halves its start-up.
    import subprocess
    import threading

# Linux >= 3.4; macOS and Windows have no equivalent.
SUBREAPER = sys.platform.startswith("linux")
PR_SET_CHILD_SUBREAPER = 36
HOLD_GRACE = 5.0  # seconds a descendant may keep the terminal after main exits


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
                    [sys.executable, "-I", "-S", os.path.abspath(__file__),
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
            options = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
                       if os.name == "nt" else {"start_new_session": True})
            self.process = subprocess.Popen(argv, stdin=stdin, stdout=stdout,
                                            stderr=stderr, cwd=cwd, env=env, **options)
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
            for pid in _below(self.main_pid, processes()):
                if pid not in self._seen:
                    self._seen[pid] = command_of(pid)

    def remaining(self, table=None) -> list[int]:
        """The run's processes still running, the main process included."""
        table = processes() if table is None else table
        found = set(_below(self.process.pid, table))
        if not SUBREAPER:
            found.add(self.process.pid)
            # Noted earlier, detached since: the same pid with the same
            # command line is taken to be the same process.
            found.update(pid for pid, command in self._seen.items()
                         if pid in table and command_of(pid) == command)
        return [pid for pid in found if pid in table and not table[pid].zombie]

    def holders(self, terminal: str | None) -> list[str]:
        """Who keeps the run going after its main process exited: those
        holding ``terminal`` open if that can be told, else all left."""
        left = [pid for pid in self.remaining() if pid != self.main_pid]
        holding = [pid for pid in left if terminal and _holds(pid, terminal)]
        return [describe(pid) for pid in (holding or left)] or [
            "a process that detached out of reach (not found to end it)"]

    def kill_now(self, table=None) -> None:
        """SIGKILL what runs now, without waiting (end() finishes the job):
        ending many runs at once, kill them all first (from one ``table``),
        then wait."""
        self.ended = True
        with self._lock:
            if self._ended is not None:
                return
            for pid in self.remaining(table):
                if not (SUBREAPER and pid == self.process.pid):
                    _kill(pid)

    def end(self) -> list[str]:
        """Kill every process of the run still there and wait until they are
        gone; return a description of each, the main process left out."""
        self.ended = True  # the thread reading the run stops at once
        with self._lock:
            if self._ended is not None:
                return self._ended
            ended, deadline = {}, time.monotonic() + 10
            # Kill until nothing is left: a process may fork while we kill.
            while time.monotonic() < deadline:
                victims = [pid for pid in self.remaining()  # the shim last, or
                           if not (SUBREAPER and pid == self.process.pid)]  # orphans go to PID 1
                if not victims:
                    break
                for pid in victims:
                    # A process with no command line left is already exiting
                    # (the resource tracker after its main process): not one
                    # the run left behind.
                    if pid != self.main_pid and pid not in ended and command_of(pid) != "?":
                        ended[pid] = describe(pid)
                    _kill(pid)
                _wait_gone(victims, 0.5)
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


def describe(pid: int) -> str:
    """``pid 123: python -c ...``, for messages."""
    command = command_of(pid)
    if len(command) > 200:
        command = command[:200] + " …"
    return f"pid {pid}: {command}"


def die_with_parent() -> None:
    """As a preexec_fn: the child is killed when the process that started it
    dies, even by SIGKILL, which no handler sees (Linux; elsewhere nothing)."""
    if SUBREAPER:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def become_subreaper() -> bool:
    """Make orphans of this process's descendants come back to it (Linux)."""
    if not SUBREAPER:
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def end_descendants(pid: int | None = None, timeout: float = 10) -> list[str]:
    """Kill every descendant of ``pid`` (this process by default), repeatedly
    until none is left; return their descriptions."""
    pid = os.getpid() if pid is None else pid
    ended, deadline = {}, time.monotonic() + timeout
    while time.monotonic() < deadline:
        table = processes()
        victims = [child for child in _below(pid, table) if not table[child].zombie]
        if not victims:
            break
        for child in victims:
            if child not in ended:
                ended[child] = describe(child)
            _kill(child)
        _wait_gone(victims, 0.5)
    return list(ended.values())


Entry = collections.namedtuple("Entry", "ppid zombie")  # a process's parent, and whether a zombie


def processes() -> dict[int, Entry]:
    """The machine's process table, parents only (cheap: it is read often):
    /proc on Linux; psutil elsewhere if installed, else ps (macOS), so that
    a bare interpreter can run the examples too."""
    table = {}
    if os.path.isdir("/proc"):
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                state = _proc_state(int(entry))
                if state:
                    table[int(entry)] = Entry(state[1], state[0] == "Z")
        return table
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        for process in psutil.process_iter(["ppid", "status"]):
            table[process.pid] = Entry(process.info["ppid"] or 0,
                                       process.info["status"] == psutil.STATUS_ZOMBIE)
    elif os.name == "posix":
        listing = subprocess.run(["ps", "-A", "-o", "pid=,ppid=,stat="],
                                 capture_output=True, text=True).stdout
        for row in listing.splitlines():
            pid, ppid, state = row.split()[:3]
            table[int(pid)] = Entry(int(ppid), state.startswith("Z"))
    return table


def command_of(pid: int) -> str:
    """The command line of ``pid`` ("?" if it cannot be read)."""
    try:
        if os.path.isdir("/proc"):
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                return file.read().replace(b"\0", b" ").decode(errors="replace").strip() or "?"
        try:
            import psutil
        except ImportError:
            return subprocess.run(["ps", "-ww", "-o", "args=", "-p", str(pid)],
                                  capture_output=True, text=True).stdout.strip() or "?"
        return " ".join(psutil.Process(pid).cmdline()) or "?"
    except Exception:  # gone, or not ours to read
        return "?"


def _proc_state(pid: int):
    """(state letter, ppid) from /proc/<pid>/stat, or None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return fields[0].decode(), int(fields[1])
    except (OSError, IndexError, ValueError):
        return None


def _below(root: int, table: dict[int, Entry]) -> list[int]:
    """The descendants of ``root`` in ``table``."""
    children: dict[int, list[int]] = {}
    for pid, entry in table.items():
        children.setdefault(entry.ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found and child != root:
                found.append(child)
                todo.append(child)
    return found


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
    except OSError:
        pass  # gone already, or not ours


def _wait_gone(victims, timeout: float) -> None:
    """Wait until none of ``victims`` runs (a zombie does not), or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_running(pid) for pid in victims):
            return
        time.sleep(0.01)


def _running(pid: int) -> bool:
    if os.path.isdir("/proc"):
        state = _proc_state(pid)
        return bool(state) and state[0] != "Z"
    table = processes()
    return pid in table and not table[pid].zombie


def _holds(pid: int, terminal: str) -> bool:
    """Whether ``pid`` has ``terminal`` open (Linux: its /proc fd links)."""
    try:
        folder = f"/proc/{pid}/fd"
        return any(os.readlink(f"{folder}/{fd}") == terminal for fd in os.listdir(folder))
    except OSError:
        return False


# -- the shim: runs as `python3 -I -S containment.py CONTROL STATUS -- argv` ---

def _shim(control: int, status: int, argv: list[str]) -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    stopping = []
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), lambda *_: stopping.append(1))
    main = os.fork()
    if main == 0:
        try:
            # The example leads a session (and process group) of its own,
            # as when the runner starts it directly: recorder.py tells a
            # run's processes by their session.
            os.setsid()
            for fd in (control, status, wake_read, wake_write):
                os.close(fd)
            os.execvp(argv[0], argv)
        except BaseException as error:
            os.write(2, f"cannot run {argv[0]}: {error}\n".encode())
        os._exit(127)
    os.write(status, f"main {main}\n".encode())
    # Hold neither the example's terminal nor its stdin: the runner reads
    # until the last holder of the terminal closes it.
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    while not stopping:
        # Woken by SIGCHLD, the runner, or in time to reap a kept zombie.
        ready = select.select([control, wake_read], [], [],
                              ORPHAN_ZOMBIE_KEEP if _zombie_since else None)[0]
        if wake_read in ready:
            os.read(wake_read, 4096)
        _reap(main, status)
        if control in ready and not os.read(control, 4096):
            break  # the runner is done with this run, or died
    _kill_below(os.getpid(), main, status)
    os._exit(0)


_reported = []  # the main process's exit, once reported


def _reap(main: int, status: int, everything: bool = False) -> None:
    """Report the main process's exit, and reap every other exited child.

    The main process itself is left a zombie until the run ends (unless
    ``everything``), as it would be if the runner had started it itself:
    recorder.py sees it exit and be reaped when the run is over.
    """
    if not _reported:
        try:
            info = os.waitid(os.P_PID, main, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            info = None
        if info is not None:
            code = (info.si_status if info.si_code == os.CLD_EXITED
                    else -info.si_status)
            os.write(status, f"exit {main} {code}\n".encode())
            _reported.append(code)
    # An orphan adopted by this shim is reaped only after ORPHAN_ZOMBIE_KEEP
    # seconds, as a slow init would: so recorder.py, which looks every few
    # milliseconds, sees it exit under its new parent however short its
    # life after the adoption.
    me, now = os.getpid(), time.monotonic()
    for pid, entry in processes().items():
        if entry.ppid == me and entry.zombie and (everything or pid != main):
            if not everything and now - _zombie_since.setdefault(pid, now) < ORPHAN_ZOMBIE_KEEP:
                continue
            _zombie_since.pop(pid, None)
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


ORPHAN_ZOMBIE_KEEP = 0.5
_zombie_since: dict[int, float] = {}


def _kill_below(root: int, main: int, status: int) -> None:
    """Kill every descendant of ``root`` until none is left."""
    for _ in range(1000):
        below = _below(root, processes())
        if not below:
            return
        for pid in below:
            _kill(pid)
        time.sleep(0.01)
        _reap(main, status, everything=True)


if __name__ == "__main__":
    _shim(int(sys.argv[1]), int(sys.argv[2]), sys.argv[4:])
