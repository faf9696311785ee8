"""The counts-over-time and actor co-occurrence figures (dashboard/views.py): pure, no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from dashboard_fixtures import (
    ARRESTS,
    ELECTION,
    INDEPENDENCE,
    INTERVIEW,
    MILITARY,
    PROTEST,
    STRIKE,
    TREATY,
    UNRESOLVED,
    events_frame,
)

from dashboard import selection
from dashboard.marks import actor_grid, bar_events, cell_events
from dashboard.palette import event_type_colours
from dashboard.views import choose_period, cooccurrence_figure, counts_over_time_figure


def mark_ids(figure: go.Figure, events: pd.DataFrame) -> list[list[str]]:
    """Per bar (or cell), the events its key names, as the app finds them when it is selected."""
    find = bar_events if figure.layout.barmode == "stack" else cell_events
    return [find(events, [tuple(key)]) for trace in figure.data for key in trace.customdata]


def bar_ids(figure: go.Figure, events: pd.DataFrame) -> list[str]:
    return [event_id for ids in mark_ids(figure, events) for event_id in ids]


def test_counts_add_up_and_every_dated_event_is_in_one_bar() -> None:
    events = events_frame()
    figure = counts_over_time_figure(events)
    total = sum(sum(trace.y) for trace in figure.data)
    assert total == events["start"].notna().sum() == 8
    ids = bar_ids(figure, events)
    assert sorted(ids) == sorted(events.loc[events["start"].notna(), "event_id"])
    assert UNRESOLVED not in ids
    for trace in figure.data:  # a segment's height is the number of events its key names
        assert list(trace.y) == [len(bar_events(events, [tuple(key)])) for key in trace.customdata]
    assert "1 without a date not counted" in figure.layout.title.subtitle.text
    assert figure.layout.barmode == "stack"


def test_colours_are_the_timelines() -> None:
    events = events_frame()
    colours = event_type_colours(["strike", "protest", "election"])
    figure = counts_over_time_figure(events, colours=colours)
    by_name = {trace.name: trace.marker.color for trace in figure.data}  # the legend names the types
    assert by_name["Strike"] == colours["strike"] and by_name["Protest"] == colours["protest"]


def test_period_choice() -> None:
    events = events_frame()
    assert choose_period(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-20")).name == "day"
    assert choose_period(pd.Timestamp("2020-01-01"), pd.Timestamp("2023-01-01")).name == "month"
    assert choose_period(pd.Timestamp("1991-01-01"), pd.Timestamp("2024-12-14")).name == "year"
    recent = events[events["start"] >= "2020-01-01"]
    monthly = counts_over_time_figure(recent, period="month")
    august = [tuple(key) for trace in monthly.data for x, key in zip(trace.x, trace.customdata, strict=True)
              if pd.Timestamp(x).strftime("%Y-%m") == "2020-08"]
    assert sorted(bar_events(recent, august)) == sorted([ELECTION, PROTEST, STRIKE])
    yearly = counts_over_time_figure(events, period="year")
    in_2020 = [tuple(key) for trace in yearly.data for x, key in zip(trace.x, trace.customdata, strict=True)
               if pd.Timestamp(x).year == 2020]
    assert sorted(bar_events(events, in_2020)) == sorted([ELECTION, PROTEST, STRIKE, ARRESTS])
    assert "yearly" in yearly.layout.title.subtitle.text
    with pytest.raises(ValueError, match="unknown period"):
        counts_over_time_figure(events, period="fortnight")


def test_counts_by_precision() -> None:
    figure = counts_over_time_figure(events_frame(), by="precision")
    assert {trace.name for trace in figure.data} == {"year", "month", "day", "approximate"}
    assert "Date precision" in figure.layout.legend.title.text


def test_cooccurrence_is_symmetric_and_counts_right() -> None:
    events = events_frame()
    grid = actor_grid(events)
    order = grid.actors
    assert order[0] == "Belarus"  # 7 events (the undated one too: the table lists it)
    position = {actor: index for index, actor in enumerate(order)}
    assert grid.counts[position["Belarus"], position["Belarus"]] == 7
    assert (grid.counts == grid.counts.T).all()
    assert cell_events(events, [("Alexander Lukashenko", "Alexander Lukashenko")]) == [PROTEST, TREATY]
    assert cell_events(events, [("Belarus", "Alexander Lukashenko")]) == [PROTEST]
    assert cell_events(events, [("Alexander Lukashenko", "Belarus")]) == [PROTEST]
    assert cell_events(events, [("Vladimir Putin", "Alexander Lukashenko")]) == [TREATY]
    assert cell_events(events, [("Russia", "Ukraine")]) == [MILITARY]
    assert cell_events(events, [("Belarus", "Soviet Union")]) == [INDEPENDENCE]
    assert grid.counts[position["Belarus"], position["Vladimir Putin"]] == 0
    assert cell_events(events, [("Belarus", "Vladimir Putin")]) == []
    assert grid.shared_events == 4  # protest, independence, military, treaty; the interview names no actor


def test_cooccurrence_figure_cells_carry_event_ids_and_top_limits() -> None:
    figure = cooccurrence_figure(events_frame(), top=3)
    diagonal, shared = figure.data
    assert len(diagonal.x) == 3 and list(figure.layout.xaxis.ticktext) == list(figure.layout.yaxis.ticktext)
    events = events_frame()
    for trace in figure.data:
        assert [str(len(cell_events(events, [tuple(key)]))) for key in trace.customdata] == list(trace.text)
    points = [{"customdata": list(shared.customdata[0])}]
    keys = selection.chart_selection_keys({"selection": {"points": points}})
    assert keys == [tuple(shared.customdata[0])]
    assert len(cell_events(events, keys)) == int(shared.text[0])


def test_escaping() -> None:
    events = events_frame()
    events.loc[events["event_id"] == PROTEST, "actors"] = pd.Series([["<b>Evil</b> & Co", "Belarus"]],
                                                                    index=events.index[events["event_id"] == PROTEST])
    events.loc[events["event_id"] == STRIKE, "event_type"] = "<i>strike</i>"
    cooc = cooccurrence_figure(events)
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in cooc.layout.xaxis.ticktext
    texts = [*cooc.layout.xaxis.ticktext, *cooc.layout.yaxis.ticktext,
             *(hover for trace in cooc.data for hover in trace.hovertext)]
    assert not any("<b>Evil" in text for text in texts)
    assert any("&lt;b&gt;Evil" in hover for hover in cooc.data[1].hovertext)
    counts = counts_over_time_figure(events)
    names = [trace.name for trace in counts.data]
    assert "&lt;i&gt;strike&lt;/i&gt;" in names and "<i>strike</i>" not in names
    assert all("<i>strike" not in hover for trace in counts.data for hover in trace.hovertext)


def test_empty_input() -> None:
    empty = events_frame().iloc[0:0]
    for figure in (counts_over_time_figure(empty), cooccurrence_figure(empty)):
        assert not figure.data
        assert figure.layout.annotations and figure.layout.annotations[0].text
    undated = events_frame()
    undated = undated[undated["event_id"] == UNRESOLVED]
    assert "has a date that can be counted" in counts_over_time_figure(undated).layout.annotations[0].text
    no_actors = events_frame()
    no_actors = no_actors[no_actors["event_id"] == INTERVIEW]
    assert cooccurrence_figure(no_actors).layout.annotations[0].text == "No events with actors to compare."


def test_selected_events_stay_highlighted() -> None:
    figure = counts_over_time_figure(events_frame(), selected=[TREATY])
    highlighted = [trace.name for trace in figure.data if trace.selectedpoints]
    assert highlighted == ["Treaty/agreement"]
    cooc = cooccurrence_figure(events_frame(), selected=[TREATY])
    for trace in cooc.data:
        holding = [index for index, key in enumerate(trace.customdata)
                   if TREATY in cell_events(events_frame(), [tuple(key)])]
        assert list(trace.selectedpoints) == holding and holding  # Putin's, Lukashenko's and their shared cell
    assert len(cooc.data[0].selectedpoints) == 2 and len(cooc.data[1].selectedpoints) == 2


def test_chart_selection_reads_event_ids_and_keys() -> None:
    state = {"selection": {"points": [{"customdata": [ELECTION, "Belarus"]}, {"customdata": [TREATY, "lane"]},
                                      {"customdata": ["unknown", "lane"]}, {"customdata": 3},
                                      {"customdata": [ELECTION, "Russia"]}]}}
    assert selection.chart_selection_ids(state) == [ELECTION, TREATY, "unknown"]
    assert selection.chart_selection_ids(state, known=[ELECTION, PROTEST, TREATY]) == [ELECTION, TREATY]
    bars = {"selection": {"points": [{"customdata": ["protest", "2020-08-01", "month"]},
                                     {"customdata": {"0": "strike", "1": "2020-08-01", "2": "month"}},
                                     {"customdata": ["protest", "2020-08-01", "month"]}, {"customdata": None}]}}
    assert selection.chart_selection_keys(bars) == [("protest", "2020-08-01", "month"),
                                                    ("strike", "2020-08-01", "month")]
