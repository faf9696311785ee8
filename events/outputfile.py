"""Writing an output file the way a user expects: all of it or nothing, with the permissions files get here.

The bytes go to a temporary file next to the destination, which is then renamed over it, so an interrupted write
never leaves half a file in place of a good one. A temporary file is private (0600); the file that replaces an
existing one keeps that file's permissions, and a new one gets the usual ones (0666 less the umask), as a shell
redirect would make it, so `chronik extract -o` writes files colleagues and other tools can read.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask. Reading it means setting it, so two threads must not do it at once."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def replace_file(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `target` atomically (see above); returns the path."""
    path = Path(target)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~current_umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
