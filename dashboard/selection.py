"""Which events are selected, read from the chart's and the table's selection events: pure functions.

The app keeps the selection as a list of event ids in the session. The chart reports selected marks (each mark's
`customdata` starts with its event id), the table reports row positions (in the order `table_event_ids` gives);
both are translated to event ids here, and back to row positions so the table shows a selection made in the
chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def chart_selection_ids(state: Mapping[str, Any] | None, known: Iterable[str] | None = None) -> list[str]:
    """Event ids of the marks selected in a chart (points or a box), in the order selected, each once.

    A timeline mark's customdata starts with its event id; a bar or cell of the counts-over-time and
    co-occurrence views (dashboard/views.py) starts with the list of event ids it counts. Marks of the heat
    strip (no event id) and ids not in `known` are ignored."""
    selection = (state or {}).get("selection") or {}
    known_ids = set(known) if known is not None else None
    ids: list[str] = []
    for point in selection.get("points") or []:
        data = _as_list(point.get("customdata")) if isinstance(point, Mapping) else None
        first = _as_list(data[0]) if isinstance(data, list | tuple) and data else data
        for event_id in first if isinstance(first, list | tuple) else [first]:
            if isinstance(event_id, str) and (known_ids is None or event_id in known_ids):
                ids.append(event_id)
    return list(dict.fromkeys(ids))


def _as_list(value: Any) -> Any:
    """A list that the browser sent as an object: Streamlit (1.67) turns arrays nested in a point's customdata
    into {"0": ..., "1": ...}, so a bar's or cell's list of event ids arrives that way."""
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
