"""Merging, splitting and adding events by hand in the dashboard, as an analyst does it: AppTest runs of the app
on the hand-made fixture events, with the corrections file in the test's own directory (tests/conftest.py).

The date, title and hide corrections are in tests/test_app_detail.py. Widgets are addressed by key, so the
tests hold in every language of the interface.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import AUGUST_2020, ELECTION, PROTEST, TREATY, events_frame
from streamlit.testing.v1 import AppTest

from dashboard import editing
from dashboard.correction_form import SELECTED, SHOWN
from events.corrections import CorrectionStore

# The fixture's election and protest are two events read from one sentence: an analyst may call them one.
ELECTION_TITLE, PROTEST_TITLE = "Präsidentschaftswahl in Belarus", "Proteste in Minsk"
HAND_MADE = {"title": "Treffen in Sotschi", "start": date(2023, 3, 3), "event_type": "meeting",
             "actors": ["Vladimir Putin", "Alexander Lukashenko"], "description": "Gelesen bei ntv.de, 3. März 2023."}


@pytest.fixture(autouse=True)
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_events(events_frame().drop(columns=["sources"]), tmp_path, monkeypatch)


def click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click().run()
    assert not app.exception, app.exception
    return app


def table(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value


def shown_event(app: AppTest, event_id: str) -> dict[str, Any]:
    shown = app.session_state[SHOWN]
    rows = shown[shown["event_id"] == event_id]
    assert len(rows) == 1, f"{event_id} is not shown once: {len(rows)} rows"
    return rows.iloc[0].to_dict()


def panel_text(app: AppTest) -> str:
    """The panel's Markdown and its quotes (HTML)."""
    return "\n".join([*(str(element.value) for element in app.markdown),
                      *(str(element.proto.body) for element in app.get("html"))])


def success_text(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in app.success)


def chart_event_ids(app: AppTest) -> dict[str, set[str]]:
    """The timeline's event ids per lane, from the marks' customdata ([event id, lane])."""
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    lanes: dict[str, set[str]] = {}
    for trace in spec["data"]:
        for point in trace.get("customdata") or []:
            if isinstance(point, list) and len(point) == 2 and isinstance(point[0], str):
                lanes.setdefault(str(point[1]), set()).add(point[0])
    return lanes


def merge_election_and_protest() -> AppTest:
    app = run_app(selected=[ELECTION, PROTEST])
    assert len(table(app)) == 9
    return click(app, "merge_selected")


def test_merging_two_events_leaves_one_that_carries_both_sources(corrections_in_tmp: Path) -> None:
    app = merge_election_and_protest()
    assert "Merged 2 events" in success_text(app)
    rows = table(app)
    assert len(rows) == 8
    assert (ELECTION_TITLE in set(rows["Title"])) != (PROTEST_TITLE in set(rows["Title"]))  # one title is left
    [merged_id] = app.session_state[SELECTED]  # the merged event is selected, so its panel is open
    merged = shown_event(app, merged_id)
    assert sorted(source["event_id"] for source in merged["sources"]) == sorted([ELECTION, PROTEST])
    assert set(merged["actors"]) == {"Belarus", "Alexander Lukashenko"}  # the union of both events' actors
    assert rows.set_index("Title").loc[merged["title"], "Sources"] == 2
    shown = panel_text(app)
    assert "**Sources** (2)" in shown
    assert shown.count('lang="de">Ein Rückblick') == 2  # both source sentences quoted
    assert "One event from 2 reports in 1 article: you merged them." in "\n".join(str(c.value) for c in app.caption)

    assert len(table(run_app())) == 8  # a new session on the same corrections file
    assert [c.operation for c in CorrectionStore(corrections_in_tmp).log()] == ["merge"]


def test_splitting_a_source_off_a_merged_event_gives_two_events_again() -> None:
    app = merge_election_and_protest()
    [merged_id] = app.session_state[SELECTED]
    split_box = app.selectbox(key="split_source")
    assert sorted(split_box.options) == sorted(set(split_box.options))  # the analyst can tell the sources apart
    other = PROTEST if merged_id == ELECTION else ELECTION
    split_box.set_value(other)
    click(app, "split_off")
    assert "Split off" in success_text(app)
    rows = table(app)
    assert len(rows) == 9
    assert {ELECTION_TITLE, PROTEST_TITLE} <= set(rows["Title"])
    assert [len(shown_event(app, event_id)["sources"]) for event_id in (ELECTION, PROTEST)] == [1, 1]
    assert "split_source" not in {box.key for box in app.selectbox}  # one source left: nothing to split off
    assert len(table(run_app())) == 9


def test_sources_that_share_document_and_sentence_are_labelled_apart() -> None:
    frame = events_frame().set_index("event_id", drop=False)
    sources = [frame.loc[ELECTION].to_dict(), frame.loc[PROTEST].to_dict()]
    labels = editing.source_choice_labels(sources)
    assert list(labels) == [ELECTION, PROTEST]
    assert len(set(labels.values())) == 2
    assert labels[ELECTION].startswith(ELECTION_TITLE) and labels[PROTEST].startswith(PROTEST_TITLE)
    assert all(AUGUST_2020[:40] in label for label in labels.values())
    identical = editing.source_choice_labels([{**sources[0], "event_id": "a"}, {**sources[0], "event_id": "b"}])
    assert len(set(identical.values())) == 2  # even sources alike in every word stay apart
    apart = editing.source_choice_labels([sources[0], frame.loc[TREATY].to_dict()])
    assert apart == {ELECTION: editing.source_choice_label(sources[0]),
                     TREATY: editing.source_choice_label(frame.loc[TREATY].to_dict())}


def add_hand_made_event(app: AppTest) -> AppTest:
    app.text_input(key="new_title").set_value(HAND_MADE["title"])
    app.date_input(key="new_start").set_value(HAND_MADE["start"])
    app.selectbox(key="new_event_type").set_value(HAND_MADE["event_type"])
    app.multiselect(key="new_actors").set_value(HAND_MADE["actors"])
    app.text_area(key="new_description").set_value(HAND_MADE["description"])
    return click(app, "add_event")


def test_an_event_added_by_hand_is_in_table_chart_and_panel_and_outlives_the_session(
        corrections_in_tmp: Path) -> None:
    app = add_hand_made_event(run_app())
    assert "Added the event" in success_text(app)
    [added_id] = app.session_state[SELECTED]
    rows = table(app)
    assert len(rows) == 10
    row = rows.set_index("Title").loc[HAND_MADE["title"]]
    assert (row["Start"], row["Type"], row["Actors"], row["Corrected"]) == (
        "2023-03-03", "Meeting/visit", "Vladimir Putin; Alexander Lukashenko", "✓ corrected")
    lanes = chart_event_ids(app)
    assert all(added_id in lanes[actor] for actor in HAND_MADE["actors"])
    assert added_id not in lanes.get("Belarus", set())
    assert f"#### {HAND_MADE['title']}" in panel_text(app)

    reloaded = run_app()
    again = table(reloaded).set_index("Title").loc[HAND_MADE["title"]]
    assert (again["Start"], again["Actors"], again["Sentence"]) == (
        "2023-03-03", "Vladimir Putin; Alexander Lukashenko", HAND_MADE["description"])
    assert all(added_id in chart_event_ids(reloaded)[actor] for actor in HAND_MADE["actors"])
    assert [c.operation for c in CorrectionStore(corrections_in_tmp).log()] == ["add"]


def test_an_event_without_a_start_is_not_added() -> None:
    app = run_app()
    app.text_input(key="new_title").set_value("Ohne Datum")
    click(app, "add_event")
    assert "Not added" in "\n".join(str(element.value) for element in app.error)
    assert "Ohne Datum" not in set(table(app)["Title"])
