"""The timeline for many events: counts per lane and period instead of one mark per event (dashboard/counts.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package; its synthetic events come from the root
    sys.path.insert(0, str(ROOT))

from bench.synthetic_events import synthetic_events  # noqa: E402
from dashboard.counts import MAX_BUCKETS, all_period_starts, period_for, period_starts  # noqa: E402
from dashboard.figures import DETAIL_MAX_EVENTS, NO_ACTOR_LANE, timeline_figure  # noqa: E402
from events.eventtypes import event_type_label  # noqa: E402

FIGURE_LIMIT_BYTES = 5_000_000


@pytest.fixture(scope="module")
def many_events() -> pd.DataFrame:
    return synthetic_events(100_000)


def heat(figure: go.Figure) -> go.Heatmap:
    [trace] = figure.data
    assert isinstance(trace, go.Heatmap)
    return trace


def lane_totals(figure: go.Figure) -> dict[str, int]:
    trace = heat(figure)
    names = figure.layout.yaxis.ticktext
    return {names[lane]: int(np.asarray(row).sum()) for lane, row in zip(trace.y, trace.customdata, strict=True)}


@pytest.mark.parametrize("lanes", ["actor", "event_type"])
def test_a_hundred_thousand_events_give_a_figure_under_five_megabytes(many_events: pd.DataFrame, lanes: str) -> None:
    figure = timeline_figure(many_events, lanes=lanes)
    assert len(figure.to_json()) < FIGURE_LIMIT_BYTES
    assert "as quarterly counts" in figure.layout.title.subtitle.text


def test_counts_by_type_add_up_to_every_dated_event(many_events: pd.DataFrame) -> None:
    totals = lane_totals(timeline_figure(many_events, lanes="event_type"))
    dated = many_events[many_events["start"].notna()]
    expected = {event_type_label(value, "en"): count for value, count in dated["event_type"].value_counts().items()}
    # Every type has its lane with its own count, except that the rarest are folded into one lane past the limit.
    named = {lane: count for lane, count in totals.items() if lane in expected}
    assert named == {lane: expected[lane] for lane in named}
    assert sum(totals.values()) == sum(expected.values()) and len(totals) >= min(len(expected), 30)


def test_counts_by_actor_keep_each_busy_actors_events_and_fold_the_rest(many_events: pd.DataFrame) -> None:
    figure = timeline_figure(many_events, lanes="actor", max_lanes=10)
    totals = lane_totals(figure)
    assert len(totals) == 10
    dated = many_events[many_events["start"].notna()]
    per_actor = dated["actors"].explode().value_counts()
    for actor in list(totals)[:9]:
        assert totals[actor] == per_actor[actor]
    # The folded lane counts an event once, however many of its rare actors it names.
    kept = set(list(totals)[:9])
    folded = dated["actors"].map(lambda actors: bool(set(actors) - kept) or not actors).sum()
    assert list(totals)[-1].endswith("more actors)")
    assert totals[list(totals)[-1]] == folded


def test_small_data_is_still_drawn_event_by_event() -> None:
    figure = timeline_figure(synthetic_events(DETAIL_MAX_EVENTS))
    assert not any(isinstance(trace, go.Heatmap) for trace in figure.data)


def test_hover_text_and_lane_names_from_articles_are_escaped() -> None:
    events = synthetic_events(DETAIL_MAX_EVENTS + 500, actors=5)
    events["actors"] = [["<b>Bold</b> & Co"] if index % 2 else [] for index in range(len(events))]
    events["event_type"] = "<script>alert(1)</script>"
    figure = timeline_figure(events, lanes="actor")
    text = " ".join(cell for row in heat(figure).text for cell in row)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in text
    assert list(figure.layout.yaxis.ticktext) == ["&lt;b&gt;Bold&lt;/b&gt; &amp; Co", NO_ACTOR_LANE]


def test_hover_gives_the_count_period_and_commonest_types() -> None:
    events = synthetic_events(DETAIL_MAX_EVENTS + 1)
    events["start"] = pd.Timestamp("2020-08-13")
    events["end"] = pd.Timestamp("2020-08-13")
    events["event_type"] = ["protest"] * 1000 + ["election"] * (len(events) - 1000)
    trace = heat(timeline_figure(events, lanes="event_type"))
    cells = [cell for row in trace.text for cell in row if cell]
    assert cells == ["<b>Protest</b><br>1,000 events start in 2020-08-13<br>Protest 1,000",
                     "<b>Election</b><br>501 events start in 2020-08-13<br>Election 501"]


@pytest.mark.parametrize(("first", "last", "expected"), [
    ("2020-01-01", "2020-03-01", "day"),
    ("2016-01-01", "2020-01-01", "week"),
    ("2000-01-01", "2015-01-01", "month"),
    ("1990-01-01", "2024-12-31", "quarter"),
    ("1800-01-01", "2024-12-31", "year"),
    ("0100-01-01", "2024-12-31", "decade"),
])
def test_the_period_is_the_shortest_that_fits_the_chart(first: str, last: str, expected: str) -> None:
    period = period_for(pd.Timestamp(first).as_unit("s"), pd.Timestamp(last).as_unit("s"))
    assert period.name == expected
    starts = all_period_starts(np.datetime64(first), np.datetime64(last), period)
    assert len(starts) <= MAX_BUCKETS + 1


def test_periods_start_on_calendar_boundaries() -> None:
    days = np.array(["2024-12-31", "2020-08-13", "1066-10-14"], dtype="datetime64[D]")
    week, quarter, decade, century = (period_for(pd.Timestamp("2000-01-01"), pd.Timestamp(end)) for end in
                                      ("2003-01-01", "2040-01-01", "2600-01-01", "9000-01-01"))
    assert [str(d) for d in period_starts(days, week)] == ["2024-12-30", "2020-08-10", "1066-10-08"]
    assert [str(d) for d in period_starts(days, quarter)] == ["2024-10-01", "2020-07-01", "1066-10-01"]
    assert [str(d) for d in period_starts(days, decade)] == ["2020-01-01", "2020-01-01", "1060-01-01"]
    assert [str(d) for d in period_starts(days, century)] == ["2000-01-01", "2000-01-01", "1000-01-01"]


def test_a_date_window_sets_the_heat_strips_axis(many_events: pd.DataFrame) -> None:
    window = (pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01"))
    figure = timeline_figure(many_events, lanes="event_type", window=window)
    heat(figure)
    assert [pd.Timestamp(edge) for edge in figure.layout.xaxis.range] == list(window)
    open_ended = timeline_figure(many_events, lanes="event_type", window=(window[0], None))
    low, high = (pd.Timestamp(edge) for edge in open_ended.layout.xaxis.range)
    assert low == window[0] and high > pd.Timestamp(many_events["start"].max())
    assert timeline_figure(many_events, lanes="event_type").layout.xaxis.range is None  # Plotly fits the data
