"""The machine's processes: read the table, and end a set of processes.

The one place that reads the process table. On Linux it reads /proc itself:
one read of /proc/<pid>/stat gives a process's state and parent, which the
runner and the recorder ask for every few milliseconds for dozens of
processes at once; psutil reads two files for the same (measured on the
loaded 2-core build machine: 30 µs against 160 µs a process). Elsewhere it
asks psutil, which the nox sessions install. The containment shim imports
this module as a script's neighbour (``python3 -S shim.py``), without
site-packages: on Linux it needs nothing but the standard library.
"""
from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

LINUX = sys.platform.startswith("linux")
PROC = LINUX and os.path.isfile("/proc/self/stat")

# prctl(2) options (linux/prctl.h)
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

# Fields of /proc/<pid>/stat, counted after the command name, from 0:
# the state letter, the parent, the start in clock ticks since boot, and
# (Linux 3.5+) the exit status a zombie leaves for its parent.
STATE, PPID, START_TICKS, EXIT_STATUS = 0, 1, 19, 49
CLOCK_TICK = 1 / os.sysconf("SC_CLK_TCK") if PROC else 0.0

Entry = collections.namedtuple("Entry", "ppid zombie")  # a process's parent, and whether a zombie


class Gone(Exception):
    """The process does not exist (any more)."""


def stat(pid: int) -> list[bytes]:
    """The fields of /proc/<pid>/stat after the command name (Linux).

    Gone if there is no such process, or it is being removed; OSError if it
    cannot be read.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            fields = file.read().rsplit(b")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        raise Gone(pid) from None
    except IndexError:
        raise OSError(f"/proc/{pid}/stat: not as expected") from None
    if fields[STATE] in (b"X", b"x"):  # dead, being removed
        raise Gone(pid)
    return fields


def state(pid: int) -> tuple[str, int] | None:
    """(state letter, parent PID) of ``pid``, or None if it is gone."""
    if PROC:
        try:
            fields = stat(pid)
            return fields[STATE].decode(), int(fields[PPID])
        except (Gone, OSError, ValueError):
            return None
    try:
        import psutil
    except ModuleNotFoundError:  # a learner's bare interpreter: see table()
        entry = table().get(pid)
        return None if entry is None else ("Z" if entry.zombie else "R", entry.ppid)
    try:
        process = psutil.Process(pid)
        with process.oneshot():
            letter = "Z" if process.status() == psutil.STATUS_ZOMBIE else "R"
            return letter, process.ppid()
    except psutil.Error:
        return None


def table() -> dict[int, Entry]:
    """The machine's process table, parents only (cheap: it is read often)."""
    if PROC:
        found = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                seen = state(int(name))
                if seen:
                    found[int(name)] = Entry(seen[1], seen[0] == "Z")
        return found
    try:
        import psutil
    except ModuleNotFoundError:  # a learner's bare interpreter (examples/check.py)
        return _table_from_ps()
    return {process.pid: Entry(process.info["ppid"] or 0,
                               process.info["status"] == psutil.STATUS_ZOMBIE)
            for process in psutil.process_iter(["ppid", "status"])}


def _table_from_ps() -> dict[int, Entry]:
    """table() without psutil: ``ps`` on POSIX (macOS); on Windows nothing
    (then only ``taskkill /T`` ends a run's tree: containment.py)."""
    if os.name != "posix":
        return {}
    import subprocess

    listing = subprocess.run(["ps", "-A", "-o", "pid=,ppid=,stat="],
                             capture_output=True, text=True).stdout
    found = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0].isdigit() and fields[1].isdigit():
            found[int(fields[0])] = Entry(int(fields[1]), fields[2].startswith("Z"))
    return found


def started(pid: int) -> float | None:
    """When ``pid`` started, on the time.monotonic() clock, by the system's
    word: a moment by which it certainly existed. None if it cannot say."""
    if PROC:  # start in clock ticks since boot (psutil's create_time adds
        # the boot time in whole seconds: up to a second off)
        try:
            ticks = int(stat(pid)[START_TICKS])
        except (Gone, OSError, IndexError, ValueError):
            return None
        since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        return time.monotonic() - since_boot + (ticks + 1) * CLOCK_TICK
    try:
        import psutil
    except ModuleNotFoundError:
        return None
    try:  # macOS, Windows: seconds since the epoch, to the microsecond
        return psutil.Process(pid).create_time() - time.time() + time.monotonic()
    except (psutil.Error, OSError):
        return None


def how_it_ended(pid: int) -> str:
    """How a zombie ended: ``exit N`` or a signal's name; "" if unknown
    (only Linux keeps a zombie's exit status where others can read it)."""
    if not PROC:
        return ""
    try:
        status = int(stat(pid)[EXIT_STATUS])
    except (Gone, OSError, IndexError, ValueError):
        return ""
    if os.WIFSIGNALED(status):
        try:
            return signal.Signals(os.WTERMSIG(status)).name
        except ValueError:
            return f"signal {os.WTERMSIG(status)}"
    return f"exit {os.WEXITSTATUS(status)}"


def command_of(pid: int) -> str:
    """The command line of ``pid`` ("?" if it cannot be read)."""
    try:
        if PROC:
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                return file.read().replace(b"\0", b" ").decode(errors="replace").strip() or "?"
        import psutil

        return " ".join(psutil.Process(pid).cmdline()) or "?"
    except Exception:  # gone, or not ours to read
        return "?"


def command_line(pid: int) -> bytes | None:
    """The raw command line of ``pid`` (Linux; b"" if gone or a zombie),
    None where it is not read this way."""
    if not PROC:
        return None
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return file.read()
    except OSError:
        return b""


def describe(pid: int) -> str:
    """``pid 123: python -c ...``, for messages."""
    command = command_of(pid)
    if len(command) > 200:
        command = command[:200] + " …"
    return f"pid {pid}: {command}"


def below(root: int, processes: dict[int, Entry]) -> list[int]:
    """The descendants of ``root`` in ``processes`` (a table())."""
    children: dict[int, list[int]] = {}
    for pid, entry in processes.items():
        children.setdefault(entry.ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found and child != root:
                found.append(child)
                todo.append(child)
    return found


def descendants(pid: int | None = None) -> list[int]:
    """The running (not zombie) descendants of ``pid``, this process by default."""
    processes = table()
    return [child for child in below(os.getpid() if pid is None else pid, processes)
            if not processes[child].zombie]


def running(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    seen = state(pid)
    return bool(seen) and seen[0] != "Z"


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
    except OSError:
        pass  # gone already, or not ours


def end_all(find, timeout: float = 10.0, noted=None, between=None,
            kill=kill) -> None:
    """Kill what ``find()`` returns until it returns nothing, or ``timeout``.

    The one way processes are ended here. A process may fork while we kill:
    so kill, wait until the killed are gone, and look again. ``noted(pid)``
    is called before each first kill (to describe it while it can be read);
    ``between()`` after each round (a parent reaps its killed children
    there); ``kill(pid)`` may end more than the pid (a process group).
    """
    killed: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        victims = find()
        if not victims:
            return
        for pid in victims:
            if pid not in killed:
                killed.add(pid)
                if noted:
                    noted(pid)
            kill(pid)
        if between:
            between()
        wait_gone(victims, 0.5)


def wait_gone(victims, timeout: float) -> None:
    """Wait until none of ``victims`` runs (a zombie does not), or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(running(pid) for pid in victims):
            return
        time.sleep(0.01)


def holds(pid: int, terminal: str) -> bool:
    """Whether ``pid`` has ``terminal`` open (Linux: its /proc fd links)."""
    try:
        folder = f"/proc/{pid}/fd"
        return any(os.readlink(f"{folder}/{fd}") == terminal for fd in os.listdir(folder))
    except OSError:
        return False


def _prctl(option: int, value: int) -> bool:
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0


def die_with_parent(number: int = signal.SIGKILL) -> None:
    """Have the system send this process ``number`` when the process that
    started it dies, even by SIGKILL, which no handler sees (Linux;
    elsewhere nothing). Safe as a preexec_fn."""
    if LINUX:
        _prctl(PR_SET_PDEATHSIG, number)


def own_group() -> dict:
    """Popen options that start a process in a session of its own (POSIX)
    or a process group of its own (Windows): a Ctrl-C at the terminal does
    not reach it, and it can be signalled with all it starts."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def reap_exited() -> int:
    """Reap this process's children that have exited (orphans adopted as a
    subreaper among them) without waiting for any; how many there were."""
    reaped = 0
    while hasattr(os, "WNOHANG"):  # POSIX; Windows has no zombies to reap
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no child at all
            break
        if not pid:  # children left, none exited
            break
        reaped += 1
    return reaped


class reaping_adopted:
    """While the block runs, reap the orphans this process adopted as a
    subreaper (become_subreaper), every 50 ms, as init would; but not
    ``keep``, the child the block itself waits for.

    Left unreaped until the block ends, a zombie still counts as a member
    of its process group, and docs-live, which waits until no process of
    its group is left, waited its full minute on one (a Ctrl-C test, in
    the bench's and the soak's test suites).
    """

    def __init__(self, keep: int):
        self.keep = keep

    def __enter__(self):
        import threading

        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True,
                                       name="reaper of adopted orphans")
        if hasattr(os, "waitid"):  # POSIX; Windows has no zombies to reap
            self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def _loop(self) -> None:
        while not self.stop.wait(0.05):
            while True:
                try:  # which child has exited, leaving it as it is
                    info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                except ChildProcessError:
                    break
                if info is None or info.si_pid == self.keep:
                    break  # keep's own end: the block is about to end
                try:
                    os.waitpid(info.si_pid, os.WNOHANG)
                except ChildProcessError:
                    break


def run_reaping_adopted(argv, **options) -> subprocess.CompletedProcess:
    """subprocess.run(argv, capture_output=True, text=True, **options),
    reaping meanwhile the orphans this process adopts (reaping_adopted)."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **options) as process:
        try:
            with reaping_adopted(process.pid):
                stdout, stderr = process.communicate()
        except BaseException:  # stopped: as subprocess.run does
            process.kill()
            raise
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def become_subreaper() -> bool:
    """Make orphans of this process's descendants come back to it (Linux)."""
    return LINUX and _prctl(PR_SET_CHILD_SUBREAPER, 1)
