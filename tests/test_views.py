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
from dashboard.figures import event_type_colours
from dashboard.views import choose_period, cooccurrence, cooccurrence_figure, counts_over_time_figure


def bar_ids(figure: go.Figure) -> list[str]:
    return [event_id for trace in figure.data for cell in trace.customdata for event_id in cell[0]]


def test_counts_add_up_and_every_dated_event_is_in_one_bar() -> None:
    events = events_frame()
    figure = counts_over_time_figure(events)
    total = sum(sum(trace.y) for trace in figure.data)
    assert total == events["start"].notna().sum() == 8
    ids = bar_ids(figure)
    assert sorted(ids) == sorted(events.loc[events["start"].notna(), "event_id"])
    assert UNRESOLVED not in ids
    for trace in figure.data:  # a segment's height is the number of ids it carries
        assert list(trace.y) == [len(cell[0]) for cell in trace.customdata]
    assert "1 without a date not counted" in figure.layout.title.subtitle.text
    assert figure.layout.barmode == "stack"


def test_colours_are_the_timelines() -> None:
    events = events_frame()
    colours = event_type_colours(["strike", "protest", "election"])
    figure = counts_over_time_figure(events, colours=colours)
    by_name = {trace.name: trace.marker.color for trace in figure.data}
    assert by_name["strike"] == colours["strike"] and by_name["protest"] == colours["protest"]


def test_period_choice() -> None:
    events = events_frame()
    assert choose_period(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-20")).name == "day"
    assert choose_period(pd.Timestamp("2020-01-01"), pd.Timestamp("2023-01-01")).name == "month"
    assert choose_period(pd.Timestamp("1991-01-01"), pd.Timestamp("2024-12-14")).name == "year"
    monthly = counts_over_time_figure(events[events["start"] >= "2020-01-01"], period="month")
    august = [cell[0] for trace in monthly.data for x, cell in zip(trace.x, trace.customdata, strict=True)
              if pd.Timestamp(x).strftime("%Y-%m") == "2020-08"]
    assert sorted(id_ for ids in august for id_ in ids) == sorted([ELECTION, PROTEST, STRIKE])
    yearly = counts_over_time_figure(events, period="year")
    in_2020 = [cell[0] for trace in yearly.data for x, cell in zip(trace.x, trace.customdata, strict=True)
               if pd.Timestamp(x).year == 2020]
    assert sorted(id_ for ids in in_2020 for id_ in ids) == sorted([ELECTION, PROTEST, STRIKE, ARRESTS])
    assert "yearly" in yearly.layout.title.subtitle.text
    with pytest.raises(ValueError, match="unknown period"):
        counts_over_time_figure(events, period="fortnight")


def test_counts_by_precision() -> None:
    figure = counts_over_time_figure(events_frame(), by="precision")
    assert {trace.name for trace in figure.data} == {"year", "month", "day", "approximate"}
    assert "Date precision" in figure.layout.legend.title.text


def test_cooccurrence_is_symmetric_and_counts_right() -> None:
    order, cells = cooccurrence(events_frame())
    assert order[0] == "Belarus"  # 7 events (the undated one too: the table lists it)
    position = {actor: index for index, actor in enumerate(order)}
    assert len(cells[(position["Belarus"], position["Belarus"])]) == 7
    assert sorted(cells[(position["Alexander Lukashenko"], position["Alexander Lukashenko"])]) == sorted(
        [PROTEST, TREATY])
    for (a, b), ids in cells.items():
        assert sorted(cells[(b, a)]) == sorted(ids)
    assert cells[(position["Belarus"], position["Alexander Lukashenko"])] == [PROTEST]
    assert cells[(position["Vladimir Putin"], position["Alexander Lukashenko"])] == [TREATY]
    assert cells[(position["Russia"], position["Ukraine"])] == [MILITARY]
    assert cells[(position["Belarus"], position["Soviet Union"])] == [INDEPENDENCE]
    assert (position["Belarus"], position["Vladimir Putin"]) not in cells
    assert all(INTERVIEW not in ids for ids in cells.values())  # no actors, no cell


def test_cooccurrence_figure_cells_carry_event_ids_and_top_limits() -> None:
    figure = cooccurrence_figure(events_frame(), top=3)
    diagonal, shared = figure.data
    assert len(diagonal.x) == 3 and list(figure.layout.xaxis.ticktext) == list(figure.layout.yaxis.ticktext)
    for trace in figure.data:
        assert [str(len(cell[0])) for cell in trace.customdata] == list(trace.text)
    points = [{"customdata": list(shared.customdata[0])}]
    assert selection.chart_selection_ids({"selection": {"points": points}}) == list(shared.customdata[0][0])


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
    assert highlighted == ["treaty"]
    cooc = cooccurrence_figure(events_frame(), selected=[TREATY])
    assert all(TREATY in cooc.data[1].customdata[i][0] for i in cooc.data[1].selectedpoints)


def test_chart_selection_reads_id_lists_and_single_ids() -> None:
    state = {"selection": {"points": [{"customdata": [[ELECTION, PROTEST]]}, {"customdata": [TREATY, "lane"]},
                                      {"customdata": [[PROTEST, "unknown"]]}]}}
    assert selection.chart_selection_ids(state) == [ELECTION, PROTEST, TREATY, "unknown"]
    assert selection.chart_selection_ids(state, known=[ELECTION, PROTEST, TREATY]) == [ELECTION, PROTEST, TREATY]
