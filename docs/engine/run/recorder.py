"""Record every process of a run while the runner runs it.

    recording = recorder.start(process.pid, start, argv)  # just after Popen
    ...                                               # the run goes on
    processes = recording.stop()                      # before the kill

One sampler looks at the whole process table every ``TICK`` seconds and
serves every run in progress: the docs build runs dozens of examples at once
in one process, and one look at the table per tick costs the same whether
it serves one run or fifty. The table is read with psutil. The sampler runs
in a process of its own (``python3 -m engine.run.recorder --serve``, started
on first use, ending with its parent): as a thread of the build it would wait for the
interpreter lock behind sixty busy threads after each read, and a look could
take seconds.

A process belongs to a run if it is the run's main process, if its parent
belonged to the run when the process was first seen, or if it is in the
run's session (the runner starts each run in a session of its own; this
catches a grandchild whose parent was gone before the sampler saw it).
After that it stays in the run, whoever adopts it: PID 1, or a subreaper.

The record is a list with one dict per process, in the order they were
first seen; times are seconds since the run started (the runner's
``start``), on the same axis as the times of the output lines:

``pid``
    the process id.
``role``
    ``main`` (the process the runner started), ``child`` (a process made by
    multiprocessing), ``resource_tracker``, ``fork_server``, ``command`` (a
    program the run started, such as ``ps``), or ``fork`` (see below). It
    says what the process became, not how it first looked: between
    ``fork()`` and ``exec()`` every new process is a copy of its
    parent, and on a loaded machine a look can fall in that instant (the
    ``ps`` an example runs looked like a multiprocessing child). So a
    process that looks like a copy of its parent is looked at again at
    every look until it exits; when it execs, it is what it ran; if it
    exits before a look sees it running the new program, its zombie still
    names the program. A copy is told by the command line the runner
    gave the main process (``argv``), not by the one a look read from it:
    under load the runner may name a run only after its main process has
    exited, when its command line can no longer be read (and its forked
    children were filed as commands). A process no look saw as anything
    but a copy is a ``child`` only if it reported a multiprocessing name
    (see ``name``); otherwise it is a ``fork``: a program that started and
    ended between two looks (an example's ``ps`` on a loaded machine), a
    plain ``os.fork()``, or a multiprocessing child killed before it could
    report. The recorder gives such a process ``"copy": True``, which
    name_children() takes away when it decides.
``program``
    for a ``command``, the name of its program; otherwise ``""``.
``name``
    for a ``child``, its multiprocessing name (``Process-1``,
    ``SpawnPoolWorker-2``), which the child itself reported: the runner adds
    it after the run with name_children() (see startup/sitecustomize.py);
    ``""`` if it reported none (a spawned child killed before its target
    ran).
``parents``
    ``[[time, ppid, name], ...]``: the parent when first seen (dated from
    ``appeared``), then each change of parent (an adoption), with the time
    of the first look that showed it. ``name`` names a parent outside the
    run (``""`` inside).
``appeared``
    when the process started, as the system tells it (to its clock tick,
    rounded up: 10 ms on Linux); the first look that saw it where the system
    does not say. Under load the first look can come a second or more after
    the start, and the process would seem to print before it existed.
``running_until``
    the last look that saw it running (``None`` if it never was seen so).
``exited``
    the first look that saw it no longer running (a zombie, or gone);
    ``None`` if it still ran when the recording stopped.
``zombie_until``
    the last look that saw it as a zombie; ``None`` if never seen so.
``reaped``
    the first look that saw it gone; ``None`` if it was still there when
    the recording stopped (the runner reaps the main process itself, and
    kills whatever still runs).
``end``
    how it ended where the system says so: ``"exit N"`` or a signal's name
    (``"SIGTERM"``), read from the zombie's entry on Linux; ``""`` when
    unknown (never seen as a zombie, or not on Linux).

Each time is taken beside the read that showed it, on the side that makes
it certain (a look at many processes can take a while on a loaded machine):
a process certainly existed at ``appeared``, ran at ``running_until``, had
exited at ``exited``, was still a zombie at ``zombie_until``, had been
reaped at ``reaped``. So it exited between ``running_until`` and
``exited`` and was reaped between ``zombie_until`` and ``reaped``; it
certainly ran from ``appeared`` to ``running_until``, and was a zombie from
``exited`` to ``zombie_until`` when it was seen as one at ``exited``.
Claims use these certain stretches. The resolution is the time between two
looks: ``TICK`` plus the look itself. Measured over whole captures of every
example under every start method (sixty runs at once, 2 cores shared with
other work; python3 docs/bench.py --recorder): median 12-16 ms, 99 % under 0.2 s, the
largest 0.2-0.6 s. A process that lives less than that may be missed (the
daemon example's child under fork often is); on a machine so overloaded
that the sampler gets no processor for seconds, whole lives are missed and
the timeline claims fail, as the timing claims do.
"""
from __future__ import annotations

import ast
import atexit
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time

try:
    import psutil
except ModuleNotFoundError:  # a learner's bare interpreter (examples/check.py):
    psutil = None  # runs go unrecorded (no figure; record claims cannot run)

from .. import config
from . import processes

TICK = 0.01  # seconds between two looks at the process table
# Re-read the command line of a new process for its first looks: a fork may
# still exec (spawn's children, `ps`), and under load looks are far apart.
YOUNG_LOOKS, YOUNG = 10, 0.3  # looks, seconds: whichever lasts longer


class Recording:
    """The recording of one run, going on in the sampler process."""

    def __init__(self, root: int):
        self.root = root

    def stop(self) -> list[dict]:
        """Take a last look, stop recording and return the record."""
        return _client().stop(self.root) if psutil else []


def ready() -> None:
    """Start the sampler process, if it is not running yet, and wait until
    it answers: call it before starting a run, so that the run is recorded
    from its first moment even when it is the first."""
    if psutil and not _ready.is_set():
        stats()
        _ready.set()


def start(pid: int, start: float, argv: list[str]) -> Recording:
    """Record the processes of the run whose main process is ``pid``.

    ``start`` is the run's start on the ``time.monotonic()`` clock, which
    every process of the machine shares; ``argv`` is the command line the
    main process was started with.
    """
    if psutil:
        _client().start(pid, start, argv)
    return Recording(pid)


def name_children(processes: list[dict], names: str) -> None:
    """Give each child of a record the multiprocessing name it reported
    into the file ``names`` (startup/sitecustomize.py) as ``name``; "" if
    it reported none. A process only ever seen as a copy of its parent
    (``"copy"``) that reported none becomes a ``fork``: nothing showed it to
    be a multiprocessing child. The runner calls it after the run."""
    reported = {}
    try:
        with open(names, encoding="utf-8") as lines:
            for line in lines:
                pid, _, name = line.partition(" ")
                try:
                    reported[int(pid)] = ast.literal_eval(name)
                except (ValueError, SyntaxError):
                    continue  # cut short: the child was killed mid-write
    except FileNotFoundError:
        pass  # no child reported: none was started by multiprocessing
    for process in processes:
        copy = process.pop("copy", False)
        if process["role"] == "child" and copy and process["pid"] not in reported:
            process["role"] = "fork"
        elif process["role"] == "child":
            process["name"] = reported.get(process["pid"], "")


def _ignore_ctrl_c() -> None:
    """A preexec_fn: SIGINT ignored, which the exec'd interpreter keeps."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Client:
    """The build's end of the sampler process: one JSON line a message.

    Any thread may start or stop a recording at any time; a stop waits only
    for its own answer, which a reader thread hands to it.
    """

    def __init__(self):
        # From the docs folder, where the engine package is.
        # Deaf to Ctrl-C from its first instruction: a Ctrl-C at the
        # terminal is for the examples and the command that runs them, which
        # then stop the recordings; one that came while the sampler was still
        # starting, before serve() ignores SIGINT, killed it with a traceback
        # (a loaded soak run). It stays in the command's process group, so
        # that whatever ends the group ends it too (docs-live waits for the
        # pipes it holds).
        deaf = ({"preexec_fn": _ignore_ctrl_c} if os.name == "posix" else
                {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP})
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, "--serve"], cwd=config.DOCS,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            encoding="utf-8", **deaf)
        self.sending = threading.Lock()
        self.waiting: dict[str, list] = {}  # key -> [event, answer]
        self.ended = False  # its answers have stopped: no question waits
        threading.Thread(target=self._read, daemon=True,
                         name="process recorder answers").start()

    def start(self, pid: int, start: float, argv: list[str]) -> None:
        self._send({"start": pid, "at": start, "argv": [str(a) for a in argv]})

    def stop(self, pid: int) -> list[dict]:
        answer = self._ask(str(pid), {"stop": pid})
        if answer is None:
            print(f"recorder: the sampler process did not answer (exit code "
                  f"{self.process.poll()}): run {pid} has no record",
                  file=sys.stderr)
            return []
        return answer

    def _ask(self, key: str, message: dict):
        slot = [threading.Event(), None]
        with self.sending:
            # Ended already (a SIGTERM to the whole process group, as
            # docs-live sends): nothing would set the event, and the run
            # would wait 120 s before it could end.
            if self.ended:
                return None
            self.waiting[key] = slot
        self._send(message)
        slot[0].wait(120)
        return slot[1]

    def _send(self, message: dict) -> None:
        with self.sending:
            try:
                self.process.stdin.write(json.dumps(message) + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass  # it has ended: _ask gets no answer

    def _read(self) -> None:
        for line in self.process.stdout:
            key, answer = json.loads(line)
            with self.sending:
                slot = self.waiting.pop(key, None)
            if slot:
                slot[1] = answer
                slot[0].set()
        with self.sending:  # it has ended: nobody waits for ever
            self.ended = True
            for slot in self.waiting.values():
                slot[0].set()

    def close(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


_the_client: _Client | None = None
_creating = threading.Lock()
_asked = itertools.count()
_ready = threading.Event()


def _client() -> _Client:
    global _the_client
    with _creating:
        if _the_client is None:
            _the_client = _Client()
            atexit.register(_the_client.close)
        return _the_client


def stats() -> dict:
    """How the sampler has done so far: its processor time and the time
    between the starts of two looks while runs were recorded (``gaps``,
    seconds: median, 90th and 99th percentile, largest), for the bench."""
    client = _client()
    key = f"stats {next(_asked)}"
    answer = client._ask(key, {"stats": key}) or {}
    times = psutil.Process(client.process.pid).cpu_times()
    return dict(answer, cpu=round(times.user + times.system, 2))


def serve() -> None:
    """The sampler process: record the runs its parent names on stdin."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent decides
    try:  # where allowed (as root), look on time even when the CPU is busy
        os.nice(-10)  # (about 5 % of one core; it shifts no example's timing)
    except (OSError, AttributeError):
        pass
    sampler, runs, writing = _Sampler(), {}, threading.Lock()

    def answer(key: str, value) -> None:
        with writing:
            sys.stdout.write(json.dumps([key, value]) + "\n")
            sys.stdout.flush()

    def stop(pid: int, run) -> None:
        answer(str(pid), sampler.stop(run) if run else [])

    for line in sys.stdin:
        message = json.loads(line)
        if "start" in message:
            runs[message["start"]] = sampler.add(
                _Watched(message["start"], message["at"], message["argv"]))
        elif "stats" in message:
            answer(message["stats"], sampler.stats())
        elif "stop" in message:  # in a thread: a stop waits for a look
            threading.Thread(target=stop, daemon=True, args=(
                message["stop"], runs.pop(message["stop"], None))).start()


class _Watched:
    """The processes of one run, as the sampler sees them."""

    def __init__(self, root: int, start: float, argv: list[str]):
        self.root, self.start, self.argv = root, start, argv
        self.tracks: list[_Track] = []


class _Track:
    """What is known about one process of a run."""

    def __init__(self, recording, process, ppid, parent, now):
        self.recording, self.process, self.parent = recording, process, parent
        self.pid = process.pid
        self.born = now
        started = processes.started(self.pid)
        when = self.at(now if started is None
                       else min(now, max(started, recording.start)))
        self.parents = [[when, ppid, "" if parent else _name(ppid)]]
        self.appeared = when
        self.running_until = self.exited = self.zombie_until = None
        self.reaped, self.end = None, ""
        self.role, self.program, self.cmdline, self.name = "", "", None, ""
        self.looks = 0
        # A copy of its parent (a fork that has not exec'd, yet or ever):
        # looked at again at every look (see ``role`` above).
        self.copy = False
        self.raw = None  # its command line as last read (Linux), to see a change
        self.classify()

    def at(self, now: float) -> float:
        return round(now - self.recording.start, 3)

    def classify(self) -> None:
        """Say what the process is, from its command line."""
        try:
            name = self.process.name()
        except (psutil.Error, OSError):
            return
        try:
            cmdline = self.process.cmdline()
        except (psutil.Error, OSError):  # a zombie has none
            cmdline = []
        if not cmdline and self.cmdline and name == self.name:
            return  # a zombie shows no command line: keep what was seen
        self.cmdline, self.name = cmdline, name
        text = " ".join(cmdline)
        parent, argv = self.parent, self.recording.argv
        # A copy of its parent: a fork that has not exec'd, yet or ever. The
        # main process's command line is the one it was given (see ``role``
        # above); a process whose parent was never seen is a copy if it
        # runs the main process's command line.
        if parent is None:
            copy = bool(cmdline) and cmdline == argv
        elif cmdline:
            copy = cmdline == (argv if parent.pid == self.recording.root
                               else parent.cmdline)
        else:
            copy = name == _safe_name(parent.process)
        if self.pid == self.recording.root:
            self.role = "main"
        elif copy:  # a plain fork, a fork server's child, or not exec'd yet
            self.role = "child"
        elif "multiprocessing.resource_tracker" in text:
            self.role = "resource_tracker"
        elif "multiprocessing.forkserver" in text:
            self.role = ("child" if parent and parent.role == "fork_server"
                         else "fork_server")
        elif "--multiprocessing-fork" in text:  # spawn
            self.role = "child"
        else:
            self.role = "command"
        self.copy = copy and self.role == "child"
        self.program = (os.path.basename(cmdline[0]) if cmdline else name
                        ) if self.role == "command" else ""

    def observe(self, before: float, after: float, status: str, ppid: int,
                members) -> None:
        """What one read of the process table, made between ``before`` and
        ``after``, showed. A state seen is certain at ``before`` if it is one
        that lasts until then (running), at ``after`` if it is one that
        started by then (exited, a new parent)."""
        if status == psutil.STATUS_ZOMBIE:
            if self.exited is None:
                self.exited = self.at(after)
                self.end = processes.how_it_ended(self.pid)
                if self.young(after) or self.copy:
                    self.classify()  # it may have exec'd since the last look
            self.zombie_until = self.at(before)
        else:
            self.running_until = self.at(before)
            if self.young(after) or self.copy and self.changed():
                self.classify()
        if ppid != self.parents[-1][1]:
            inside = members.get(ppid)
            self.parents.append([self.at(after), ppid,
                                 "" if inside else _name(ppid)])

    def changed(self) -> bool:
        """Whether its command line may have changed since it was last read:
        on Linux by one read of it (cheaper than classify()), elsewhere
        always."""
        raw = processes.command_line(self.pid)
        if raw is None:
            return True
        changed, self.raw = raw != self.raw, raw
        return changed

    def young(self, now: float) -> bool:
        self.looks += 1
        return self.looks <= YOUNG_LOOKS or now - self.born < YOUNG

    def gone(self, now: float) -> None:
        when = self.at(now)
        if self.exited is None:
            self.exited = when
        self.reaped = when

    def record(self) -> dict:
        return {"pid": self.pid, "role": self.role, "program": self.program,
                "parents": self.parents, "appeared": self.appeared,
                "running_until": self.running_until, "exited": self.exited,
                "zombie_until": self.zombie_until, "reaped": self.reaped,
                "end": self.end, **({"copy": True} if self.copy else {})}


class _Sampler:
    def __init__(self):
        self.lock = threading.Lock()
        self.work = threading.Condition(self.lock)
        self.recordings: list[_Watched] = []
        self.members: dict[int, _Track] = {}  # pid -> track, every run
        self.foreign: set[int] = set()  # pids that belong to no run
        self.gaps: list[float] = []  # between the starts of two looks
        self.count = 0  # looks so far
        self.thread = threading.Thread(target=self.loop, daemon=True,
                                       name="process recorder")
        self.thread.start()

    def add(self, recording: _Watched) -> _Watched:
        with self.lock:
            self.recordings.append(recording)
            # Under load the main process may have started children before
            # it was registered: they were taken for strangers. Its session
            # tells them apart (the runner starts each run in its own).
            self.foreign.discard(recording.root)
            for pid in list(self.foreign):
                if _session(pid) == recording.root:
                    self.foreign.discard(pid)
            self.work.notify()  # the next look, within a tick, sees it
        return recording

    def stop(self, recording: _Watched) -> list[dict]:
        """The record, after at least one look made after this call."""
        main = None
        with self.lock:
            for _ in range(5):  # the terminal closes a moment before the exit
                target = self.count + 1
                self.work.wait_for(lambda: self.count >= target, timeout=2)
                main = main or next((t for t in recording.tracks
                                     if t.pid == recording.root), None)
                if not main or main.exited is not None:
                    break
            self.recordings.remove(recording)
            for track in recording.tracks:
                if self.members.get(track.pid) is track:
                    del self.members[track.pid]
        return [track.record() for track in recording.tracks]

    def loop(self) -> None:
        last = None
        while True:
            with self.lock:
                while not self.recordings:
                    self.work.wait()
                    last = None
                began = time.monotonic()
                if last is not None and len(self.gaps) < 1_000_000:
                    self.gaps.append(began - last)
                last = began
                self.look()
                self.count += 1
                self.work.notify_all()
            time.sleep(TICK)

    def stats(self) -> dict:
        with self.lock:
            gaps = sorted(self.gaps)
        if not gaps:
            return {"looks": 0, "gaps": []}
        return {"looks": len(gaps) + 1, "gaps": [
            round(gaps[int(q * (len(gaps) - 1))], 3) for q in (0.5, 0.9, 0.99, 1)]}

    def look(self) -> None:
        """One look at the process table, for every run in progress."""
        pids = set(psutil.pids())
        listed = time.monotonic()  # every PID absent from pids was gone by then
        for pid, track in list(self.members.items()):
            before = time.monotonic()
            try:
                if pid not in pids:
                    raise psutil.NoSuchProcess(pid)
                status, ppid = _status(pid, track.process)
            except psutil.NoSuchProcess:
                track.gone(listed if pid not in pids else time.monotonic())
                del self.members[pid]
                continue
            except psutil.Error:
                continue
            track.observe(before, time.monotonic(), status, ppid, self.members)
        self.foreign &= pids  # a PID that is gone may come back in a run
        new = {}
        for pid in pids - self.foreign - self.members.keys():
            try:
                new[pid] = (pid, _status(pid, None)[1])  # it existed by now:
            except psutil.Error:
                continue
        now = time.monotonic()  # the time it appeared at the latest
        roots = {r.root: r for r in self.recordings}
        # Parents first: a child and its own child may both be new.
        while True:
            found = {pid: (self.members[ppid].recording, self.members[ppid])
                     for pid, (_, ppid) in new.items() if ppid in self.members}
            found.update((pid, (roots[pid], None)) for pid in new
                         if pid in roots and pid not in found)
            if not found:
                break
            for pid, (recording, parent) in found.items():
                self.join(recording, new.pop(pid), parent, now)
        for pid, (process, ppid) in new.items():
            session = _session(pid)
            if session in roots:
                self.join(roots[session], (process, ppid), None, now)
            else:
                self.foreign.add(pid)

    def join(self, recording, found, parent, now) -> None:
        pid, ppid = found
        try:
            process = psutil.Process(pid)
            track = _Track(recording, process, ppid, parent, now)
            before = time.monotonic()
            status = _status(pid, process)[0]
            track.observe(before, time.monotonic(), status, ppid, self.members)
        except psutil.Error:
            return  # gone already: too short to record
        recording.tracks.append(track)
        self.members[track.pid] = track


def _status(pid: int, process) -> tuple[str, int]:
    """A process's state (a psutil STATUS_*) and its parent's PID."""
    if processes.PROC:  # the hot loop: one read of /proc (processes.py)
        try:
            fields = processes.stat(pid)
            zombie, ppid = fields[processes.STATE] == b"Z", int(fields[processes.PPID])
        except processes.Gone:
            raise psutil.NoSuchProcess(pid) from None
        except (OSError, ValueError) as error:
            raise psutil.Error(str(error)) from None
        return (psutil.STATUS_ZOMBIE if zombie else psutil.STATUS_RUNNING), ppid
    process = process or psutil.Process(pid)
    with process.oneshot():
        return process.status(), process.ppid()


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid) if hasattr(os, "getsid") else None
    except OSError:
        return None


def _name(pid: int) -> str:
    try:
        return psutil.Process(pid).name()
    except (psutil.Error, ValueError):
        return ""


def _safe_name(process) -> str:
    try:
        return process.name()
    except psutil.Error:
        return ""


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()
