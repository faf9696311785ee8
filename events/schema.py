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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str


def _column(dtype: str, description: str, *, in_sources: bool = True) -> Any:
    """A field of `EventMention` that is a column of the event table: its dtype and description are the column's.
    dtypes: "string", "bool", "int64", "Int64" (may be missing), "float64" (missing is NaN), "datetime64[s]" (a
    `date` or None) and "object" (a list of strings). `in_sources`: whether a `sources` entry keeps it (a
    mention's own facts do; what merging unites does not)."""
    metadata = {"dtype": dtype, "description": description, "in_sources": in_sources}
    if dtype == "object":
        return field(default_factory=list, metadata=metadata)
    default = {"string": "", "bool": False, "int64": 0}.get(dtype)
    return field(default=default, metadata=metadata)


@dataclass(slots=True)
class EventMention:
    """One mention of a happening as extraction finds it: a date in a sentence, with its type and actors.

    Plain data, cheap to make and to send between processes; the event table is built from a batch of them at
    once (`mentions_frame`). Each field is a column of that table, declared here once: to add one, add a field
    with `_column(dtype, description)` and set it where the mention is made (events/extract.py); the schema,
    the `sources` entries, the files and merging follow. Defaults stand in where a producer does not set it.
    """

    event_id: str = _column("string", "stable id: document id, sentence and date offsets")
    doc_id: str = _column("string", "id of the source document")
    doc_title: str = _column("string", "title (headline) of the source document")
    url: str = _column("string", "address of the source document, where known (page, collection record)")
    doc_date: date | None = _column("datetime64[s]", "publication date of the source document, where known")
    lang: str = _column("string", "language of the source document (ISO 639-1)")
    start: date | None = _column("datetime64[s]", "first day the event may cover; NaT when unresolved")
    end: date | None = _column(
        "datetime64[s]", "last day the event may cover (inclusive); NaT when open or unresolved")
    precision: str = _column("string", "time, day, week, month, quarter, half, season, year, decade, century, "
                             "approximate or unresolved")
    timex: str = _column("string", "TIMEX3 value of the date expression, e.g. 2020-08, 2024-W49, PAST_REF")
    timex_mod: str = _column(
        "string", "TIMEX3 mod (START, MID, END, BEFORE, AFTER, ON_OR_AFTER, APPROX ...) or empty")
    date_text: str = _column("string", "the date as written in the article")
    date_inferred: bool = _column("bool", "the sentence has no date of its own; the date comes from its passage")
    date_vague: bool = _column("bool", "the interval is an estimate (kürzlich, Anfang 2022, about 1990)")
    date_resolved: bool = _column("bool", "false when a relative date could not be anchored (no document date)")
    open_start: bool = _column("bool", "the event may have begun before `start` (bis, before)")
    open_end: bool = _column("bool", "the event goes on past `start` with no known end (ab, seit, since)")
    title: str = _column("string", "short title in the article's language")
    event_type: str = _column("string", "event type from the taxonomy (treaty, election, protest, ...)")
    cameo_code: str = _column("string", "CAMEO root code of the event type")
    plover: str = _column("string", "PLOVER 2021 category of the event type (AGREE ... ASSAULT); OTHER where PLOVER "
                          "codes none (statements, elections, laws, commemorations, disasters, other)")
    actors: list[str] = _column("object", "list of canonical actor names")
    sentence: str = _column("string", "the sentence the event was read from")
    char_start: int = _column("int64", "offset of the sentence's first character in the document text")
    char_end: int = _column("int64", "offset just past the sentence's last character")
    date_char_start: int | None = _column(
        "Int64", "offset of the date expression in the document text (empty if inferred)")
    date_char_end: int | None = _column("Int64", "offset just past the date expression")
    places: list[dict[str, Any]] = _column(
        "object", "where the event took place, nearest to it first: list of {name, country, country_code, latitude, "
        "longitude, kind} from the GeoNames gazetteer (kind: city or country)")
    unregistered_actors: list[str] = _column(
        "object", "names of people in the sentence who are not in the actor registry (found by a given name or a "
        "title), as written", in_sources=False)
    actor1: list[str] = _column(
        "object", "the actors who act (sign, attack, arrest): canonical names, a subset of actors", in_sources=False)
    actor2: list[str] = _column(
        "object", "the actors acted on (attacked, arrested, met): canonical names, a subset of actors",
        in_sources=False)


def _mention_columns(*, in_sources: bool) -> tuple[Column, ...]:
    return tuple(
        Column(f.name, f.metadata["dtype"], f.metadata["description"])
        for f in fields(EventMention) if f.metadata["in_sources"] == in_sources
    )


# What merging adds: one row stands for all the mentions of a happening (events.merge).
_MERGE_COLUMNS: tuple[Column, ...] = (
    Column("sources", "object", "the mentions merged into this event: list of objects, each with the columns "
           "event_id to date_char_end of its own mention (doc_id, sentence, offsets, date_text, timex, start, end)"),
    Column("source_count", "int64", "number of mentions merged into this event (1 if it was not merged)"),
    Column("date_conflict", "bool", "two firm dates of the same precision among the sources disagree "
           "(6 vs 5 December)"),
    Column("date_candidates", "object", "the distinct dates the sources give, most given first: list of "
           "{value, count}; value is a day, 'first..last', 'first..' (open end), '..last' or 'unresolved'"),
    Column("merge_notes", "string", "why the sources were merged: one line per join, naming the rule"),
)

# The analyst's corrections (events.corrections): set by apply_corrections, defaults everywhere else.
_CORRECTION_COLUMNS: tuple[Column, ...] = (
    Column("hidden", "bool", "the analyst marked the event as false; hidden events are left out unless asked for"),
    Column("corrected", "bool", "the analyst changed the event (date, actors, type, title, merge, split) or added it"),
    Column("correction_notes", "string", "the corrections applied to the event, one line each: number, change, "
           "author, note"),
    Column("correction_revision", "int64", "number of the latest correction concerning the event (0 if none); "
           "pass it back with a correction to detect that someone else changed the event meanwhile"),
)

# A mention's own columns first (what a `sources` entry holds), then merging's, the mention's columns merging
# unites, and the corrections'.
COLUMNS: tuple[Column, ...] = (
    *_mention_columns(in_sources=True),
    *_MERGE_COLUMNS,
    *_mention_columns(in_sources=False),
    *_CORRECTION_COLUMNS,
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
DATE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype.startswith("datetime"))
BOOL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype == "bool")
# Nested values (lists of objects): JSON text in CSV files, native in JSON and Parquet.
JSON_COLUMNS: tuple[str, ...] = ("sources", "date_candidates", "places")
# The keys of each entry of `places`.
PLACE_KEYS: tuple[str, ...] = ("name", "country", "country_code", "latitude", "longitude", "kind")
# Lists of names: "A; B" in CSV files.
LIST_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype == "object" and c.name not in JSON_COLUMNS)
# The columns of one mention: what each entry of `sources` holds.
MENTION_COLUMNS: tuple[str, ...] = tuple(column.name for column in _mention_columns(in_sources=True))
# Every column an `EventMention` fills.
RECORD_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(EventMention))


class SchemaError(ValueError):
    """An events table lacks required columns or holds values of the wrong kind."""


def empty_events() -> pd.DataFrame:
    """An event table with no rows and the full schema."""
    return _empty_events().copy()


@cache
def _empty_events() -> pd.DataFrame:
    # Conforming costs a tenth of a second even with no rows; many documents have no events.
    return conform(pd.DataFrame({name: [] for name in COLUMN_NAMES}))


def mentions_frame(mentions: Sequence[EventMention]) -> pd.DataFrame:
    """The event table of a batch of mentions, one row each, unmerged (each its own one source).

    The schema is applied here, once for the whole batch: conforming costs a tenth of a second however few rows
    there are, so doing it per document would cost more than extracting most articles."""
    if not mentions:
        return empty_events()
    return conform(pd.DataFrame({name: [getattr(m, name) for m in mentions] for name in RECORD_COLUMNS}))


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
    if _missing(value) or (isinstance(value, str) and value == ""):
        return None
    if not isinstance(value, date | datetime):
        if not isinstance(value, str | int | float) and not hasattr(value, "item"):
            raise ValueError(f"{_shown(value)} is not a date")
        value = pd.Timestamp(value)  # type: ignore[arg-type]
        if _missing(value):
            return None
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
    if dtype == "float64":
        return value is None or (kind is float and not math.isnan(value))  # type: ignore[arg-type]
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
        return None if _missing(value) else _whole_number(value)
    if dtype == "int64":
        return 0 if _missing(value) else _whole_number(value)
    if dtype == "float64":
        return None if _missing(value) else float(value)  # type: ignore[arg-type]
    if dtype == "bool":
        return value.lower() in ("true", "1", "yes") if isinstance(value, str) else bool(not _missing(value) and value)
    if dtype == "object":
        return _as_actor_list(value)
    return "" if _missing(value) else str(value)


def _whole_number(value: object) -> int:
    """An offset or count as an int; ValueError for anything else (inf, 1.5, "abc", a list)."""
    if isinstance(value, bool) or (not isinstance(value, int | float | str) and not hasattr(value, "item")):
        raise ValueError(f"{_shown(value)} is not a whole number")
    number = float(value) if not isinstance(value, int) else value  # type: ignore[arg-type]
    if not isinstance(number, int) and (not math.isfinite(number) or not number.is_integer()):
        raise ValueError(f"{_shown(value)} is not a whole number")
    whole = int(number)
    if not _INT64_MIN <= whole <= _INT64_MAX:
        raise ValueError(f"{_shown(value)} is too large")
    return whole


def _shown(value: object) -> str:
    """A value for an error message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_MENTION_DTYPES: dict[str, str] = {c.name: c.dtype for c in COLUMNS if c.name in MENTION_COLUMNS}


def mention_record(values: Mapping[str, Any]) -> dict[str, Any]:
    """A mention as a `sources` entry: the mention columns, each as plain JSON (dates as YYYY-MM-DD). Raises
    `SchemaError` naming the field for a value that is not of its column's kind."""
    record = {}
    for name, dtype in _MENTION_DTYPES.items():
        value = values.get(name)
        try:
            record[name] = _as_places(value) if name == "places" else _plain(value, dtype)
        except (ValueError, TypeError, OverflowError) as error:
            raise SchemaError(f"column 'sources' holds an entry whose {name!r} is not {_KINDS.get(dtype, dtype)}: "
                              f"{_first_line(error)}") from None
    return record


# What a column's values are, for error messages.
_KINDS = {"datetime64[s]": "a date", "Int64": "a whole number", "int64": "a whole number", "float64": "a number",
          "bool": "true or false", "object": "a list", "string": "text"}


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _parsed_json(value: object, column: str) -> object:
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)  # CSV files hold the nested values as JSON text
        except (ValueError, RecursionError) as error:  # bad JSON, nested too deep, a number of 5,000 digits
            raise SchemaError(f"column {column!r} holds text that is not JSON: {_first_line(error)}") from None
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


def _as_places(value: object) -> list[dict[str, Any]]:
    """A `places` value as a list of {name, country, country_code, latitude, longitude, kind}."""
    parsed = _parsed_json(value, "places")
    if not isinstance(parsed, list | tuple):
        return []
    places = []
    for item in parsed:
        if not isinstance(item, Mapping) or not item.get("name"):
            raise SchemaError("column 'places' holds values that are not lists of places with a name")
        place: dict[str, Any] = {key: item.get(key) for key in PLACE_KEYS}
        for key in ("latitude", "longitude"):
            number = pd.to_numeric(place[key], errors="coerce")
            place[key] = None if _missing(number) else float(number)
        for key in ("name", "country", "country_code", "kind"):
            place[key] = "" if _missing(place[key]) else str(place[key])
        places.append(place)
    return places


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
        [len(s) if _missing(count) or not math.isfinite(count) or count < 1 or count > _INT64_MAX else int(count)
         for s, count in zip(sources, counts, strict=True)],
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


def _dates(values: pd.Series, column: str) -> pd.Series:
    """A column of dates as day timestamps; SchemaError naming the column for a value that is no date."""
    try:
        parsed = pd.to_datetime(values, errors="raise", format="mixed")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        return parsed.astype("datetime64[s]")
    except (ValueError, TypeError, OverflowError) as error:  # pandas' parse and bounds errors are ValueErrors
        raise SchemaError(f"column {column!r} holds values that are not dates: {_first_line(error)}") from None


def _no_containers(values: pd.Series) -> pd.Series:
    """Lists and objects in a column of numbers as missing, as text that is no number is."""
    return values.map(lambda v: None if isinstance(v, list | dict | tuple) else v) if values.dtype == object else values


def _whole_numbers(values: pd.Series, column: str) -> pd.Series:
    """A column of offsets or counts as Int64 (missing stays missing, text that is no number too, as before);
    SchemaError naming the column for a number that is no whole number within int64 (inf, 1.5, 1e30)."""
    numbers = pd.to_numeric(_no_containers(values), errors="coerce")
    as_float = numbers.astype("float64")
    bad = ~as_float.isna() & (~np.isfinite(as_float) | (as_float % 1 != 0) | (as_float.abs() > 2.0**63 - 1024))
    if bad.any():
        position = int(np.argmax(bad.to_numpy()))
        first = values.iloc[position]
        first = first.item() if hasattr(first, "item") else first
        raise SchemaError(f"column {column!r} holds values that are not whole numbers: {_shown(first)} (row "
                          f"{position + 1})")
    if numbers.dtype.kind == "f":
        return as_float.astype("Int64")
    return numbers.astype("Int64")


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with exactly the schema's columns, in order and with their dtypes.

    Missing optional columns are filled with empty values; missing core columns raise `SchemaError`.
    Extra columns are kept after the schema's columns, so extensions survive a round trip.
    """
    required = {"start", "sentence"}
    missing = required - set(frame.columns)
    if missing:
        raise SchemaError(f"events table lacks column(s): {', '.join(sorted(missing))}")
    if not frame.columns.is_unique:
        twice = sorted({str(name) for name in frame.columns[frame.columns.duplicated()]})
        raise SchemaError(f"column(s) {', '.join(map(repr, twice))} appear more than once")
    out = pd.DataFrame(index=frame.index)
    for column in COLUMNS:
        values = frame[column.name] if column.name in frame.columns else None
        if column.name == "places":
            source = values.tolist() if values is not None else [None] * len(frame)
            out[column.name] = pd.Series([_as_places(v) for v in source], index=frame.index, dtype=object)
        elif column.name in JSON_COLUMNS or column.name == "source_count":
            out[column.name] = pd.Series(None, index=frame.index, dtype=object)  # placeholder, keeps the order
        elif column.name in LIST_COLUMNS:
            source = values if values is not None else [None] * len(frame)
            out[column.name] = pd.Series([_as_actor_list(v) for v in source], index=frame.index, dtype=object)
        elif column.dtype.startswith("datetime"):
            if values is None:
                out[column.name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
            else:
                out[column.name] = _dates(values, column.name)
        elif column.dtype == "bool":
            out[column.name] = (
                values.astype(object).where(values.notna(), False).astype(str).str.lower().isin(["true", "1", "yes"])
                if values is not None and values.dtype != bool
                else (values if values is not None else pd.Series(False, index=frame.index))
            ).astype(bool)
        elif column.dtype in ("int64", "Int64"):
            numbers = _whole_numbers(values, column.name) if values is not None else pd.Series(
                pd.NA, index=frame.index, dtype="Int64")
            out[column.name] = numbers if column.dtype == "Int64" else numbers.fillna(0).astype("int64")
        elif column.dtype == "float64":  # a score; missing is NaN (null in JSON), not 0
            out[column.name] = (pd.to_numeric(_no_containers(values), errors="coerce") if values is not None
                                else pd.Series(float("nan"), index=frame.index)).astype("float64")
        else:
            text = values if values is not None else pd.Series("", index=frame.index)
            out[column.name] = text.astype("string").fillna("")
    _conform_nested(frame, out)
    extras = [name for name in frame.columns if name not in COLUMN_NAMES]
    for name in extras:
        out[name] = frame[name]
    return out.reset_index(drop=True)
