"""The keys of the counts and co-occurrence marks (dashboard/marks.py): a key names exactly the events its bar or
cell counts, and the figures stay small however many events they count."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from dashboard_fixtures import ELECTION, PROTEST, STRIKE, TREATY, events_frame

from dashboard.marks import bar_events, cell_events
from dashboard.views import cooccurrence_figure, counts_over_time_figure

VIEW_LIMIT_BYTES = 300_000  # what a view may send at 100,000 events; its ids alone were 2.2 and 3.8 MB


def random_events(count: int, *, actors: int = 200, seed: int = 7) -> pd.DataFrame:
    """The columns the two views read, shaped like news: a long tail of actors, a few types, some undated."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 35 * 365, size=count)
    start = (np.datetime64("1990-01-01") + days.astype("timedelta64[D]")).astype("datetime64[s]")
    start[rng.random(count) < 0.05] = np.datetime64("NaT")
    weights = 1.0 / np.arange(1, actors + 1) ** 1.1
    sizes = rng.choice([0, 1, 2, 3], size=count, p=[0.08, 0.45, 0.35, 0.12])
    picks = rng.choice(actors, size=int(sizes.sum()), p=weights / weights.sum())
    names = np.array([f"Actor {index:03d}" for index in range(actors)], dtype=object)
    ends = np.cumsum(sizes)
    return pd.DataFrame({
        "event_id": [f"e{index}" for index in range(count)],
        "start": start,
        "event_type": rng.choice(["protest", "election", "treaty", "statement", "strike", ""], size=count),
        "precision": rng.choice(["day", "month", "year"], size=count),
        "actors": [list(names[picks[end - size:end]]) for size, end in zip(sizes, ends, strict=True)],
    })


def keys_of(figure: go.Figure) -> list[tuple[str, ...]]:
    return [tuple(key) for trace in figure.data for key in trace.customdata]


# How people name the period a day falls in, worked out with pandas' calendar rather than the chart's arithmetic.
CALENDAR_PERIODS = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}


def calendar_bars(events: pd.DataFrame, period: str, by: str = "event_type") -> dict[tuple[str, ...], list[str]]:
    """Per bar key, the ids of the dated events of that group whose start falls in that period, in their order."""
    dated = events[events["start"].notna()]
    first_days = dated["start"].dt.to_period(CALENDAR_PERIODS[period]).dt.start_time.dt.strftime("%Y-%m-%d")
    return {(group, day, period): list(ids) for (group, day), ids in
            dated.groupby([dated[by], first_days], sort=False)["event_id"]}


@pytest.mark.parametrize(("period", "first", "last"), [
    ("day", "2020-01-01", "2020-02-29"), ("week", "2019-06-01", "2020-05-31"), ("month", "2017-03-15", "2020-12-31"),
    ("quarter", "2008-01-01", "2020-12-31"), ("year", "1990-01-01", "2024-12-31"),
])
def test_each_bar_key_names_exactly_the_events_it_counts(period: str, first: str, last: str) -> None:
    events = random_events(20_000, seed=11)
    events = events[events["start"].isna() | events["start"].between(first, last)]
    figure = counts_over_time_figure(events, period=period)
    keys = keys_of(figure)
    heights = [int(height) for trace in figure.data for height in trace.y]
    # Bars share no event, so all keys at once give each bar's events in turn, as many as its height.
    found = iter(bar_events(events, keys))
    drawn = {key: [next(found) for _ in range(height)] for key, height in zip(keys, heights, strict=True)}
    assert next(found, None) is None
    expected = calendar_bars(events, period)
    assert drawn == expected  # every bar, and no event in two bars or in none


def test_bar_keys_by_precision_and_the_untyped_bar() -> None:
    events = random_events(2_000, seed=3)
    by_precision = counts_over_time_figure(events, by="precision")
    expected = calendar_bars(events, "year", by="precision")
    keys = keys_of(by_precision)
    assert bar_events(events, keys, by="precision") == [event_id for key in keys for event_id in expected[key]]
    assert set(keys) == set(expected)
    untyped = [key for key in keys_of(counts_over_time_figure(events)) if key[0] == ""]
    by_type = calendar_bars(events, "year")
    assert untyped and all(bar_events(events, [key]) == by_type[key] for key in untyped)


def test_each_cell_key_names_exactly_the_events_both_actors_share() -> None:
    events = random_events(3_000, actors=40, seed=5)
    figure = cooccurrence_figure(events, top=12)
    for trace in figure.data:
        for (first, second), text in zip(trace.customdata, trace.text, strict=True):
            expected = [event_id for event_id, actors in zip(events["event_id"], events["actors"], strict=True)
                        if first in actors and second in actors]
            assert cell_events(events, [(first, second)]) == expected
            assert int(text) == len(expected)


def test_several_keys_give_their_events_mark_by_mark_each_once() -> None:
    events = events_frame()
    monthly = events[events["start"] >= "2020-01-01"]
    keys = [("strike", "2020-08-01", "month"), ("election", "2020-08-01", "month"),
            ("strike", "2020-08-01", "month")]
    assert bar_events(monthly, keys) == [STRIKE, ELECTION]
    cells = [("Alexander Lukashenko", "Alexander Lukashenko"), ("Belarus", "Alexander Lukashenko")]
    assert cell_events(events, cells) == [PROTEST, TREATY]


def test_keys_that_name_no_mark_select_nothing() -> None:
    events = events_frame()
    for key in [("protest", "2020-08-01", "fortnight"), ("protest", "August", "month"), ("protest", "2020-08-01"),
                ("protest", 2020, "year"), ("nobody", "2020-08-01", "month"), ()]:
        assert bar_events(events, [key]) == [], key
    for key in [("Belarus",), ("Belarus", 3), ("Belarus", "Nobody"), ("Belarus", "Alexander Lukashenko", "x")]:
        assert cell_events(events, [key]) == [], key
    assert bar_events(events.iloc[0:0], [("protest", "2020-08-01", "month")]) == []


@pytest.fixture(scope="module")
def hundred_thousand() -> pd.DataFrame:
    return random_events(100_000)


def test_the_views_stay_small_at_100000_events(hundred_thousand: pd.DataFrame) -> None:
    events = hundred_thousand
    counts, cells = counts_over_time_figure(events), cooccurrence_figure(events)
    assert len(counts.to_json()) < VIEW_LIMIT_BYTES
    assert len(cells.to_json()) < VIEW_LIMIT_BYTES
    # Small, yet every event is still there behind the keys: all bars together are every dated event.
    assert len(bar_events(events, keys_of(counts))) == events["start"].notna().sum()
    assert sum(sum(trace.y) for trace in counts.data) == events["start"].notna().sum()
    busiest = max(range(len(cells.data[1].text)), key=lambda index: int(cells.data[1].text[index]))
    assert len(cell_events(events, [tuple(cells.data[1].customdata[busiest])])) == int(cells.data[1].text[busiest])


def test_a_selection_at_100000_events_stays_small_and_highlights_its_marks(hundred_thousand: pd.DataFrame) -> None:
    events = hundred_thousand
    chosen = cell_events(events, [("Actor 000", "Actor 001")])
    figure = cooccurrence_figure(events, selected=chosen)
    assert len(figure.to_json()) < VIEW_LIMIT_BYTES
    highlighted = {tuple(figure.data[1].customdata[index]) for index in figure.data[1].selectedpoints}
    assert ("Actor 000", "Actor 001") in highlighted and ("Actor 001", "Actor 000") in highlighted
