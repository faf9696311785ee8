"""The timeline for many events: counts per lane and period as a heat strip, instead of one mark per event.

Tens of thousands of single marks (each with its sentence as hover text) would make a figure of many megabytes
that the browser struggles to draw and nobody can read. Counting events per lane and period keeps the figure a
few hundred kilobytes whatever the data size, and shows where the activity is; narrowing the dates or the
filters brings back the single events (`figures.DETAIL_MAX_EVENTS`). Pure: no Streamlit here either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.figures import (
    AXIS_PX,
    CHART_FONT,
    COLOURBAR_PX,
    NO_ACTOR_LANE,
    NO_TYPE_LANE,
    ROW_HEIGHT_PX,
    SINGLE_LANE,
    DateWindow,
    axis_range,
    chart_title,
    colourbar_under_title,
    english_or,
    escape_text,
    folded_lane_label,
    lane_axis,
    lane_label,
    subtitle_lines,
    title_block_px,
    title_lines,
    type_label,
)
from dashboard.filters import Lanes

MAX_BUCKETS = 240  # periods across the chart: about one per 5 pixels on a wide screen
TOP_TYPES_IN_HOVER = 3
# Light enough for a lone event to stand out from the white background, dark enough at the top end to read.
COUNT_COLOURSCALE = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]


@dataclass(frozen=True)
class Period:
    """A length of the period that events are counted in, as numpy floors it."""

    name: str  # also names its words in dashboard/locales: period.<name> ("monthly"), period.unit_<name>
    unit: str  # numpy datetime64 unit
    step: int  # units per period
    align: int  # units from 1970 to a period boundary (2000 starts a century, 1970 does not)
    days: float  # typical length, to pick the period from the span


PERIODS: tuple[Period, ...] = (
    Period("day", "D", 1, 0, 1),
    Period("week", "W", 1, 0, 7),
    Period("month", "M", 1, 0, 30.44),
    Period("quarter", "M", 3, 0, 91.3),
    Period("year", "Y", 1, 0, 365.25),
    Period("decade", "Y", 10, 0, 3652.5),
    Period("century", "Y", 100, 30, 36525),
)
# numpy's weeks start on a Thursday (1970-01-01); shifting by three days makes them start on Mondays (ISO).
_WEEK_SHIFT = np.timedelta64(3, "D")


def period_for(first: pd.Timestamp, last: pd.Timestamp) -> Period:
    """The shortest period that keeps the chart at `MAX_BUCKETS` periods or fewer."""
    span_days = max((last - first).days, 1)
    return next((p for p in PERIODS if span_days / p.days <= MAX_BUCKETS), PERIODS[-1])


def period_starts(days: np.ndarray, period: Period) -> np.ndarray:
    """The first day (datetime64[D]) of the period each of `days` (datetime64) falls in."""
    days = days.astype("datetime64[D]")
    if period.unit == "W":
        return (days + _WEEK_SHIFT).astype("datetime64[W]").astype("datetime64[D]") - _WEEK_SHIFT
    ordinals = days.astype(f"datetime64[{period.unit}]").astype(np.int64)
    floored = ordinals - (ordinals - period.align) % period.step  # numpy's % floors, so negative years work too
    return floored.astype(f"datetime64[{period.unit}]").astype("datetime64[D]")


def all_period_starts(first: np.datetime64, last: np.datetime64, period: Period) -> np.ndarray:
    """Every period from the one holding `first` to the one holding `last`: a heatmap needs the empty ones too,
    or a cell would stretch across the gap."""
    low, high = period_starts(np.array([first, last]), period)
    if period.unit == "W":
        return np.arange(low, high + np.timedelta64(1, "D"), np.timedelta64(7, "D"))
    unit = f"datetime64[{period.unit}]"
    ordinals = np.arange(low.astype(unit).astype(np.int64), high.astype(unit).astype(np.int64) + 1, period.step)
    return ordinals.astype(unit).astype("datetime64[D]")


def period_label(start: np.datetime64, period: Period, translator: i18n.Translator | None = None) -> str:
    """The period that starts on `start`, as people name it: "March 2024", "2024 Q1", "the 1990s"."""
    t = english_or(translator)
    day = pd.Timestamp(start.astype("datetime64[s]"))  # seconds: years before 1677 fit
    year = str(day.year)  # text, not a number: a year takes no thousands separator
    # numpy writes any year (a century's bar may start in year 0), where strftime knows only years 1 to 9999
    iso_day = str(np.datetime_as_string(start.astype("datetime64[D]"), unit="D"))
    if period.name == "day":
        return iso_day
    if period.name == "week":
        return t("period.week_of", day=iso_day)
    if period.name == "month":
        return t("period.month_label", month=t(f"months.m{day.month}"), year=year)
    if period.name == "quarter":
        return t("period.quarter_label", quarter=(day.month - 1) // 3 + 1, year=year)
    if period.name == "year":
        return year
    return t("period.decades_label", year=year)


def per_period(period: Period, t: i18n.Translator) -> str:
    """The unit of a count: "events per month"."""
    return t("period.events_per", unit=t(f"period.unit_{period.name}"))


def lane_memberships(dated: pd.DataFrame, lanes: Lanes, max_lanes: int,
                     translator: i18n.Translator | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One row (position of the event in `dated`, lane) per event and lane it is drawn in, and the lane order.

    As in the detailed chart: busiest lanes first, placeholders last, and past `max_lanes` the rare lanes are
    gathered in one, where an event counts once.
    """
    positions = np.arange(len(dated))
    if lanes == "event_type":
        lane = dated["event_type"].astype(object).where(dated["event_type"] != "", NO_TYPE_LANE)
        members = pd.DataFrame({"row": positions, "lane": lane.to_numpy()})
    elif lanes == "single":
        members = pd.DataFrame({"row": positions, "lane": SINGLE_LANE})
    else:
        exploded = pd.Series(dated["actors"].to_numpy(), index=positions).explode()
        members = pd.DataFrame({"row": exploded.index, "lane": exploded.fillna(NO_ACTOR_LANE).to_numpy()})
        members = members.drop_duplicates()
    placeholders = {NO_ACTOR_LANE, NO_TYPE_LANE}
    counts = members["lane"].value_counts()
    order = sorted(counts.index, key=lambda name: (name in placeholders, -counts[name], name))
    if len(order) > max_lanes:
        kept = order[: max_lanes - 1]
        folded = folded_lane_label(len(order) - len(kept), lanes, english_or(translator))
        rare = ~members["lane"].isin(kept)
        members.loc[rare, "lane"] = folded
        members = members.drop_duplicates()
        order = [name for name in kept if name not in placeholders] + [name for name in kept if name in placeholders]
        order.append(folded)
    return members.reset_index(drop=True), order


def count_cube(members: pd.DataFrame, order: list[str], period_codes: np.ndarray, type_codes: np.ndarray,
               shape: tuple[int, int, int]) -> np.ndarray:
    """Events per lane, period and event type, as one array: bincount over flat indices is far faster than a
    groupby over text columns."""
    lane_codes = pd.Categorical(members["lane"], categories=order).codes.astype(np.int64)
    flat = (lane_codes * shape[1] + period_codes) * shape[2] + type_codes
    return np.bincount(flat, minlength=shape[0] * shape[1] * shape[2]).reshape(shape)


def cell_hovers(cube: np.ndarray, order: list[str], period_names: list[str], type_names: list[str],
                translator: i18n.Translator | None = None, lanes: Lanes = "actor") -> list[list[str]]:
    """Hover text per cell (empty for empty cells): lane, period, count and the commonest event types, escaped."""
    t = english_or(translator)
    counts = cube.sum(axis=2)
    hovers = [[""] * counts.shape[1] for _ in order]
    lane_names = [escape_text(lane_label(name, t, lanes)) for name in order]
    type_labels = [escape_text(type_label(name, t)) for name in type_names]
    for lane, period in zip(*np.nonzero(counts), strict=True):
        by_type = cube[lane, period]
        top = [index for index in np.argsort(-by_type, kind="stable")[:TOP_TYPES_IN_HOVER] if by_type[index]]
        total = int(counts[lane, period])
        hovers[lane][period] = (
            f"<b>{lane_names[lane]}</b><br>{t('counts.cell', count=total, period=period_names[period])}"
            f"<br>{' · '.join(f'{type_labels[i]} {t.number(int(by_type[i]))}' for i in top)}"
        )
    return hovers


def counts_figure(events: pd.DataFrame, *, lanes: Lanes, title: str, max_lanes: int, detail_limit: int,
                  window: DateWindow = (None, None), translator: i18n.Translator | None = None) -> go.Figure:
    """Events with a start date, counted per lane and period (by start date) and drawn as a heat strip per lane.

    The colour is on a log scale, since a head of state may have a thousand events in a month where most actors
    have one; the hover gives the exact count and the commonest event types.
    """
    # Only the columns counted: copying every column of 100,000 rows would cost more than the counting.
    dated = events.loc[events["start"].notna(), ["start", "end", "actors", "event_type"]]
    t = english_or(translator)
    subtitle = counts_subtitle(events, dated, len(events) - len(dated), detail_limit, t)
    first, last = dated["start"].min(), dated["start"].max()
    period = period_for(first, last)
    members, order = lane_memberships(dated, lanes, max_lanes, t)
    rows = members["row"].to_numpy()
    columns = all_period_starts(first.to_datetime64(), last.to_datetime64(), period)
    period_codes = np.searchsorted(columns, period_starts(dated["start"].to_numpy()[rows], period))
    type_codes, type_names = pd.factorize(dated["event_type"].to_numpy()[rows])
    cube = count_cube(members, order, period_codes, type_codes, (len(order), len(columns), max(len(type_names), 1)))
    counts = cube.sum(axis=2)
    hover = cell_hovers(cube, order, [period_label(start, period, t) for start in columns], list(type_names), t,
                        lanes)

    with np.errstate(divide="ignore"):
        shade = np.where(counts > 0, np.log10(np.maximum(counts, 1)), np.nan)  # NaN: empty cells stay blank
    top = max(1, int(np.ceil(np.log10(max(int(counts.max()), 2)))))
    plot_px = max(len(order) * ROW_HEIGHT_PX, 200)
    title = title_lines(title)
    top_px = title_block_px(subtitle, title)
    height = int(top_px + COLOURBAR_PX + plot_px + AXIS_PX)
    figure = go.Figure(go.Heatmap(
        # Cells centred half a period in, so each covers its own period on the date axis.
        x=pd.to_datetime(columns.astype("datetime64[s]")) + pd.Timedelta(days=period.days / 2),
        y=list(range(len(order))),
        z=shade,
        customdata=counts,
        text=hover,
        hovertemplate="%{text}<extra></extra>",
        hoverongaps=False,
        colorscale=COUNT_COLOURSCALE,
        zmin=0,
        zmax=top,
        xgap=0,
        ygap=3,
        colorbar=colourbar_under_title(per_period(period, t), height, top_px, tickvals=list(range(top + 1)),
                                       ticktext=[t.number(10 ** power) for power in range(top + 1)]),
    ))
    figure.update_layout(
        title=chart_title(title, subtitle),
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": top_px + COLOURBAR_PX, "b": AXIS_PX},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 13}},
        xaxis={"type": "date", "showgrid": True, "gridcolor": "rgba(15,23,42,0.08)", "ticks": "outside",
               **_window_range(window, columns[0], columns[-1], period)},
        yaxis=lane_axis(list(range(len(order))), order, t, lanes, autorange="reversed"),  # busiest lane on top
        dragmode="zoom",
        font=CHART_FONT,
    )
    return figure


def _window_range(window: DateWindow, first: np.datetime64, last: np.datetime64, period: Period) -> dict[str, list]:
    """An explicit axis range when a date window is set (else Plotly fits the cells): the first and last periods
    in full where the window does not say otherwise."""
    if window == (None, None):
        return {}
    low = pd.Timestamp(first.astype("datetime64[s]"))
    high = pd.Timestamp(last.astype("datetime64[s]")) + pd.Timedelta(days=period.days)
    return {"range": axis_range(window, low, high)}


def counts_subtitle(events: pd.DataFrame, dated: pd.DataFrame, unresolved: int, detail_limit: int,
                    translator: i18n.Translator | None = None) -> str:
    """Say that these are counts, per which period, and how to get the single events back."""
    t = english_or(translator)
    period = period_for(dated["start"].min(), dated["start"].max())
    first, last = dated["start"].min(), dated["end"].fillna(dated["start"]).max()
    years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    parts = [
        t("counts.subtitle", count=len(dated), period=t(f"period.{period.name}"), limit=detail_limit),
        years,
    ]
    if unresolved:
        parts.append(t("counts.undated_not_shown", count=unresolved))
    return subtitle_lines(parts)
