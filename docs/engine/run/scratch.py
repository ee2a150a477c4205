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
        try:
            descriptor = os.open(folder / LOCK, os.O_RDWR)
        except FileNotFoundError:
            continue  # being created (or removed) right now: not ours to judge
        except OSError:
            continue  # another user's, or not a folder
        try:
            if not _try_lock(descriptor):
                continue  # its process is alive
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
        finally:
            os.close(descriptor)
    return removed


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
    """Lock ``descriptor`` without waiting; False if another process holds it.

    Without fcntl (Windows) the open lock file itself keeps a live process's
    folder from being removed, so the answer is always yes.
    """
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
