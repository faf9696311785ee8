"""The chronology to print (dashboard/chronology.py): labels that never collide, an axis fitted to the story."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
from dashboard_fixtures import events_frame

from dashboard.chronology import LABEL_CHAR_PX, chronology_figure, folds, main_window
from dashboard.figures import timeline_figure

T = pd.Timestamp


def test_a_long_empty_stretch_is_folded_with_a_margin_and_short_gaps_are_not() -> None:
    spans = [(T("1991-01-01"), T("1992-01-01")), (T("2020-08-01"), T("2020-09-01")),
             (T("2022-02-01"), T("2022-03-01")), (T("2024-12-06"), T("2024-12-07"))]
    found = folds(spans)
    # Each gap of more than a year that is long beside what is still shown goes, with a margin on each side.
    assert len(found) == 3
    begin, end = found[0]
    assert T("1992-01-01") < begin < end < T("2020-08-01")
    assert all(start < begin and end < stop for (_, start), (begin, end), (stop, _) in
               zip(spans, found, spans[1:], strict=False))
    assert folds([(T("2020-01-01"), T("2020-02-01")), (T("2020-03-01"), T("2020-04-01"))]) == []


def test_the_story_core_leaves_far_outliers_apart() -> None:
    days = [(T("2011-02-15") + pd.Timedelta(days=n), T("2011-02-16") + pd.Timedelta(days=n)) for n in range(20)]
    outliers = [(T("1953-01-01"), T("1954-01-01")), (T("2013-01-01"), T("2013-02-01"))]
    core = main_window(days + outliers)
    assert core is not None and core[0] == T("2011-02-15") and core[1] <= T("2011-03-08")
    assert main_window([(T(f"{year}-01-01"), T(f"{year}-02-01")) for year in range(1939, 1946)]) is None


def test_every_dated_event_is_drawn_and_labels_on_a_row_do_not_overlap() -> None:
    events = events_frame()
    figure = chronology_figure(events, plot_px=1500)
    drawn = {point[0] for trace in figure.data if trace.customdata is not None for point in trace.customdata}
    outside = figure.layout.annotations[-1].text if figure.layout.annotations else ""
    for event_id, start in zip(events["event_id"], events["start"], strict=True):
        assert pd.isna(start) or event_id in drawn or str(start.year) in outside
    assert figure.layout.xaxis.autorange is False  # exports keep the fitted axis
    # Labels on one row, in screen order, end before the next mark begins (estimated as the layout does).
    start, end = (pd.Timestamp(value) for value in figure.layout.xaxis.range)
    px_per_ms = 1500 / ((end - start) / pd.Timedelta(milliseconds=1))
    rows: dict[float, list[tuple[float, str]]] = {}
    for trace in figure.data:
        if trace.text is None or trace.mode not in ("markers+text", "text"):
            continue
        for x, y, label in zip(trace.x, trace.y, trace.text, strict=True):
            if label:
                rows.setdefault(y, []).append(((pd.Timestamp(x) - start) / pd.Timedelta(milliseconds=1) * px_per_ms,
                                               label))
    for placed in rows.values():
        placed.sort()
        for (x, label), (next_x, _) in pairwise(placed):
            assert x + len(label) * LABEL_CHAR_PX <= next_x


def test_the_timeline_draws_the_chronology_when_asked_with_the_editor_s_title() -> None:
    figure = timeline_figure(events_frame(), lanes="chronology", title="Belarus <2020>")
    assert figure.layout.title.text == "Belarus &lt;2020&gt;"
    assert any(trace.mode == "markers+text" for trace in figure.data)
