"""The one schema of the event dataframe.

Every producer (`extract_events`, readers of CSV/JSON/Parquet files) ends with `conform(df)`, so every consumer
(dashboard, exports, CLI) can rely on these columns and dtypes. Dates are day-resolution timestamps (second unit, so
years before 1677 fit); `end` is the last day the event may cover (inclusive) and is NaT when the end is open
("ab dem 13. August 2020").
"""

from __future__ import annotations

from dataclasses import dataclass

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
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
DATE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype.startswith("datetime"))
BOOL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype == "bool")
LIST_COLUMNS: tuple[str, ...] = ("actors",)


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
        if column.name in LIST_COLUMNS:
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
                values.fillna(False).astype(str).str.lower().isin(["true", "1", "yes"])
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
    extras = [name for name in frame.columns if name not in COLUMN_NAMES]
    for name in extras:
        out[name] = frame[name]
    return out.reset_index(drop=True)
