"""Corrections that persist: every operation, its validation, the order of the log, persistence, re-extraction,
two writers at once, conflicts and the migration from the version-0 prototype."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest

import events
from events import corpus
from events.cli import main
from events.correction_log import CorrectionError
from events.corrections import (
    SCHEMA_VERSION,
    CorrectionConflict,
    CorrectionStore,
    CorrectionStoreError,
    apply_corrections,
    default_path,
)
from events.schema import COLUMN_NAMES

TREATY = "belarus-treaty-de:342:388"
PROTEST_1630 = "belarus-treaty-de:1630:i"
ARREST_1848 = "belarus-treaty-de:1848:i"


@pytest.fixture(scope="module")
def extracted() -> pd.DataFrame:
    return events.extract_documents([corpus.load_sample()])


@pytest.fixture
def store(tmp_path: Path) -> CorrectionStore:
    return CorrectionStore(tmp_path / "corrections.sqlite")


def row(frame: pd.DataFrame, event_id: str) -> pd.Series:
    matches = frame[frame["event_id"] == event_id]
    assert len(matches) == 1, f"{event_id} is in the table {len(matches)} times"
    return matches.iloc[0]


# --- where the store lives ----------------------------------------------------------------------------------


def test_default_path_follows_env_var_then_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHRONIK_CORRECTIONS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "chronik" / "corrections.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "chronik" / "corrections.sqlite"
    monkeypatch.setenv("CHRONIK_CORRECTIONS", str(tmp_path / "mine.sqlite"))
    assert default_path() == tmp_path / "mine.sqlite"
    assert CorrectionStore().path == tmp_path / "mine.sqlite"


def test_store_is_wal_and_versioned(store: CorrectionStore) -> None:
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version() == SCHEMA_VERSION


def test_a_missing_file_is_refused_when_creating_is_off(tmp_path: Path) -> None:
    with pytest.raises(CorrectionStoreError, match="no corrections file"):
        CorrectionStore(tmp_path / "typo.sqlite", create=False)


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database " * 100)
    with pytest.raises(CorrectionStoreError, match="not a corrections file"):
        CorrectionStore(path)


def test_the_log_is_append_only(store: CorrectionStore) -> None:
    store.set_title(TREATY, "Vertrag")
    with sqlite3.connect(store.path) as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM correction")


# --- every operation ----------------------------------------------------------------------------------------


def test_set_date(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_date(row(extracted, TREATY), "2024-12-06", author="anna", note="Kremlin statement")
    treaty = row(apply_corrections(extracted, store), TREATY)
    assert (treaty["start"], treaty["end"]) == (pd.Timestamp("2024-12-06"), pd.Timestamp("2024-12-06"))
    assert treaty["precision"] == "day" and treaty["timex"] == "2024-12-06"
    assert not treaty["date_vague"] and treaty["date_text"] == "kürzlich"  # the article's words stay
    assert treaty["corrected"]
    assert treaty["correction_notes"] == "#1 date 2024-12-06 (day) by anna: Kremlin statement"


def test_set_date_span_precision_and_date_text(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_date(TREATY, "2024-12-01", "2024-12-31", date_text="im Dezember")
    treaty = row(apply_corrections(extracted, store), TREATY)
    assert (treaty["precision"], treaty["timex"], treaty["date_text"]) == ("month", "2024-12", "im Dezember")
    store.set_date(TREATY, "2024-12-01", "2024-12-10")
    assert row(apply_corrections(extracted, store), TREATY)["precision"] == "approximate"


@pytest.mark.parametrize(
    ("start", "end", "precision", "message"),
    [
        ("2024-12-06", "2024-12-01", None, "the end 2024-12-01 is before the start 2024-12-06"),
        ("2024-02-30", None, None, "the start '2024-02-30' is not a real date"),
        ("6.12.2024", None, None, "is not a real date"),
        ("2024-12-06", "soon", None, "the end 'soon' is not a real date"),
        ("2024-12-06", None, "fortnight", "unknown date precision 'fortnight'"),
    ],
)
def test_set_date_validation(store: CorrectionStore, start: str, end: str | None, precision: str | None,
                             message: str) -> None:
    with pytest.raises(CorrectionError, match=message):
        store.set_date(TREATY, start, end, precision=precision)
    assert store.log() == []


def test_set_actors_type_and_title(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_actors(TREATY, ["Vladimir Putin", " Belarus ", "Vladimir Putin"])
    store.set_event_type(TREATY, "meeting")
    store.set_title(TREATY, "Treffen in Minsk")
    treaty = row(apply_corrections(extracted, store), TREATY)
    assert treaty["actors"] == ["Vladimir Putin", "Belarus"]
    assert (treaty["event_type"], treaty["title"]) == ("meeting", "Treffen in Minsk")
    assert treaty["cameo_code"] == events.eventtypes.event_type_info("meeting").cameo_code
    assert len(treaty["correction_notes"].splitlines()) == 3


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.set_event_type(TREATY, "picnic"), "unknown event type 'picnic'; use one of"),
        (lambda s: s.set_actors(TREATY, "Putin"), "a list of names"),
        (lambda s: s.set_actors(TREATY, ["Putin", " "]), "an actor name is empty"),
        (lambda s: s.set_title(TREATY, "  "), "the title is empty"),
        (lambda s: s.merge([TREATY, TREATY]), "at least two different events"),
        (lambda s: s.add({"title": "x"}), "a new event needs start"),
        (lambda s: s.add({"title": "x", "start": "2024-01-01", "colour": "red"}), "cannot set colour"),
        (lambda s: s.undo(99), "there is no correction #99"),
        (lambda s: s.set_title("", "x"), "no event_id"),
    ],
)
def test_validation_errors_are_clear_and_store_nothing(store: CorrectionStore, call, message: str) -> None:
    with pytest.raises(CorrectionError, match=message):
        call(store)
    assert store.log() == []


def test_hide_drops_by_default_and_keep_hidden_flags(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.hide(row(extracted, TREATY), note="not a treaty")
    assert TREATY not in set(apply_corrections(extracted, store)["event_id"])
    kept = apply_corrections(extracted, store, keep_hidden=True)
    assert row(kept, TREATY)["hidden"] and len(kept) == len(extracted)
    store.unhide(TREATY)
    assert not row(apply_corrections(extracted, store), TREATY)["hidden"]


def test_add_makes_a_manual_event(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    added = store.add({"title": "Vertrag ratifiziert", "start": "2025-01-20", "event_type": "treaty",
                       "actors": ["Belarus"], "sentence": "Laut Staatsagentur Belta ratifiziert."})
    assert added.target.startswith("manual:")
    result = apply_corrections(extracted, store)
    manual = row(result, added.target)
    assert list(result.columns) == list(COLUMN_NAMES)
    assert (manual["start"], manual["precision"], manual["doc_id"]) == (pd.Timestamp("2025-01-20"), "day", "manual")
    assert manual["actors"] == ["Belarus"] and manual["corrected"] and manual["source_count"] == 1
    store.set_title(manual, "Vertrag ratifiziert (Belta)")  # a hand-made event can be corrected like any
    assert row(apply_corrections(extracted, store), added.target)["title"] == "Vertrag ratifiziert (Belta)"


def test_merge_and_split_round_trip(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.merge([row(extracted, PROTEST_1630), row(extracted, ARREST_1848)], author="ben")
    merged_table = apply_corrections(extracted, store)
    assert len(merged_table) == len(extracted) - 1
    merged = row(merged_table, PROTEST_1630)
    assert [s["event_id"] for s in merged["sources"]] == [PROTEST_1630, ARREST_1848]
    assert merged["source_count"] == 2 and "[analyst] #1 merged" in merged["merge_notes"]
    assert set(merged["actors"]) == {"Alexander Lukashenko", "Belarus"}

    store.split(merged, ARREST_1848)
    split_table = apply_corrections(extracted, store)
    assert len(split_table) == len(extracted)
    for event_id in (PROTEST_1630, ARREST_1848):
        again, original = row(split_table, event_id), row(extracted, event_id)
        assert again["source_count"] == 1 and again["corrected"]
        for column in ("start", "end", "event_type", "sentence", "date_text"):
            assert again[column] == original[column]
        assert again["actors"] == original["actors"]


def test_split_validation(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    with pytest.raises(CorrectionError, match="one source only"):
        store.split(row(extracted, TREATY), TREATY)
    store.merge([PROTEST_1630, ARREST_1848])
    merged = row(apply_corrections(extracted, store), PROTEST_1630)
    with pytest.raises(CorrectionError, match="is not one of the sources"):
        store.split(merged, TREATY)


def test_a_date_set_before_a_split_stays_with_the_part_keeping_the_id(
    store: CorrectionStore, extracted: pd.DataFrame
) -> None:
    store.merge([PROTEST_1630, ARREST_1848])
    merged = row(apply_corrections(extracted, store), PROTEST_1630)
    store.set_date(merged, "2020-08-10")
    store.split(merged, ARREST_1848)
    result = apply_corrections(extracted, store)
    assert row(result, PROTEST_1630)["start"] == pd.Timestamp("2020-08-10")
    assert row(result, ARREST_1848)["start"] == row(extracted, ARREST_1848)["start"]


# --- order, undo, unmatched ---------------------------------------------------------------------------------


def test_later_corrections_win(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_title(TREATY, "erst")
    store.set_title(TREATY, "dann")
    store.hide(TREATY)
    store.unhide(TREATY)
    treaty = row(apply_corrections(extracted, store), TREATY)
    assert treaty["title"] == "dann" and not treaty["hidden"]
    assert treaty["correction_revision"] == 4


def test_undo_takes_back_one_correction(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_title(TREATY, "erst")
    second = store.set_title(TREATY, "dann")
    store.undo(second.id)
    assert row(apply_corrections(extracted, store), TREATY)["title"] == "erst"
    assert len(store.log()) == 3  # the log keeps everything
    with pytest.raises(CorrectionError, match="already undone"):
        store.undo(second.id)


def test_corrections_of_vanished_events_are_reported_not_guessed(
    store: CorrectionStore, extracted: pd.DataFrame
) -> None:
    gone = store.set_title("other-article:1:2", "lost")
    result = apply_corrections(extracted, store)
    assert result.attrs["unmatched_corrections"] == [gone.id]
    assert not result["corrected"].any()


def test_apply_is_pure_and_idempotent_on_its_own_output(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    before = extracted.copy()
    store.set_date(TREATY, "2024-12-06")
    store.merge([PROTEST_1630, ARREST_1848])
    once = apply_corrections(extracted, store)
    pd.testing.assert_frame_equal(extracted, before)
    pd.testing.assert_frame_equal(apply_corrections(once, store), once)


def test_apply_accepts_a_plain_log(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_title(TREATY, "Vertrag")
    assert row(apply_corrections(extracted, store.log()), TREATY)["title"] == "Vertrag"


# --- persistence and re-extraction --------------------------------------------------------------------------


def test_corrections_persist_across_reopening(tmp_path: Path, extracted: pd.DataFrame) -> None:
    path = tmp_path / "c.sqlite"
    CorrectionStore(path).set_title(TREATY, "Vertrag")
    CorrectionStore(path).hide(ARREST_1848)
    reopened = CorrectionStore(path)
    assert [c.operation for c in reopened.log()] == ["set_title", "hide"]
    result = apply_corrections(extracted, reopened)
    assert row(result, TREATY)["title"] == "Vertrag" and ARREST_1848 not in set(result["event_id"])


def test_a_correction_survives_re_extraction(store: CorrectionStore) -> None:
    first = events.extract_documents([corpus.load_sample()])
    treaty = first[first["event_type"] == "treaty"].iloc[0]
    store.set_date(treaty, "2024-12-06")
    again = apply_corrections(events.extract_documents([corpus.load_sample()]), store)
    corrected = again[again["event_type"] == "treaty"].iloc[0]
    assert corrected["start"] == corrected["end"] == pd.Timestamp("2024-12-06")


def test_a_correction_follows_its_mention_into_a_differently_merged_event(
    store: CorrectionStore, extracted: pd.DataFrame
) -> None:
    # Made on the treaty alone; the next extraction merges it with a report from another article whose
    # mention id is smaller, so the merged event has another event_id.
    store.set_date(row(extracted, TREATY), "2024-12-06")
    other = row(extracted, TREATY).to_dict()
    other.update(event_id="a-earlier-article:10:20", doc_id="a-earlier-article", sources=None, source_count=0)
    merged = events.merge.merge_events(pd.concat([extracted, pd.DataFrame([other])], ignore_index=True))
    treaty = merged[merged["event_type"] == "treaty"].iloc[0]
    assert treaty["event_id"] == "a-earlier-article:10:20" and treaty["source_count"] == 2
    corrected = row(apply_corrections(merged, store), "a-earlier-article:10:20")
    assert corrected["start"] == pd.Timestamp("2024-12-06") and corrected["corrected"]


def test_exports_include_corrections(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    store.set_title(TREATY, "Vertrag")
    result = apply_corrections(extracted, store)
    for fmt in ("csv", "json"):
        back = events.io.read_events(BytesIO(events.io.events_to_bytes(result, fmt)), fmt)
        treaty = row(back, TREATY)
        assert treaty["title"] == "Vertrag" and treaty["corrected"] and treaty["correction_revision"] == 1


def test_export_and_import_records(store: CorrectionStore, tmp_path: Path, extracted: pd.DataFrame) -> None:
    store.set_title(TREATY, "erst")
    store.set_title(TREATY, "dann")
    store.undo(2)
    other = CorrectionStore(tmp_path / "other.sqlite")
    other.set_title(ARREST_1848, "schon da")
    other.import_records(json.loads(json.dumps(store.export_records())))
    result = apply_corrections(extracted, other)
    assert row(result, TREATY)["title"] == "erst" and row(result, ARREST_1848)["title"] == "schon da"


# --- two writers at once ------------------------------------------------------------------------------------

WRITES_PER_WRITER = 40


def _hammer(path: str, writer: str) -> None:
    store = CorrectionStore(path)  # its own store, as each Streamlit session would have
    for n in range(WRITES_PER_WRITER):
        store.set_title(TREATY if n % 2 else ARREST_1848, f"{writer}-{n}", author=writer)


def test_two_threads_writing_at_once_lose_nothing(store: CorrectionStore) -> None:
    writers = [threading.Thread(target=_hammer, args=(str(store.path), f"tab{i}")) for i in range(2)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=60)
    _assert_every_write_is_there(store, ["tab0", "tab1"])


def test_two_processes_writing_at_once_lose_nothing(store: CorrectionStore) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_hammer, args=(str(store.path), f"session{i}")) for i in range(2)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
        assert process.exitcode == 0
    _assert_every_write_is_there(store, ["session0", "session1"])


def _assert_every_write_is_there(store: CorrectionStore, writers: list[str]) -> None:
    log = store.log()
    assert sorted(c.payload["title"] for c in log) == sorted(
        f"{w}-{n}" for w in writers for n in range(WRITES_PER_WRITER))
    assert [c.id for c in log] == list(range(1, len(log) + 1))
    for writer in writers:  # each writer's own changes are in the order it made them
        mine = [int(c.payload["title"].rsplit("-", 1)[1]) for c in log if c.author == writer]
        assert mine == list(range(WRITES_PER_WRITER))


def test_a_stale_write_is_a_conflict_not_a_silent_overwrite(store: CorrectionStore, extracted: pd.DataFrame) -> None:
    seen = row(apply_corrections(extracted, store), TREATY)  # both tabs load the table
    assert seen["correction_revision"] == 0
    store.set_title(seen, "tab one's title", author="anna", base_revision=int(seen["correction_revision"]))
    with pytest.raises(CorrectionConflict, match="changed meanwhile by anna") as conflict:
        store.set_title(seen, "tab two's title", author="ben", base_revision=int(seen["correction_revision"]))
    assert [c.payload["title"] for c in conflict.value.newer] == ["tab one's title"]
    assert len(store.log()) == 1
    # Another event is not in conflict, and a fresh look allows the write.
    store.set_title(ARREST_1848, "x", base_revision=0)
    fresh = row(apply_corrections(extracted, store), TREATY)
    assert fresh["correction_revision"] == store.revision(fresh) == 1
    store.set_title(fresh, "tab two's title", base_revision=int(fresh["correction_revision"]))


# --- migration ----------------------------------------------------------------------------------------------


def test_a_version_0_store_is_migrated(tmp_path: Path, extracted: pd.DataFrame) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE corrections (event_id TEXT, field TEXT, value TEXT, created_at TEXT)")
        db.executemany("INSERT INTO corrections VALUES (?, ?, ?, ?)", [
            (TREATY, "date", "2024-12-06", "2025-01-01T10:00:00+00:00"),
            (TREATY, "actors", '["Vladimir Putin"]', "2025-01-01T10:01:00+00:00"),
            (ARREST_1848, "hidden", "1", "2025-01-01T10:02:00+00:00"),
        ])
    store = CorrectionStore(path)
    assert store.schema_version() == SCHEMA_VERSION
    assert [c.operation for c in store.log()] == ["set_date", "set_actors", "hide"]
    assert store.log()[0].created_at == "2025-01-01T10:00:00+00:00"
    result = apply_corrections(extracted, store)
    assert row(result, TREATY)["start"] == pd.Timestamp("2024-12-06")
    assert ARREST_1848 not in set(result["event_id"])
    with sqlite3.connect(path) as db:  # the old rows are kept, out of the way
        assert db.execute("SELECT COUNT(*) FROM corrections_v0").fetchone()[0] == 3
    assert len(CorrectionStore(path).log()) == 3  # opening again migrates nothing twice


def test_a_store_from_a_newer_chronik_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    CorrectionStore(path)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    with pytest.raises(CorrectionStoreError, match="newer Chronik"):
        CorrectionStore(path)


# --- chronik extract --corrections --------------------------------------------------------------------------


def test_cli_extract_applies_a_corrections_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = corpus.load_sample()
    article = tmp_path / "belarus-treaty-de.txt"
    article.write_text(sample.text, encoding="utf-8")
    assert main(["extract", str(article), "--lang", "de", "--date", "2024-12-15", "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    store = CorrectionStore(tmp_path / "c.sqlite")
    treaty = next(e for e in plain if e["event_type"] == "treaty")
    store.set_date(treaty, "2024-12-06")
    code = main(["extract", str(article), "--lang", "de", "--date", "2024-12-15", "--format", "json",
                 "--corrections", str(store.path)])
    assert code == 0
    corrected = next(e for e in json.loads(capsys.readouterr().out) if e["event_type"] == "treaty")
    assert corrected["start"] == "2024-12-06" and corrected["corrected"]


def test_cli_extract_refuses_a_missing_corrections_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Am 6. Dezember 2024 unterzeichneten Russland und Belarus einen Vertrag.", encoding="utf-8")
    assert main(["extract", str(article), "--corrections", str(tmp_path / "typo.sqlite")]) == 2
    assert "cannot use the corrections file" in capsys.readouterr().err
