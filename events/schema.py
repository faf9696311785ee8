"""The one schema of the event dataframe.

Every producer (`extract_events`, readers of CSV/JSON/Parquet files) ends with `conform(df)`, so every consumer
(dashboard, exports, CLI) can rely on these columns and dtypes. Dates are day-resolution timestamps (second unit, so
years before 1677 fit); `end` is the last day the event may cover (inclusive) and is NaT when the end is open
("ab dem 13. August 2020").

A row is one happening. Its `sources` are the mentions it was merged from (`events.merge`), each a plain JSON
object with the mention columns (`MENTION_COLUMNS`); a row that was never merged has itself as its one source.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("event_id", "string", "stable id: document id, sentence and date offsets"),
    Column("doc_id", "string", "id of the source document"),
    Column("doc_title", "string", "title (headline) of the source document"),
    Column("url", "string", "address of the source document, where known (page, collection record)"),
    Column("lang", "string", "language of the source document (ISO 639-1)"),
    Column("start", "datetime64[s]", "first day the event may cover; NaT when unresolved"),
    Column("end", "datetime64[s]", "last day the event may cover (inclusive); NaT when open or unresolved"),
    Column("precision", "string", "time, day, week, month, quarter, half, season, year, decade, century, "
           "approximate or unresolved"),
    Column("timex", "string", "TIMEX3 value of the date expression, e.g. 2020-08, 2024-W49, PAST_REF"),
    Column("timex_mod", "string", "TIMEX3 mod (START, MID, END, BEFORE, AFTER, ON_OR_AFTER, APPROX ...) or empty"),
    Column("date_text", "string", "the date as written in the article"),
    Column("date_inferred", "bool", "the sentence has no date of its own; the date comes from its passage"),
    Column("date_vague", "bool", "the interval is an estimate (kürzlich, Anfang 2022, about 1990)"),
    Column("date_resolved", "bool", "false when a relative date could not be anchored (no document date)"),
    Column("open_start", "bool", "the event may have begun before `start` (bis, before)"),
    Column("open_end", "bool", "the event goes on past `start` with no known end (ab, seit, since)"),
    Column("title", "string", "short title in the article's language"),
    Column("event_type", "string", "event type from the taxonomy (treaty, election, protest, ...)"),
    Column("cameo_code", "string", "CAMEO root code of the event type"),
    Column("actors", "object", "list of canonical actor names"),
    Column("sentence", "string", "the sentence the event was read from"),
    Column("char_start", "int64", "offset of the sentence's first character in the document text"),
    Column("char_end", "int64", "offset just past the sentence's last character"),
    Column("date_char_start", "Int64", "offset of the date expression in the document text (empty if inferred)"),
    Column("date_char_end", "Int64", "offset just past the date expression"),
    Column("sources", "object", "the mentions merged into this event: list of objects, each with the columns "
           "event_id to date_char_end of its own mention (doc_id, sentence, offsets, date_text, timex, start, end)"),
    Column("source_count", "int64", "number of mentions merged into this event (1 if it was not merged)"),
    Column("date_conflict", "bool", "two firm dates of the same precision among the sources disagree "
           "(6 vs 5 December)"),
    Column("date_candidates", "object", "the distinct dates the sources give, most given first: list of "
           "{value, count}; value is a day, 'first..last', 'first..' (open end), '..last' or 'unresolved'"),
    Column("merge_notes", "string", "why the sources were merged: one line per join, naming the rule"),
    Column("unregistered_actors", "object", "names of people in the sentence who are not in the actor registry "
           "(found by a given name or a title), as written"),
    # The analyst's corrections (events.corrections): set by apply_corrections, defaults everywhere else.
    Column("hidden", "bool", "the analyst marked the event as false; hidden events are left out unless asked for"),
    Column("corrected", "bool", "the analyst changed the event (date, actors, type, title, merge, split) or added it"),
    Column("correction_notes", "string", "the corrections applied to the event, one line each: number, change, "
           "author, note"),
    Column("correction_revision", "int64", "number of the latest correction concerning the event (0 if none); "
           "pass it back with a correction to detect that someone else changed the event meanwhile"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
DATE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype.startswith("datetime"))
BOOL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype == "bool")
LIST_COLUMNS: tuple[str, ...] = ("actors", "unregistered_actors")
# Nested values (lists of objects): JSON text in CSV files, native in JSON and Parquet.
JSON_COLUMNS: tuple[str, ...] = ("sources", "date_candidates")
# The columns of one mention: what each entry of `sources` holds.
MENTION_COLUMNS: tuple[str, ...] = COLUMN_NAMES[: COLUMN_NAMES.index("date_char_end") + 1]


class SchemaError(ValueError):
    """An events table lacks required columns or holds values of the wrong kind."""


def empty_events() -> pd.DataFrame:
    """An event table with no rows and the full schema."""
    return conform(pd.DataFrame({name: [] for name in COLUMN_NAMES}))


def _as_actor_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        # CSV files store the list as "A; B"; JSON already gives a list.
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, float) and pd.isna(value):
        return []
    try:
        return [str(item) for item in value]  # type: ignore[union-attr]
    except TypeError:
        return [str(value)]


def interval_label(start: object, end: object, open_start: bool = False, open_end: bool = False) -> str:
    """A date span as one comparable string: "2024-12-06", "2024-11-17..2024-12-15", "2020-08-13.." (open end),
    "..2020-08-31" (open start) or "unresolved"."""
    first, last = _iso_day(start), _iso_day(end)
    if first is None and last is None:
        return "unresolved"
    if first is not None and first == last:
        return first
    return f"{'' if open_start or first is None else first}..{'' if open_end or last is None else last}"


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _iso_day(value: object) -> str | None:
    if _missing(value) or value == "":
        return None
    if not isinstance(value, date | datetime):
        value = pd.Timestamp(value)  # type: ignore[arg-type]
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"  # type: ignore[union-attr]


def _is_iso_day(value: str) -> bool:
    if len(value) != 10 or value[4] != "-":
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _already_plain(value: object, dtype: str) -> bool:
    """Whether `value` is already what `_plain` makes of it, as in files Chronik wrote; checking is much cheaper
    than converting, and a file holds one such value per mention and column."""
    kind = type(value)
    if dtype.startswith("datetime"):
        return value is None or (kind is str and _is_iso_day(value))  # type: ignore[arg-type]
    if dtype == "Int64":
        return value is None or kind is int
    if dtype == "int64":
        return kind is int
    if dtype == "bool":
        return kind is bool
    if dtype == "object":
        return kind is list and all(type(item) is str for item in value)  # type: ignore[attr-defined]
    return kind is str


def _plain(value: object, dtype: str) -> object:
    """One mention value as plain JSON, by the dtype of its column."""
    if _already_plain(value, dtype):
        return value
    if dtype.startswith("datetime"):
        return _iso_day(value)
    if dtype == "Int64":
        return None if _missing(value) else int(value)  # type: ignore[call-overload]
    if dtype == "int64":
        return 0 if _missing(value) else int(value)  # type: ignore[call-overload]
    if dtype == "bool":
        return value.lower() in ("true", "1", "yes") if isinstance(value, str) else bool(not _missing(value) and value)
    if dtype == "object":
        return _as_actor_list(value)
    return "" if _missing(value) else str(value)


_MENTION_DTYPES: dict[str, str] = {c.name: c.dtype for c in COLUMNS if c.name in MENTION_COLUMNS}


def mention_record(values: Mapping[str, Any]) -> dict[str, Any]:
    """A mention as a `sources` entry: the mention columns, each as plain JSON (dates as YYYY-MM-DD)."""
    return {name: _plain(values.get(name), dtype) for name, dtype in _MENTION_DTYPES.items()}


def _parsed_json(value: object, column: str) -> object:
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)  # CSV files hold the nested values as JSON text
        except json.JSONDecodeError as error:
            raise SchemaError(f"column {column!r} holds text that is not JSON: {error}") from None
    if hasattr(value, "tolist"):  # numpy arrays from Parquet
        return value.tolist()  # type: ignore[union-attr]
    return None if _missing(value) else value


def _as_sources(value: object, row: Callable[[], Mapping[str, Any]]) -> list[dict[str, Any]]:
    parsed = _parsed_json(value, "sources")
    if not isinstance(parsed, list | tuple) or not parsed:
        return [mention_record(row())]
    if not all(isinstance(item, Mapping) for item in parsed):
        raise SchemaError("column 'sources' holds values that are not lists of objects")
    return [mention_record(item) for item in parsed]


def _as_candidates(value: object, row_of: Callable[[], Mapping[str, Any]]) -> list[dict[str, Any]]:
    parsed = _parsed_json(value, "date_candidates")
    if not isinstance(parsed, list | tuple) or not parsed:
        row = row_of()
        label = interval_label(row.get("start"), row.get("end"), bool(row.get("open_start")),
                               bool(row.get("open_end")))
        return [{"value": label, "count": 1}]
    try:
        return [{"value": str(item["value"]), "count": int(item["count"])} for item in parsed]
    except (TypeError, KeyError, ValueError):
        raise SchemaError("column 'date_candidates' holds values that are not lists of {value, count}") from None


def _bare(value: object) -> bool:
    """Whether a sources or date_candidates value is empty, so the row's own values stand in for it."""
    if isinstance(value, str):
        return not value.strip() or value.strip() in ("[]", "null")
    if hasattr(value, "__len__"):
        return len(value) == 0  # type: ignore[arg-type]
    return _missing(value)


def _conform_nested(frame: pd.DataFrame, out: pd.DataFrame) -> None:
    """Fill the merge columns of `out` (already conformed up to them) from `frame`: a row without sources
    is its own one source."""
    given = {name: frame[name].tolist() if name in frame.columns else [None] * len(frame) for name in JSON_COLUMNS}
    # A row's own values are needed only where it has no sources or candidates of its own; turning 100,000 rows
    # into dicts costs seconds, so only those rows are.
    bare = [_bare(sources) or _bare(candidates) for sources, candidates in
            zip(given["sources"], given["date_candidates"], strict=True)]
    positions = [position for position, is_bare in enumerate(bare) if is_bare]
    columns = list(MENTION_COLUMNS)
    records = out.iloc[positions][columns].to_dict(orient="records") if positions else []
    rows: dict[int, Mapping[str, Any]] = dict(zip(positions, records, strict=True))

    def row_at(position: int) -> Callable[[], Mapping[str, Any]]:
        # Other rows (a value that is not an empty list but no list either) are read one by one when needed.
        return lambda: rows.get(position) or out.iloc[position][columns].to_dict()

    sources = [_as_sources(value, row_at(i)) for i, value in enumerate(given["sources"])]
    candidates = [_as_candidates(value, row_at(i)) for i, value in enumerate(given["date_candidates"])]
    out["sources"] = pd.Series(sources, index=out.index, dtype=object)
    out["date_candidates"] = pd.Series(candidates, index=out.index, dtype=object)
    counts = (pd.to_numeric(frame["source_count"], errors="coerce").tolist() if "source_count" in frame.columns
              else [None] * len(frame))
    out["source_count"] = pd.Series(
        [len(s) if _missing(count) or count < 1 else int(count) for s, count in zip(sources, counts, strict=True)],
        index=out.index, dtype="int64",
    )


def is_conformed(frame: pd.DataFrame) -> bool:
    """Whether `frame` is as `conform` leaves it (so conforming it again would change nothing): the schema's
    columns first, in order, with their dtypes (the string and second-resolution date columns only `conform`
    makes), a plain 0..n-1 index, and nested columns that hold lists, as `conform` parses them. Cheap: it looks
    at the dtypes and at the type of each nested value, not into the values."""
    if tuple(frame.columns[: len(COLUMN_NAMES)]) != COLUMN_NAMES or not isinstance(frame.index, pd.RangeIndex):
        return False
    if frame.index.start != 0 or frame.index.step != 1:
        return False
    if not frame.dtypes.iloc[: len(COLUMN_NAMES)].equals(_conformed_dtypes()):
        return False
    return all(type(value) is list for name in (*JSON_COLUMNS, *LIST_COLUMNS) for value in frame[name]) and all(
        len(sources) > 0 for sources in frame["sources"])


@cache
def _conformed_dtypes() -> pd.Series:
    return empty_events().dtypes


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with exactly the schema's columns, in order and with their dtypes.

    Missing optional columns are filled with empty values; missing core columns raise `SchemaError`.
    Extra columns are kept after the schema's columns, so extensions survive a round trip.
    """
    required = {"start", "sentence"}
    missing = required - set(frame.columns)
    if missing:
        raise SchemaError(f"events table lacks column(s): {', '.join(sorted(missing))}")
    out = pd.DataFrame(index=frame.index)
    for column in COLUMNS:
        values = frame[column.name] if column.name in frame.columns else None
        if column.name in JSON_COLUMNS or column.name == "source_count":
            out[column.name] = pd.Series(None, index=frame.index, dtype=object)  # placeholder, keeps the order
        elif column.name in LIST_COLUMNS:
            source = values if values is not None else [None] * len(frame)
            out[column.name] = pd.Series([_as_actor_list(v) for v in source], index=frame.index, dtype=object)
        elif column.dtype.startswith("datetime"):
            if values is None:
                out[column.name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
            else:
                try:
                    parsed = pd.to_datetime(values, errors="raise", format="mixed")
                except (ValueError, TypeError) as error:
                    raise SchemaError(f"column {column.name!r} holds values that are not dates: {error}") from None
                if getattr(parsed.dt, "tz", None) is not None:
                    parsed = parsed.dt.tz_localize(None)
                out[column.name] = parsed.astype("datetime64[s]")
        elif column.dtype == "bool":
            out[column.name] = (
                values.astype(object).where(values.notna(), False).astype(str).str.lower().isin(["true", "1", "yes"])
                if values is not None and values.dtype != bool
                else (values if values is not None else pd.Series(False, index=frame.index))
            ).astype(bool)
        elif column.dtype in ("int64", "Int64"):
            numbers = pd.to_numeric(values, errors="coerce") if values is not None else pd.Series(
                pd.NA, index=frame.index, dtype="Int64")
            out[column.name] = numbers.astype("Int64") if column.dtype == "Int64" else numbers.fillna(0).astype(
                "int64")
        else:
            text = values if values is not None else pd.Series("", index=frame.index)
            out[column.name] = text.astype("string").fillna("")
    _conform_nested(frame, out)
    extras = [name for name in frame.columns if name not in COLUMN_NAMES]
    for name in extras:
        out[name] = frame[name]
    return out.reset_index(drop=True)
