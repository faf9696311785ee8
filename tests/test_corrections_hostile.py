"""Corrections databases Chronik does not own, cannot write or finds damaged (issue 16): someone else's database is
refused and left byte for byte as it was, a read-only file is read and says so on a write, a bad row is skipped and
named while the others apply, and a file replaced while the app runs is an error message, not a crash."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import TREATY, events_frame

from events.cli import main
from events.corrections import (
    PATH_ENV_VAR,
    CorrectionStore,
    CorrectionStoreError,
    CorrectionStoreReadOnly,
    apply_corrections,
)


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes, and the files of its name beside it (a -wal or -journal appears when SQLite writes)."""
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)))


@pytest.fixture
def invoices(tmp_path: Path) -> Path:
    path = tmp_path / "invoices.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoice (number INTEGER PRIMARY KEY, customer TEXT, total REAL)")
        db.execute("INSERT INTO invoice VALUES (1, 'Anna', 99.5)")
    return path


def test_someone_elses_database_is_refused_untouched(invoices: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint(invoices)
    with pytest.raises(CorrectionStoreError, match=r"is not a corrections file: it holds other tables \(invoice\)"):
        CorrectionStore(invoices)
    article = tmp_path / "a.txt"
    article.write_text("Am 6. Dezember 2024 unterzeichneten Russland und Belarus einen Vertrag.", encoding="utf-8")
    assert main(["extract", str(article), "--corrections", str(invoices)]) == 2
    assert "Chronik leaves it untouched" in capsys.readouterr().err
    assert fingerprint(invoices) == before
    with sqlite3.connect(invoices) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_damaged_store_is_refused_untouched(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    store.set_title(TREATY, "Vertrag")
    with sqlite3.connect(store.path) as db:
        db.execute("DROP TABLE correction_key")
    before = fingerprint(store.path)
    with pytest.raises(CorrectionStoreError, match=r"is damaged: its table\(s\) correction_key are missing"):
        CorrectionStore(store.path)
    assert fingerprint(store.path) == before


def stored_rows(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    with sqlite3.connect(path) as db:
        for operation, target, keys, payload in rows:
            db.execute("INSERT INTO correction (operation, target, keys, payload, created_at) VALUES (?,?,?,?,'x')",
                       (operation, target, keys, payload))


def test_a_bad_row_is_skipped_and_named_and_the_others_apply(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    store.set_title(TREATY, "Vertrag über Sicherheitsgarantien (korrigiert)")
    keys = json.dumps([TREATY])
    stored_rows(store.path, [
        ("set_date", TREATY, keys, "{not json"),
        ("set_date", TREATY, keys, json.dumps({"start": "2024-12-06"})),
        ("teleport", TREATY, keys, "{}"),
        ("undo", TREATY, keys, json.dumps({"correction_id": 2})),
    ])
    store.hide(TREATY)
    assert [c.operation for c in store.log()] == ["set_title", "undo", "hide"]
    assert store.skipped() == [
        "correction #2 (set_date) cannot be used: it is not valid JSON (Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1))",
        "correction #3 (set_date) cannot be used: its payload has no 'end'",
        "correction #4 (teleport) cannot be used: the operation 'teleport' is unknown",
        "correction #5 (undo) takes back correction #2, which cannot be used",
    ]
    treaty = apply_corrections(events_frame(), store, keep_hidden=True).set_index("event_id").loc[TREATY]
    assert treaty["title"] == "Vertrag über Sicherheitsgarantien (korrigiert)" and treaty["hidden"]


def test_a_read_only_store_is_read_and_refuses_writes(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    store.set_title(TREATY, "Vertrag")
    store.path.chmod(0o444)
    before = fingerprint(store.path)
    reopened = CorrectionStore(store.path)
    assert reopened.read_only and "read-only" in repr(reopened)
    assert [c.operation for c in reopened.log()] == ["set_title"] and reopened.revision() == 1
    with pytest.raises(CorrectionStoreReadOnly, match="is read-only: the correction was not saved"):
        reopened.hide(TREATY)
    # The file is as it was; reading a WAL file may leave SQLite's shared-memory index beside it, never a journal.
    assert fingerprint(store.path)[0] == before[0]
    assert not [name for name in fingerprint(store.path)[1] if name.endswith("-journal")]


def test_a_store_overwritten_while_in_use_is_an_error_not_a_crash(tmp_path: Path, invoices: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    store.set_title(TREATY, "Vertrag")
    store.path.write_bytes(invoices.read_bytes())  # the same file, someone else's content
    for name in ("c.sqlite-wal", "c.sqlite-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    before = fingerprint(store.path)
    with pytest.raises(CorrectionStoreError, match="cannot be used as a corrections file any more"):
        store.log()
    with pytest.raises(CorrectionStoreError, match="no longer a corrections file"):
        store.hide(TREATY)
    assert fingerprint(store.path)[0] == before[0]
    store.path.write_bytes(b"garbage " * 1000)
    with pytest.raises(CorrectionStoreError):
        store.revision()


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    serve_events(events_frame(), tmp_path, monkeypatch)
    path = tmp_path / "corrections.sqlite"
    monkeypatch.setenv(PATH_ENV_VAR, str(path))
    return path


def messages(elements: object) -> str:
    return "\n".join(str(element.value) for element in elements)  # type: ignore[attr-defined]


def test_the_dashboard_shows_a_read_only_store_and_offers_no_form(served: Path) -> None:
    store = CorrectionStore(served)
    store.set_title(TREATY, "Vertrag (korrigiert)")
    served.chmod(0o444)
    app = run_app(selected=[TREATY])
    assert "read\\-only" in messages(app.warning)
    assert "Correct this event" not in [expander.label for expander in app.expander]
    shown = app.session_state["shown_events"].set_index("event_id")
    assert shown.loc[TREATY, "title"] == "Vertrag (korrigiert)"


def test_the_dashboard_names_bad_rows_and_survives_a_replaced_store(served: Path, invoices: Path) -> None:
    store = CorrectionStore(served)
    store.set_title(TREATY, "Vertrag (korrigiert)")
    stored_rows(served, [("set_date", TREATY, json.dumps([TREATY]), "{}")])
    app = run_app(selected=[TREATY])
    assert "1 stored correction cannot be used" in messages(app.warning).replace("\\", "")
    served.write_bytes(invoices.read_bytes())
    for name in ("corrections.sqlite-wal", "corrections.sqlite-shm"):
        (served.parent / name).unlink(missing_ok=True)
    app.run()
    assert not app.exception
    assert "Corrections cannot be used" in messages(app.error)
    pd.testing.assert_frame_equal(app.session_state["shown_events"], app.session_state["events"])
