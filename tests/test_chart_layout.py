"""The charts' layout at any window width, checked on the Plotly figures (no Streamlit, no browser).

Plotly cannot know how wide the page will draw a chart, so nothing may depend on it: legends and colour bars lie
across the top, over the plot's full width, where they wrap instead of taking width from the plot; actors' lane
labels are cut to a bounded length (named in full on hover) and the axis makes room for them; long titles and
subtitles wrap, and whatever lies under them moves down. tests/e2e/test_layout_in_browser.py looks at the drawn
page at 800 px.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import pytest
from dashboard_fixtures import events_frame

from dashboard import i18n
from dashboard.counts import counts_figure
from dashboard.figures import (
    LANE_LABEL_CHARS,
    ROW_HEIGHT_PX,
    SUBTITLE_CHARS,
    TITLE_BLOCK_PX,
    TITLE_CHARS,
    subtitle_lines,
    timeline_figure,
    title_block_px,
    title_lines,
)
from dashboard.views import cooccurrence_figure, counts_over_time_figure
from events.schema import conform

LONG_NAMES = ["Organization for Security and Co-operation in Europe",
              "Organization for Security and Co-operation in Asia"]


def shown_legends(figure: go.Figure) -> list[go.layout.Legend]:
    """The figure's legends that have entries: legend, legend2, ..."""
    used = {trace.legend or "legend" for trace in figure.data if trace.showlegend is not False}
    return [legend for legend in figure.select_legends() if (legend.plotly_name or "legend") in used]


def px_from_top(figure: go.Figure, item: go.layout.Legend | go.heatmap.ColorBar) -> float:
    """How far below the figure's top an item placed in the figure's own coordinates begins."""
    assert item.yref == "container"
    return (1 - item.y) * figure.layout.height


def assert_across_the_top(figure: go.Figure, item: go.layout.Legend | go.heatmap.ColorBar) -> None:
    """Lying across, from the plot's left edge (so it wraps within the plot's width and takes none of it), and
    above the plot: under the title block, or right on top of the plot."""
    assert item.orientation == "h"
    assert (item.xref, item.x, item.xanchor) == ("paper", 0, "left")
    if item.yref == "container":
        assert item.yanchor == "top" and px_from_top(figure, item) >= TITLE_BLOCK_PX
    else:
        assert (item.yref, item.y, item.yanchor) == ("paper", 1, "bottom")


def events_named(actors_per_event: list[list[str]], unresolved: int = 0) -> pd.DataFrame:
    rows = [{"event_id": f"doc:s{index}", "doc_id": "doc", "start": f"2020-0{index % 9 + 1}-01",
             "end": f"2020-0{index % 9 + 1}-01", "precision": "day", "event_type": "statement",
             "sentence": f"Sentence {index}.", "actors": actors}
            for index, actors in enumerate(actors_per_event)]
    rows += [{"event_id": f"doc:u{index}", "doc_id": "doc", "start": None, "end": None, "precision": "",
              "event_type": "statement", "sentence": "Undated.", "actors": ["Belarus"], "date_resolved": False}
             for index in range(unresolved)]
    return conform(pd.DataFrame(rows))


# --- legends and colour bars -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lanes", ["actor", "event_type", "single"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_timelines_legends_lie_above_the_plot_and_leave_it_the_full_width(lanes: str, language: str) -> None:
    figure = timeline_figure(events_frame(), lanes=lanes, translator=i18n.translator(language))
    types, marks = shown_legends(figure)
    for legend in (types, marks):
        assert_across_the_top(figure, legend)
    # The event types under the title, the marks right over the plot: one above the other, never side by side.
    assert types.yref == "container" and marks.yref == "paper"
    assert types.title.text == i18n.translator(language)("chart.legend_types")
    assert marks.title.text == i18n.translator(language)("chart.legend_marks")
    assert types.title.side == marks.title.side == "top"  # a title beside the entries would take a row's width


def test_the_marks_legend_explains_and_does_not_toggle() -> None:
    marks = shown_legends(timeline_figure(events_frame()))[1]
    assert marks.itemclick is False and marks.itemdoubleclick is False


def test_a_click_on_an_event_type_in_the_legend_hides_all_its_marks() -> None:
    figure = timeline_figure(events_frame())
    entries = {trace.legendgroup: trace.name for trace in figure.data if trace.showlegend and trace.legend is None}
    assert len(entries) == len(set(entries.values())) >= 5  # one group per type
    for trace in figure.data:
        if trace.customdata is not None:  # an event's bar, dot or open end
            assert entries[trace.legendgroup] == trace.name


def test_more_event_types_make_the_figure_taller_and_leave_the_lanes_their_height() -> None:
    two_types = events_named([["Belarus"]] * 10)
    two_types["event_type"] = ["protest", "treaty"] * 5
    ten_types = two_types.assign(event_type=["protest", "treaty", "election", "military", "strike", "ban",
                                             "arrests", "statement", "meeting", "independence"])
    few, many = timeline_figure(two_types), timeline_figure(ten_types)
    assert many.layout.height > few.layout.height  # the legend's extra rows
    assert many.layout.yaxis.range == few.layout.yaxis.range  # the same lanes in the same room


@pytest.mark.parametrize("by", ["event_type", "precision"])
def test_the_counts_views_legend_lies_above_the_bars(by: str) -> None:
    figure = counts_over_time_figure(events_frame(), by=by, translator=i18n.translator("de"))
    (legend,) = shown_legends(figure)
    assert_across_the_top(figure, legend)
    assert legend.traceorder == "grouped"  # not reversed as for a stack: the busiest first, as on the timeline
    names = [trace.name for trace in figure.data]
    assert len({trace.legendgroup for trace in figure.data}) == len(names)  # one entry per group: they flow


def test_colour_bars_lie_across_the_top_too() -> None:
    heat = counts_figure(events_frame(), lanes="actor", title="T", max_lanes=40, detail_limit=1500)
    cooccurrence = cooccurrence_figure(events_frame())
    for figure, bar in ((heat, heat.data[0].colorbar), (cooccurrence, cooccurrence.data[1].marker.colorbar)):
        assert_across_the_top(figure, bar)
        assert bar.title.side == "bottom" and bar.title.text


# --- lane labels ------------------------------------------------------------------------------------------------


def test_a_long_actor_name_is_cut_on_its_lane_and_named_in_full_on_hover() -> None:
    figure = timeline_figure(events_named([[LONG_NAMES[0]], [LONG_NAMES[1]], ["Sviatlana Tsikhanouskaya"]]))
    labels = [html.unescape(label) for label in figure.layout.yaxis.ticktext]
    assert "Sviatlana Tsikhanouskaya" in labels  # a person's name stays whole
    cut = [label for label in labels if label.startswith("Organization")]
    assert len(cut) == len(set(cut)) == 2  # told apart, though they start alike
    assert all(len(label) <= LANE_LABEL_CHARS and "…" in label for label in cut)
    assert figure.layout.yaxis.automargin is True  # the axis makes room for its labels: none is clipped
    hovers = [hover for trace in figure.data for hover in (trace.hovertext or ())]
    for name in LONG_NAMES:
        assert any(name in html.unescape(hover) for hover in hovers)


def test_the_heat_strip_cuts_long_actor_names_and_names_them_in_full_on_hover() -> None:
    events = events_named([[LONG_NAMES[0]], [LONG_NAMES[1]]])
    figure = counts_figure(events, lanes="actor", title="T", max_lanes=40, detail_limit=1500)
    assert all(len(html.unescape(label)) <= LANE_LABEL_CHARS for label in figure.layout.yaxis.ticktext)
    hovers = [html.unescape(cell) for row in figure.data[0].text for cell in row if cell]
    assert all(any(name in hover for hover in hovers) for name in LONG_NAMES)


def test_event_type_lanes_keep_their_whole_names() -> None:
    german = timeline_figure(events_frame(), lanes="event_type", translator=i18n.translator("de"))
    assert "Staatsgründung/Unabhängigkeit" in german.layout.yaxis.ticktext


# --- titles and subtitles ---------------------------------------------------------------------------------------


def test_subtitles_wrap_between_their_parts_and_keep_every_part() -> None:
    parts = ["10 events", "1 document", "1991–2024", "3 without a resolvable date not shown", "<b>x</b>"]
    lines = subtitle_lines(parts, width=40).split("<br>")
    assert len(lines) > 1 and all(len(html.unescape(line)) <= 40 for line in lines)
    assert html.unescape("  ·  ".join(lines)).split("  ·  ") == parts  # no part lost or split
    assert "&lt;b&gt;" in lines[-1]  # escaped
    long_part = "a sentence far longer than one line may be, which has to be wrapped between its words"
    assert all(len(line) <= 40 for line in subtitle_lines([long_part], width=40).split("<br>"))


def test_a_long_title_wraps_and_the_title_block_grows_with_its_lines() -> None:
    title = title_lines("Actor co-occurrence: events two actors share, in many words")
    assert title.count("<br>") == 1 and all(len(line) <= TITLE_CHARS for line in title.split("<br>"))
    assert title_block_px("one line", title) > title_block_px("one line") == TITLE_BLOCK_PX
    assert title_block_px("two<br>lines") > TITLE_BLOCK_PX


def test_a_subtitle_of_two_lines_moves_the_legends_down_and_the_figure_grows() -> None:
    short = timeline_figure(events_named([["Belarus"]]))
    long = timeline_figure(events_named([["Belarus"]], unresolved=3), translator=i18n.translator("de"))
    assert "<br>" not in short.layout.title.subtitle.text
    assert long.layout.title.subtitle.text.count("<br>") == 1
    assert all(len(html.unescape(line)) <= SUBTITLE_CHARS for line in long.layout.title.subtitle.text.split("<br>"))
    types_short, types_long = shown_legends(short)[0], shown_legends(long)[0]
    assert px_from_top(long, types_long) > px_from_top(short, types_short)
    assert long.layout.margin.t > short.layout.margin.t
    assert long.layout.height - short.layout.height >= px_from_top(long, types_long) - px_from_top(short, types_short)


def test_one_lane_still_gets_a_plot_of_some_height() -> None:
    figure = timeline_figure(events_named([["Belarus"]]))
    low, high = figure.layout.yaxis.range[1], figure.layout.yaxis.range[0]
    assert (high - low) * ROW_HEIGHT_PX >= 100  # blank rows below the lane rather than a sliver
