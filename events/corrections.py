"""Corrections that persist: the analyst's changes to events, kept in a SQLite file as an append-only log.

    store = CorrectionStore()                        # $CHRONIK_CORRECTIONS, else the user's data directory
    store.set_date(row, "2024-12-06", author="anna")  # row: the event as shown (dict or Series with sources)
    shown = apply_corrections(events, store)         # re-extracted events, still corrected

Every change is one row appended in its own transaction, so two processes (two browser tabs, two Streamlit
sessions) writing at once both get their row in; nothing is updated in place or deleted, and an undo is a
correction too. A write may carry the `correction_revision` of the row it was based on: if a correction
concerning the same event was stored meanwhile, the store raises `CorrectionConflict` instead of letting the
later write silently win. The operations and their validation are in `events.correction_log`, how the log
lands on a (re-extracted) table in `events.correction_apply`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from events import correction_log as changes
from events.correction_apply import apply_corrections
from events.correction_log import Change, Correction, CorrectionError, EventRef, event_keys

PATH_ENV_VAR = "CHRONIK_CORRECTIONS"
FILE_NAME = "corrections.sqlite"
SCHEMA_VERSION = 1


class CorrectionStoreError(RuntimeError):
    """The corrections file cannot be used (missing, not a database, written by a newer Chronik)."""


class CorrectionConflict(CorrectionError):
    """The event changed since the revision the write was based on; `newer` are the corrections in between."""

    def __init__(self, event_id: str, base_revision: int, newer: list[Correction]) -> None:
        self.event_id, self.base_revision, self.newer = event_id, base_revision, newer
        self.current_revision = max(c.id for c in newer)
        who = ", ".join(sorted({c.author for c in newer if c.author})) or "someone"
        super().__init__(f"{event_id} was changed meanwhile by {who} ({len(newer)} correction(s) since revision "
                         f"{base_revision}); reload it and make the change again if it still applies")


def default_path() -> Path:
    """$CHRONIK_CORRECTIONS, else $XDG_DATA_HOME/chronik/corrections.sqlite, else ~/.local/share/chronik/..."""
    if os.environ.get(PATH_ENV_VAR):
        return Path(os.environ[PATH_ENV_VAR]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "chronik" / FILE_NAME


# --- schema and migrations ---------------------------------------------------------------------------------

# One statement each: `executescript` would commit the migration's transaction half-way.
_SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE correction (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: ids are never reused, so they order the log
        operation TEXT NOT NULL,
        target TEXT NOT NULL,
        keys TEXT NOT NULL,
        payload TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    # Which corrections concern which event and mention ids: the revision of an event is one indexed lookup.
    """CREATE TABLE correction_key (
        key TEXT NOT NULL,
        correction_id INTEGER NOT NULL REFERENCES correction (id),
        PRIMARY KEY (key, correction_id)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER correction_is_append_only_update BEFORE UPDATE ON correction
    BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END""",
    """CREATE TRIGGER correction_is_append_only_delete BEFORE DELETE ON correction
    BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END""",
)

# Version 0 was a prototype without a migration table: one row per overridden field,
# `corrections(event_id, field, value, created_at)`. Its rows become log entries; the table is kept, renamed.
_V0_FIELDS: Mapping[str, Callable[[str, str], Change]] = {
    "title": changes.set_title,
    "event_type": changes.set_event_type,
    "actors": lambda event_id, value: changes.set_actors(event_id, json.loads(value)),
    "date": lambda event_id, value: changes.set_date(event_id, *value.split("..", 1)),
    "hidden": lambda event_id, value: (changes.hide if value.strip() in ("1", "true") else changes.unhide)(event_id),
}


def _migrate_to_v1(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V1:
        db.execute(statement)
    if not _has_table(db, "corrections"):
        return
    rows = db.execute("SELECT event_id, field, value, created_at FROM corrections ORDER BY rowid").fetchall()
    for event_id, field_name, value, created_at in rows:
        convert = _V0_FIELDS.get(field_name)
        if convert is None:
            raise CorrectionStoreError(f"cannot migrate a version-0 correction of the field {field_name!r}")
        _insert(db, convert(event_id, value), author="", note="migrated from version 0", created_at=created_at)
    db.execute("ALTER TABLE corrections RENAME TO corrections_v0")


MIGRATIONS: Sequence[tuple[int, Callable[[sqlite3.Connection], None]]] = ((1, _migrate_to_v1),)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _schema_version(db: sqlite3.Connection) -> int:
    if not _has_table(db, "schema_migrations"):
        return 0
    return int(db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])


# --- the store ---------------------------------------------------------------------------------------------


class CorrectionStore:
    """The corrections log in one SQLite file. Cheap to create; safe to share between threads and processes:
    every call opens its own connection and writes in its own transaction."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True,
                 busy_timeout: float = 30.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.busy_timeout = busy_timeout
        if not self.path.exists():
            if not create:
                raise CorrectionStoreError(f"no corrections file at {self.path}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(self._connect()) as db:
                # WAL: readers never block the writer and the writer never blocks readers (a tab reloading
                # while another saves); the mode is stored in the file, so setting it once is enough.
                db.execute("PRAGMA journal_mode = WAL")
                self._migrate(db)
        except sqlite3.DatabaseError as error:
            raise CorrectionStoreError(f"{self.path} is not a corrections file: {error}") from None

    def __repr__(self) -> str:
        return f"CorrectionStore({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, and much faster
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock at the start, so two writers queue (up to the
        busy timeout) instead of one failing when it upgrades a read lock."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")  # two processes opening a fresh file at once: one migrates, one waits
        try:
            version = _schema_version(db)
            if version > SCHEMA_VERSION:
                raise CorrectionStoreError(f"{self.path} was written by a newer Chronik (schema version {version}, "
                                           f"this one knows up to {SCHEMA_VERSION}); update Chronik")
            if version < SCHEMA_VERSION:
                db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                           "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                for target, migrate in MIGRATIONS:
                    if target > version:
                        migrate(db)
                        db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (target, _now()))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- reading -------------------------------------------------------------------------------------------

    def log(self) -> list[Correction]:
        """Every correction, oldest first (undone ones and the undos included)."""
        with closing(self._connect()) as db:
            return [_correction(row) for row in db.execute(f"{_SELECT} ORDER BY id")]

    def revision(self, event: EventRef | None = None) -> int:
        """The latest correction id concerning `event` (0 if none); without an event, of the whole store, which
        changes with every write (a cheap test whether a cached table is stale)."""
        with closing(self._connect()) as db:
            return _revision(db, None if event is None else event_keys(event))

    def schema_version(self) -> int:
        with closing(self._connect()) as db:
            return _schema_version(db)

    # --- writing -------------------------------------------------------------------------------------------

    def append(self, change: Change, *, author: str | None = None, note: str | None = None,
               base_revision: int | None = None) -> Correction:
        """Store one validated change. With `base_revision` (the `correction_revision` the analyst saw), raise
        `CorrectionConflict` if a correction concerning the same event came after it."""
        with self._transaction() as db:
            if base_revision is not None and _revision(db, change.keys) > base_revision:
                newer = [c for c in _with_keys(db, change.keys) if c.id > base_revision]
                raise CorrectionConflict(change.target, base_revision, newer)
            return _insert(db, change, author=author or "", note=note or "", created_at=_now())

    def set_date(self, event: EventRef, start: date | str, end: date | str | None = None, *,
                 precision: str | None = None, date_text: str | None = None, **meta: Any) -> Correction:
        return self.append(changes.set_date(event, start, end, precision=precision, date_text=date_text), **meta)

    def set_actors(self, event: EventRef, actors: Iterable[str], **meta: Any) -> Correction:
        return self.append(changes.set_actors(event, actors), **meta)

    def set_event_type(self, event: EventRef, event_type: str, **meta: Any) -> Correction:
        return self.append(changes.set_event_type(event, event_type), **meta)

    def set_title(self, event: EventRef, title: str, **meta: Any) -> Correction:
        return self.append(changes.set_title(event, title), **meta)

    def hide(self, event: EventRef, **meta: Any) -> Correction:
        return self.append(changes.hide(event), **meta)

    def unhide(self, event: EventRef, **meta: Any) -> Correction:
        return self.append(changes.unhide(event), **meta)

    def merge(self, events: Sequence[EventRef], **meta: Any) -> Correction:
        return self.append(changes.merge(events), **meta)

    def split(self, event: EventRef, mention_id: str, **meta: Any) -> Correction:
        return self.append(changes.split(event, mention_id), **meta)

    def add(self, event: Mapping[str, Any], **meta: Any) -> Correction:
        """A hand-made event; the stored correction's `target` is its new `manual:<uuid>` event_id."""
        return self.append(changes.add(event), **meta)

    def undo(self, correction_id: int, **meta: Any) -> Correction:
        """Take back correction `correction_id` (it stays in the log, skipped from then on)."""
        log = self.log()
        original = next((c for c in log if c.id == correction_id), None)
        if original is None:
            raise CorrectionError(f"there is no correction #{correction_id}")
        if correction_id in changes.undone_ids(log):
            raise CorrectionError(f"correction #{correction_id} is already undone")
        return self.append(changes.undo(original), **meta)

    # --- moving corrections between files ------------------------------------------------------------------

    def export_records(self) -> list[dict[str, Any]]:
        """The log as plain JSON objects (a backup, or corrections to hand to a colleague)."""
        return [c.as_dict() for c in self.log()]

    def import_records(self, records: Iterable[Mapping[str, Any]]) -> list[Correction]:
        """Append exported corrections, in their order, in one transaction; undos are renumbered to follow."""
        renumbered: dict[int, int] = {}
        stored = []
        with self._transaction() as db:
            for record in records:
                payload = dict(record["payload"])
                if record["operation"] == changes.UNDO:
                    payload["correction_id"] = renumbered[int(payload["correction_id"])]
                change = Change(str(record["operation"]), str(record["target"]), tuple(record["keys"]), payload)
                if change.operation not in changes.OPERATIONS:
                    raise CorrectionError(f"unknown correction {change.operation!r}")
                correction = _insert(db, change, author=str(record.get("author") or ""),
                                     note=str(record.get("note") or ""),
                                     created_at=str(record.get("created_at") or _now()))
                renumbered[int(record["id"])] = correction.id
                stored.append(correction)
        return stored


# --- SQL ---------------------------------------------------------------------------------------------------

_SELECT = "SELECT id, operation, target, keys, payload, author, note, created_at FROM correction"


def _correction(row: tuple[Any, ...]) -> Correction:
    id_, operation, target, keys, payload, author, note, created_at = row
    return Correction(operation=operation, target=target, keys=tuple(json.loads(keys)), payload=json.loads(payload),
                      id=id_, author=author, note=note, created_at=created_at)


def _insert(db: sqlite3.Connection, change: Change, *, author: str, note: str, created_at: str) -> Correction:
    cursor = db.execute(
        "INSERT INTO correction (operation, target, keys, payload, author, note, created_at) VALUES (?,?,?,?,?,?,?)",
        (change.operation, change.target, json.dumps(list(change.keys)), json.dumps(dict(change.payload)),
         author, note, created_at),
    )
    correction_id = int(cursor.lastrowid or 0)
    db.executemany("INSERT INTO correction_key (key, correction_id) VALUES (?, ?)",
                   [(key, correction_id) for key in change.keys])
    return Correction(change.operation, change.target, change.keys, change.payload, id=correction_id,
                      author=author, note=note, created_at=created_at)


def _revision(db: sqlite3.Connection, keys: Sequence[str] | None) -> int:
    if keys is None:
        return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM correction").fetchone()[0])
    marks = ",".join("?" * len(keys))
    query = f"SELECT COALESCE(MAX(correction_id), 0) FROM correction_key WHERE key IN ({marks})"
    return int(db.execute(query, tuple(keys)).fetchone()[0])


def _with_keys(db: sqlite3.Connection, keys: Sequence[str]) -> list[Correction]:
    marks = ",".join("?" * len(keys))
    query = f"{_SELECT} WHERE id IN (SELECT correction_id FROM correction_key WHERE key IN ({marks})) ORDER BY id"
    return [_correction(row) for row in db.execute(query, tuple(keys))]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


__all__ = [
    "PATH_ENV_VAR",
    "SCHEMA_VERSION",
    "Change",
    "Correction",
    "CorrectionConflict",
    "CorrectionError",
    "CorrectionStore",
    "CorrectionStoreError",
    "apply_corrections",
    "default_path",
    "event_keys",
]
