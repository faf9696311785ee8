"""Data exports of an events table for other tools: Excel, TimelineJS, iCalendar, and the events files.

Pure functions from a schema-conformant events DataFrame to the bytes of a file; no Streamlit and no browser,
so the command line, the dashboard and tests share them. Chart exports (PNG, SVG, PDF, HTML) need Plotly and
live in `dashboard.export`.

- `xlsx`: one sheet of events (every schema column, dates as Excel dates), one sheet that says where they
  come from. Text is stored as text, never as a formula.
- `timelinejs`: Knight Lab's TimelineJS3 JSON, each date at the precision the article gave it.
- `ics`: an RFC 5545 calendar with one all-day VEVENT per event that has a start.
- `csv`, `json`, `parquet`: the files of `events.io`; CSV with cells quoted against spreadsheet formulas.
- `excel-csv`: the CSV for spreadsheet programs set to a European region, where Excel splits on ";" (German
  Excel opened the plain CSV in one column with broken umlauts): UTF-8 with a BOM, ";", decimal commas.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

import pandas as pd

from events.io import ACTOR_SEPARATOR, events_to_bytes, events_to_excel_csv
from events.schema import JSON_COLUMNS, LIST_COLUMNS, conform

DATA_FORMATS: tuple[str, ...] = ("csv", "excel-csv", "xlsx", "json", "parquet", "timelinejs", "ics")
MIME_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "excel-csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "timelinejs": "application/json",
    "ics": "text/calendar",
}
# What a file of each format is called; TimelineJS files are JSON too, so they get a name of their own.
FILE_SUFFIXES: dict[str, str] = {
    "csv": ".csv",
    "excel-csv": "-excel.csv",
    "xlsx": ".xlsx",
    "json": ".json",
    "parquet": ".parquet",
    "timelinejs": ".timeline.json",
    "ics": ".ics",
}
GroupBy = Literal["actor", "event_type"]
MAX_TITLES_IN_NOTE = 3


@dataclass(frozen=True)
class ExportFile:
    """The bytes of an exported file, and how many events it could not hold (no date to place them at)."""

    data: bytes
    left_out: int = 0


# --- the note every export carries ---------------------------------------------------------------------


@dataclass(frozen=True)
class NoteFacts:
    """What the export note says, for a caller that words it in another language (the dashboard's German)."""

    day: date
    events: int
    documents: int
    titles: tuple[str, ...]  # the first MAX_TITLES_IN_NOTE document titles, shortened
    more_documents: int  # documents beyond those


def note_facts(events: pd.DataFrame, exported_on: date | None = None) -> NoteFacts:
    documents = _document_titles(events)
    titles = list(documents.values())
    return NoteFacts(
        day=exported_on or date.today(), events=len(events), documents=len(documents),
        titles=tuple(_shortened(title, 60) for title in titles[:MAX_TITLES_IN_NOTE]),
        more_documents=max(0, len(titles) - MAX_TITLES_IN_NOTE),
    )


def source_note(events: pd.DataFrame, exported_on: date | None = None) -> str:
    """"Exported 2026-11-25 · Source: Chronik, 12 events from 2 documents (Title A; Title B)": plain text,
    escape it for HTML."""
    facts = note_facts(events, exported_on)
    shown = "; ".join(facts.titles) + (f"; {facts.more_documents} more" if facts.more_documents else "")
    counts = f"{_count(facts.events, 'event')} from {_count(facts.documents, 'document')}"
    return f"Exported {facts.day.isoformat()} · Source: Chronik, {counts}" + (f" ({shown})" if shown else "")


def _document_titles(events: pd.DataFrame) -> dict[str, str]:
    """Each document id once, in order of appearance, with its title (or the id when it has none)."""
    titles: dict[str, str] = {}
    for doc_id, title in zip(events["doc_id"], events["doc_title"], strict=True):
        titles.setdefault(str(doc_id), str(title or doc_id))
    return titles


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- Excel -----------------------------------------------------------------------------------------------

EXCEL_MAX_CELL_CHARS = 32_767  # Excel refuses longer cells
# Characters the XML inside an .xlsx file cannot hold (openpyxl raises on them); tab and line breaks are fine.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_FIRST_YEAR = 1900  # Excel has no dates before 1900; older ones are written as ISO text


def events_to_xlsx(events: pd.DataFrame, *, exported_on: date | None = None) -> bytes:
    """An Excel workbook: the sheet "Events" with every column of the table, and "About" with the source note."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    table = conform(events)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Events"
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in table.to_dict(orient="records"):
        sheet.append([_excel_value(column, value) for column, value in record.items()])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl takes a string that starts with "=" for a formula; an article's text never is one.
                cell.data_type = "s"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column_cells in sheet.columns:
        longest = max((len(str(cell.value)) for cell in column_cells if cell.value is not None), default=8)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(longest, 8) + 2, 60)
    about = workbook.create_sheet("About")
    about.append([source_note(table, exported_on)])
    about.append(["Dates are the first and last day an event may cover; see the columns precision and date_text."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_value(column: str, value: Any) -> Any:
    if column in LIST_COLUMNS:
        return _excel_text(ACTOR_SEPARATOR.join(value))
    if column in JSON_COLUMNS or isinstance(value, list | tuple | dict | set) or getattr(value, "ndim", 0):
        # An extra column a user added (tags, scores) may hold lists or objects, which no cell can: JSON text.
        return _excel_text(json.dumps(_plain(value), ensure_ascii=False, default=str))
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        day = value.date()
        return day if day.year >= _EXCEL_FIRST_YEAR else day.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, str):
        return _excel_text(value)
    if not isinstance(value, int | float | bool | date | datetime):
        return _excel_text(str(value))  # any other object an extra column holds, as text
    return value


def _excel_text(text: str) -> str:
    text = _XML_ILLEGAL.sub("\ufffd", text)
    return text if len(text) <= EXCEL_MAX_CELL_CHARS else text[: EXCEL_MAX_CELL_CHARS - 1] + "…"


def _plain(value: Any) -> Any:
    """Nested values (sources) as plain JSON: dates as ISO days, missing values as null."""
    if getattr(value, "ndim", 0):  # numpy arrays, as Parquet gives list columns
        value = value.tolist()
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return value.item() if hasattr(value, "item") else value


# --- TimelineJS ------------------------------------------------------------------------------------------

# The calendar unit each precision is stated in; TimelineJS shows a date only as far as its fields go.
_YEAR_PRECISIONS = frozenset({"year", "decade", "century"})
_MONTH_PRECISIONS = frozenset({"month", "quarter", "half", "season"})
_DAY_PRECISIONS = frozenset({"time", "day", "week"})


def events_to_timelinejs(
    events: pd.DataFrame, *, group_by: GroupBy = "event_type", exported_on: date | None = None
) -> ExportFile:
    """Knight Lab TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

    A year event has only a `year`, a month event `year` and `month`, a day event all three; an open end has no
    `end_date`; a vague, open or inferred date shows as written ("Anfang 2022") in `display_date`. TimelineJS
    puts headline and text into the page as HTML, so every piece of article text is escaped. Events without a
    start cannot be placed and are left out (counted in `left_out`).
    """
    table = conform(events)
    dated = table[table["start"].notna()]
    slides = [_timeline_event(row, group_by) for row in dated.to_dict(orient="records")]
    _make_ids_unique(slides)
    left_out = len(table) - len(dated)
    intro = source_note(table, exported_on)
    if left_out:
        intro += f". {_count(left_out, 'event')} without a date that could be placed not shown."
    document = {
        "title": {"text": {"headline": "Chronik", "text": f"<p>{html.escape(intro)}</p>"}},
        "events": slides,
    }
    data = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return ExportFile(data.encode("utf-8"), left_out)


def timeline_date(day: pd.Timestamp, unit: Literal["year", "month", "day"]) -> dict[str, str]:
    """A TimelineJS date object down to `unit`: {"year": "2020"}, {"year": "2020", "month": "8"}, ..."""
    parts = {"year": str(day.year)}
    if unit in ("month", "day"):
        parts["month"] = str(day.month)
    if unit == "day":
        parts["day"] = str(day.day)
    return parts


def _unit_of(row: Mapping[str, Any]) -> Literal["year", "month", "day"]:
    precision = str(row["precision"])
    if precision in _YEAR_PRECISIONS:
        return "year"
    if precision in _MONTH_PRECISIONS:
        return "month"
    if precision in _DAY_PRECISIONS:
        return "day"
    return _unit_of_span(row["start"], row["end"])


def _unit_of_span(start: pd.Timestamp, end: pd.Timestamp | None) -> Literal["year", "month", "day"]:
    """For "approximate" and other precisions: the coarsest unit whose boundaries the span keeps to."""
    if end is None or pd.isna(end):
        return "day"
    month_end = (end + pd.Timedelta(days=1)).day == 1
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return "year"
    return "month" if start.day == 1 and month_end else "day"


def _timeline_event(row: Mapping[str, Any], group_by: GroupBy) -> dict[str, Any]:
    unit = _unit_of(row)
    start, end = row["start"], row["end"]
    slide: dict[str, Any] = {"start_date": timeline_date(start, unit)}
    if not row["open_end"] and end is not None and not pd.isna(end):
        end_date = timeline_date(end, unit)
        if end_date != slide["start_date"]:
            slide["end_date"] = end_date
    slide["text"] = {"headline": html.escape(_headline(row)), "text": _timeline_text(row)}
    group = (list(row["actors"]) or ["(no actor)"])[0] if group_by == "actor" else row["event_type"] or "other"
    slide["group"] = html.escape(str(group))
    slide["unique_id"] = re.sub(r"[^A-Za-z0-9_-]+", "-", str(row["event_id"])).strip("-") or "event"
    written = str(row["date_text"]).strip()
    if written and (row["date_vague"] or row["open_end"] or row["open_start"] or row["date_inferred"]):
        slide["display_date"] = html.escape(written)
    return slide


def _headline(row: Mapping[str, Any]) -> str:
    return str(row["title"] or row["date_text"] or row["event_type"] or "Event")


def _timeline_text(row: Mapping[str, Any]) -> str:
    facts = [f"Date as written: {row['date_text']}" if row["date_text"] else "Date inferred from the passage"]
    if row["actors"]:
        facts.append(f"Actors: {', '.join(row['actors'])}")
    facts.append(f"Source: {_sources_text(row)}")
    return f"<p>{html.escape(str(row['sentence']))}</p>" + "".join(f"<p>{html.escape(fact)}</p>" for fact in facts)


def _sources_text(row: Mapping[str, Any]) -> str:
    """The documents an event was reported in: its own document's title, then the ids of the others."""
    own = str(row["doc_title"] or row["doc_id"])
    others = [str(source["doc_id"]) for source in row.get("sources") or [] if source.get("doc_id")]
    return "; ".join([own, *(doc_id for doc_id in dict.fromkeys(others) if doc_id != row["doc_id"])])


def _make_ids_unique(slides: list[dict[str, Any]]) -> None:
    # Cleaning event ids for URLs could make two alike, and TimelineJS needs them distinct.
    seen: set[str] = set()
    for slide in slides:
        base, number = slide["unique_id"], 1
        while slide["unique_id"] in seen:
            number += 1
            slide["unique_id"] = f"{base}-{number}"
        seen.add(slide["unique_id"])


# --- iCalendar -------------------------------------------------------------------------------------------

ICS_LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded
_ICS_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # TEXT may hold no control character but tab


def events_to_ics(
    events: pd.DataFrame, *, exported_on: date | None = None, now: datetime | None = None
) -> ExportFile:
    """An iCalendar file (RFC 5545) with one all-day event per event that has a start.

    DTEND is the day after the last day (RFC 5545 makes it exclusive); an open end gives a one-day event whose
    description says no end is known. Events without a resolved start cannot go in a calendar and are counted
    in `left_out`.
    """
    table = conform(events)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Chronik//Chronik events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text('Chronik events')}",
        f"X-WR-CALDESC:{ics_text(source_note(table, exported_on))}",
    ]
    left_out = 0
    for row in table.to_dict(orient="records"):
        event_lines = _vevent(row, stamp)
        if event_lines is None:
            left_out += 1
            continue
        lines.extend(event_lines)
    lines.append("END:VCALENDAR")
    return ExportFile("".join(fold_ics_line(line) + "\r\n" for line in lines).encode("utf-8"), left_out)


def _vevent(row: Mapping[str, Any], stamp: str) -> list[str] | None:
    start, end = row["start"], row["end"]
    if start is None or pd.isna(start) or not 1 <= start.year <= 9999:
        return None
    last = start if row["open_end"] or end is None or pd.isna(end) or end < start else end
    after_last = last + pd.Timedelta(days=1)
    if after_last.year > 9999:
        return None
    description = [str(row["sentence"])]
    description.append(f"Date as written: {row['date_text']}" if row["date_text"] else "Date inferred from the passage")
    if row["open_end"]:
        description.append("Goes on past its start; no end is known.")
    if row["open_start"]:
        description.append("May have begun earlier.")
    if row["date_vague"]:
        description.append("The date is an estimate.")
    if row["actors"]:
        description.append(f"Actors: {', '.join(row['actors'])}")
    description.append(f"Sources: {_sources_text(row)}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{ics_text(str(row['event_id']) + '@chronik')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ics_day(start)}",
        f"DTEND;VALUE=DATE:{_ics_day(after_last)}",
        f"SUMMARY:{ics_text(_headline(row))}",
        f"DESCRIPTION:{ics_text(chr(10).join(description))}",
    ]
    if row["event_type"]:
        lines.append(f"CATEGORIES:{ics_text(str(row['event_type']))}")
    lines.extend(["TRANSP:TRANSPARENT", "END:VEVENT"])
    return lines


def _ics_day(day: pd.Timestamp) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def ics_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _ICS_CONTROL.sub(" ", text)


def fold_ics_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1): CRLF and a space before each further piece, never
    inside a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, ICS_LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            # A continuation line starts with the space, which counts towards its 75 octets.
            current, size, limit = "", 0, ICS_LINE_OCTETS - 1
        current += character
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


# --- all data formats ------------------------------------------------------------------------------------


def export_events(
    events: pd.DataFrame, fmt: str, *, group_by: GroupBy = "event_type", exported_on: date | None = None
) -> ExportFile:
    """The events in one of `DATA_FORMATS`. CSV is quoted against spreadsheet formulas (see `events.io`)."""
    exporters: dict[str, Callable[[], ExportFile]] = {
        "csv": lambda: ExportFile(events_to_bytes(events, "csv", safe_for_spreadsheets=True)),
        "excel-csv": lambda: ExportFile(events_to_excel_csv(events)),
        "json": lambda: ExportFile(events_to_bytes(events, "json")),
        "parquet": lambda: ExportFile(events_to_bytes(events, "parquet")),
        "xlsx": lambda: ExportFile(events_to_xlsx(events, exported_on=exported_on)),
        "timelinejs": lambda: events_to_timelinejs(events, group_by=group_by, exported_on=exported_on),
        "ics": lambda: events_to_ics(events, exported_on=exported_on),
    }
    exporter = exporters.get(fmt.lower())
    if exporter is None:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(DATA_FORMATS)}")
    return exporter()

