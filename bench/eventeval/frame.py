"""Chronik's event table as the scorer sees it: one `ExtractedEvent` a row, from whatever columns are there.

Columns the scorer reads when present, and scores as missing when not: a PLOVER category or family
(`plover`, `plover_category`, `event_family`, `family`; else the CAMEO code through the PLOVER table), actor roles
(`actor1`/`actor2`, `source_actors`/`target_actors`), and places (`places`: a list of objects with `name` and
`country`, or of names).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from bench.eventeval.categories import fine_type_of, plover_of_cameo, plover_of_family
from bench.eventeval.scoring import ExtractedEvent, PlaceMention, SourceSpan

CATEGORY_COLUMNS = ("plover", "plover_category", "event_family", "family")
ROLE_COLUMNS = (("actor1", "actor2"), ("source_actors", "target_actors"))
PLACE_COLUMN = "places"


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _day(value: object) -> date | None:
    if _missing(value) or value == "":
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _names(value: object) -> tuple[str, ...]:
    if _missing(value):
        return ()
    if isinstance(value, str):
        if value.startswith("["):
            return _names(json.loads(value))
        return tuple(part.strip() for part in value.split(";") if part.strip())
    if isinstance(value, Mapping):
        return (str(value.get("name", "")),) if value.get("name") else ()
    return tuple(name for item in value for name in _names(item))  # type: ignore[union-attr]


def _places(value: object) -> tuple[PlaceMention, ...]:
    if _missing(value):
        return ()
    if isinstance(value, str):
        return _places(json.loads(value)) if value.startswith(("[", "{")) else (PlaceMention(value),)
    if isinstance(value, Mapping):
        return (PlaceMention(str(value.get("name") or ""), str(value.get("country") or "")),)
    return tuple(place for item in value for place in _places(item))  # type: ignore[union-attr]


def _sources(row: Mapping[str, Any]) -> tuple[SourceSpan, ...]:
    sources = row.get("sources")
    if isinstance(sources, str):
        sources = json.loads(sources)
    if _missing(sources) or not len(sources):  # type: ignore[arg-type]
        sources = [row]
    return tuple(
        SourceSpan(str(source["doc_id"]), int(source["char_start"]), int(source["char_end"]))
        for source in sources  # type: ignore[union-attr]
    )


def _category(row: Mapping[str, Any], columns: Iterable[str], plover_table: Mapping[str, str]) -> tuple[str, str]:
    """(PLOVER category or OTHER, the table's own family as written) of one row."""
    for column in columns:
        value = row.get(column)
        if not _missing(value) and str(value).strip():
            return plover_of_family(str(value)), str(value).strip()
    return plover_of_cameo(str(row.get("cameo_code") or ""), plover_table), ""


def events_from_frame(frame: pd.DataFrame, plover_table: Mapping[str, str]) -> list[ExtractedEvent]:
    """Every row of an event table as an `ExtractedEvent`."""
    category_columns = [column for column in CATEGORY_COLUMNS if column in frame.columns]
    roles = next((pair for pair in ROLE_COLUMNS if set(pair) <= set(frame.columns)), None)
    events = []
    for row in frame.to_dict("records"):
        start, end = _day(row.get("start")), _day(row.get("end"))
        plover, family = _category(row, category_columns, plover_table)
        event_type = "" if _missing(row.get("event_type")) else str(row["event_type"])
        events.append(
            ExtractedEvent(
                event_id=str(row["event_id"]),
                lang=str(row.get("lang") or ""),
                start=start,
                end=end,  # None: open or unknown; either way the event may reach later days
                actors=_names(row.get("actors")),
                sources=_sources(row),
                event_type=event_type,
                plover=plover,
                fine_type=fine_type_of(event_type, str(row.get("cameo_code") or "")),
                actor1=_names(row.get(roles[0])) if roles else None,
                actor2=_names(row.get(roles[1])) if roles else None,
                places=_places(row.get(PLACE_COLUMN)) if PLACE_COLUMN in frame.columns else None,
                family=family,
                title="" if _missing(row.get("title")) else str(row["title"]),
            )
        )
    return events
