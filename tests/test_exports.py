"""Data exports: Excel, TimelineJS, iCalendar, and CSV that spreadsheets cannot run as formulas."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import pytest
from dashboard_fixtures import ELECTION, INDEPENDENCE, INTERVIEW, MILITARY, STRIKE, TREATY, events_frame
from openpyxl import load_workbook

from events.exports import (
    DATA_FORMATS,
    ICS_LINE_OCTETS,
    events_to_ics,
    events_to_timelinejs,
    events_to_xlsx,
    export_events,
    fold_ics_line,
    ics_text,
    source_note,
)
from events.io import events_to_bytes, read_events
from events.schema import conform

EXPORT_DAY = date(2026, 11, 25)
SCRIPT = "<script>alert('x')</script>"
INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+1", "-cmd", "@SUM(A1:A2)", "\tTab", "\rReturn"]


def hostile_events() -> pd.DataFrame:
    """Events whose text tries to become markup, a formula or a calendar property."""
    events = events_frame()
    events.loc[0, "title"] = SCRIPT
    events.loc[0, "sentence"] = f"Er sagte: {SCRIPT}; dann, endlich\nEND:VEVENT"
    for index, text in enumerate(INJECTIONS, start=1):
        events.loc[index, "title"] = text
    return conform(events)


def slides_by_id(data: bytes) -> dict[str, dict]:
    return {slide["unique_id"]: slide for slide in json.loads(data)["events"]}


def slide_id(event_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", event_id)


# --- TimelineJS ------------------------------------------------------------------------------------------


def test_timelinejs_dates_keep_their_precision() -> None:
    slides = slides_by_id(events_to_timelinejs(events_frame(), exported_on=EXPORT_DAY).data)
    year, month = slides[slide_id(INDEPENDENCE)], slides[slide_id(ELECTION)]
    day, open_end = slides[slide_id(INTERVIEW)], slides[slide_id(STRIKE)]
    assert year["start_date"] == {"year": "1991"} and "end_date" not in year
    assert month["start_date"] == {"year": "2020", "month": "8"} and "end_date" not in month
    assert day["start_date"] == {"year": "2024", "month": "12", "day": "14"} and "end_date" not in day
    assert open_end["start_date"] == {"year": "2020", "month": "8", "day": "13"}
    assert "end_date" not in open_end  # an open end has no end
    assert open_end["display_date"] == "Ab dem 13. August 2020"


def test_timelinejs_shows_vague_dates_as_written() -> None:
    slides = slides_by_id(events_to_timelinejs(events_frame()).data)
    assert slides[slide_id(MILITARY)]["display_date"] == "Anfang 2022"
    assert "display_date" not in slides[slide_id(ELECTION)]  # a firm month reads well as TimelineJS shows it


def test_timelinejs_spans_end_at_their_last_unit() -> None:
    events = events_frame()
    events.loc[events["event_id"] == TREATY, ["start", "end", "precision", "date_vague"]] = [
        pd.Timestamp("2022-01-01"), pd.Timestamp("2022-06-30"), "half", False,
    ]
    slide = slides_by_id(events_to_timelinejs(conform(events)).data)[slide_id(TREATY)]
    assert slide["start_date"] == {"year": "2022", "month": "1"}
    assert slide["end_date"] == {"year": "2022", "month": "6"}


def test_timelinejs_leaves_out_undated_events_and_counts_them() -> None:
    result = events_to_timelinejs(events_frame())
    document = json.loads(result.data)
    assert result.left_out == 1 and len(document["events"]) == len(events_frame()) - 1
    assert "1 event without a date" in document["title"]["text"]["text"]
    assert len({slide["unique_id"] for slide in document["events"]}) == len(document["events"])


def test_timelinejs_escapes_article_text() -> None:
    data = events_to_timelinejs(hostile_events(), group_by="actor").data
    assert b"<script" not in data
    slide = json.loads(data)["events"][0]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert "&lt;script&gt;" in slide["text"]["text"]
    assert slide["group"] == "Belarus"


# --- iCalendar -------------------------------------------------------------------------------------------


def unfolded_lines(data: bytes) -> list[str]:
    return [line for line in re.sub(r"\r\n[ \t]", "", data.decode("utf-8")).split("\r\n") if line]


def vevents(data: bytes) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded_lines(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def unescape_ics(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_ics_is_a_well_formed_calendar() -> None:
    data = events_to_ics(events_frame(), now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC)).data
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends in CRLF
    lines = unfolded_lines(data)
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(vevents(data))
    for event in vevents(data):
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY", "DESCRIPTION"} <= set(event)
        assert event["DTSTAMP"] == "20261125T093000Z"
        assert re.fullmatch(r"\d{8}", event["DTSTART;VALUE=DATE"]) and event["DTEND;VALUE=DATE"] > event[
            "DTSTART;VALUE=DATE"]
    uids = [event["UID"] for event in vevents(data)]
    assert len(set(uids)) == len(uids) and f"{INTERVIEW}@chronik" in uids


def test_ics_end_is_the_day_after_the_last_day() -> None:
    by_uid = {event["UID"]: event for event in vevents(events_to_ics(events_frame()).data)}
    year = by_uid[f"{INDEPENDENCE}@chronik"]
    assert (year["DTSTART;VALUE=DATE"], year["DTEND;VALUE=DATE"]) == ("19910101", "19920101")
    month = by_uid[f"{ELECTION}@chronik"]
    assert (month["DTSTART;VALUE=DATE"], month["DTEND;VALUE=DATE"]) == ("20200801", "20200901")
    day = by_uid[f"{INTERVIEW}@chronik"]
    assert (day["DTSTART;VALUE=DATE"], day["DTEND;VALUE=DATE"]) == ("20241214", "20241215")
    open_end = by_uid[f"{STRIKE}@chronik"]
    assert (open_end["DTSTART;VALUE=DATE"], open_end["DTEND;VALUE=DATE"]) == ("20200813", "20200814")
    assert "no end is known" in unescape_ics(open_end["DESCRIPTION"])


def test_ics_skips_events_without_a_start_and_counts_them() -> None:
    result = events_to_ics(events_frame())
    assert result.left_out == 1 and len(vevents(result.data)) == len(events_frame()) - 1


def test_ics_description_holds_sentence_date_as_written_and_sources() -> None:
    event = {e["UID"]: e for e in vevents(events_to_ics(events_frame()).data)}[f"{MILITARY}@chronik"]
    description = unescape_ics(event["DESCRIPTION"])
    assert "Date as written: Anfang 2022" in description
    assert "Sources: Wladimir Putin und Alexander Lukaschenko" in description


def test_ics_text_cannot_break_out_of_its_property() -> None:
    data = events_to_ics(hostile_events()).data
    assert len(vevents(data)) == len(hostile_events()) - 1  # the "END:VEVENT" in a sentence ended nothing
    first = vevents(data)[0]
    assert unescape_ics(first["DESCRIPTION"]).startswith(f"Er sagte: {SCRIPT}; dann, endlich\nEND:VEVENT")
    assert ics_text("a;b,c\\d\r\ne") == "a\\;b\\,c\\\\d\\ne"


def test_ics_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    line = "DESCRIPTION:" + "Größenwahn und Ärger " * 20
    folded = fold_ics_line(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= ICS_LINE_OCTETS for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if index else piece for index, piece in enumerate(pieces)) == line
    for raw in events_to_ics(hostile_events()).data.split(b"\r\n"):
        assert len(raw) <= ICS_LINE_OCTETS
        raw.decode("utf-8")  # no piece ends inside a character


# --- Excel -----------------------------------------------------------------------------------------------


def test_xlsx_opens_and_holds_every_event() -> None:
    events = hostile_events()
    workbook = load_workbook(io.BytesIO(events_to_xlsx(events, exported_on=EXPORT_DAY)))
    sheet = workbook["Events"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(events.columns)
    assert len(rows) == len(events) + 1
    column = {name: index for index, name in enumerate(rows[0])}
    assert [row[column["event_id"]] for row in rows[1:]] == list(events["event_id"])
    assert rows[1][column["start"]] == datetime(1991, 1, 1)  # a real date, sortable in Excel
    assert rows[1][column["actors"]] == "Belarus; Soviet Union"
    assert workbook["About"]["A1"].value.startswith("Exported 2026-11-25 · Source: Chronik, 9 events")


def test_xlsx_stores_formula_like_text_as_text() -> None:
    sheet = load_workbook(io.BytesIO(events_to_xlsx(hostile_events())))["Events"]
    titles = list(_column(sheet, "title"))[1:]
    assert [cell.value for cell in titles[1:7]] == INJECTIONS
    assert all(cell.data_type == "s" for cell in titles)


def test_xlsx_accepts_control_characters_and_old_dates() -> None:
    events = events_frame()
    events.loc[0, "sentence"] = "Ein\x00Null\x1bZeichen"
    events.loc[0, "start"] = pd.Timestamp("0800-12-25")
    sheet = load_workbook(io.BytesIO(events_to_xlsx(conform(events))))["Events"]
    assert list(_column(sheet, "sentence"))[1].value == "Ein\ufffdNull\ufffdZeichen"
    assert list(_column(sheet, "start"))[1].value == "0800-12-25"  # Excel has no dates before 1900


def _column(sheet: Any, name: str) -> Any:
    """The cells of the column headed `name` (header included): columns are found by name, not letter."""
    headers = [cell.value for cell in sheet[1]]
    return next(sheet.iter_cols(min_col=headers.index(name) + 1, max_col=headers.index(name) + 1))


# --- CSV and the events files ----------------------------------------------------------------------------


def test_csv_cells_that_would_be_formulas_are_neutralised() -> None:
    events = hostile_events()
    table = pd.read_csv(io.BytesIO(export_events(events, "csv").data), dtype=str, keep_default_na=False)
    assert list(table["title"][1:7]) == ["'" + text for text in INJECTIONS]
    assert table["char_start"][0] == "0"


def test_a_negative_number_is_not_text_and_stays() -> None:
    events = events_frame()
    events["score"] = -3  # an extra numeric column
    table = pd.read_csv(io.BytesIO(events_to_bytes(conform(events), "csv")), keep_default_na=False)
    assert (table["score"] == -3).all()


def test_neutralised_csv_reads_back_into_the_same_table() -> None:
    events = hostile_events()
    events.loc[7, "title"] = "'=already quoted"
    pd.testing.assert_frame_equal(read_events(events_to_bytes(events, "csv"), "csv"), events)


def test_exact_csv_is_available_for_tools_that_do_not_read_it_as_a_spreadsheet() -> None:
    table = pd.read_csv(io.BytesIO(events_to_bytes(hostile_events(), "csv", safe_for_spreadsheets=False)),
                        dtype=str, keep_default_na=False)
    assert table["title"][1] == INJECTIONS[0]


def test_the_csv_for_excel_is_utf8_with_a_bom_in_semicolon_columns_and_the_events_file_stays_rfc_4180() -> None:
    events = hostile_events()
    events.loc[2, "doc_title"] = "Präsidentschaftswahl; Straßenproteste, „Lukaschenko“"
    events["score"] = 0.25  # an extra number column: a decimal comma for a German spreadsheet
    spreadsheet = export_events(events, "excel-csv").data
    assert spreadsheet.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8 (umlauts intact)
    text = spreadsheet.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    assert header.startswith("event_id;doc_id;doc_title;") and "," not in header
    table = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    assert list(table.columns) == list(conform(events).columns)
    assert table["doc_title"][2] == "Präsidentschaftswahl; Straßenproteste, „Lukaschenko“"  # quoted, one cell
    assert list(table["title"][1:7]) == ["'" + injection for injection in INJECTIONS]  # still no formulas
    assert set(table["score"]) == {"0,25"}
    back = read_events(spreadsheet, "csv")  # Chronik reads it back (an extra column stays text, as written)
    pd.testing.assert_frame_equal(back.drop(columns=["score"]), conform(events).drop(columns=["score"]))
    plain = export_events(events, "csv").data
    assert not plain.startswith(b"\xef\xbb\xbf") and plain.split(b"\r\n", 1)[0].count(b",") > 20


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_event_files_from_export_read_back(fmt: str) -> None:
    events = hostile_events()
    pd.testing.assert_frame_equal(read_events(export_events(events, fmt).data, fmt), events)


@pytest.mark.parametrize("fmt", DATA_FORMATS)
def test_every_format_exports_an_empty_table(fmt: str) -> None:
    empty = events_frame().iloc[0:0]
    assert export_events(empty, fmt).data


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_events(events_frame(), "docx")


def test_source_note_names_the_date_the_counts_and_the_documents() -> None:
    note = source_note(events_frame(), EXPORT_DAY)
    assert note.startswith("Exported 2026-11-25 · Source: Chronik, 9 events from 2 documents (")
    assert "Historian on the Minsk security treaty" in note
