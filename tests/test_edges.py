"""Edges (issue 16): a link's dates at the ends of the calendar, data from year 1 to year 9999 in every view and in
the correction form, and a range's offsets that cover all of its words."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import ELECTION, INDEPENDENCE, events_frame
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import state_from_query
from events import extract_events


@pytest.mark.usefixtures("events_file")
@pytest.mark.parametrize("query", [{"to": "9999-12-31"}, {"from": "3000-01-01"},
                                   {"from": "0001-01-01", "to": "9999-12-31"}, {"from": "99999-01-01", "to": "-1"}])
def test_a_link_with_dates_at_the_calendars_ends_opens(query: dict[str, str]) -> None:
    app = run_app(query)
    expected = state_from_query(query)
    assert (app.session_state["date_from"], app.session_state["date_to"]) == (expected.date_from, expected.date_to)


@pytest.fixture
def events_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_events(events_frame(), tmp_path, monkeypatch)


@pytest.fixture
def spanning_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    frame = events_frame()
    frame.loc[frame["event_id"] == INDEPENDENCE, ["start", "end"]] = [pd.Timestamp("0001-01-01"),
                                                                      pd.Timestamp("0001-12-31")]
    frame.loc[frame["event_id"] == ELECTION, ["start", "end"]] = [pd.Timestamp("9999-12-31"),
                                                                  pd.Timestamp("9999-12-31")]
    return serve_events(frame, tmp_path, monkeypatch)


@pytest.mark.usefixtures("spanning_file")
@pytest.mark.parametrize("view", ["timeline", "counts", "cooccurrence"])
def test_every_view_draws_data_from_year_1_to_9999(view: str) -> None:
    app = run_app({"view": view}, selected=[ELECTION])  # the detail panel and its form hold the 9999 date
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert spec["data"]
    assert app.session_state["fix_start"].year == 9999
    if view == "counts":
        days = {key[1] for trace in spec["data"] for key in trace.get("customdata") or []}
        assert "0000-01-01" in days and "9900-01-01" in days  # the centuries of year 1 and year 9999


PARTS = {
    "de": ("Von 1939 bis 1945 dauerte der Krieg.", "Am 3., 4. und 5. Oktober 2020 wurde gestreikt.",
           "Zwischen März und Mai 2021 gab es Proteste.", "Ab dem 13. August 2020 streikten Arbeiter.",
           "Anfang 2022 marschierten Truppen ein.", "Vom 1. bis 3. Mai 2020 tagte der Rat."),
    "en": ("From 1939 to 1945 the war lasted.", "On May 3, 4 and 5, 2020 workers went on strike.",
           "Between March and May 2021 there were protests.", "Since August 13, 2020 workers have been on strike.",
           "In early 2022 troops invaded.", "From April 24 to 26, 2020 the council met."),
}


@settings(max_examples=25, deadline=None)
@given(lang=st.sampled_from(sorted(PARTS)), picks=st.lists(st.integers(0, 5), min_size=1, max_size=3))
def test_date_offsets_cover_the_date_as_written(lang: str, picks: list[int]) -> None:
    text = " ".join(PARTS[lang][pick] for pick in picks)
    events = extract_events(text, lang=lang, dct="2024-12-15", merge=False)
    dated = events.dropna(subset=["date_char_start"])
    for _, event in dated.iterrows():
        assert text[event["date_char_start"] : event["date_char_end"]] == event["date_text"]


def test_a_range_covers_both_its_dates() -> None:
    events = extract_events("Von 1939 bis 1945 dauerte der Krieg.", lang="de", merge=False)
    assert [(e.date_text, e.date_char_start, e.date_char_end) for e in events.itertuples()] == [
        ("1939 bis 1945", 4, 17)]
