"""Which events are selected, read from the chart's and the table's selection events: pure functions.

The app keeps the selection as a list of event ids in the session. The timeline reports selected marks (each
mark's `customdata` starts with its event id), the counts and co-occurrence views report the keys of their bars and
cells (`chart_selection_keys`; dashboard/marks.py finds their events), the table reports row positions (in the
order `table_event_ids` gives); all are translated to event ids, and back to row positions so the table shows a
selection made in a chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def chart_selection_ids(state: Mapping[str, Any] | None, known: Iterable[str] | None = None) -> list[str]:
    """Event ids of the timeline marks selected (points or a box), in the order selected, each once.

    A timeline mark's customdata starts with its event id. Marks of the heat strip (no event id) and ids not in
    `known` are ignored."""
    known_ids = set(known) if known is not None else None
    ids = [data[0] for data in _selected_customdata(state) if data and isinstance(data[0], str)]
    return [event_id for event_id in dict.fromkeys(ids) if known_ids is None or event_id in known_ids]


def chart_selection_keys(state: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
    """The customdata of each selected point as a tuple, in the order selected, each once: the keys of the bars
    or cells selected in the counts or co-occurrence view (dashboard/marks.py turns them into events)."""
    return list(dict.fromkeys(tuple(data) for data in _selected_customdata(state) if data))


def _selected_customdata(state: Mapping[str, Any] | None) -> list[list[Any]]:
    """Each selected point's customdata that is a list of plain values (text or numbers); others are skipped."""
    selection = (state or {}).get("selection") or {}
    found = []
    for point in selection.get("points") or []:
        data = _as_list(point.get("customdata")) if isinstance(point, Mapping) else None
        if isinstance(data, list | tuple) and all(isinstance(value, str | int | float) for value in data):
            found.append(list(data))
    return found


def _as_list(value: Any) -> Any:
    """A list that the browser sent as an object: Streamlit (1.67) turns arrays nested in a point's data into
    {"0": ..., "1": ...}, so a point's customdata may arrive that way."""
    if isinstance(value, Mapping) and value and all(isinstance(key, str) and key.isdigit() for key in value):
        return [value[key] for key in sorted(value, key=int)]
    return value


def table_selection_ids(state: Mapping[str, Any] | None, row_ids: Sequence[str]) -> list[str]:
    """Event ids of the rows selected in the table; `row_ids` are the table's event ids in row order."""
    selection = (state or {}).get("selection") or {}
    rows = selection.get("rows") or []
    return list(dict.fromkeys(row_ids[row] for row in rows if isinstance(row, int) and 0 <= row < len(row_ids)))


def table_rows(selected: Iterable[str], row_ids: Sequence[str]) -> list[int]:
    """The table rows showing the selected events (selected events the filters hide have no row)."""
    wanted = set(selected)
    return [row for row, event_id in enumerate(row_ids) if event_id in wanted]


def table_selection_state(rows: Sequence[int]) -> dict[str, dict[str, list[Any]]]:
    """The value a dataframe widget takes as its selection when set through the session state."""
    return {"selection": {"rows": list(rows), "columns": [], "cells": []}}


def still_shown(selected: Iterable[str], shown: Iterable[str]) -> list[str]:
    """The selected ids that are still among the shown events (a correction or a filter may drop some)."""
    shown_ids = set(shown)
    return [event_id for event_id in selected if event_id in shown_ids]
