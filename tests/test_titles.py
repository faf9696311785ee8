"""Event titles: Chronik composes them from actors and type (events/titles.py), composes them again in the reader's
language (dashboard/titles.py) and after the analyst changes actors or type (events/correction_apply.py); a title
someone wrote stays as written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import TREATY, events_frame

from dashboard import i18n
from dashboard.titles import in_reader_language, reader_title
from events.corrections import CorrectionStore, apply_corrections
from events.titles import compose_title, is_composed_title


def test_a_composed_title_is_told_from_one_someone_wrote() -> None:
    assert compose_title("Vertrag/Abkommen", ["Wladimir Putin", "Alexander Lukaschenko"]) == (
        "Wladimir Putin, Alexander Lukaschenko: Vertrag/Abkommen")
    assert compose_title("Protest", ["A", "B", "C", "D"]) == "A, B, C …: Protest"
    assert compose_title("Sonstiges", []) == "Sonstiges"
    assert all(is_composed_title(title) for title in (
        "Russland: Sonstiges", "Russia: Other", "A, B, C …: Protest", "Sonstiges", "Treaty/agreement"))
    assert not any(is_composed_title(title) for title in (
        "Vertrag über Sicherheitsgarantien", "Minsk: Gipfel der Staatschefs", "Notiz: wichtig", ""))


def test_composed_titles_are_shown_in_the_reader_s_language_and_written_ones_as_written() -> None:
    english, german = i18n.translator("en"), i18n.translator("de")
    assert reader_title(english, "Russland: Sonstiges", "other", ["Russia"]) == "Russia: Other"
    assert reader_title(german, "Russia: Other", "other", ["Russia"]) == "Russland: Sonstiges"
    assert reader_title(english, "Wladimir Putin, Alexander Lukaschenko: Vertrag/Abkommen", "treaty",
                        ["Vladimir Putin", "Alexander Lukashenko"]) == (
        "Vladimir Putin, Alexander Lukashenko: Treaty/agreement")
    assert reader_title(english, "Vertrag über Sicherheitsgarantien", "treaty", ["Russia"]) == (
        "Vertrag über Sicherheitsgarantien")
    frame = pd.DataFrame({"title": ["Russland: Sonstiges", "Vertrag über Sicherheitsgarantien"],
                          "event_type": ["other", "treaty"], "actors": [["Russia"], ["Belarus"]]}, index=[7, 3])
    shown = in_reader_language(frame, english)
    assert list(shown["title"]) == ["Russia: Other", "Vertrag über Sicherheitsgarantien"]
    assert list(shown.index) == [7, 3] and frame["title"].iloc[0] == "Russland: Sonstiges"  # a new frame


def test_a_composed_title_follows_a_corrected_type_or_actors(tmp_path: Path) -> None:
    events = events_frame()
    position = events.index[events["event_id"] == TREATY][0]
    events.loc[position, "title"] = "Wladimir Putin, Alexander Lukaschenko: Vertrag/Abkommen"
    store = CorrectionStore(tmp_path / "c.sqlite")
    treaty = events.loc[position].to_dict()
    store.set_event_type(treaty, "deployment")
    changed = apply_corrections(events, store)
    assert changed.loc[changed["event_id"] == TREATY, "title"].iloc[0].endswith(": Truppenverlegung/Stationierung")
    store.set_title(treaty, "Sicherheitsvertrag von Minsk", base_revision=1)
    store.set_actors(treaty, ["Belarus"], base_revision=2)
    kept = apply_corrections(events, store)
    assert kept.loc[kept["event_id"] == TREATY, "title"].iloc[0] == "Sicherheitsvertrag von Minsk"


def test_the_english_dashboard_shows_german_events_with_english_titles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = events_frame()
    treaty = events.index[events["event_id"] == TREATY][0]
    events.loc[treaty, ["title", "event_type"]] = ["Russland: Sonstiges", "other"]
    events.at[treaty, "actors"] = ["Russia"]
    serve_events(events, tmp_path, monkeypatch)
    titles = set(run_app().dataframe[0].value["Title"])
    assert "Russland: Sonstiges" not in titles
    german = set(run_app({"ui": "de"}).dataframe[0].value["Titel"])
    assert "Russland: Sonstiges" in german
