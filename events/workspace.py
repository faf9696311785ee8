"""Workspaces: the articles of one piece of work, their events, its actor file and its corrections, in one file.

    workspace = open_workspace("Belarus treaty", create=True)    # $CHRONIK_WORKSPACES/belarus-treaty.sqlite
    workspace.add_documents(documents)                            # read, extracted, stored; a re-read replaces
    events = workspace.events()                                   # every stored mention, merged
    store = workspace.corrections()                               # the corrections log in the same file

One SQLite file per workspace, in the user's data directory: a workspace is a file an analyst can copy, back up or
hand to a colleague, and deleting one removes one file. SQLite rather than DuckDB: the corrections already live in
SQLite, and its WAL mode lets the dashboard's sessions and a `chronik add` in a terminal write to the same file
at once (each write is one short transaction), where DuckDB allows one writing process at a time. The tables are
small (a document's text and its extracted mentions); the merged table is worked out from them on reading.

Each stored document keeps its text and metadata and the mentions extracted from it (one Parquet blob, as
`extract_documents(..., merge=False)` gives them), so a new publication date or language re-reads just that
document, and removing a document removes its mentions; corrections concerning it stay in the log and apply again
if it comes back (until then they are listed as unmatched).
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from events.model import Document
from events.schema import conform, empty_events

WORKSPACES_ENV_VAR = "CHRONIK_WORKSPACES"
WORKSPACE_ENV_VAR = "CHRONIK_WORKSPACE"  # the workspace `chronik app --workspace NAME` opens
SUFFIX = ".sqlite"
SCHEMA_VERSION = 1
MAX_NAME_CHARS = 80

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS workspace_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS document (
        doc_id TEXT PRIMARY KEY,
        source_name TEXT NOT NULL,   -- the file (and record) it was read from, as the user named it
        title TEXT NOT NULL DEFAULT '',
        lang TEXT,
        dct TEXT,                    -- publication date, YYYY-MM-DD, or NULL
        url TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        mentions BLOB NOT NULL,      -- its events, one row per mention (Parquet, events.io)
        mention_count INTEGER NOT NULL,
        added_at TEXT NOT NULL
    )""",
)


class WorkspaceError(ValueError):
    """A workspace that cannot be made, found, renamed or read; the message says why, for the user."""


@dataclass(frozen=True)
class StoredDocument:
    """A document of a workspace as the documents table shows it."""

    doc_id: str
    source_name: str
    title: str
    lang: str | None
    dct: date | None
    url: str
    mention_count: int
    added_at: str


@dataclass(frozen=True)
class WorkspaceInfo:
    slug: str
    name: str
    path: Path
    documents: int


@dataclass
class AddResult:
    """What `Workspace.add_documents` did: ids added, ids read again (replaced), and documents that failed."""

    added: list[str]
    replaced: list[str]
    failed: list[tuple[Document, Exception]]


def workspaces_dir() -> Path:
    """$CHRONIK_WORKSPACES, else $XDG_DATA_HOME/chronik/workspaces (~/.local/share/chronik/workspaces)."""
    if os.environ.get(WORKSPACES_ENV_VAR):
        return Path(os.environ[WORKSPACES_ENV_VAR]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "chronik" / "workspaces"


def slug(name: str) -> str:
    """The workspace's short name, for its file and its link (`?ws=belarus-treaty`): 'Belarus Treaty' ->
    'belarus-treaty'. Letters of any alphabet stay; everything else becomes a dash."""
    text = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-_")
    return text[:MAX_NAME_CHARS]


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or not slug(cleaned):
        raise WorkspaceError("a workspace needs a name with at least one letter or digit", )
    if len(cleaned) > MAX_NAME_CHARS:
        raise WorkspaceError(f"a workspace name may have up to {MAX_NAME_CHARS} characters")
    return cleaned


def list_workspaces(folder: Path | None = None) -> list[WorkspaceInfo]:
    """The workspaces in `folder` (default `workspaces_dir()`), by name; files that are no workspace are left out."""
    folder = folder or workspaces_dir()
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []:
        try:
            workspace = Workspace(path, create=False)
            found.append(WorkspaceInfo(workspace.slug, workspace.name, path, workspace.document_count()))
        except WorkspaceError:
            continue
    return sorted(found, key=lambda info: info.name.casefold())


def workspace_path(name_or_slug: str, folder: Path | None = None) -> Path:
    key = slug(name_or_slug)
    if not key:
        raise WorkspaceError(f"{name_or_slug!r} is no workspace name")
    return (folder or workspaces_dir()) / f"{key}{SUFFIX}"


def open_workspace(name_or_slug: str, *, create: bool = False, folder: Path | None = None) -> Workspace:
    """The workspace of that name (or link name); with `create`, a new one if there is none."""
    path = workspace_path(name_or_slug, folder)
    if not path.exists() and not create:
        raise WorkspaceError(f"there is no workspace {name_or_slug!r} (in {path.parent})")
    return Workspace(path, create=create, name=check_name(name_or_slug) if create else None)


def new_workspace_path(name: str, folder: Path | None = None) -> Path:
    """Where a new workspace of that name goes; WorkspaceError if the name is unusable or taken (also as a
    link name)."""
    path = workspace_path(check_name(name), folder)
    if path.exists():
        raise WorkspaceError(f"there is already a workspace {Workspace(path).name!r}")
    return path


def create_workspace(name: str, folder: Path | None = None) -> Workspace:
    """A new, empty workspace; WorkspaceError if one of that name (or link name) exists."""
    return Workspace(new_workspace_path(name, folder), create=True, name=check_name(name))


def delete_workspace(name_or_slug: str, folder: Path | None = None) -> None:
    """Remove the workspace's file (and SQLite's files beside it)."""
    path = workspace_path(name_or_slug, folder)
    if not path.exists():
        raise WorkspaceError(f"there is no workspace {name_or_slug!r}")
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        companion.unlink(missing_ok=True)


class Workspace:
    """One workspace file. Cheap to create; every call opens its own connection and writes in its own
    transaction, so sessions and processes share a workspace safely."""

    def __init__(self, path: Path, *, create: bool = False, name: str | None = None,
                 busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        if not self.path.exists():
            if not create:
                raise WorkspaceError(f"there is no workspace file {self.path}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._transaction() as db:
                for statement in _SCHEMA:
                    db.execute(statement)
                stored = _meta(db, "schema_version")
                if stored is not None and int(stored) > SCHEMA_VERSION:
                    raise WorkspaceError(f"{self.path.name} was written by a newer Chronik; update Chronik")
                _set_meta(db, "schema_version", str(SCHEMA_VERSION))
                if _meta(db, "name") is None:
                    _set_meta(db, "name", name or self.path.name.removesuffix(SUFFIX))
                    _set_meta(db, "revision", "0")
        except sqlite3.DatabaseError as error:
            raise WorkspaceError(f"{self.path.name} is not a workspace: {error}") from None

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    @property
    def slug(self) -> str:
        return self.path.name.removesuffix(SUFFIX)

    # --- connections -------------------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")  # readers and one writer at a time, as for the corrections
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")  # take the write lock first: two writers queue instead of failing
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _read(self, query: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with closing(self._connect()) as db:
            return db.execute(query, tuple(parameters)).fetchall()

    # --- metadata ----------------------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        rows = self._read("SELECT value FROM workspace_meta WHERE key = 'name'")
        return str(rows[0][0]) if rows else self.slug

    def revision(self) -> int:
        """Grows with every change of the documents: a cheap test whether merged events are stale."""
        rows = self._read("SELECT value FROM workspace_meta WHERE key = 'revision'")
        return int(rows[0][0]) if rows else 0

    def setting(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM workspace_meta WHERE key = ?", (f"setting:{key}",))
        return str(rows[0][0]) if rows else None

    def set_setting(self, key: str, value: str | None) -> None:
        with self._transaction() as db:
            if value is None:
                db.execute("DELETE FROM workspace_meta WHERE key = ?", (f"setting:{key}",))
            else:
                _set_meta(db, f"setting:{key}", value)

    def actor_file(self) -> tuple[str, bytes] | None:
        """The actor file the workspace's articles are read with: (file name, TOML bytes), or None."""
        name, content = self.setting("actors_name"), self.setting("actors_toml")
        return (name, content.encode("utf-8")) if name is not None and content is not None else None

    def set_actor_file(self, name: str, content: bytes) -> None:
        with self._transaction() as db:
            _set_meta(db, "setting:actors_name", name)
            _set_meta(db, "setting:actors_toml", content.decode("utf-8"))
            _bump(db)

    def rename(self, new_name: str) -> Workspace:
        """The workspace under a new name (and link name); its file moves. Returns the renamed workspace."""
        new_name = check_name(new_name)
        target = self.path.with_name(f"{slug(new_name)}{SUFFIX}")
        if target != self.path and target.exists():
            raise WorkspaceError(f"there is already a workspace {Workspace(target).name!r}")
        with self._transaction() as db:
            _set_meta(db, "name", new_name)
        if target != self.path:
            with closing(self._connect()) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file before it moves
            os.replace(self.path, target)
            for extension in ("-wal", "-shm"):
                Path(f"{self.path}{extension}").unlink(missing_ok=True)
        return Workspace(target)

    # --- documents ---------------------------------------------------------------------------------------------

    def document_count(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM document")[0][0])

    def documents(self) -> list[StoredDocument]:
        rows = self._read("SELECT doc_id, source_name, title, lang, dct, url, mention_count, added_at FROM document "
                          "ORDER BY added_at, doc_id")
        return [StoredDocument(doc_id, source, title, lang, date.fromisoformat(dct) if dct else None, url, count,
                               added) for doc_id, source, title, lang, dct, url, count, added in rows]

    def document(self, doc_id: str) -> Document:
        rows = self._read("SELECT text, lang, dct, title, url, source_name FROM document WHERE doc_id = ?", (doc_id,))
        if not rows:
            raise WorkspaceError(f"the workspace has no document {doc_id!r}")
        text, lang, dct, title, url, source = rows[0]
        return Document(text=text, doc_id=doc_id, lang=lang, dct=date.fromisoformat(dct) if dct else None,
                        title=title, url=url, source_path=source)

    def add_documents(
        self,
        documents: Iterable[Document],
        *,
        names: Mapping[str, str] | None = None,
        extract: Callable[..., pd.DataFrame] | None = None,
        actors: Mapping[str, Any] | None = None,
        progress: Callable[[int, int | None], None] | None = None,
    ) -> AddResult:
        """Extract the documents' events and store both. A document read from the same source as a stored one
        (same file name) replaces it; one whose id another source took gets a new id ("report-2").
        `names` gives each document's source name by id (default: its `source_path`, else its id)."""
        if extract is None:
            from events.extract import extract_documents as extract
        documents = list(documents)
        names = dict(names or {})
        taken = dict(self._read("SELECT doc_id, source_name FROM document"))
        placed = [_placed(document, names.get(document.doc_id) or document.source_path or document.doc_id, taken)
                  for document in documents]
        failed: list[tuple[Document, Exception]] = []
        options: dict[str, Any] = {"merge": False, "on_error": lambda document, error: failed.append((document,
                                                                                                     error))}
        if actors:
            options["actors"] = actors
        if progress is not None:
            options["progress"] = progress
        mentions = extract([document for document, _ in placed], **options)
        failed_ids = {document.doc_id for document, _ in failed}
        added, replaced = [], []
        with self._transaction() as db:
            for document, source in placed:
                if document.doc_id in failed_ids:
                    continue
                existing = db.execute("SELECT source_name FROM document WHERE doc_id = ?",
                                      (document.doc_id,)).fetchone()
                if existing is not None and existing[0] != source:  # another tab took the id meanwhile
                    old_id = document.doc_id
                    document = _placed(document, source, dict(db.execute("SELECT doc_id, source_name FROM "
                                                                         "document").fetchall()))[0]
                    own = _renamed(mentions[mentions["doc_id"] == old_id], old_id, document.doc_id)
                else:
                    own = mentions[mentions["doc_id"] == document.doc_id]
                (replaced if existing is not None and existing[0] == source else added).append(document.doc_id)
                _store(db, document, source, own)
            _bump(db)
        return AddResult(added, replaced, failed)

    def reread_document(self, doc_id: str, *, lang: str | object | None = ..., dct: date | object | None = ...,
                        extract: Callable[..., pd.DataFrame] | None = None) -> None:
        """Read a stored document again with another language or publication date (... keeps the stored one)."""
        document = self.document(doc_id)
        changed = replace(document, lang=document.lang if lang is ... else lang,  # type: ignore[arg-type]
                          dct=document.dct if dct is ... else dct)  # type: ignore[arg-type]
        actors = self.actor_file()
        parsed = None
        if actors is not None:
            from events.actorfile import parse_user_actors

            parsed = parse_user_actors(actors[1], name=actors[0])
        result = self.add_documents([changed], names={doc_id: document.source_path}, extract=extract, actors=parsed)
        if result.failed:
            raise WorkspaceError(f"{document.source_path}: could not be read again ({result.failed[0][1]})")

    def remove_documents(self, doc_ids: Iterable[str]) -> int:
        """Remove documents and their events; corrections concerning them stay in the log. Returns how many."""
        ids = list(doc_ids)
        with self._transaction() as db:
            removed = sum(db.execute("DELETE FROM document WHERE doc_id = ?", (doc_id,)).rowcount for doc_id in ids)
            _bump(db)
        return removed

    # --- events ------------------------------------------------------------------------------------------------

    def mentions(self) -> pd.DataFrame:
        """Every stored mention, one row each, in the order the documents were added."""
        from events.io import read_events

        blobs = [blob for (blob,) in self._read("SELECT mentions FROM document WHERE mention_count > 0 "
                                                "ORDER BY added_at, doc_id")]
        frames = [read_events(io.BytesIO(blob), "parquet") for blob in blobs]
        return conform(pd.concat(frames, ignore_index=True)) if frames else empty_events()

    def events(self) -> pd.DataFrame:
        """The workspace's events: every stored mention, merged into one row per happening."""
        from events.merge import merge_events

        mentions = self.mentions()
        return merge_events(mentions) if len(mentions) else mentions

    def corrections(self) -> Any:
        """The workspace's corrections log (events.corrections.CorrectionStore on the same file)."""
        from events.corrections import CorrectionStore

        return CorrectionStore(self.path)


# --- helpers -----------------------------------------------------------------------------------------------------


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM workspace_meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT INTO workspace_meta (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def _bump(db: sqlite3.Connection) -> None:
    db.execute("UPDATE workspace_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")


def _placed(document: Document, source: str, taken: Mapping[str, str]) -> tuple[Document, str]:
    """The document with an id no other source holds: its own if free or held by the same source."""
    doc_id, number = document.doc_id, 1
    while doc_id in taken and taken[doc_id] != source:
        number += 1
        doc_id = f"{document.doc_id}-{number}"
    return (document if doc_id == document.doc_id else replace(document, doc_id=doc_id)), source


def _renamed(mentions: pd.DataFrame, old: str, new: str) -> pd.DataFrame:
    """Mentions of document `old` as mentions of `new`: event ids are `<doc_id>:<sentence>:<date>`."""
    def moved(value: str) -> str:
        return f"{new}{value[len(old):]}" if value.startswith(f"{old}:") else value

    frame = mentions.copy()
    frame["doc_id"] = new
    frame["event_id"] = frame["event_id"].map(moved)
    frame["sources"] = frame["sources"].map(lambda sources: [
        {**source, "doc_id": new if source.get("doc_id") == old else source.get("doc_id"),
         "event_id": moved(str(source.get("event_id")))} for source in sources])
    return conform(frame)


def _store(db: sqlite3.Connection, document: Document, source: str, mentions: pd.DataFrame) -> None:
    from events.io import events_to_bytes

    blob = events_to_bytes(conform(mentions.reset_index(drop=True)), "parquet", safe_for_spreadsheets=False)
    # A language the extractor detected is the document's from then on (the table shows it, a re-read keeps it).
    lang = document.lang or (str(mentions["lang"].iloc[0]) if len(mentions) and mentions["lang"].iloc[0] else None)
    db.execute(
        "INSERT INTO document (doc_id, source_name, title, lang, dct, url, text, mentions, mention_count, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET source_name = excluded.source_name, "
        "title = excluded.title, lang = excluded.lang, dct = excluded.dct, url = excluded.url, text = excluded.text, "
        "mentions = excluded.mentions, mention_count = excluded.mention_count",
        (document.doc_id, source, document.title, lang, document.dct.isoformat() if document.dct else None,
         document.url, document.text, blob, len(mentions), datetime.now(UTC).isoformat(timespec="microseconds")),
    )
