"""The other views of the filtered events: counts over time and actor co-occurrence. Pure figure builders, no
Streamlit.

Every mark carries a short key as its `customdata` (a bar: its group, period start and period; a cell: its two
actors; see dashboard/marks.py), so a click or a box selection names the marks, and the app looks up their events
with `marks.bar_events` / `marks.cell_events` in the events it drew. Both charts are drawn with selectable traces:
bars (the co-occurrence cells too, rather than a Heatmap, which Plotly cannot select).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.counts import PERIODS, Period, per_period, period_label
from dashboard.figures import (
    AXIS_PX,
    CHART_FONT,
    COLOURBAR_PX,
    NEUTRAL,
    DateWindow,
    _empty_figure,
    actor_label,
    axis_range,
    chart_title,
    colourbar_under_title,
    english_or,
    escape_text,
    legend_height_px,
    legend_under_title,
    short_labels,
    subtitle_lines,
    title_block_px,
    title_lines,
    type_label,
)
from dashboard.marks import COUNT_BY, CountBy, actor_grid, count_grid
from dashboard.palette import event_type_colours, series_colours

MAX_BARS = 60  # periods across the counts chart when the period is chosen automatically
COUNTS_PLOT_PX = 320  # the counts chart's bars, under its title and legend
ROW_PX = 26  # one co-occurrence row: room for a label at AXIS_LABEL_PX and a count in the cell
CELL_FILL = 0.94  # share of a row and column a cell fills, leaving a thin white grid
CELL_TEXT_PX = 11
AXIS_LABEL_PX = 12
LABEL_CHARS = 20  # actor labels longer than this are cut, with the full name in the hover
UPRIGHT_FROM = 10
MIN_COLUMNS = 16  # more actors than this: column labels stand upright, so each needs only a line's width
COOCCURRENCE_COLOURSCALE = [[0.0, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]
# Not "select": Streamlit (1.67) then turns Plotly's click-to-select off, so a click on a bar or cell would
# select nothing. Box selection is the toolbar's "Box Select" tool, as on the timeline.
DRAG_MODE = "zoom"
PERIOD_NAMES: tuple[str, ...] = tuple(period.name for period in PERIODS)


def choose_period(first: pd.Timestamp, last: pd.Timestamp, period: str = "auto") -> Period:
    """The named period, or for "auto" the shortest one that keeps the chart at `MAX_BARS` bars or fewer."""
    if period != "auto":
        for candidate in PERIODS:
            if candidate.name == period:
                return candidate
        raise ValueError(f"unknown period {period!r}; use 'auto' or one of {', '.join(PERIOD_NAMES)}")
    span_days = max((last - first).days, 1)
    return next((p for p in PERIODS if span_days / p.days <= MAX_BARS), PERIODS[-1])


def _selected_points(marks: Sequence[Hashable], holding: Collection[Hashable], any_selected: bool) -> list[int] | None:
    """Points whose mark holds a selected event (Plotly fades the others); None leaves every point as drawn."""
    if not any_selected:
        return None
    return [index for index, mark in enumerate(marks) if mark in holding]


def counts_over_time_figure(
    events: pd.DataFrame,
    *,
    period: str = "auto",
    by: CountBy = "event_type",
    colours: Mapping[str, str] | None = None,
    selected: Iterable[str] = (),
    empty_message: str | None = None,
    translator: i18n.Translator | None = None,
    window: DateWindow = (None, None),
    title: str | None = None,
    subtitle: str | None = None,
) -> go.Figure:
    """Stacked bars: dated events per period (by start date), one colour per event type (or date precision).

    Event types take their fixed colours (dashboard/palette.py), as on the timeline; `colours` overrides some. Each bar
    segment's customdata is its key (`marks.BarKey`: group, first day of the period, period name), which
    `marks.bar_events` turns back into the events it counts. `window` (start, exclusive end) sets the date axis's
    range, e.g. to the date filter's.
    `translator` words the chart's text (English by default).
    """
    t = english_or(translator)
    if by not in COUNT_BY:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(COUNT_BY)}")
    title = title or t(f"counts.title_by_{by}")
    dated = events.loc[events["start"].notna(), ["event_id", "start", by]]
    undated = len(events) - len(dated)
    if dated.empty:
        if undated:
            empty_message = t("counts.none_countable", count=undated)
        return _empty_figure(title, empty_message or t("counts.nothing_to_count"))
    chosen = choose_period(dated["start"].min(), dated["start"].max(), period)
    grid = count_grid(dated, chosen, by)
    columns = grid.starts
    labels = [period_label(start, chosen, t) for start in columns]
    palette = ({**event_type_colours(grid.groups), **(colours or {})} if by == "event_type"
               else series_colours(grid.groups))

    centres = pd.to_datetime(columns.astype("datetime64[s]")) + pd.Timedelta(days=chosen.days / 2)
    width_ms = chosen.days * 86_400_000 * 0.85
    wanted = list(selected)
    holding = grid.cells_holding(wanted)
    traces: list[go.Bar] = []
    for code, group in enumerate(grid.groups):
        cells = np.flatnonzero(grid.counts[code]).tolist()
        heights = grid.counts[code, cells].tolist()
        name = escape_text(type_label(group, t) if by == "event_type" else t.label("precision", group))
        traces.append(go.Bar(
            x=[centres[position] for position in cells],
            y=heights,
            width=width_ms,
            name=name,
            legendgroup=f"{by}:{group}",  # one group per entry, so the legend's entries flow (`legend_over_plot`)
            marker={"color": palette[group], "line": {"color": "white", "width": 0.5}},
            customdata=[grid.bar_key(code, position) for position in cells],
            hovertext=[f"<b>{name}</b><br>{escape_text(labels[position])}: {t('chart.events', count=count)}"
                       for position, count in zip(cells, heights, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
            selectedpoints=_selected_points([code * len(columns) + position for position in cells], holding,
                                            bool(wanted)),
        ))
    figure = go.Figure(traces)
    subtitle_parts = [t("counts.subtitle_by_start", events=t("chart.events", count=len(dated)),
                        period=t(f"period.{chosen.name}"))]
    if undated:
        subtitle_parts.append(t("counts.undated_not_counted", count=undated))
    subtitle = subtitle_lines([subtitle] if subtitle else subtitle_parts)
    title = title_lines(title)
    top_px = title_block_px(subtitle, title)
    # The legend lies across the top (beside the bars it would take a narrow chart's width); the bars keep their
    # height below it.
    height = int(top_px + legend_height_px([trace.name for trace in traces]) + COUNTS_PLOT_PX + AXIS_PX)
    figure.update_layout(
        title=chart_title(title, subtitle),
        template="plotly_white",
        barmode="stack",
        bargap=0.1,
        height=height,
        margin={"l": 10, "r": 10, "t": top_px, "b": AXIS_PX},
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 13}},
        # "grouped" and not reversed, as Plotly would for a stack: busiest type first, entries flowing.
        legend=legend_under_title(t(f"counts.legend_{by}"), height, top_px, traceorder="grouped", tracegroupgap=0),
        xaxis={"type": "date", "showgrid": False, "ticks": "outside", "title": None,
               **({} if window == (None, None) else {"range": axis_range(
                   window, centres[0] - pd.Timedelta(days=chosen.days / 2),
                   centres[-1] + pd.Timedelta(days=chosen.days / 2))})},
        yaxis={"title": {"text": per_period(chosen, t)}, "rangemode": "tozero", "fixedrange": True,
               "gridcolor": "rgba(15,23,42,0.08)"},
        dragmode=DRAG_MODE,
        font=CHART_FONT,
    )
    return figure


def cooccurrence_figure(
    events: pd.DataFrame, *, top: int = 25, selected: Iterable[str] = (),
    empty_message: str | None = None, translator: i18n.Translator | None = None,
    title: str | None = None, subtitle: str | None = None,
) -> go.Figure:
    """Actor × actor grid: the number of events two actors both appear in; the diagonal (grey) counts each actor's
    events. Each cell's customdata is its key (`marks.CellKey`: the row's actor and the column's), which
    `marks.cell_events` turns back into the events it counts.

    Cells are bars one unit wide and high (Plotly can select bars, not a Heatmap), so they fill whatever width the
    window gives; rows keep a readable height, so the figure grows with the number of actors, and column labels
    turn upright when there are many. Counts are printed in the cells where they fit and always in the hover.
    """
    t = english_or(translator)
    title = title or t("cooccurrence.title")
    grid = actor_grid(events, top=top)
    order = grid.actors
    if not order:
        return _empty_figure(title, empty_message or t("cooccurrence.nothing_to_compare"))
    shown = [actor_label(actor, t) for actor in order]  # in the reader's language; customdata keeps the keys
    names = [escape_text(actor) for actor in shown]
    labels = [escape_text(label) for label in short_labels(shown, LABEL_CHARS)]
    wanted = list(selected)
    holding = grid.cells_holding(wanted)
    subtitle = subtitle_lines([subtitle or t("cooccurrence.subtitle", actors=t("cooccurrence.actors",
                                                                               count=len(order)),
                                             events=t("chart.events", count=grid.shared_events))])
    title = title_lines(title)
    top_px = title_block_px(subtitle, title)
    upright = len(order) > UPRIGHT_FROM
    # Title, colour bar, the rows, and the column labels under the grid (upright ones are as long as the longest).
    height = int(top_px + COLOURBAR_PX + len(order) * ROW_PX + 10 + (LABEL_CHARS * 7 if upright else 110))
    rows, columns = np.nonzero(grid.counts)  # row by row
    filled = list(zip(rows.tolist(), columns.tolist(), strict=True))
    traces: list[go.Bar] = []
    for diagonal in (True, False):
        keys = [(a, b) for a, b in filled if (a == b) == diagonal]
        counts = [int(grid.counts[a, b]) for a, b in keys]
        top_count = max(counts, default=1)
        if diagonal:
            marker: dict[str, object] = {"color": "#e5e7eb", "line": {"color": NEUTRAL, "width": 1}}
            hover = [f"<b>{names[a]}</b><br>{t('chart.events', count=n)}"
                     for (a, _), n in zip(keys, counts, strict=True)]
            text_colours = ["#111827"] * len(keys)
        else:
            marker = {"color": counts, "colorscale": COOCCURRENCE_COLOURSCALE, "cmin": 0, "cmax": max(top_count, 1),
                      "line": {"width": 0},
                      # Above the grid, across: beside it, it would take the width the columns need.
                      "colorbar": colourbar_under_title(t("cooccurrence.shared_events"), height, top_px,
                                                        dtick=max(1, -(-top_count // 5)), tickformat=",d")}
            hover = [t("cooccurrence.pair", first=names[a], second=names[b], shared=t("cooccurrence.shared", count=n))
                     for (a, b), n in zip(keys, counts, strict=True)]
            text_colours = ["white" if n > top_count / 2 else "#111827" for n in counts]
        traces.append(go.Bar(
            x=[b for _, b in keys], y=[1] * len(keys), base=[a - 0.5 for a, _ in keys], width=CELL_FILL,
            marker=marker, text=[str(n) for n in counts], textposition="inside", insidetextanchor="middle",
            textangle=0, textfont={"size": CELL_TEXT_PX, "color": text_colours}, cliponaxis=False,
            name=t("cooccurrence.per_actor") if diagonal else t("cooccurrence.shared_events"), showlegend=False,
            customdata=[[order[a], order[b]] for a, b in keys], hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>", selectedpoints=_selected_points(keys, holding, bool(wanted)),
        ))
    figure = go.Figure(traces)
    axis = {"tickmode": "array", "tickvals": list(range(len(order))), "ticktext": labels, "showgrid": False,
            "zeroline": False, "fixedrange": True, "automargin": True, "tickfont": {"size": AXIS_LABEL_PX}}
    figure.update_layout(
        title=chart_title(title, subtitle),
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": top_px + COLOURBAR_PX, "b": 10},
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 13}},
        # Room for MIN_COLUMNS columns at least, so a few actors on a wide screen get cells, not long planks.
        xaxis={**axis, "range": [-0.5, max(len(order), MIN_COLUMNS) - 0.5], "tickangle": -90 if upright else -45,
               "side": "bottom"},
        yaxis={**axis, "range": [len(order) - 0.5, -0.5]},
        barmode="overlay",
        uniformtext={"minsize": CELL_TEXT_PX, "mode": "hide"},  # a count that does not fit is left to the hover
        dragmode=DRAG_MODE,
        font=CHART_FONT,
    )
    return figure
