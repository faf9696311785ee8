"""Reading uploaded articles in a process of their own, so that one slow or hostile upload cannot hold up the
other sessions of the dashboard.

Streamlit runs every session in a thread of one server process: reading a 5 MB article or a collection of a
thousand in the session's own thread would take the processor (and Python's lock) from every other reader of the
dashboard for as long. Here every step that reads an uploaded file runs in a child process: checking the chosen
files' dates and languages (`check_files`), reading and extracting them into a workspace (`add_to_workspace`),
reading stored articles again with a new date or language (`reread_in_workspace`), and reading uploads without a
workspace (`events_from_uploads`). The session's thread only waits for the child (waiting holds no lock) and shows
its progress. The child is started from a fork server that has the engine imported already, so starting one
takes a fraction of a second, and it is never forked from the server itself, whose other threads could hold
locks at that moment.

The workspace jobs write the workspace's SQLite file from the child (WAL, one transaction per add, as every
writer of a workspace does), so nothing but a short summary travels back; a child stopped before its
transaction committed leaves the workspace as it was.

A child that runs out of time (`TIME_LIMIT_SECONDS`) or memory (`MEMORY_LIMIT_BYTES`), or dies, costs its upload
only: the session gets a message for it and the server goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from dashboard import data
from events.collections import documents_in_upload, is_collection
from events.documents import DocumentError
from events.filefacts import FileFacts, file_facts
from events.model import Document

_LOG = logging.getLogger(__name__)
TIME_LIMIT_SECONDS = 600
# Checking what a file says about its date and language reads it once, without extracting: far quicker.
CHECK_TIME_LIMIT_SECONDS = 120
MEMORY_LIMIT_BYTES = 6 * 1024**3
_POLL_SECONDS = 0.2
CHILD_NAME = "chronik-upload"

_CONTEXT = multiprocessing.get_context("forkserver")
# The fork server imports this module and loads the extraction's resources once (dashboard/upload_warmup.py), so
# a child starts with them; `warm_up` starts it before the first upload needs it. A child first runs its parent's
# main script again, as multiprocessing does (under Streamlit: dashboard/app.py as "__mp_main__", which then only
# defines its functions): the server has the script's imports loaded (dashboard.app, imported not run), so that
# costs the child next to nothing.
_CONTEXT.set_forkserver_preload(["dashboard.uploads", "dashboard.upload_warmup", "dashboard.app"])

Progress = Callable[[int, int], None]
Upload = tuple[str, bytes]  # (file name, content)


@dataclass(frozen=True)
class FileSettings:
    """How the analyst wants one chosen file read: its language (None: detect) and publication date."""

    lang: str | None = None
    dct: date | None = None


@dataclass
class WorkspaceUpload:
    """What a workspace job did: documents added and read again (replaced), by id, and one refusal per file or
    record that could not be read or whose events could not be extracted (DocumentError: the engine's English,
    its reason and details for the dashboard to word)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    refused: list[DocumentError] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return len(self.added) + len(self.replaced)


@dataclass(frozen=True)
class _ChildFailure:
    """The child ended without a result: `reason` is a `refused.<reason>` message key of the dashboard."""

    reason: str
    why: str


def warm_up() -> None:
    """Start the fork server now (it loads in the background), so the first upload does not wait for it."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


# --- the child process ------------------------------------------------------------------------------------------


def _run_in_child(job: Callable[..., Any], args: tuple[Any, ...], *, names: str, progress: Progress | None,
                  time_limit: float | None, default_limit: float | None = None) -> Any:
    """`job(*args, report=...)` in a child process; its result, or a `_ChildFailure` when it did not finish in
    `time_limit` seconds (None: the module's limit as it is set now)."""
    if time_limit is None:
        time_limit = default_limit if default_limit is not None else TIME_LIMIT_SECONDS
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    worker = _CONTEXT.Process(target=_child, args=(job, args, sender), daemon=True, name=CHILD_NAME)
    worker.start()
    sender.close()  # the child holds the only sending end: its exit ends the pipe
    deadline = time.monotonic() + time_limit
    try:
        while time.monotonic() < deadline:
            if not receiver.poll(_POLL_SECONDS):
                continue
            try:
                kind, payload = receiver.recv()
            except EOFError:  # the child ended without a result: killed for its memory, or crashed
                _LOG.error("the process reading %s ended with exit code %s", names, worker.exitcode)
                return _ChildFailure("upload_died", "the process reading it ended unexpectedly (out of memory?)")
            if kind == "progress" and progress is not None:
                progress(*payload)
            elif kind == "result":
                return payload
        return _ChildFailure("upload_timeout", f"reading it took longer than {time_limit / 60:g} minutes")
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()


def _child(job: Callable[..., Any], args: tuple[Any, ...], sender: Connection) -> None:
    # Held to a share of the machine's memory: a runaway upload ends in MemoryError (that document's failure) or in
    # this process's end, never in the server's.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    result = job(*args, report=lambda done, total: sender.send(("progress", (done, total))))
    sender.send(("result", result))
    sender.close()


def _names(uploads: Iterable[Upload]) -> str:
    return ", ".join(name for name, _ in uploads)


# --- uploads without a workspace ----------------------------------------------------------------------------------


def events_from_uploads(
    uploads: Sequence[Upload],
    *,
    lang: str | None,
    dct: date | None,
    actors: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    time_limit: float | None = None,
) -> data.UploadResult:
    """`dashboard.data.events_from_uploads`, run in a child process (see above); the same result, or one that says
    why the upload could not be read when the child did not finish."""
    names = _names(uploads)
    result = _run_in_child(_read_uploads, (list(uploads), lang, dct, actors), names=names, progress=progress,
                           time_limit=time_limit)
    if isinstance(result, _ChildFailure):
        refused = data.UploadResult()
        refused.refuse(f"{names}: could not be read: {result.why}", result.reason, {"name": names})
        return refused
    return result  # type: ignore[no-any-return]


def _read_uploads(uploads: list[Upload], lang: str | None, dct: date | None, actors: Mapping[str, Any] | None,
                  *, report: Progress) -> data.UploadResult:
    return data.events_from_uploads(uploads, lang=lang, dct=dct, actors=actors, progress=report)


# --- the chosen files' dates and languages ------------------------------------------------------------------------


def check_files(uploads: Sequence[Upload], *, time_limit: float | None = None) -> list[FileFacts]:
    """What each chosen file says about its publication date and language (`events.filefacts.file_facts`),
    worked out in a child process: a file that takes too long is listed with the problem."""
    result = _run_in_child(_check, (list(uploads),), names=_names(uploads), progress=None, time_limit=time_limit,
                           default_limit=CHECK_TIME_LIMIT_SECONDS)
    if isinstance(result, _ChildFailure):
        return [FileFacts(name, None, "", None, "", problem=f"{name}: could not be checked: {result.why}")
                for name, _ in uploads]
    return result  # type: ignore[no-any-return]


def _check(uploads: list[Upload], *, report: Progress) -> list[FileFacts]:
    facts = []
    for done, (name, content) in enumerate(uploads, start=1):
        facts.append(file_facts(name, content))
        report(done, len(uploads))
    return facts


# --- reading into a workspace -------------------------------------------------------------------------------------


def read_uploads(uploads: Sequence[Upload], settings: Mapping[str, FileSettings]
                 ) -> tuple[list[Document], dict[str, str], list[DocumentError]]:
    """The documents of the chosen files, each with the language and date of its settings (in a collection, a
    record's own win), ids unique across files; their names by id, and one error per file or record refused."""
    documents: list[Document] = []
    names: dict[str, str] = {}
    errors: list[DocumentError] = []
    for name, content in uploads:
        chosen = settings.get(name, FileSettings())
        for item in documents_in_upload(content, name=name, lang=chosen.lang, dct=chosen.dct):
            if isinstance(item, DocumentError):
                errors.append(item)
                continue
            doc_id, number = item.doc_id, 1
            while doc_id in names:
                number += 1
                doc_id = f"{item.doc_id}-{number}"
            names[doc_id] = f"{name} ({item.doc_id})" if is_collection(name) else name
            documents.append(item if doc_id == item.doc_id else Document(**{**item.__dict__, "doc_id": doc_id}))
    return documents, names, errors


def add_to_workspace(
    path: Path,
    uploads: Sequence[Upload],
    settings: Mapping[str, FileSettings],
    *,
    create_as: str | None = None,
    actors: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    time_limit: float | None = None,
) -> WorkspaceUpload:
    """Read the uploads with their settings, extract their events and store both in the workspace file at `path`,
    all in a child process. With `create_as`, the workspace is made under that name, and only if at least one
    document could be read (no empty workspace for a batch of bad files)."""
    names = _names(uploads)
    result = _run_in_child(_add, (Path(path), list(uploads), dict(settings), create_as, actors), names=names,
                           progress=progress, time_limit=time_limit)
    if isinstance(result, _ChildFailure):
        return WorkspaceUpload(refused=[_failure_as_error(names, result)])
    return result  # type: ignore[no-any-return]


def _add(path: Path, uploads: list[Upload], settings: dict[str, FileSettings], create_as: str | None,
         actors: Mapping[str, Any] | None, *, report: Progress) -> WorkspaceUpload:
    from events.workspace import Workspace

    documents, names, errors = read_uploads(uploads, settings)
    outcome = WorkspaceUpload(refused=errors)
    if not documents:
        return outcome
    workspace = Workspace(path, create=create_as is not None, name=create_as)
    stored = workspace.add_documents(documents, names=names, actors=actors,
                                     progress=lambda done, total: report(done, total or len(documents)))
    outcome.added, outcome.replaced = stored.added, stored.replaced
    outcome.refused += [_extraction_error(names.get(document.doc_id, document.doc_id), error)
                        for document, error in stored.failed]
    return outcome


def reread_in_workspace(
    path: Path,
    changes: Mapping[str, Mapping[str, Any]],
    *,
    progress: Progress | None = None,
    time_limit: float | None = None,
) -> WorkspaceUpload:
    """Read stored documents again, each with its changed options (`lang`, `dct`: see
    `Workspace.reread_document`), in a child process; the documents read again are `replaced`."""
    names = ", ".join(changes)
    result = _run_in_child(_reread, (Path(path), {doc_id: dict(options) for doc_id, options in changes.items()}),
                           names=names, progress=progress, time_limit=time_limit)
    if isinstance(result, _ChildFailure):
        return WorkspaceUpload(refused=[_failure_as_error(names, result)])
    return result  # type: ignore[no-any-return]


def _reread(path: Path, changes: dict[str, dict[str, Any]], *, report: Progress) -> WorkspaceUpload:
    from events.workspace import Workspace, WorkspaceError

    workspace = Workspace(path)
    outcome = WorkspaceUpload()
    for done, (doc_id, options) in enumerate(changes.items(), start=1):
        try:
            workspace.reread_document(doc_id, **options)
            outcome.replaced.append(doc_id)
        except WorkspaceError as error:
            outcome.refused.append(DocumentError(str(error)))
        report(done, len(changes))
    return outcome


def _failure_as_error(names: str, failure: _ChildFailure) -> DocumentError:
    return DocumentError(f"{names}: could not be read: {failure.why}", reason=failure.reason, name=names)


def _extraction_error(name: str, error: Exception) -> DocumentError:
    message, reason, params = data.extraction_failure(name, error)
    return DocumentError(message, reason=reason, **params)
