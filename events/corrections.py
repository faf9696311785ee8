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
from urllib.parse import quote

from events import correction_log as changes
from events.correction_apply import apply_corrections
from events.correction_log import Change, Correction, CorrectionError, EventRef, event_keys

PATH_ENV_VAR = "CHRONIK_CORRECTIONS"
FILE_NAME = "corrections.sqlite"
SCHEMA_VERSION = 1


class CorrectionStoreError(RuntimeError):
    """The corrections file cannot be used (missing, not a database, someone else's database, damaged, written by a
    newer Chronik), or cannot be written (read-only)."""


class CorrectionStoreReadOnly(CorrectionStoreError):
    """A write to a corrections file that is read-only; the correction was not saved."""


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


# The tables a corrections file may hold: ours (with SQLite's own counter for AUTOINCREMENT), and the prototype's.
_TABLES_V1 = frozenset({"correction", "correction_key", "schema_migrations"})
# A workspace file (events/workspace.py) keeps its corrections beside its documents: those tables are expected too.
WORKSPACE_TABLES = frozenset({"document", "workspace_meta"})
_TABLES_KNOWN = _TABLES_V1 | {"corrections_v0", "sqlite_sequence"} | WORKSPACE_TABLES
_V0_TABLE = "corrections"
_V0_COLUMNS = frozenset({"event_id", "field", "value", "created_at"})


class CorrectionStore:
    """The corrections log in one SQLite file. Cheap to create; safe to share between threads and processes:
    every call opens its own connection and writes in its own transaction.

    A file is looked at read-only before anything is written to it: a file that is someone else's database (other
    tables) or damaged (a table missing) is refused and left exactly as it was, and a file that is read-only (no
    write permission, for the file or its folder) is opened read-only: it is read as usual, and a write raises
    `CorrectionStoreReadOnly`. A stored row that cannot be read as a correction is skipped (`skipped()` says which
    and why) and the others apply."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True,
                 busy_timeout: float = 30.0, read_only: bool = False) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.busy_timeout = busy_timeout
        self.read_only = read_only
        if not self.path.exists():
            if not create or read_only:
                raise CorrectionStoreError(f"no corrections file at {self.path}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not _may_write(self.path):
            self.read_only = True
        version = self._checked_version()
        if self.read_only:
            if version < SCHEMA_VERSION and version != _EMPTY:
                raise CorrectionStoreError(f"{self.path} was written by an older Chronik and must be upgraded, but "
                                           "it is read-only; make it writable once, or copy it")
            return
        try:
            with closing(self._connect()) as db:
                if version != SCHEMA_VERSION:
                    # WAL: readers never block the writer and the writer never blocks readers (a tab reloading
                    # while another saves); the mode is stored in the file, so setting it once is enough. Only a
                    # file that is ours (new, empty, or an older version of ours) gets it.
                    db.execute("PRAGMA journal_mode = WAL")
                    self._migrate(db)
        except sqlite3.DatabaseError as error:
            raise CorrectionStoreError(f"{self.path} is not a corrections file: {error}") from None

    def __repr__(self) -> str:
        return f"CorrectionStore({str(self.path)!r}{', read-only' if self.read_only else ''})"

    def _checked_version(self) -> int:
        """The file's schema version (`_EMPTY` for a new or empty file), read without writing anything; raises
        `CorrectionStoreError` for a file that is not a corrections file Chronik may use."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return _EMPTY
        try:
            with closing(self._connect(read_only=True)) as db:
                tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                version = _schema_version(db)
                v0_columns = ({row[1] for row in db.execute(f"PRAGMA table_info({_V0_TABLE})")}
                              if _V0_TABLE in tables else set())
        except sqlite3.DatabaseError as error:
            raise CorrectionStoreError(f"{self.path} is not a corrections file: {error}") from None
        foreign = tables - _TABLES_KNOWN - ({_V0_TABLE} if v0_columns >= _V0_COLUMNS and version == 0 else set())
        if foreign:
            listed = ", ".join(sorted(foreign)[:5]) + (", ..." if len(foreign) > 5 else "")
            raise CorrectionStoreError(f"{self.path} is not a corrections file: it holds other tables ({listed}); "
                                       "Chronik leaves it untouched")
        if version > SCHEMA_VERSION:
            raise CorrectionStoreError(f"{self.path} was written by a newer Chronik (schema version {version}, "
                                       f"this one knows up to {SCHEMA_VERSION}); update Chronik")
        if version == 0:
            if tables - {_V0_TABLE, "sqlite_sequence"} - WORKSPACE_TABLES:
                raise CorrectionStoreError(f"{self.path} is not a corrections file: it has corrections tables but no "
                                           "schema version; Chronik leaves it untouched")
            return 0 if tables else _EMPTY
        missing = _TABLES_V1 - tables
        if missing:
            raise CorrectionStoreError(f"{self.path} is damaged: its table(s) {', '.join(sorted(missing))} are "
                                       "missing; Chronik leaves it untouched (restore it from a backup)")
        return version

    def _connect(self, *, read_only: bool = False) -> sqlite3.Connection:
        if read_only or self.read_only:
            db = _connect_read_only(self.path, self.busy_timeout)
        else:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, and much faster
        return db

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading; a file that turned into something else meanwhile (overwritten while the app
        runs) raises `CorrectionStoreError`, not SQLite's own errors."""
        try:
            with closing(self._connect()) as db:
                yield db
        except sqlite3.Error as error:
            raise self._unusable(error) from None

    def _unusable(self, error: sqlite3.Error) -> CorrectionStoreError:
        return CorrectionStoreError(f"{self.path} cannot be used as a corrections file any more ({error}); was it "
                                    "replaced or damaged?")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock at the start, so two writers queue (up to the
        busy timeout) instead of one failing when it upgrades a read lock. Before writing, the file is checked to
        be still ours: one replaced meanwhile by another database is not written to."""
        if self.read_only:
            raise CorrectionStoreReadOnly(f"{self.path} is read-only: the correction was not saved")
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                    if not tables >= _TABLES_V1 or tables - _TABLES_KNOWN:
                        raise CorrectionStoreError(f"{self.path} is no longer a corrections file (its tables "
                                                   "changed); the correction was not saved")
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if "readonly" in str(error).lower():
                raise CorrectionStoreReadOnly(f"{self.path} is read-only: the correction was not saved") from None
            raise self._unusable(error) from None
        except sqlite3.DatabaseError as error:
            raise self._unusable(error) from None

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
        """Every correction, oldest first (undone ones and the undos included); rows that cannot be read as a
        correction are left out (see `skipped`)."""
        return self._read_log()[0]

    def skipped(self) -> list[str]:
        """Why each stored row that `log` leaves out cannot be used ("correction #12 (set_date): its payload has
        no 'end'"), oldest first."""
        return self._read_log()[1]

    def _read_log(self) -> tuple[list[Correction], list[str]]:
        if not self._has_log():
            return [], []
        corrections: list[Correction] = []
        problems: list[str] = []
        with self._reading() as db:
            rows = db.execute(f"{_SELECT} ORDER BY id").fetchall()
        for row in rows:
            try:
                corrections.append(_correction(row))
            except CorrectionError as error:
                problems.append(f"correction #{row[0]} ({str(row[1])[:40]}) cannot be used: {error}")
        undone = {c.id for c in corrections if c.operation == changes.UNDO}
        # An undo of a row that was skipped takes back nothing; one that points nowhere is itself damaged.
        known = {c.id for c in corrections}
        for correction in [c for c in corrections if c.id in undone]:
            if int(correction.payload["correction_id"]) not in known:
                problems.append(f"correction #{correction.id} (undo) takes back correction "
                                f"#{correction.payload['correction_id']}, which cannot be used")
        return corrections, problems

    def _has_log(self) -> bool:
        """False for a store opened read-only on an empty file: there is nothing to read, and no table to read."""
        if not self.read_only:
            return True
        with self._reading() as db:
            return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'correction'").fetchone() is not None

    def revision(self, event: EventRef | None = None) -> int:
        """The latest correction id concerning `event` (0 if none); without an event, of the whole store, which
        changes with every write (a cheap test whether a cached table is stale)."""
        if not self._has_log():
            return 0
        with self._reading() as db:
            return _revision(db, None if event is None else event_keys(event))

    def schema_version(self) -> int:
        with self._reading() as db:
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
    """A stored row as a `Correction`; CorrectionError when it is not one Chronik could have written (invalid
    JSON, a payload without a field its operation needs, an unknown operation)."""
    id_, operation, target, keys, payload, author, note, created_at = row
    try:
        parsed_keys, parsed_payload = json.loads(keys), json.loads(payload)
    except (ValueError, TypeError, RecursionError) as error:
        raise CorrectionError(f"it is not valid JSON ({str(error)[:80]})") from None
    if not isinstance(parsed_keys, list) or not all(isinstance(key, str) for key in parsed_keys) or not parsed_keys:
        raise CorrectionError("its keys are not a list of event ids")
    correction = Correction(operation=str(operation), target=str(target), keys=tuple(parsed_keys),
                            payload=parsed_payload if isinstance(parsed_payload, dict) else {}, id=int(id_),
                            author=str(author or ""), note=str(note or ""), created_at=str(created_at or ""))
    if not isinstance(parsed_payload, dict):
        raise CorrectionError("its payload is not an object")
    changes.check_stored(correction)
    return correction


_EMPTY = -1  # the schema version of a file with no tables yet


def _may_write(path: Path) -> bool:
    """Whether the file may be written: its permissions allow it (for root too: a file made read-only is meant to
    be), and its folder takes SQLite's journal files."""
    mode = path.stat().st_mode
    return bool(mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection that cannot write: SQLite's read-only mode. A WAL file in a folder that takes no new files
    (no -shm to make) opens only as immutable, which is right for a file nobody may write."""
    uri = f"file:{quote(str(path.resolve()))}"
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout, isolation_level=None,
                         check_same_thread=False)
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        db.close()
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout, isolation_level=None,
                             check_same_thread=False)
    return db


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
    "CorrectionStoreReadOnly",
    "apply_corrections",
    "default_path",
    "event_keys",
]
