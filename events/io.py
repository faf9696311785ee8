"""Events files: the CSV, JSON and Parquet files `chronik extract` writes and the dashboard reads.

Every reader ends in `conform()`, so a file read back is the same table that was written. The formats:
- JSON: an array of event objects with every schema column; dates as `YYYY-MM-DD`, missing dates and offsets
  as null, `actors` as a list of names, `sources` and `date_candidates` as arrays of objects.
- CSV (UTF-8, RFC 4180): dates as `YYYY-MM-DD`, missing values as empty fields, `actors` joined with "; ",
  `sources` and `date_candidates` as JSON text. By default a text cell that a spreadsheet would run as a
  formula (it starts with = + - @, a tab or a carriage return) is written with a single quote in front; the
  reader takes the quote off again, so the file still reads back into the identical table.
- Parquet: the dataframe's own types (`actors` as a list of strings); `sources` and `date_candidates` as JSON
  text, because their objects hold nulls that Parquet's inferred struct types would not keep apart.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd

from events.outputfile import replace_file
from events.schema import COLUMNS, JSON_COLUMNS, LIST_COLUMNS, SchemaError, conform

FORMATS: tuple[str, ...] = ("csv", "json", "parquet")
ACTOR_SEPARATOR = "; "
_PARQUET_MAGIC = b"PAR1"

PathOrBuffer = str | os.PathLike[str] | IO[bytes] | bytes


# Excel, LibreOffice and Google Sheets run a cell that starts with one of these as a formula (OWASP's "CSV
# injection"): `=HYPERLINK(...)` in an article's sentence would become a live link, `@SUM(...)` a calculation.
FORMULA_TRIGGERS = "=+-@\t\r"
# Quotes are added in front of any run of quotes before a trigger, so taking one off on reading is the exact
# inverse: "=x" is written "'=x", and a text that really was "'=x" is written "''=x".
_NEEDS_QUOTE = re.compile(f"^'*[{re.escape(FORMULA_TRIGGERS)}]")
_WAS_QUOTED = re.compile(f"^'+[{re.escape(FORMULA_TRIGGERS)}]")


_LOG = logging.getLogger(__name__)


class EventsFileError(ValueError):
    """An events file that cannot be read or written; the message names the file and says why."""


# --- writing ---------------------------------------------------------------------------------------------


def events_to_bytes(frame: pd.DataFrame, fmt: str, *, safe_for_spreadsheets: bool = True) -> bytes:
    """The events table as the bytes of a CSV, JSON or Parquet file.

    `safe_for_spreadsheets` (CSV only) quotes text cells a spreadsheet would run as formulas; `read_events`
    undoes it. False writes every cell exactly as it is, for tools that read CSV without Chronik.
    """
    chosen = fmt.lower()
    writer = _WRITERS.get(chosen)
    if writer is None:
        raise EventsFileError(f"unknown events format {fmt!r}; use one of {', '.join(FORMATS)}")
    if chosen == "csv":
        return _to_csv(conform(frame), safe_for_spreadsheets=safe_for_spreadsheets)
    return writer(conform(frame))


def neutralise_formula(text: str) -> str:
    """`=HYPERLINK(...)` -> `'=HYPERLINK(...)`: a cell text a spreadsheet shows as text instead of running it."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def restore_formula(text: str) -> str:
    """The inverse of `neutralise_formula`."""
    return text[1:] if _WAS_QUOTED.match(text) else text


def write_events(
    frame: pd.DataFrame, path: str | os.PathLike[str], fmt: str | None = None, *, safe_for_spreadsheets: bool = True
) -> Path:
    """Write the events table to `path` (format from `fmt` or the file extension); returns the path.

    The file is written next to its destination and then renamed, so an interrupted write never leaves a
    half-written file in place of a good one; it has the usual permissions, or those of the file it replaces
    (`events.outputfile.replace_file`).
    """
    target = Path(path)
    chosen = fmt or format_from_name(target.name)
    if chosen is None:
        raise EventsFileError(f"{target}: cannot tell the format from the name; use .{', .'.join(FORMATS)}")
    data = events_to_bytes(frame, chosen, safe_for_spreadsheets=safe_for_spreadsheets)
    return replace_file(target, data)


# The CSV Excel opens in columns where the list separator is ";" (German, French, ... regional settings): a BOM
# so it reads UTF-8 (else "Präsident" shows as "PrÃ¤sident"), ";" between fields and "," in decimals.
EXCEL_CSV_DELIMITER = ";"
_EXCEL_CSV_DECIMAL = ","
_BOM = "\ufeff"


def events_to_excel_csv(frame: pd.DataFrame) -> bytes:
    """The events as a CSV file for spreadsheet programs set to a European region (German Excel): UTF-8 with a
    byte order mark, fields separated by ";", decimal commas, cells quoted against formulas. `read_events` reads
    it back; the plain CSV (`events_to_bytes(frame, "csv")`, RFC 4180, ",", no BOM) stays the events file."""
    return _to_csv(conform(frame), safe_for_spreadsheets=True, for_excel=True)


def _to_csv(frame: pd.DataFrame, *, safe_for_spreadsheets: bool = True, for_excel: bool = False) -> bytes:
    table = frame.copy()
    for column in LIST_COLUMNS:
        table[column] = [ACTOR_SEPARATOR.join(values) for values in table[column]]
    _nested_as_json_text(table)
    for column in table.columns:
        if pd.api.types.is_string_dtype(table[column]) and column not in LIST_COLUMNS:
            # A NUL byte marks a file as binary for every text tool (and for read_events); U+FFFD, the
            # replacement character, keeps the spot visible instead.
            table[column] = table[column].str.replace("\x00", "\ufffd", regex=False)
    if safe_for_spreadsheets:
        for column in table.columns:
            # Only text is quoted: a number such as -3 in a numeric column is no formula and stays a number.
            if pd.api.types.is_string_dtype(table[column]) or table[column].dtype == object:
                table[column] = table[column].map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
    # CRLF between rows, as RFC 4180 has it: the writer quotes a field only when it holds a character of the
    # row separator, and with "\n" alone a lone "\r" in a sentence would go unquoted and split the row.
    if for_excel:
        text = table.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n", sep=EXCEL_CSV_DELIMITER,
                            decimal=_EXCEL_CSV_DECIMAL)
        return (_BOM + text).encode("utf-8")
    return table.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n").encode("utf-8")


def _nested_as_json_text(table: pd.DataFrame) -> None:
    # JSON escapes control characters (NUL, CR) itself, so the text is safe in any cell.
    for column in JSON_COLUMNS:
        table[column] = pd.Series(
            [json.dumps(_json_value(value), ensure_ascii=False) for value in table[column]],
            index=table.index, dtype="string",
        )


def _to_json(frame: pd.DataFrame) -> bytes:
    records = [
        {column: _json_value(value) for column, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_value(value: Any) -> Any:
    """One cell as plain JSON: dates as ISO days, pandas' missing markers as null, numpy scalars as Python."""
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        # Formatted by hand: strftime("%Y") does not pad years before 1000 to four digits on every platform.
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table = frame.copy()
    _nested_as_json_text(table)
    table.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


_WRITERS: dict[str, Callable[[pd.DataFrame], bytes]] = {
    "csv": _to_csv,
    "json": _to_json,
    "parquet": _to_parquet,
}


# --- reading ---------------------------------------------------------------------------------------------


def read_events(path_or_buffer: PathOrBuffer, fmt: str | None = None) -> pd.DataFrame:
    """Read an events file written by `chronik extract` (or `write_events`) into a schema-conformant table.

    Accepts a path, raw bytes or a binary file object (such as a Streamlit upload). The format comes from
    `fmt`, else the file name's extension, else the content. Raises `EventsFileError` for files that are
    empty, binary garbage, malformed or lack the schema's core columns.
    """
    name, data = _read_input(path_or_buffer)
    if not data.strip():
        raise EventsFileError(f"{name}: is empty")
    chosen = (fmt or format_from_name(name) or sniff_format(data)).lower()
    reader = _READERS.get(chosen)
    if reader is None:
        raise EventsFileError(f"{name}: unknown events format {chosen!r}; use one of {', '.join(FORMATS)}")
    if chosen != "parquet" and b"\x00" in data:
        raise EventsFileError(f"{name}: is binary data, not a {chosen.upper()} events file")
    try:
        return conform(reader(data, name))
    except SchemaError as error:
        raise EventsFileError(f"{name}: is not a Chronik events file: {error}") from None
    except EventsFileError:
        raise
    except Exception as error:  # a malformation no check foresaw: still this file's error, never a crash
        _LOG.error("reading the events file %s failed", name, exc_info=error)
        raise EventsFileError(f"{name}: is not a readable Chronik events file ({type(error).__name__}: "
                              f"{_first_line(error)})") from None


def format_from_name(name: str) -> str | None:
    """`events.json` -> `json`; None for names without a known events extension."""
    suffix = Path(name).suffix.lower().lstrip(".")
    aliases = {"pq": "parquet", "parq": "parquet"}
    suffix = aliases.get(suffix, suffix)
    return suffix if suffix in FORMATS else None


def sniff_format(data: bytes) -> str:
    """Guess the format of a file without a telling name: Parquet by its magic bytes, JSON by its bracket."""
    if data.startswith(_PARQUET_MAGIC):
        return "parquet"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if head in (b"[", b"{") else "csv"


def _read_input(source: PathOrBuffer) -> tuple[str, bytes]:
    if isinstance(source, bytes):
        return "events data", source
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return str(path), path.read_bytes()
        except FileNotFoundError:
            raise EventsFileError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise EventsFileError(f"{path}: is a folder, not an events file") from None
        except OSError as error:
            raise EventsFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    name = str(getattr(source, "name", "") or "events data")
    data = source.read()
    if isinstance(data, str):  # a text-mode file object
        data = data.encode("utf-8")
    return name, data


def _decode_utf8(data: bytes, name: str, kind: str) -> str:
    try:
        return data.decode("utf-8-sig")  # tolerate the BOM spreadsheet programs put in front of UTF-8
    except UnicodeDecodeError as error:
        raise EventsFileError(
            f"{name}: is not UTF-8 text (bad byte at {error.start}); {kind} events files are UTF-8"
        ) from None


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    text = _decode_utf8(data, name, "CSV")
    try:
        # Every cell as a string: conform() converts the columns it knows, and ids such as "007" keep their
        # zeros. Only empty cells are missing; a title "NA" stays a title.
        header = text.split("\n", 1)[0]
        excel = header.count(EXCEL_CSV_DELIMITER) > header.count(",")  # the spreadsheet variant
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                            sep=EXCEL_CSV_DELIMITER if excel else ",")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise EventsFileError(f"{name}: is not a readable CSV file ({_first_line(error)})") from None
    if excel:
        for column in COLUMNS:
            if column.dtype == "float64" and column.name in table.columns:
                table[column.name] = table[column.name].str.replace(_EXCEL_CSV_DECIMAL, ".", regex=False)
    # Every cell is text here (or missing); what the writer quoted against formulas gets its quote taken off.
    return table.apply(lambda column: column.map(lambda v: restore_formula(v) if isinstance(v, str) else v))


def _read_json(data: bytes, name: str) -> pd.DataFrame:
    try:
        records = json.loads(_decode_utf8(data, name, "JSON"))
    except json.JSONDecodeError as error:
        raise EventsFileError(
            f"{name}: is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise EventsFileError(f"{name}: is JSON nested too deeply to be an events file") from None
    except ValueError as error:  # a number of more than 4,300 digits
        raise EventsFileError(f"{name}: is not a readable JSON events file ({_first_line(error)})") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise EventsFileError(f"{name}: is JSON but not an array of event objects")
    if not records:
        return pd.DataFrame({column: [] for column in ("start", "sentence")})
    return pd.DataFrame.from_records(records)


def _read_parquet(data: bytes, name: str) -> pd.DataFrame:
    import pyarrow

    try:
        return pd.read_parquet(io.BytesIO(data), engine="pyarrow")
    except (pyarrow.ArrowException, OSError, ValueError) as error:
        raise EventsFileError(f"{name}: is not a readable Parquet file ({_first_line(error)})") from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


_READERS: dict[str, Callable[[bytes, str], pd.DataFrame]] = {
    "csv": _read_csv,
    "json": _read_json,
    "parquet": _read_parquet,
}
