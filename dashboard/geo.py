"""Where the events took place: the place filter's choices and the map view. Pure functions, no Streamlit.

The map is a Plotly `scattergeo`, which draws its coastlines and borders itself, with no tile server to reach:
one circle per place, sized by how many events it holds, in the colour of its most frequent event type (every
chart's, dashboard/palette.py), its hover counting each type. Each circle's customdata is its key (place name,
country code), so a click or a box names the circles and `map_events` finds their events in the events drawn.
The view frames the places with room around them, so a single city is seen among its neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.figures import (
    CHART_FONT,
    _empty_figure,
    chart_title,
    english_or,
    escape_text,
    legend_under_title,
    subtitle_lines,
    title_block_px,
    title_lines,
    type_label,
)
from dashboard.palette import event_type_colours

MAP_PX = 520  # the map under its title and legend
MAX_TITLES = 5  # event titles listed in a circle's hover
MIN_SIZE, SIZE_PER_ROOT = 9.0, 7.0  # a circle's diameter: grows with the square root of its events

MIN_SPAN_DEGREES = 16.0  # the least width and height of the view: a few neighbouring countries
MARGIN = 0.25  # room around the places, as a share of their span
WIDE = 2.2  # the view's longitude span at least this many times its latitude span


def place_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event and place it took place in that has coordinates."""
    rows = [
        {"event_id": event_id, "event_type": event_type, "title": title, "name": place["name"],
         "country": place.get("country") or "", "country_code": place.get("country_code") or "",
         "latitude": place["latitude"], "longitude": place["longitude"]}
        for event_id, event_type, title, places in zip(events["event_id"], events["event_type"], events["title"],
                                                        events["places"], strict=True)
        for place in places
        if place.get("latitude") is not None and place.get("longitude") is not None
    ]
    columns = ["event_id", "event_type", "title", "name", "country", "country_code", "latitude", "longitude"]
    return pd.DataFrame(rows, columns=columns)


def map_events(events: pd.DataFrame, keys: Iterable[Sequence[object]]) -> list[str]:
    """The ids of the events the circles with these keys (place name, country code) hold, in the order of
    `events`, each once."""
    wanted = {(str(key[0]), str(key[1])) for key in keys if len(key) >= 2}
    if not wanted:
        return []
    rows = place_rows(events)
    hits = [key in wanted for key in zip(rows["name"], rows["country_code"], strict=True)]
    return list(dict.fromkeys(rows.loc[hits, "event_id"]))


def _view(latitudes: Sequence[float], longitudes: Sequence[float]) -> dict[str, list[float]]:
    """Longitude and latitude ranges that hold every place with a margin, at least MIN_SPAN_DEGREES wide."""
    spans = {}
    for axis, values in (("lon", longitudes), ("lat", latitudes)):
        low, high = min(values), max(values)
        pad = max((high - low) * MARGIN, (MIN_SPAN_DEGREES - (high - low)) / 2, 1.0)
        spans[axis] = [low - pad, high + pad]
    # The chart is wider than high: give longitude at least WIDE times the latitude's span, so the map fills it.
    lon_low, lon_high = spans["lon"]
    extra = max(0.0, WIDE * (spans["lat"][1] - spans["lat"][0]) - (lon_high - lon_low)) / 2
    return {"lonaxis_range": [max(lon_low - extra, -180.0), min(lon_high + extra, 180.0)],
            "lataxis_range": [max(spans["lat"][0], -85.0), min(spans["lat"][1], 85.0)]}


def map_figure(
    events: pd.DataFrame, *, selected: Iterable[str] = (), empty_message: str | None = None,
    translator: i18n.Translator | None = None, title: str | None = None, subtitle: str | None = None,
) -> go.Figure:
    """Where the events took place: a circle per place on a world map framed around them."""
    t = english_or(translator)
    title = title or t("map.title")
    rows = place_rows(events)
    if rows.empty:
        return _empty_figure(title, empty_message or t("map.no_places"))
    chosen = set(selected)
    colours = event_type_colours(sorted(set(rows["event_type"])))
    subtitle = subtitle_lines([subtitle or t("map.subtitle", places=t("map.places", count=rows["name"].nunique()),
                                             events=t("chart.events", count=rows["event_id"].nunique()))])
    title = title_lines(title)
    top_px = title_block_px(subtitle, title)
    circles: dict[str, dict[str, list]] = {}  # by the circle's main event type: the trace's points
    for (name, code), circle in rows.groupby(["name", "country_code"], sort=True):
        per_type = circle.drop_duplicates("event_id")["event_type"].value_counts()
        main = str(sorted(per_type.index, key=lambda kind: (-per_type[kind], kind))[0])
        count = circle["event_id"].nunique()
        country = circle["country"].iloc[0]
        where = escape_text(name if not country or country == name else f"{name} ({country})")
        kinds = "<br>".join(f"{escape_text(type_label(str(kind), t))}: {t('chart.events', count=int(n))}"
                            for kind, n in per_type.items())
        titles = "<br>".join(escape_text(text) for text in list(dict.fromkeys(circle["title"]))[:MAX_TITLES])
        points = circles.setdefault(main, {"key": [], "lat": [], "lon": [], "size": [], "hover": [], "picked": []})
        if chosen & set(circle["event_id"]):
            points["picked"].append(len(points["key"]))
        points["key"].append([name, code])
        points["lat"].append(float(circle["latitude"].iloc[0]))
        points["lon"].append(float(circle["longitude"].iloc[0]))
        points["size"].append(MIN_SIZE + SIZE_PER_ROOT * math.sqrt(count))
        points["hover"].append(f"<b>{where}</b><br>{kinds}<br><br>{titles}")
    traces = [
        go.Scattergeo(
            lat=points["lat"], lon=points["lon"], mode="markers", name=escape_text(type_label(kind, t)),
            marker={"size": points["size"], "color": colours[kind], "opacity": 0.85,
                    "line": {"width": 1, "color": "white"}},
            customdata=points["key"], hovertext=points["hover"], hovertemplate="%{hovertext}<extra></extra>",
            selectedpoints=points["picked"] if chosen else None,
        )
        for kind, points in sorted(circles.items())
    ]
    figure = go.Figure(traces)
    figure.update_geos(
        projection_type="equirectangular", showcountries=True, countrycolor="#9ca3af", showcoastlines=True,
        coastlinecolor="#6b7280", showframe=False, **_view(rows["latitude"].tolist(), rows["longitude"].tolist()),
    )
    height = int(top_px + MAP_PX)
    figure.update_layout(
        title=chart_title(title, subtitle),
        height=height,
        margin={"l": 10, "r": 10, "t": top_px + 30, "b": 10},
        font=CHART_FONT,
        legend=legend_under_title(t("chart.legend_types"), height, top_px),
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 13}},
        dragmode="zoom",
    )
    return figure
