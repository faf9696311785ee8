"""Reading uploaded articles in a process of their own, so that one slow or hostile upload cannot hold up the
other sessions of the dashboard.

Streamlit runs every session in a thread of one server process: reading a 5 MB article or a collection of a
thousand in the session's own thread would take the processor (and Python's lock) from every other reader of the
dashboard for as long. Here each upload is read and extracted (`dashboard.data.events_from_uploads`) in a child
process; the session's thread only waits for it (waiting holds no lock) and shows its progress. The child is
started from a fork server that has the engine imported already, so starting one takes a fraction of a second,
and it is never forked from the server itself, whose other threads could hold locks at that moment.

A child that runs out of time (`TIME_LIMIT_SECONDS`) or memory (`MEMORY_LIMIT_BYTES`), or dies, costs its upload
only: the session gets a message for it and the server goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from dashboard import data

_LOG = logging.getLogger(__name__)
TIME_LIMIT_SECONDS = 600
MEMORY_LIMIT_BYTES = 6 * 1024**3
_POLL_SECONDS = 0.5

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["dashboard.data"])

Progress = Callable[[int, int], None]


def events_from_uploads(
    uploads: Sequence[tuple[str, bytes]],
    *,
    lang: str | None,
    dct: date | None,
    actors: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
) -> data.UploadResult:
    """`dashboard.data.events_from_uploads`, run in a child process (see above); the same result, or one that says
    why the upload could not be read when the child did not finish."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    worker = _CONTEXT.Process(target=_read_uploads, args=(list(uploads), lang, dct, actors, sender), daemon=True,
                              name="chronik-upload")
    worker.start()
    sender.close()  # the child holds the only sending end: its exit ends the pipe
    deadline = time.monotonic() + time_limit
    names = ", ".join(name for name, _ in uploads)
    try:
        while time.monotonic() < deadline:
            if not receiver.poll(_POLL_SECONDS):
                continue
            try:
                kind, payload = receiver.recv()
            except EOFError:  # the child ended without a result: killed for its memory, or crashed
                _LOG.error("the process reading %s ended with exit code %s", names, worker.exitcode)
                return _refused(names, "upload_died", "the process reading it ended unexpectedly (out of memory?)")
            if kind == "progress" and progress is not None:
                progress(*payload)
            elif kind == "result":
                return payload
        return _refused(names, "upload_timeout", f"reading it took longer than {time_limit / 60:g} minutes")
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()


def _refused(names: str, reason: str, why: str) -> data.UploadResult:
    result = data.UploadResult()
    result.refuse(f"{names}: could not be read: {why}", reason, {"name": names})
    return result


def _read_uploads(uploads: list[tuple[str, bytes]], lang: str | None, dct: date | None,
                  actors: Mapping[str, Any] | None, sender: Connection) -> None:
    # Held to a share of the machine's memory: a runaway upload ends in MemoryError (that document's failure) or in
    # this process's end, never in the server's.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    result = data.events_from_uploads(uploads, lang=lang, dct=dct, actors=actors,
                                      progress=lambda done, total: sender.send(("progress", (done, total))))
    sender.send(("result", result))
    sender.close()
