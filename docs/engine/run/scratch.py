"""The runs' temporary folders, which no kill can strand for good.

Each run gets a temporary folder of its own (runner.py says why), removed
when the run ends. A process killed by SIGKILL removes nothing, so the run
folders of one process live in one folder of that process, in the system's
temporary folder (a short path: forkserver puts a Unix socket in it, and a
socket's path may not exceed about 100 bytes):

    /tmp/notes-runs-<pid>-<random>/owner.lock
    /tmp/notes-runs-<pid>-<random>/run-<random>/

The process holds ``owner.lock`` locked for as long as it lives; the system
releases the lock when it dies, however it dies. The first run of every
process removes the folders whose lock nobody holds: those of processes
that were killed. A process removes its own folder when it exits.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

PREFIX = "notes-runs-"
LOCK = "owner.lock"

_lock = threading.Lock()
_mine: tuple[int, Path, int] | None = None  # (pid, folder, locked fd)


def run_folder() -> str:
    """A new, empty folder for one run, in this process's folder."""
    return tempfile.mkdtemp(prefix="run-", dir=_own_folder())


def _own_folder() -> Path:
    global _mine
    with _lock:
        if _mine is None or _mine[0] != os.getpid():  # none yet, or forked
            remove_stale()
            # Locked before it takes its name: another process's
            # remove_stale() never sees it unlocked.
            new = Path(tempfile.mkdtemp(prefix="notes-new-"))
            descriptor = os.open(new / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
            _try_lock(descriptor)
            folder = new.with_name(PREFIX + str(os.getpid()) + "-" + new.name[len("notes-new-"):])
            os.rename(new, folder)
            _mine = (os.getpid(), folder, descriptor)
        return _mine[1]


def remove_stale(parent: str | None = None) -> list[Path]:
    """Remove the folders of processes that are gone; return them."""
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(PREFIX + "*"):
        if _mine and folder == _mine[1]:
            continue
        if _owner_gone(folder / LOCK):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed


def _owner_gone(lock: Path) -> bool:
    """Whether the process that made ``lock`` no longer holds it."""
    if fcntl is None:  # Windows: a file another process has open cannot
        try:           # be removed, and the owner keeps it open
            os.remove(lock)
            return True
        except OSError:
            return False
    try:
        descriptor = os.open(lock, os.O_RDWR)
    except OSError:  # being made right now, or another user's: not ours to judge
        return False
    try:
        return _try_lock(descriptor)
    finally:
        os.close(descriptor)


def remove_own() -> None:
    """Remove this process's folder (at exit, after every run has ended)."""
    global _mine
    with _lock:
        if _mine is not None and _mine[0] == os.getpid():
            _, folder, descriptor = _mine
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.close(descriptor)
            _mine = None


def _try_lock(descriptor: int) -> bool:
    """Lock ``descriptor`` without waiting; False if another process holds
    it. Without fcntl (Windows) the open file is the lock (see _owner_gone)."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
