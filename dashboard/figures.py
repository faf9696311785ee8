"""The timeline figure: a pure function from an events dataframe to a Plotly figure, with no Streamlit in it.

Layout: time runs along x; each lane (an actor or an event type) is a horizontal band, and events that would
overlap inside a band are stacked on sub-rows so none hides another. Colour says the event type; the mark says
how sure the date is: solid = exact, faded and hatched = vague (an estimate), hollow = inferred from the
surrounding passage. Intervals are bars over the days they may cover, single days are dots, and an open end
fades out towards an arrow.
"""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.filters import Lanes
from dashboard.palette import event_type_colours

NEUTRAL = "#6b7280"
# Placeholder lanes, by these names inside the builders; shown in the reader's language (`lane_label`).
NO_ACTOR_LANE = "(no actor)"
NO_TYPE_LANE = "(no type)"
NO_TYPE_LABEL = "untyped"
SINGLE_LANE = "All events"
_PLACEHOLDER_KEYS = {NO_ACTOR_LANE: "chart.lane_no_actor", NO_TYPE_LANE: "chart.lane_no_type",
                     SINGLE_LANE: "chart.lane_single"}

ROW_HEIGHT_PX = 30
TITLE_BLOCK_PX = 76  # title and a subtitle line from the figure's top; a legend under them starts here
SUBTITLE_LINE_PX = 18  # each further subtitle line
TITLE_LINE_PX = 26  # each further title line
TITLE_CHARS = 44  # a title line at most (at 20 px), so a long title fits the narrowest chart
SUBTITLE_CHARS = 64  # a subtitle line at most, so it fits the narrowest chart (Plotly neither wraps nor shrinks it)
SUBTITLE_SEPARATOR = "  ·  "
AXIS_PX = 50  # bottom margin: the date axis
MIN_PLOT_PX = 120  # the timeline's plot area at the least, so one lane is not a sliver
# Legends lie across the top, over the plot's full width, so they take no width from it at any window size.
# Plotly wraps them to the width it has, which the figure cannot know (the page decides it); their height is
# estimated for a plot about this wide (the app's chart beside the sidebar on a small laptop). Wider, the lanes
# get a little taller; narrower, a little flatter. The estimate: a character's and an entry's (swatch, gaps) width.
LEGEND_BUDGET_WIDTH_PX = 520
LEGEND_CHAR_PX = 6.5
LEGEND_ENTRY_PX = 46
LEGEND_ROW_PX = 20
LEGEND_TITLE_PX = 22
LEGEND_PAD_PX = 12
COLOURBAR_LENGTH_PX = 220
COLOURBAR_PX = 70  # a colour bar's band under the title: the bar, its tick labels and its title
LANE_LABEL_CHARS = 26  # longer actor lane labels are cut ("Organization for Security a…"); hovers name them whole
BAR_THICKNESS = 0.62  # share of a sub-row a bar fills, in y units
MAX_ROWS_PER_LANE = 6
LANE_GAP = 0.5  # extra space between lanes, in sub-rows
SENTENCE_WRAP = 80
SENTENCE_MAX_CHARS = 600
# Above this many dated events the chart shows counts per lane and period (dashboard/counts.py) instead of one
# mark per event: a mark carries its sentence as hover text, so 1,500 of them are already about 1.5 MB to send.
DETAIL_MAX_EVENTS = 1500
ONE_DAY = pd.Timedelta(days=1)
# The stretch of time a date axis shows: start and exclusive end, None for "as far as the data goes".
DateWindow = tuple[pd.Timestamp | None, pd.Timestamp | None]
HALF_DAY = pd.Timedelta(hours=12)


class Mark(Enum):
    """How sure the date is; each value is drawn differently (and named in the legend by `chart.mark_<value>`)."""

    EXACT = "exact"
    VAGUE = "vague"
    INFERRED = "inferred"
    VAGUE_INFERRED = "vague_inferred"


def english_or(translator: i18n.Translator | None) -> i18n.Translator:
    """The builders' default language: English, so callers that do not care need not pass one."""
    return translator or i18n.translator()


def lane_label(lane: str, t: i18n.Translator, lanes: Lanes = "actor") -> str:
    """A lane's label in the reader's language: the actor's name ("Russland"), the event type, a placeholder."""
    if lane in _PLACEHOLDER_KEYS:
        return t(_PLACEHOLDER_KEYS[lane])
    return type_label(lane, t) if lanes == "event_type" else actor_label(lane, t)


def actor_label(actor: str, t: i18n.Translator) -> str:
    """An actor's name in the reader's language ("Russia" -> "Russland"); the data keeps the canonical name."""
    return t.label(i18n.ACTOR, actor)


def type_label(event_type: str, t: i18n.Translator) -> str:
    """An event type in the reader's language ("treaty" -> "Vertrag/Abkommen"); the data keeps the id."""
    return t.label(i18n.EVENT_TYPE, event_type) if event_type else t("chart.untyped")


def escape_text(text: object) -> str:
    """Escape article text for Plotly, whose labels interpret a subset of HTML (<b>, <a href>, <br> ...)."""
    return html.escape(str(text), quote=False)


def _wrapped(text: str, width: int = SENTENCE_WRAP, max_chars: int = SENTENCE_MAX_CHARS) -> str:
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    # Wrap first and escape each line after, so a line break never lands inside an entity like "&amp;".
    return "<br>".join(escape_text(line) for line in textwrap.wrap(text, width) or [""])


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _mark(vague: bool, inferred: bool) -> Mark:
    if vague and inferred:
        return Mark.VAGUE_INFERRED
    if vague:
        return Mark.VAGUE
    if inferred:
        return Mark.INFERRED
    return Mark.EXACT


def _format_day(day: pd.Timestamp) -> str:
    return day.strftime("%Y-%m-%d")


def _date_line(row: Mapping[str, Any], t: i18n.Translator) -> str:
    start, end = row["start"], row["end"]
    if row["open_end"]:
        resolved = t("chart.hover_open_end", start=_format_day(start))
    elif pd.isna(end) or end == start:
        resolved = _format_day(start)
    else:
        resolved = f"{_format_day(start)} – {_format_day(end)}"
    notes = [t.label("precision", str(row["precision"]))] if row["precision"] else []
    if row["date_vague"]:
        notes.append(t("chart.hover_vague"))
    if row["date_inferred"]:
        notes.append(t("chart.hover_inferred"))
    if row["open_start"]:
        notes.append(t("chart.hover_open_start"))
    return f"{resolved} ({', '.join(notes)})" if notes else resolved


# The charts' one font, so the timeline, the counts and the other views read alike (also in exports).
CHART_FONT = {"family": "Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif", "size": 13}


def _cut(name: str, width: int, keep_end: bool = False) -> str:
    if len(name) <= width:
        return name
    if not keep_end:
        return name[: width - 1].rstrip() + "…"
    head = (width - 1) // 2
    return name[:head].rstrip() + "…" + name[-(width - 1 - head):].lstrip()


def short_labels(names: Sequence[str], width: int) -> list[str]:
    """Axis labels of at most `width` characters ("Organization for S…"), each different from the others:
    long organisation names would otherwise squeeze the plot to nothing. The hovers give the full names.

    Names that would be cut to the same label keep their start and their end ("Ministry o…s of Russia"), where
    such names differ; a number tells apart any that are still alike."""
    labels = [_cut(name, width) for name in names]
    repeated = {label for label in labels if labels.count(label) > 1}
    labels = [_cut(name, width, keep_end=True) if label in repeated else label
              for name, label in zip(names, labels, strict=True)]
    return [label if labels.count(label) == 1 else f"{label} ({number})"
            for number, label in enumerate(labels, start=1)]


def lane_axis(tick_values: list[float] | list[int], lanes: list[str], translator: i18n.Translator | None = None,
              lane_kind: Lanes = "actor", **extra: Any) -> dict[str, Any]:
    """The y axis of a chart in lanes (of `lane_kind`): one escaped label per lane; the axis makes room for the
    labels, so none is clipped. Actors' names, which can be as long as the data likes, are cut to
    `LANE_LABEL_CHARS` so they never take the plot's width (the hovers name them in full); event types are ours
    and short enough. Zoom and pan move through time only."""
    t = english_or(translator)
    labels = [lane_label(lane, t, lane_kind) for lane in lanes]
    if lane_kind == "actor":
        labels = short_labels(labels, LANE_LABEL_CHARS)
    return {
        "tickmode": "array",
        "tickvals": list(tick_values),
        "ticktext": [escape_text(label) for label in labels],
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
        "automargin": True,
        "ticklabelstandoff": 8,
        **extra,
    }


def subtitle_lines(parts: Sequence[str], width: int = SUBTITLE_CHARS) -> str:
    """The subtitle's `parts` (plain text) joined by dots and escaped, in lines of at most `width` characters where
    a part allows: lines break between parts, and inside a part only where it alone is too long."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]}{SUBTITLE_SEPARATOR}{part}" if lines else part
        if lines and len(joined) <= width:
            lines[-1] = joined
        else:
            lines.extend(textwrap.wrap(part, width) or [""])
    return "<br>".join(escape_text(line) for line in lines)


def title_lines(title: str, width: int = TITLE_CHARS) -> str:
    """The title (plain text) escaped, in lines of at most `width` characters where its words allow."""
    return "<br>".join(escape_text(line) for line in textwrap.wrap(title, width) or [""])


def title_block_px(subtitle: str, title: str = "") -> int:
    """The height of the title (`title_lines`) and its subtitle (`subtitle_lines`)."""
    return TITLE_BLOCK_PX + SUBTITLE_LINE_PX * subtitle.count("<br>") + TITLE_LINE_PX * title.count("<br>")


def chart_title(text: str, subtitle: str) -> dict[str, Any]:
    """Title and subtitle (`title_lines`, `subtitle_lines`) at the figure's top left, where they stay however tall
    the legends under them grow: the title keeps its own room at the top (`automargin` with the figure as
    reference)."""
    # Plotly centres a title of several lines on where its one line would be; moved down, its first line stays in.
    pad_top = 14 + TITLE_LINE_PX * text.count("<br>") / 2
    return {
        "text": text, "subtitle": {"text": subtitle}, "font": {"size": 20},
        "x": 0.01, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": pad_top},
        "automargin": True,
    }


def legend_height_px(names: Sequence[str], title: bool = True, width_px: float = LEGEND_BUDGET_WIDTH_PX) -> int:
    """About how tall a horizontal legend with these entries (and a title row) is when wrapped at `width_px`."""
    rows, used = 1, 0.0
    for name in names:
        entry = LEGEND_ENTRY_PX + len(html.unescape(name)) * LEGEND_CHAR_PX
        if used and used + entry > width_px:
            rows, used = rows + 1, 0.0
        used += entry
    return int((LEGEND_TITLE_PX if title else 0) + rows * LEGEND_ROW_PX + LEGEND_PAD_PX)


def legend_over_plot(title: str, **extra: Any) -> dict[str, Any]:
    """A horizontal legend right above the plot area, as wide as the plot, wrapping its entries: beside the plot it
    would take most of a narrow chart's width. Plotly makes room for it above the plot. Give each entry its own
    legend group: Plotly stacks a group's entries, and lines up ungrouped ones in columns as wide as the widest."""
    return {
        "orientation": "h", "xref": "paper", "x": 0, "xanchor": "left", "yref": "paper", "y": 1, "yanchor": "bottom",
        "title": {"text": title, "side": "top"}, **extra,
    }


def legend_under_title(title: str, figure_height: int, top_px: int = TITLE_BLOCK_PX, **extra: Any) -> dict[str, Any]:
    """A horizontal legend `top_px` from the figure's top, under the title block (`title_block_px`), wrapping as
    `legend_over_plot` does (a second legend can lie over the plot). Placed from the top in pixels, it needs the
    figure's height; exports that change the height keep it in place (dashboard/export.py)."""
    return {
        "orientation": "h", "xref": "paper", "x": 0, "xanchor": "left", "yref": "container",
        "y": 1 - top_px / figure_height, "yanchor": "top", "title": {"text": title, "side": "top"}, **extra,
    }


def colourbar_under_title(title: str, figure_height: int, top_px: int = TITLE_BLOCK_PX,
                          **extra: Any) -> dict[str, Any]:
    """A horizontal colour bar `top_px` from the figure's top, under the title block, lying as the legends do
    (beside the plot it would take a narrow chart's width). Its title goes under its tick labels, as an axis
    title does: Plotly draws a title above over the bar when the bar is placed from the figure's top, and a bar
    placed from the plot instead pushes the chart's title out of the figure (plotly.js 4.1)."""
    return {
        "orientation": "h", "len": COLOURBAR_LENGTH_PX, "lenmode": "pixels", "thickness": 12,
        "xref": "paper", "x": 0, "xanchor": "left", "yref": "container", "y": 1 - top_px / figure_height,
        "yanchor": "top", "ypad": 0, "title": {"text": title, "side": "bottom"}, **extra,
    }


def hover_text(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> str:
    """The hover label for one event; every piece of article text in it is escaped (the labels are ours)."""
    t = english_or(translator)
    actors = i18n.actor_names(t, row["actors"]) or t("chart.hover_no_actors")
    kind = t("chart.hover_type", type=escape_text(type_label(row["event_type"], t)), actors=escape_text(actors))
    lines = [
        f"<b>{escape_text(row['date_text'] or t('chart.hover_no_date_text'))}</b>  ·  "
        f"{escape_text(_date_line(row, t))}",
        f"<b>{escape_text(row['title'])}</b>" if row["title"] else "",
        kind,
        _wrapped(str(row["sentence"])),
        f"<i>{escape_text(row['doc_title'] or row['doc_id'])}</i>",
        _sources_line(row, t),
        f"<i>{t('chart.hover_corrected')}</i>" if row.get("corrected") else "",
    ]
    return "<br>".join(line for line in lines if line)


def _sources_line(row: Mapping[str, Any], t: i18n.Translator) -> str:
    """How many reports an event rests on, and the dates they give where they disagree."""
    count = int(row.get("source_count") or 1)
    if count <= 1:
        return ""
    line = t("chart.hover_sources", count=count)
    if row.get("date_conflict"):
        given = ", ".join(f"{c['value']} ({c['count']})" for c in row.get("date_candidates") or [])
        line += t("chart.hover_sources_disagree", dates=escape_text(given))
    return line


@dataclass
class _Item:
    """One event in one lane, with where and how it is drawn."""

    lane: str
    event_type: str
    mark: Mark
    event_id: str
    hover: str
    start: pd.Timestamp
    stop: pd.Timestamp  # exclusive end of the drawn bar; equals start for a single-day dot
    is_bar: bool
    open_end: bool
    open_start: bool
    y: float = 0.0


def _lanes_of(row: Mapping[str, Any], lanes: Lanes) -> list[str]:
    if lanes == "event_type":
        return [row["event_type"] or NO_TYPE_LANE]
    if lanes == "single":
        return [SINGLE_LANE]
    # An actor list may repeat a name (two mentions); one lane entry per actor is enough.
    return list(dict.fromkeys(row["actors"])) or [NO_ACTOR_LANE]


def _lane_order(items: Sequence[_Item], last: Iterable[str] = ()) -> list[str]:
    """Busiest lanes first (ties by name); placeholder lanes such as "(no actor)" at the bottom."""
    counts = Counter(item.lane for item in items)
    at_bottom = {NO_ACTOR_LANE, NO_TYPE_LANE, *last}
    return sorted(counts, key=lambda lane: (lane in at_bottom, -counts[lane], lane))


def _fold_rare_lanes(items: list[_Item], max_lanes: int, lanes: Lanes,
                     t: i18n.Translator) -> tuple[list[_Item], str | None]:
    """Keep the `max_lanes - 1` busiest lanes and gather the rest in one lane (whose label is returned), so a
    corpus with hundreds of actors still gives a chart of readable height. An event is drawn once there."""
    order = _lane_order(items)
    if len(order) <= max_lanes:
        return items, None
    kept = set(order[: max_lanes - 1])
    folded = len(order) - len(kept)
    label = folded_lane_label(folded, lanes, t)
    result: list[_Item] = []
    seen_in_folded: set[str] = set()
    for item in items:
        if item.lane in kept:
            result.append(item)
        elif item.event_id not in seen_in_folded:
            seen_in_folded.add(item.event_id)
            result.append(replace(item, lane=label))
    return result, label


def folded_lane_label(count: int, lanes: Lanes, t: i18n.Translator) -> str:
    """The lane that gathers the rarest lanes: "(53 more actors)"."""
    return t("chart.more_actors" if lanes == "actor" else "chart.more_event_types", count=count)


def _pack(
    items: list[_Item], min_gap: pd.Timedelta, horizon: pd.Timestamp, left_horizon: pd.Timestamp
) -> int:
    """Give each item of one lane a sub-row so that no two overlap; return the number of sub-rows used."""
    row_ends: list[pd.Timestamp] = []

    def reach(item: _Item) -> tuple[pd.Timestamp, pd.Timestamp]:
        # An open end's faint continuation (and an open start's) occupies its sub-row too.
        first = left_horizon if item.open_start else item.start
        last = horizon if item.open_end else item.stop
        # A dot has no width in time but has on screen; `min_gap` reserves room for it.
        return first, max(last, item.start + min_gap)

    for item in sorted(items, key=reach):
        first, last = reach(item)
        for index, row_end in enumerate(row_ends):
            if first >= row_end:
                item.y = index
                row_ends[index] = last
                break
        else:
            if len(row_ends) < MAX_ROWS_PER_LANE:
                item.y = len(row_ends)
                row_ends.append(last)
            else:
                # A crowded lane stops growing: the event overlaps on the row that frees up first (zoom in to
                # separate them), rather than pushing the chart to thousands of pixels.
                index = min(range(len(row_ends)), key=row_ends.__getitem__)
                item.y = index
                row_ends[index] = max(row_ends[index], last)
    return max(len(row_ends), 1)


def _empty_figure(title: str, message: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        height=320,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{
            "text": escape_text(message), "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0.5, "y": 0.5, "font": {"size": 16, "color": NEUTRAL},
        }],
        margin={"l": 40, "r": 40, "t": 70, "b": 40},
    )
    return figure


def _subtitle(events: pd.DataFrame, dated: pd.DataFrame, unresolved: int, t: i18n.Translator) -> str:
    first, last = dated["start"].min(), dated["end"].fillna(dated["start"]).max()
    years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    parts = [
        t("chart.events", count=len(dated)),
        t("chart.documents", count=int(events["doc_id"].nunique())),
        years,
    ]
    if unresolved:
        parts.append(t("chart.unresolved_not_shown", count=unresolved))
    return subtitle_lines(parts)


_BAR_STYLE: dict[Mark, dict[str, object]] = {
    # fill alpha, outline width, pattern shape
    Mark.EXACT: {"alpha": 0.9, "line": 1.0, "pattern": ""},
    Mark.VAGUE: {"alpha": 0.35, "line": 1.0, "pattern": "/"},
    Mark.INFERRED: {"alpha": 0.06, "line": 2.2, "pattern": ""},
    Mark.VAGUE_INFERRED: {"alpha": 0.06, "line": 2.2, "pattern": "/"},
}
_DOT_SYMBOL: dict[Mark, str] = {
    Mark.EXACT: "circle",
    Mark.VAGUE: "circle",
    Mark.INFERRED: "circle-open",
    Mark.VAGUE_INFERRED: "circle-open-dot",
}


def _bar_marker(colour: str, mark: Mark) -> dict[str, object]:
    style = _BAR_STYLE[mark]
    marker: dict[str, object] = {
        "color": _rgba(colour, float(style["alpha"])),  # type: ignore[arg-type]
        "line": {"color": colour, "width": style["line"]},
    }
    if style["pattern"]:
        marker["pattern"] = {"shape": style["pattern"], "fgcolor": colour, "size": 7, "solidity": 0.25}
    return marker


def _dot_marker(colour: str, mark: Mark) -> dict[str, object]:
    faded = mark in (Mark.VAGUE, Mark.VAGUE_INFERRED)
    return {
        "symbol": _DOT_SYMBOL[mark],
        "size": 12,
        "color": _rgba(colour, 0.4) if mark is Mark.VAGUE else colour,
        "line": {"color": colour if faded or mark is Mark.INFERRED else "white", "width": 2},
    }


def type_group(event_type: str) -> str:
    """The legend group of an event type's marks and its legend entry, so a click on the entry hides them all."""
    return f"type:{event_type}"


def _bar_trace(items: Sequence[_Item], name: str, group: str, colour: str, marker: Mapping[str, object],
               hoverinfo: str = "text") -> go.Bar:
    return go.Bar(
        orientation="h",
        base=[item.start for item in items],
        # A horizontal bar on a date axis takes its length in milliseconds.
        x=[(item.stop - item.start) / pd.Timedelta(milliseconds=1) for item in items],
        y=[item.y for item in items],
        width=BAR_THICKNESS,
        marker=marker,
        name=name,
        legendgroup=group,
        showlegend=False,
        hovertext=[item.hover for item in items],
        hovertemplate="%{hovertext}<extra></extra>" if hoverinfo == "text" else None,
        hoverinfo=None if hoverinfo == "text" else hoverinfo,
        customdata=[[item.event_id, item.lane] for item in items],
    )


def _dot_trace(items: Sequence[_Item], name: str, group: str, marker: Mapping[str, object],
               x: Sequence[pd.Timestamp] | None = None, hover: bool = True) -> go.Scatter:
    return go.Scatter(
        mode="markers",
        # The middle of the day, so a dot sits where a one-day bar would be.
        x=list(x) if x is not None else [item.start + HALF_DAY for item in items],
        y=[item.y for item in items],
        marker=marker,
        name=name,
        legendgroup=group,
        showlegend=False,
        hovertext=[item.hover for item in items],
        hovertemplate="%{hovertext}<extra></extra>" if hover else None,
        hoverinfo=None if hover else "skip",
        customdata=[[item.event_id, item.lane] for item in items],
    )


def _mark_selected(traces: Sequence[go.BaseTraceType], selected: set[str]) -> None:
    """Select the marks of these events (Plotly fades the rest); without a selection every mark stays as drawn."""
    if not selected:
        return
    for trace in traces:
        trace.selectedpoints = [i for i, data in enumerate(trace.customdata or ()) if data[0] in selected]


def _legend_traces(
    event_types: Sequence[str], colours: Mapping[str, str], has_open: bool, t: i18n.Translator
) -> list[go.BaseTraceType]:
    """Legend-only entries: colours name the event types (first legend; a click there hides or shows the type's
    marks, which share its group), grey swatches explain the marks (second legend, which clicks leave alone)."""
    traces: list[go.BaseTraceType] = []
    for event_type in event_types:
        traces.append(go.Bar(
            x=[None], y=[None], orientation="h", name=escape_text(type_label(event_type, t)),
            legendgroup=type_group(event_type), marker=_bar_marker(colours[event_type], Mark.EXACT), showlegend=True,
            hoverinfo="skip",
        ))
    for mark in (Mark.EXACT, Mark.VAGUE, Mark.INFERRED):
        traces.append(go.Bar(
            x=[None], y=[None], orientation="h", name=t(f"chart.mark_{mark.value}"), legend="legend2",
            legendgroup=f"_mark:{mark.value}", marker=_bar_marker(NEUTRAL, mark), showlegend=True, hoverinfo="skip",
        ))
    traces.append(go.Scatter(
        x=[None], y=[None], mode="markers", name=t("chart.mark_single_day"), legend="legend2",
        legendgroup="_mark:single_day",
        marker=_dot_marker(NEUTRAL, Mark.EXACT), showlegend=True, hoverinfo="skip",
    ))
    if has_open:
        traces.append(go.Scatter(
            x=[None], y=[None], mode="markers", name=t("chart.mark_open_end"), legend="legend2",
            legendgroup="_mark:open_end", marker={"symbol": "triangle-right", "size": 11, "color": NEUTRAL},
            showlegend=True, hoverinfo="skip",
        ))
    return traces


def axis_range(window: DateWindow, low: pd.Timestamp, high: pd.Timestamp) -> list[pd.Timestamp]:
    """The date axis's range: the `window`'s ends where it has them, else `low` and `high`."""
    return [window[0] if window[0] is not None else low, window[1] if window[1] is not None else high]


def lane_title(lanes: Lanes, translator: i18n.Translator | None = None) -> str:
    """The timeline's title for its lanes: "Chronik — events by actor"."""
    return english_or(translator)(f"chart.title_{lanes}")


def timeline_figure(
    events: pd.DataFrame,
    *,
    lanes: Lanes = "actor",
    title: str | None = None,
    subtitle: str | None = None,
    colours: Mapping[str, str] | None = None,
    empty_message: str | None = None,
    max_lanes: int = 40,
    selected: Iterable[str] = (),
    window: DateWindow = (None, None),
    translator: i18n.Translator | None = None,
) -> go.Figure:
    """Draw schema-conformant `events` as a timeline with one lane per actor (or per event type, or one lane).

    An event with several actors appears in each of their lanes. Events without a start date cannot be placed
    and are left out (the subtitle counts them). Each event type has its fixed colour (dashboard/palette.py);
    `colours` overrides it for the types it names. Marks of the `selected` event ids stay as
    they are and the others fade, as when they are selected on the chart. `window` (start, exclusive end; None
    for either: the data's own) is the stretch of time the date axis shows, e.g. the date filter's range.
    `translator` words the chart's own text (titles, legends, hover labels; English by default); the data's
    names stay as they are. `title` and `subtitle` (plain text) replace the chart's own, e.g. an editor's
    headline; the default subtitle counts events and documents and names the years.
    """
    t = english_or(translator)
    if lanes == "chronology" and int(events["start"].notna().sum()) <= DETAIL_MAX_EVENTS:
        from dashboard.chronology import chronology_figure  # imported here: it builds on this module

        return chronology_figure(events, title=title, subtitle=subtitle, selected=selected,
                                 empty_message=empty_message, translator=t)
    title = title or lane_title(lanes, t)
    placed = events["start"].notna()
    if int(placed.sum()) > DETAIL_MAX_EVENTS:
        # Imported here: counts.py reuses this module's constants.
        from dashboard.counts import counts_figure

        return counts_figure(events, lanes="single" if lanes == "chronology" else lanes, title=title,
                             max_lanes=max_lanes, detail_limit=DETAIL_MAX_EVENTS,
                             window=window, translator=t)
    dated = events[placed]
    unresolved = len(events) - len(dated)
    if dated.empty:
        if unresolved:
            empty_message = t("chart.none_placeable", count=unresolved)
        return _empty_figure(title, empty_message or t("chart.nothing_to_show"))

    all_types = [t for t, _ in Counter(dated["event_type"]).most_common()]
    colours = {**event_type_colours(all_types), **(colours or {})}

    earliest = dated["start"].min()
    known_ends = dated["end"].dropna()
    latest = max(dated["start"].max(), known_ends.max() if len(known_ends) else earliest) + ONE_DAY
    span = max(latest - earliest, pd.Timedelta(days=30))
    # Open ends run a little past the last known date: far enough to read as "goes on", not so far as to
    # squash the rest of the timeline.
    horizon = latest + max(span * 0.03, pd.Timedelta(days=30))
    left_horizon = earliest - max(span * 0.03, pd.Timedelta(days=30))

    items: list[_Item] = []
    for row in dated.to_dict("records"):
        start: pd.Timestamp = row["start"]
        end = row["end"]
        is_bar = pd.notna(end) and end > start
        stop = end + ONE_DAY if is_bar else start
        hover = hover_text(row, t)
        mark = _mark(bool(row["date_vague"]), bool(row["date_inferred"]))
        for lane in _lanes_of(row, lanes):
            items.append(_Item(
                lane=lane, event_type=row["event_type"], mark=mark, event_id=row["event_id"], hover=hover,
                start=start, stop=stop, is_bar=is_bar, open_end=bool(row["open_end"]),
                open_start=bool(row["open_start"]),
            ))

    items, folded_lane = _fold_rare_lanes(items, max_lanes, lanes, t)
    # Sub-rows: items closer than this on screen would overlap (dots have a size, bars need a little air).
    min_gap = span * 0.012
    lane_order = _lane_order(items, last=[folded_lane] if folded_lane else [])
    lane_ticks: list[float] = []
    lane_bands: list[tuple[float, float]] = []
    offset = 0.0
    for lane in lane_order:
        lane_items = [item for item in items if item.lane == lane]
        rows = _pack(lane_items, min_gap, horizon, left_horizon)
        for item in lane_items:
            item.y += offset
        lane_ticks.append(offset + (rows - 1) / 2)
        lane_bands.append((offset - 0.5 - LANE_GAP / 2, offset + rows - 0.5 + LANE_GAP / 2))
        offset += rows + LANE_GAP

    traces: list[go.BaseTraceType] = []
    type_order = [t for t in colours if t in set(all_types)]
    for event_type in type_order:
        colour = colours[event_type]
        of_type = [item for item in items if item.event_type == event_type]
        name = escape_text(type_label(event_type, t))
        group = type_group(event_type)
        continuing = [item for item in of_type if item.open_end]
        if continuing:
            # Drawn first so the event's own bar or dot sits on top of its faint continuation.
            traces.append(_bar_trace(
                [replace(item, stop=horizon) for item in continuing], name, group, colour,
                {"color": _rgba(colour, 0.16), "line": {"width": 0}}, hoverinfo="skip",
            ))
            traces.append(_dot_trace(
                continuing, name, group, {"symbol": "triangle-right", "size": 11, "color": colour},
                x=[horizon] * len(continuing), hover=False,
            ))
        preceding = [item for item in of_type if item.open_start]
        if preceding:
            traces.append(_bar_trace(
                [replace(item, start=left_horizon, stop=item.start) for item in preceding],
                name, group, colour, {"color": _rgba(colour, 0.16), "line": {"width": 0}}, hoverinfo="skip",
            ))
            traces.append(_dot_trace(
                preceding, name, group, {"symbol": "triangle-left", "size": 11, "color": colour},
                x=[left_horizon] * len(preceding), hover=False,
            ))
        for mark in Mark:
            bars = [item for item in of_type if item.mark is mark and item.is_bar]
            dots = [item for item in of_type if item.mark is mark and not item.is_bar]
            if bars:
                traces.append(_bar_trace(bars, name, group, colour, _bar_marker(colour, mark)))
            if dots:
                traces.append(_dot_trace(dots, name, group, _dot_marker(colour, mark)))
    has_open = any(item.open_end or item.open_start for item in items)
    _mark_selected(traces, set(selected))
    traces.extend(_legend_traces(type_order, colours, has_open, t))

    figure = go.Figure(traces)
    total_rows = offset - LANE_GAP
    lanes_px = (total_rows + LANE_GAP) * ROW_HEIGHT_PX
    # With few lanes the plot keeps a least height; the room left goes to blank space below the last lane rather
    # than into ever fatter bars.
    plot_px = max(lanes_px, MIN_PLOT_PX)
    blank_rows = (plot_px - lanes_px) / ROW_HEIGHT_PX
    shapes = [
        {
            "type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": low, "y1": high,
            "fillcolor": "rgba(15,23,42,0.035)", "line": {"width": 0}, "layer": "below",
        }
        for index, (low, high) in enumerate(lane_bands)
        if index % 2 == 0
    ]
    legend_names = [trace.name for trace in traces if trace.showlegend]
    type_legend_px = legend_height_px(legend_names[: len(type_order)])
    marks_legend_px = legend_height_px(legend_names[len(type_order):])
    subtitle = subtitle_lines([subtitle]) if subtitle else _subtitle(events, dated, unresolved, t)
    title = title_lines(title)
    top_px = title_block_px(subtitle, title)
    # The title block, the type legend under it, the marks legend over the plot, the lanes and the date axis.
    height = int(top_px + type_legend_px + marks_legend_px + plot_px + AXIS_PX)
    figure.update_layout(
        title=chart_title(title, subtitle),
        template="plotly_white",
        barmode="overlay",
        height=height,
        # Plotly widens the top margin for the legends; these are the least margins.
        margin={"l": 10, "r": 10, "t": top_px, "b": AXIS_PX},
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 13}},
        legend=legend_under_title(t("chart.legend_types"), height, top_px, tracegroupgap=0, groupclick="togglegroup"),
        # Clicks leave these explanations alone.
        legend2=legend_over_plot(t("chart.legend_marks"), tracegroupgap=0, itemclick=False, itemdoubleclick=False),
        shapes=shapes,
        xaxis={
            "type": "date",
            "range": axis_range(window, earliest - span * 0.02, horizon + span * 0.01),
            "showgrid": True,
            "gridcolor": "rgba(15,23,42,0.08)",
            "ticks": "outside",
            "title": None,
        },
        yaxis=lane_axis(
            lane_ticks,
            lane_order,
            t,
            lanes,
            range=[total_rows - 0.5 + LANE_GAP / 2 + blank_rows, -0.5 - LANE_GAP / 2],  # top lane first
        ),
        dragmode="zoom",
        font=CHART_FONT,
    )
    return figure
