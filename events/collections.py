"""Reading collections of articles: .json, .jsonl and .csv files that hold many documents each.

A collection is read record by record, and a bad record costs only itself: the readers yield a `Document` for
every good record and a `DocumentError` (naming the file and the line or record) for every bad one, so a caller
gets both in one loop. A problem with the whole file (a CSV without a text column, JSON that does not parse, a
file too large) is one `DocumentError`.

Records have a `text` (also accepted: `content`, `body`) and may have `id`, `title`, `date`, `lang` and `url`.
The record's own `date` and `lang` win; the `dct` and `lang` given by the caller (`--date`, `--lang`) fill in
where a record has none, since one default date cannot be right for a whole collection of articles.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from events.documents import (
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_SIZE_TEXT,
    SUPPORTED_SUFFIXES,
    DocumentError,
    _first_line_title,
    _normalise_text,
    decode_text,
    document_id,
    parse_document_date,
    read_document,
    read_path,
    unexpected_error,
)
from events.model import Document
from events.resources import available_languages

JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
COLLECTION_SUFFIXES = JSON_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
# Every file type Chronik reads: single articles and collections of them.
ALL_SUFFIXES = SUPPORTED_SUFFIXES + COLLECTION_SUFFIXES

# .json and .csv files are parsed whole, so their size is capped; .jsonl is read line by line and may be any size.
MAX_COLLECTION_BYTES = 100 * 1024 * 1024
MAX_COLLECTION_SIZE_TEXT = "100 MB"
# One JSONL line holds one article and its metadata; longer lines are not read into memory whole.
_MAX_LINE_BYTES = 2 * MAX_DOCUMENT_BYTES

# Field names a record may use, the first one found wins. `text` is the documented one.
TEXT_FIELDS = ("text", "content", "body")
_FIELD_NAMES = {
    "id": ("id", "doc_id"),
    "title": ("title", "headline"),
    "date": ("date", "published", "publication_date"),
    "lang": ("lang", "language"),
    "url": ("url", "link"),
}
# How much of a CSV file is looked at for the header row that decides the delimiter.
_HEADER_BYTES = 64 * 1024
_CSV_DELIMITERS = ",;\t|"

# csv's default field limit (128 KB) is shorter than a long article.
csv.field_size_limit(max(csv.field_size_limit(), _MAX_LINE_BYTES))


def is_collection(name: str | Path) -> bool:
    """Whether a file name is that of a collection (.json, .jsonl, .csv) rather than one article."""
    return Path(name).suffix.lower() in COLLECTION_SUFFIXES


def documents_in_path(
    path: Path | str, *, lang: str | None = None, dct: date | None = None
) -> Iterator[Document | DocumentError]:
    """Every document in one file: a single article (.txt, .md, .html) or a collection. Never raises
    `DocumentError`; yields it instead, so a caller handles bad files and bad records in one place."""
    path = Path(path)
    if not is_collection(path):
        try:
            yield read_path(path, lang=lang, dct=dct)
        except DocumentError as error:
            yield error
        except Exception as error:  # one file's surprise is that file's failure, not the batch's
            yield unexpected_error(str(path), error)
        return
    yield from read_collection_path(path, lang=lang, dct=dct)


def documents_in_upload(
    data: bytes, *, name: str, lang: str | None = None, dct: date | None = None
) -> Iterator[Document | DocumentError]:
    """Every document in one uploaded file (its name and bytes), as `documents_in_path` does for a path."""
    if not is_collection(name):
        try:
            yield read_document(data, name=name, lang=lang, dct=dct)
        except DocumentError as error:
            yield error
        except Exception as error:  # one file's surprise is that file's failure, not the batch's
            yield unexpected_error(name, error)
        return
    yield from read_collection(data, name=name, lang=lang, dct=dct)


def read_collection_path(
    path: Path | str, *, lang: str | None = None, dct: date | None = None
) -> Iterator[Document | DocumentError]:
    """The documents of a .json, .jsonl or .csv file, and an error for every record that could not be read."""
    yield from _guarded(_collection_path_items(Path(path), lang=lang, dct=dct), str(path))


def _collection_path_items(path: Path, *, lang: str | None, dct: date | None) -> Iterator[Document | DocumentError]:
    try:
        if path.is_dir():
            raise DocumentError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                # Streamed: a JSONL export of a whole archive never has to fit in memory.
                for item in _read_jsonl(handle, name=str(path), lang=lang, dct=dct):
                    yield _with_source(item, path)
            return
        if size > MAX_COLLECTION_BYTES:
            raise _too_large(str(path), size)
        data = path.read_bytes()
    except FileNotFoundError:
        yield DocumentError(f"{path}: no such file")
        return
    except OSError as error:
        yield DocumentError(f"{path}: cannot be read ({error.strerror or error})")
        return
    except DocumentError as error:
        yield error
        return
    for item in read_collection(data, name=str(path), lang=lang, dct=dct):
        yield _with_source(item, path)


def read_collection(
    data: bytes, *, name: str, lang: str | None = None, dct: date | None = None
) -> Iterator[Document | DocumentError]:
    """The documents of a collection file's bytes; `name` (a file name) picks the format and appears in messages."""
    yield from _guarded(_collection_items(data, name=name, lang=lang, dct=dct), name)


def _guarded(items: Iterator[Document | DocumentError], name: str) -> Iterator[Document | DocumentError]:
    """`items`, and in place of an error no reader expected, that error as the file's last `DocumentError`: the
    records read before it stay read."""
    try:
        yield from items
    except Exception as error:
        yield unexpected_error(name, error)


def _collection_items(
    data: bytes, *, name: str, lang: str | None, dct: date | None
) -> Iterator[Document | DocumentError]:
    suffix = Path(name).suffix.lower()
    if suffix not in COLLECTION_SUFFIXES:
        yield DocumentError(f"{name}: not a collection; collections are {', '.join(COLLECTION_SUFFIXES)} files")
        return
    if not data.strip():
        yield DocumentError(f"{name}: is empty", reason="empty", name=name)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(io.BytesIO(data), name=name, lang=lang, dct=dct)
        return
    if len(data) > MAX_COLLECTION_BYTES:
        yield _too_large(name, len(data))
        return
    try:
        text = decode_text(data, name=name)
    except DocumentError as error:
        yield error
        return
    reader = _read_json if suffix in JSON_SUFFIXES else _read_csv
    yield from reader(text, name=name, lang=lang, dct=dct)


# --- formats ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where in a collection a record is: the file, and its line or record number. Written into messages in
    English ("news.csv, line 3"); its parts go to `DocumentError.params` so a caller can word them otherwise."""

    name: str
    line: int | None = None
    record: int | None = None

    def __str__(self) -> str:
        return (f"{self.name}, line {self.line}" if self.line is not None
                else f"{self.name}, record {self.record}" if self.record is not None else self.name)

    @property
    def params(self) -> dict[str, object]:
        where: dict[str, object] = {"name": self.name}
        if self.line is not None:
            where["line"] = self.line
        if self.record is not None:
            where["record"] = self.record
        return where


def _read_jsonl(
    handle: BinaryIO, *, name: str, lang: str | None, dct: date | None
) -> Iterator[Document | DocumentError]:
    number = 0  # records, for the default ids; blank lines are not records
    for line_number, raw in enumerate(iter(lambda: handle.readline(_MAX_LINE_BYTES), b""), start=1):
        where = _Place(name, line=line_number)
        if len(raw) >= _MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(handle)
            number += 1
            yield DocumentError(f"{where}: is longer than {MAX_DOCUMENT_SIZE_TEXT}; Chronik reads articles up to "
                                f"{MAX_DOCUMENT_SIZE_TEXT}", reason="too_large", limit=MAX_DOCUMENT_SIZE_TEXT,
                                **where.params)
            continue
        if not raw.strip():
            continue
        number += 1
        try:
            record = _parse_json(decode_text(raw, name=str(where)))
        except json.JSONDecodeError as error:
            yield DocumentError(f"{where}: is not valid JSON ({error.msg}, column {error.colno})", reason="bad_json",
                                detail=error.msg, **where.params)
            continue
        except DocumentError as error:
            yield error
            continue
        except Exception as error:  # nested too deeply, or a surprise: this line's failure only
            yield unexpected_error(str(where), error, **where.params)
            continue
        yield _guarded_record(record, where=where, default_id=_default_id(name, number), lang=lang, dct=dct)
    if number == 0:
        yield DocumentError(f"{name}: is empty", reason="empty", name=name)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(_MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _read_json(text: str, *, name: str, lang: str | None, dct: date | None) -> Iterator[Document | DocumentError]:
    try:
        content = _parse_json(text)
    except json.JSONDecodeError as error:
        yield DocumentError(f"{name}: is not valid JSON ({error.msg}, line {error.lineno}, column {error.colno})",
                            reason="bad_json", detail=error.msg, **_Place(name, line=error.lineno).params)
        return
    except RecursionError as error:
        yield unexpected_error(name, error)
        return
    if isinstance(content, dict):
        yield _guarded_record(content, where=_Place(name), default_id=document_id(name), lang=lang, dct=dct)
        return
    if not isinstance(content, list):
        yield DocumentError(f"{name}: holds a JSON {_json_type(content)}; Chronik reads an object with a "
                            "'text' field or an array of such objects", reason="not_records", name=name)
        return
    if not content:
        yield DocumentError(f"{name}: is an empty array", reason="empty", name=name)
        return
    for number, record in enumerate(content, start=1):
        where = _Place(name, record=number)
        yield _guarded_record(record, where=where, default_id=_default_id(name, number), lang=lang, dct=dct)


def _read_csv(text: str, *, name: str, lang: str | None, dct: date | None) -> Iterator[Document | DocumentError]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_header_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        yield DocumentError(f"{name}: is not a readable CSV file ({error})", reason="bad_csv", detail=str(error),
                            name=name)
        return
    columns = [column.strip() for column in header or []]
    lowered = [column.lower() for column in columns]
    if not any(field in lowered for field in TEXT_FIELDS):
        listed = ", ".join(repr(column) for column in columns if column) or "none"
        yield DocumentError(f"{name}: has no text column (a column named {' or '.join(TEXT_FIELDS)}); "
                            f"its columns are {listed}", reason="no_text_column", name=name, columns=listed,
                            fields=", ".join(TEXT_FIELDS))
        return
    number = 0
    line = reader.line_num + 1  # where the next row starts
    # The last row is held back until the file has ended: a quote that is never closed makes it swallow every
    # line after it, and then it is no record but a loss to report.
    pending: tuple[_Place, list[str]] | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # Python's reader goes on with the next line, so one oversized field costs its record only.
            yield DocumentError(f"{name}, line {line}: is not a readable CSV row ({error}); the record is skipped",
                                reason="bad_csv", detail=str(error), **_Place(name, line=line).params)
            line = reader.line_num + 1
            continue
        where, line = _Place(name, line=line), reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if pending is not None:
            number += 1
            yield _csv_record(*pending, columns=lowered, number=number, name=name, lang=lang, dct=dct)
        pending = (where, row)
    if pending is not None:
        where, row = pending
        unclosed = _unclosed_quote_lines(text, where.line or 1, reader.line_num)
        number += 1
        if unclosed:
            yield DocumentError(f"{where}: a quoted field opens here and is never closed, so lines {unclosed} were "
                                "read as one field; the record is skipped (close the quote and read the file again)",
                                reason="csv_unclosed_quote", lines=unclosed, **where.params)
        else:
            yield _csv_record(where, row, columns=lowered, number=number, name=name, lang=lang, dct=dct)
    if number == 0:
        yield DocumentError(f"{name}: has a header but no rows", reason="no_rows", name=name)


def _csv_record(where: _Place, row: list[str], *, columns: list[str], number: int, name: str, lang: str | None,
                dct: date | None) -> Document | DocumentError:
    if len(row) > len(columns):
        return DocumentError(f"{where}: has {len(row)} fields but the header names {len(columns)} columns",
                             reason="csv_fields", fields=len(row), columns=len(columns), **where.params)
    record = dict(zip(columns, row, strict=False))
    return _guarded_record(record, where=where, default_id=_default_id(name, number), lang=lang, dct=dct)


def _unclosed_quote_lines(text: str, first_line: int, last_line: int) -> str:
    """"5-1200" when the row from `first_line` to the end of the file holds an odd number of quotes (a field opened
    and never closed, which Python's lenient reader runs on to the end); "" for a row that ends as it should."""
    if last_line <= first_line:
        return ""
    row_text = text.split("\n", first_line - 1)[-1]
    return f"{first_line}-{last_line}" if row_text.count('"') % 2 else ""


def _header_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon as German Excel writes, tab or bar), read from the header row: the one that
    splits it into columns of which one is a text column, else the one that makes most columns; comma when unsure.
    Python's `csv.Sniffer` is not used: its patterns take minutes on some 64 KB inputs (',"' repeated)."""
    header_line = text[:_HEADER_BYTES].split("\n", 1)[0]
    best, best_score = ",", (False, 1)
    for delimiter in _CSV_DELIMITERS:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        score = (any(field.strip().lower() in TEXT_FIELDS for field in fields), len(fields))
        if score > best_score:
            best, best_score = delimiter, score
    return best


# Python refuses to turn more digits than this into an int (a guard against slow conversions); a longer number
# in a record (an id of thousands of digits) is kept as its digits instead of failing the record.
_MAX_INT_DIGITS = 4000


def _json_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


def _parse_json(text: str) -> Any:
    """JSON as `json.loads` reads it, except that numbers too long for an int stay text; RecursionError for JSON
    nested deeper than Python's stack allows."""
    return json.loads(text, parse_int=_json_int)


# --- records ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fields:
    text: str
    doc_id: str
    title: str
    date_text: str
    lang: str
    url: str


def _guarded_record(
    record: Any, *, where: _Place, default_id: str, lang: str | None, dct: date | None
) -> Document | DocumentError:
    """`_record_document`, with an error no check foresaw turned into this record's error."""
    try:
        return _record_document(record, where=where, default_id=default_id, lang=lang, dct=dct)
    except Exception as error:
        return unexpected_error(str(where), error, **where.params)


def _record_document(
    record: Any, *, where: _Place, default_id: str, lang: str | None, dct: date | None
) -> Document | DocumentError:
    """One record as a `Document`, or the error that says which record and what is wrong with it."""
    if not isinstance(record, Mapping):
        return DocumentError(f"{where}: is a JSON {_json_type(record)}, not an object with a 'text' field",
                             reason="not_records", **where.params)
    try:
        fields = _fields(record, where)
        record_lang = _language(fields.lang, where)
        try:
            record_date = parse_document_date(fields.date_text, lang=record_lang or lang)
        except DocumentError as error:
            # "impossible_date" / "unreadable_date" with the date's text, where the reader names them
            raise DocumentError(f"{where}: date {error}", reason=error.reason or "bad_date", detail=str(error),
                                **{**error.params, **where.params}) from None
    except DocumentError as error:
        return error
    text = _normalise_text(fields.text)
    return Document(
        text=text,
        doc_id=fields.doc_id or default_id,
        lang=record_lang or lang,
        dct=record_date or dct,
        title=_normalise_text(fields.title) or _first_line_title(text),
        url=fields.url,
    )


def _fields(record: Mapping[str, Any], where: _Place) -> _Fields:
    keys = {str(key).strip().lower(): key for key in record}
    text_key = next((keys[field] for field in TEXT_FIELDS if field in keys), None)
    if text_key is None:
        named = ", ".join(repr(str(key)) for key in record) or "no fields"
        raise DocumentError(f"{where}: has no 'text' field (it has {named})", reason="no_text_field", **where.params)
    text = record[text_key]
    if not isinstance(text, str):
        raise DocumentError(f"{where}: its {str(text_key)!r} is a {_json_type(text)}, not text", reason="not_text",
                            field=str(text_key), **where.params)
    if not text.strip():
        raise DocumentError(f"{where}: its {str(text_key)!r} is empty", reason="empty", **where.params)
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{where}: has more than {MAX_DOCUMENT_SIZE_TEXT} of text; Chronik reads articles "
                            f"up to {MAX_DOCUMENT_SIZE_TEXT}", reason="too_large", limit=MAX_DOCUMENT_SIZE_TEXT,
                            **where.params)

    def value(field: str) -> str:
        key = next((keys[name] for name in _FIELD_NAMES[field] if name in keys), None)
        found = record[key] if key is not None else None
        if found is None:
            return ""
        if isinstance(found, bool) or not isinstance(found, str | int | float):
            raise DocumentError(f"{where}: its {field!r} is a {_json_type(found)}, not text", reason="not_text",
                                field=field, **where.params)
        return str(found).strip()

    return _Fields(text, value("id"), value("title"), value("date"), value("lang"), value("url"))


def _language(value: str, where: _Place) -> str | None:
    """A record's language as a resource folder name: "de", "DE" and "de-AT" are German."""
    if not value:
        return None
    code = value.lower().replace("_", "-").split("-")[0]
    if code not in available_languages():
        known = ", ".join(available_languages())
        raise DocumentError(f"{where}: language {value!r} is not one Chronik reads ({known})", reason="language",
                            language=value, known=known, **where.params)
    return code


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", bool: "true/false value", int: "number", float: "number",
             str: "text", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _default_id(name: str, number: int) -> str:
    """`<file stem>-<n>`: stable as long as the records before it stay in place."""
    return f"{document_id(name)}-{number}"


def _too_large(name: str, size: int) -> DocumentError:
    return DocumentError(f"{name}: is {size / 1024 / 1024:.1f} MB; Chronik reads .json and .csv collections up "
                         f"to {MAX_COLLECTION_SIZE_TEXT} (.jsonl files of any size)", reason="collection_too_large",
                         name=name, limit=MAX_COLLECTION_SIZE_TEXT)


def _with_source(item: Document | DocumentError, path: Path) -> Document | DocumentError:
    if isinstance(item, DocumentError):
        return item
    return replace(item, source_path=str(path))


def split_results(items: Iterable[Document | DocumentError]) -> tuple[list[Document], list[DocumentError]]:
    """Documents and errors apart, in their order."""
    documents: list[Document] = []
    errors: list[DocumentError] = []
    for item in items:
        (errors if isinstance(item, DocumentError) else documents).append(item)  # type: ignore[arg-type]
    return documents, errors
