"""The chronology: a timeline to print. Each event is a mark with its short title beside it, on rows chosen so no two
labels collide, and a date axis fitted to where the events are: a long empty stretch between them (a look back to
1991 in a story of 2020-2024) is folded out of the axis and marked, so the story is not squeezed into a sliver.

A pure function from events to a Plotly figure, as the other builders (dashboard/figures.py). Marks are scatter
traces only: Plotly folds a date axis (`rangebreaks`) correctly for points and lines, not for bars. Colours are the
fixed event-type colours; the mark says how sure the date is (filled: exact, faded: vague, hollow: inferred), and
the hover holds the rest (sentence, source, date as written).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.figures import (
    AXIS_PX,
    CHART_FONT,
    NEUTRAL,
    Mark,
    _empty_figure,
    _mark,
    _rgba,
    _subtitle,
    chart_title,
    english_or,
    escape_text,
    hover_text,
    legend_height_px,
    legend_under_title,
    subtitle_lines,
    title_block_px,
    title_lines,
    type_group,
    type_label,
)
from dashboard.palette import type_colour

EXPORT_PLOT_PX = 1500  # the plot's width in an export (1,600 px less margins): what labels are laid out for
LABEL_FONT_PX = 12
LABEL_CHAR_PX = 6.6  # an average character at LABEL_FONT_PX
LABEL_CHARS = 42  # a short title at most; the hover has it whole
LABEL_GAP_PX = 18  # between a label's end and the next mark on its row
ROW_PX = 24
MAX_ROWS = 40  # beyond, marks share rows without labels (the hover still names them)
# A stretch without events is folded when it is longer than this share of the whole span and than MIN_FOLD_DAYS.
FOLD_SHARE = 0.25
MIN_FOLD_DAYS = 365
FOLD_MARGIN_SHARE = 0.04
# The story's core: the shortest window with this share of the events, when it is at most CORE_MOST of the span.
CORE_SHARE = 0.85
CORE_MOST = 1 / 3
OUTLIER_LINE_PX = 17  # of the shown span: room kept on each side of a fold, so marks do not touch it
ONE_DAY = pd.Timedelta(days=1)


@dataclass
class _Placed:
    row: dict
    start: pd.Timestamp
    stop: pd.Timestamp  # exclusive; start + 1 day for a single day
    label: str
    y: int = 0
    labelled: bool = True


def folds(spans: Iterable[tuple[pd.Timestamp, pd.Timestamp]], *, share: float = FOLD_SHARE,
          min_days: int = MIN_FOLD_DAYS) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The empty stretches of time to fold out of the axis, each as (start, end) with a margin kept on both sides.

    A gap between the events' spans is folded when it is longer than `min_days` and than `share` of the time
    still shown: the longest first, then again with what is left, so a story of three weeks with one look back to
    1953 and one aside from 2009 is shown as its three weeks and the two outliers apart."""
    ordered = sorted(spans)
    if not ordered:
        return []
    gaps: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    reach = ordered[0][1]
    for start, stop in ordered[1:]:
        if start > reach:
            gaps.append((reach, start))
        reach = max(reach, stop)
    total = reach - ordered[0][0]
    chosen: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    for begin, end in sorted(gaps, key=lambda gap: gap[0] - gap[1]):  # the longest first
        shown = total - sum((e - b for b, e in chosen), pd.Timedelta(0))
        if end - begin > pd.Timedelta(days=min_days) and end - begin > (shown - (end - begin)) * share:
            chosen.append((begin, end))
    if not chosen:
        return []
    shown = total - sum((end - begin for begin, end in chosen), pd.Timedelta(0))
    margin = max(shown * FOLD_MARGIN_SHARE, pd.Timedelta(days=30))
    return sorted((begin + margin, end - margin) for begin, end in chosen if end - begin > 3 * margin)


def main_window(spans: Sequence[tuple[pd.Timestamp, pd.Timestamp]], *, share: float = CORE_SHARE,
                most: float = CORE_MOST) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The stretch of time the story happens in, when a few events lie far from it: the shortest window holding
    `share` of the events' starts, if it is at most `most` of the whole span (else None: the events spread over
    their span, and all of it is shown). Events outside are shown apart, not on the axis."""
    starts = sorted(start for start, _ in spans)
    count = len(starts)
    keep = max(int(count * share + 0.999), 2)
    if count < 4 or keep >= count:
        return None
    total = max(stop for _, stop in spans) - starts[0]
    best = min(range(count - keep + 1), key=lambda index: starts[index + keep - 1] - starts[index])
    first, last = starts[best], starts[best + keep - 1]
    # Events starting within the window's reach on either side belong to it as well.
    inside = [(start, stop) for start, stop in spans if first <= start <= last]
    stop = max(stop for _, stop in inside)
    if (stop - first) > total * most:
        return None
    return first, stop


def _screen_x(day: pd.Timestamp, first: pd.Timestamp, visible: pd.Timedelta,
              folded: Sequence[tuple[pd.Timestamp, pd.Timestamp]], plot_px: float) -> float:
    removed = sum((min(day, end) - begin for begin, end in folded if day > begin), pd.Timedelta(0))
    return (day - first - removed) / visible * plot_px


def short_title(row: dict, t: i18n.Translator) -> str:
    title = str(row.get("title") or "") or type_label(str(row.get("event_type") or ""), t)
    return textwrap.shorten(" ".join(title.split()), LABEL_CHARS, placeholder="…")


def chronology_figure(
    events: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    selected: Iterable[str] = (),
    empty_message: str | None = None,
    translator: i18n.Translator | None = None,
    plot_px: float = EXPORT_PLOT_PX,
) -> go.Figure:
    """Dated events as a labelled chronology (see the module's docstring). `plot_px` is the plot's width the labels
    are laid out for (an export's); on a narrower screen, zoom in to give them room."""
    t = english_or(translator)
    title = title or t("chart.title_chronology")
    dated = events[events["start"].notna()]
    unresolved = len(events) - len(dated)
    if dated.empty:
        return _empty_figure(title, t("chart.none_placeable", count=unresolved) if unresolved else
                             (empty_message or t("chart.nothing_to_show")))
    placed = []
    for row in dated.sort_values(["start", "end"], kind="stable").to_dict("records"):
        start = row["start"]
        end = row["end"] if pd.notna(row["end"]) and not row["open_end"] else start
        placed.append(_Placed(row, start, max(end, start) + ONE_DAY, short_title(row, t)))
    core = main_window([(item.start, item.stop) for item in placed])
    apart: list[_Placed] = []
    if core is not None:
        apart = [item for item in placed if not core[0] <= item.start <= core[1]]
        placed = [item for item in placed if core[0] <= item.start <= core[1]]
    folded = folds((item.start, item.stop) for item in placed)
    first = min(item.start for item in placed)
    last = max(item.stop for item in placed) if core is None else core[1] + ONE_DAY
    visible = (last - first) - sum((end - begin for begin, end in folded), pd.Timedelta(0))
    visible = max(visible, pd.Timedelta(days=1))
    # The last labels run past the last mark: widen the axis until they fit inside the plot.
    for _ in range(3):
        widest = _assign_rows(placed, first, visible, folded, plot_px)
        if widest <= plot_px:
            break
        extra = visible * (widest / plot_px - 1)
        last += extra
        visible += extra

    chosen = set(selected)
    traces: list[go.BaseTraceType] = []
    kinds = list(dict.fromkeys(item.row["event_type"] for item in placed))
    for kind in kinds:
        colour = type_colour(kind)
        name = escape_text(type_label(kind, t))
        of_kind = [item for item in placed if item.row["event_type"] == kind]
        spans = [item for item in of_kind if item.stop - item.start > ONE_DAY]
        if spans:
            xs: list[object] = []
            ys: list[object] = []
            for item in spans:
                xs += [item.start, item.stop - ONE_DAY, None]
                ys += [item.y, item.y, None]
            traces.append(go.Scatter(x=xs, y=ys, mode="lines", line={"color": _rgba(colour, 0.55), "width": 7},
                                     hoverinfo="skip", showlegend=False, legendgroup=type_group(kind), name=name))
            traces.append(go.Scatter(
                x=[item.stop - ONE_DAY for item in spans], y=[item.y for item in spans], mode="text",
                text=[escape_text(item.label) if item.labelled else "" for item in spans],
                textposition="middle right", textfont={"size": LABEL_FONT_PX, "color": "#1f2937"},
                hoverinfo="skip", showlegend=False, legendgroup=type_group(kind), name=name, cliponaxis=False))
        for mark in Mark:
            items = [item for item in of_kind if _mark(bool(item.row["date_vague"]),
                                                       bool(item.row["date_inferred"])) is mark]
            if not items:
                continue
            traces.append(go.Scatter(
                x=[item.start for item in items], y=[item.y for item in items], mode="markers+text",
                marker=_marker(colour, mark), name=name, legendgroup=type_group(kind), showlegend=False,
                text=[escape_text(item.label) if item.labelled and item.stop - item.start <= ONE_DAY else ""
                      for item in items],
                textposition="middle right", textfont={"size": LABEL_FONT_PX, "color": "#1f2937"},
                hovertext=[hover_text(item.row, t) for item in items], hovertemplate="%{hovertext}<extra></extra>",
                customdata=[[item.row["event_id"], ""] for item in items], cliponaxis=False,
                selectedpoints=[index for index, item in enumerate(items) if item.row["event_id"] in chosen]
                if chosen else None,
            ))
    for kind in kinds:
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=escape_text(type_label(kind, t)),
                                 legendgroup=type_group(kind), marker=_marker(type_colour(kind), Mark.EXACT),
                                 showlegend=True, hoverinfo="skip"))
    figure = go.Figure(traces)
    rows = max(item.y for item in placed) + 1
    subtitle_text = subtitle_lines([subtitle]) if subtitle else _subtitle(events, dated, unresolved, t)
    title_text = title_lines(title)
    top_px = title_block_px(subtitle_text, title_text)
    legend_px = legend_height_px([trace.name for trace in traces if trace.showlegend])
    apart_lines = _apart_lines(apart, t)
    below_px = (18 if folded else 0) + OUTLIER_LINE_PX * len(apart_lines) + (8 if apart_lines else 0)
    height = int(top_px + legend_px + rows * ROW_PX + 30 + AXIS_PX + below_px)
    margin = max(visible * 0.01, pd.Timedelta(days=1))
    figure.update_layout(
        title=chart_title(title_text, subtitle_text), template="plotly_white", height=height, font=CHART_FONT,
        margin={"l": 20, "r": 20, "t": top_px, "b": AXIS_PX + below_px}, hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 13}},
        legend=legend_under_title(t("chart.legend_types"), height, top_px, tracegroupgap=0,
                                  groupclick="togglegroup"),
        # autorange=False: the range is fitted to the events and their labels; exports keep it.
        xaxis={"type": "date", "range": [first - margin, last + margin], "autorange": False, "showgrid": True,
               "gridcolor": "rgba(15,23,42,0.08)", "ticks": "outside", "title": None,
               "rangebreaks": [{"bounds": [begin, end]} for begin, end in folded]},
        yaxis={"visible": False, "range": [rows - 0.4, -0.8], "fixedrange": True},
        dragmode="zoom", shapes=[_fold_line(end) for _, end in folded],
        annotations=[*(_fold_note(begin, end, t) for begin, end in folded),
                     *([_apart_note(apart_lines, AXIS_PX + (18 if folded else 0))] if apart_lines else [])],
    )
    return figure


def _apart_lines(apart: Sequence[_Placed], t: i18n.Translator) -> list[str]:
    """The events outside the story's core, each as "1953 · USA, Iran: Election", under a heading."""
    if not apart:
        return []
    entries = [f"{_shown_date(item)} · {item.label}" for item in apart]
    lines = textwrap.wrap("   |   ".join(entries), 150, break_long_words=False) if entries else []
    return [t("chart.outside_axis", count=len(apart)), *lines]


def _shown_date(item: _Placed) -> str:
    precision = str(item.row.get("precision") or "")
    if precision in ("year", "decade", "century"):
        return str(item.start.year)
    if precision in ("month", "quarter", "half", "season"):
        return item.start.strftime("%Y-%m")
    return item.start.strftime("%Y-%m-%d")


def _apart_note(lines: Sequence[str], offset_px: int) -> dict[str, object]:
    return {"x": 0, "xref": "paper", "y": 0, "yref": "paper", "yshift": -offset_px - 6, "yanchor": "top",
            "xanchor": "left", "align": "left", "showarrow": False, "font": {"size": 11, "color": "#374151"},
            "text": "<br>".join(escape_text(line) for line in lines)}


def _assign_rows(placed: list[_Placed], first: pd.Timestamp, visible: pd.Timedelta,
                 folded: Sequence[tuple[pd.Timestamp, pd.Timestamp]], plot_px: float) -> float:
    """First fit: each event (in date order) goes on the first row where its mark and label start after the end of
    the last label there; past MAX_ROWS, on the row that frees up first, without a label. Returns where the
    rightmost label ends, in pixels from the plot's left edge."""
    row_ends: list[float] = []
    for item in placed:
        left = _screen_x(item.start, first, visible, folded, plot_px) - 8
        # The label follows the mark, or the span's end: a span's bar is never written over.
        right = (max(_screen_x(item.stop, first, visible, folded, plot_px), left + 8) + 14
                 + len(item.label) * LABEL_CHAR_PX + LABEL_GAP_PX)
        for index, end in enumerate(row_ends):
            if left >= end:
                item.y, row_ends[index] = index, right
                break
        else:
            if len(row_ends) < MAX_ROWS:
                item.y = len(row_ends)
                row_ends.append(right)
            else:
                index = min(range(len(row_ends)), key=row_ends.__getitem__)
                item.y, item.labelled = index, False
                row_ends[index] = max(row_ends[index], left + 14)
    return max(row_ends, default=0.0) - LABEL_GAP_PX


def _marker(colour: str, mark: Mark) -> dict[str, object]:
    if mark is Mark.EXACT:
        return {"symbol": "circle", "size": 11, "color": colour, "line": {"color": "white", "width": 1.5}}
    if mark is Mark.VAGUE:
        return {"symbol": "circle", "size": 11, "color": _rgba(colour, 0.35), "line": {"color": colour, "width": 2}}
    return {"symbol": "circle-open", "size": 11, "color": colour, "line": {"color": colour, "width": 2.2}}


def _fold_line(at: pd.Timestamp) -> dict[str, object]:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": at, "x1": at, "y0": 0, "y1": 1,
            "line": {"color": NEUTRAL, "width": 1.5, "dash": "dot"}}


def _fold_note(begin: pd.Timestamp, end: pd.Timestamp, t: i18n.Translator) -> dict[str, object]:
    years = (end - begin).days / 365.25
    text = t("chart.folded_years", years=str(round(years))) if years >= 2 else t("chart.folded_months",
                                                                                  months=str(round(years * 12)))
    return {"x": end, "xref": "x", "y": 0, "yref": "paper", "yshift": -AXIS_PX + 8, "showarrow": False,
            "text": escape_text(text), "font": {"size": 11, "color": NEUTRAL}, "xanchor": "center"}
