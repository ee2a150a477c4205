"""Write a file so that a reader sees the old content or the new, never half."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import, before any thread runs


class WriteError(OSError):
    """A file could not be written (a full disk, say); names the file."""


def write_atomically(path: Path, data: bytes, what: str = "file") -> None:
    """Write ``data`` to ``path`` through a temporary file beside it.

    The file gets the permissions any new file gets (0644 under the usual
    umask), not mkstemp's 0600. A failed or interrupted write leaves no
    temporary file; WriteError says which ``what`` could not be written.
    """
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise WriteError(error.errno, f"cannot write the {what} {path}: "
                         f"{error.strerror or error}") from error
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
