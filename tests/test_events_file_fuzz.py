"""Malformed events files: whatever is in a CSV, JSON or Parquet file, `read_events` returns a schema-conformant
table or raises `EventsFileError` naming the file and what is wrong; never another exception (which `chronik app
--events`, `chronik export` and the dashboard would report as an internal error). A bounded fuzz: values swapped
for hostile ones inside records and inside their sources, bytes cut off or flipped."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dashboard_fixtures import events_frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.io import EventsFileError, events_to_bytes, read_events
from events.schema import COLUMN_NAMES, MENTION_COLUMNS, is_conformed

HOSTILE_VALUES: tuple[Any, ...] = (
    None, True, 0, -1, 2**70, 1e308, 1.5, "inf", "-inf", "nan", "", "x", "9999-99-99", "0000-01-01", "10000-01-01",
    "2020-02-30", "18446744073709551616", "1" * 5000, [], [1], ["a", {"b": 1}], {}, {"start": {}}, "[",
    '[{"start": {}}]', "=HYPERLINK(1)", "\x00", "2020-01-01T25:00",
)
BASE_RECORDS: list[dict[str, Any]] = json.loads(events_to_bytes(events_frame(), "json"))

record_edits = st.lists(
    st.tuples(st.integers(0, len(BASE_RECORDS) - 1), st.booleans(),
              st.sampled_from((*COLUMN_NAMES, "extra")), st.sampled_from(HOSTILE_VALUES)),
    min_size=1, max_size=4,
)


def edited(edits: list[tuple[int, bool, str, Any]]) -> list[dict[str, Any]]:
    records = json.loads(json.dumps(BASE_RECORDS))
    for row, in_source, column, value in edits:
        sources = records[row].get("sources")
        in_source = in_source and column in MENTION_COLUMNS and isinstance(sources, list) and sources \
            and isinstance(sources[0], dict)
        target = sources[0] if in_source else records[row]
        target[column] = value
    return records


def as_file(records: list[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(records).encode()
    table = pd.DataFrame(records)
    for column in table.columns:  # nested values as JSON text, as Chronik writes them in CSV and Parquet
        table[column] = table[column].map(lambda v: json.dumps(v) if isinstance(v, list | dict) else v)
    if fmt == "csv":
        return table.to_csv(index=False).encode()
    buffer = io.BytesIO()
    table.astype(object).map(lambda v: None if v is None else str(v)).to_parquet(buffer)
    return buffer.getvalue()


def assert_read_or_refused(data: bytes, fmt: str) -> None:
    try:
        table = read_events(data, fmt=fmt)
    except EventsFileError as error:
        assert str(error).startswith("events data: "), error
        return
    assert is_conformed(table)


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(edits=record_edits, fmt=st.sampled_from(["json", "csv", "parquet"]))
def test_hostile_values_in_events_and_their_sources_are_read_or_refused(edits: list[tuple[int, bool, str, Any]],
                                                                         fmt: str) -> None:
    assert_read_or_refused(as_file(edited(edits), fmt), fmt)


@FUZZ
@given(fmt=st.sampled_from(["json", "csv", "parquet"]), cut=st.floats(0.0, 1.0),
       flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=6))
def test_cut_and_flipped_bytes_are_read_or_refused(fmt: str, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(events_to_bytes(events_frame(), fmt))
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    assert_read_or_refused(bytes(data[: max(1, int(cut * len(data)))] if cut < 1 else data), fmt)


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("char_end", "inf", "column 'char_end' holds values that are not whole numbers: 'inf' (row 3)"),
    ("date_char_start", 1.5, "column 'date_char_start' holds values that are not whole numbers: 1.5 (row 3)"),
    ("start", [1], "column 'start' holds values that are not dates"),
])
def test_the_refusal_names_the_file_the_column_and_the_value(column: str, value: Any, reason: str,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(edited([(2, False, column, value)])), encoding="utf-8")
    with pytest.raises(EventsFileError, match=f"^{re.escape(str(path))}: is not a Chronik events file: ") as refused:
        read_events(path)
    assert reason in str(refused.value)


def test_a_source_whose_start_is_an_object_is_named() -> None:
    records = edited([(1, True, "start", {"x": 1})])
    with pytest.raises(EventsFileError, match="column 'sources' holds an entry whose 'start' is not a date"):
        read_events(json.dumps(records).encode(), fmt="json")
