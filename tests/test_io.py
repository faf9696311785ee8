"""Events files: every column survives CSV, JSON and Parquet, and broken files get a clear message."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.io import (
    FORMATS,
    EventsFileError,
    events_to_bytes,
    format_from_name,
    read_events,
    sniff_format,
    write_events,
)
from events.schema import COLUMN_NAMES, conform, empty_events


def rich_events() -> pd.DataFrame:
    """Two events that use every column, with the values that break naive writers."""
    return conform(
        pd.DataFrame(
            {
                "event_id": ["007:s1:d0", "007:s2:i0"],
                "doc_id": ["007", "007"],
                "doc_title": ["Putin und Lukaschenko beschließen Militär-Abkommen", "NA"],
                "lang": ["de", "de"],
                "start": [pd.Timestamp("2020-08-13"), pd.Timestamp("0800-12-25")],
                "end": [pd.NaT, pd.Timestamp("0800-12-25")],
                "precision": ["day", "day"],
                "timex": ["2020-08-13", "0800-12-25"],
                "timex_mod": ["ON_OR_AFTER", ""],
                "date_text": ["Ab dem 13. August 2020", "Weihnachten 800"],
                "date_inferred": [False, True],
                "date_vague": [True, False],
                "date_resolved": [True, True],
                "open_start": [False, True],
                "open_end": [True, False],
                "title": ["Generalstreik", "null"],
                "event_type": ["strike", "ceremony"],
                "cameo_code": ["14", "05"],
                "actors": [["Belarus", "Alexander Lukashenko"], []],
                "sentence": ['Ab dem 13. August 2020 streikten "Hunderttausende"; landesweit,\nsagt sie.', "Karl"],
                "char_start": [120, 0],
                "char_end": [190, 5],
                "date_char_start": [120, None],
                "date_char_end": [142, None],
            }
        )
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_column_survives_a_round_trip(fmt: str) -> None:
    events = rich_events()
    pd.testing.assert_frame_equal(read_events(events_to_bytes(events, fmt), fmt), events)


@pytest.mark.parametrize("fmt", FORMATS)
def test_files_are_read_back_by_their_extension(fmt: str, tmp_path: Path) -> None:
    events = rich_events()
    path = write_events(events, tmp_path / f"events.{fmt}")
    pd.testing.assert_frame_equal(read_events(path), events)
    pd.testing.assert_frame_equal(read_events(str(path)), events)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_format_is_sniffed_when_nothing_names_it(fmt: str) -> None:
    events = rich_events()
    unnamed = io.BytesIO(events_to_bytes(events, fmt))
    pd.testing.assert_frame_equal(read_events(unnamed), events)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_table_round_trips_with_all_columns(fmt: str) -> None:
    back = read_events(events_to_bytes(empty_events(), fmt), fmt)
    assert list(back.columns) == list(COLUMN_NAMES)
    assert back.empty


def test_an_uploaded_file_object_uses_its_name_for_the_format() -> None:
    upload = io.BytesIO(events_to_bytes(rich_events(), "json"))
    upload.name = "upload.JSON"
    assert read_events(upload)["doc_id"].tolist() == ["007", "007"]


_names = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters=";"), min_size=1).map(
    str.strip
).filter(bool)
_days = st.dates(min_value=date(1, 1, 1), max_value=date(2200, 12, 31)).map(pd.Timestamp)


@st.composite
def event_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(min_value=1, max_value=4))
    text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
    return conform(
        pd.DataFrame(
            {
                "doc_id": draw(st.lists(text, min_size=rows, max_size=rows)),
                "start": draw(st.lists(st.one_of(st.none(), _days), min_size=rows, max_size=rows)),
                "open_end": draw(st.lists(st.booleans(), min_size=rows, max_size=rows)),
                "actors": draw(st.lists(st.lists(_names, max_size=3), min_size=rows, max_size=rows)),
                "sentence": draw(st.lists(text, min_size=rows, max_size=rows)),
                "char_start": draw(st.lists(st.integers(0, 10**9), min_size=rows, max_size=rows)),
                "date_char_end": draw(st.lists(st.one_of(st.none(), st.integers(0, 10**9)), min_size=rows,
                                               max_size=rows)),
            }
        )
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_tables(), st.sampled_from(FORMATS))
def test_any_events_table_round_trips(events: pd.DataFrame, fmt: str) -> None:
    pd.testing.assert_frame_equal(read_events(events_to_bytes(events, fmt), fmt), events)


# --- what the files look like ----------------------------------------------------------------------------


def test_json_is_an_array_of_complete_event_objects_with_iso_days() -> None:
    records = json.loads(events_to_bytes(rich_events(), "json"))
    assert isinstance(records, list)
    assert [list(record) for record in records] == [list(COLUMN_NAMES)] * 2
    first, second = records
    assert (first["start"], first["end"]) == ("2020-08-13", None)
    assert second["start"] == "0800-12-25"  # four-digit years, also before 1000
    assert first["actors"] == ["Belarus", "Alexander Lukashenko"]
    assert second["actors"] == []
    assert (first["date_char_start"], second["date_char_start"]) == (120, None)
    assert (first["open_end"], first["char_end"]) == (True, 190)
    assert "beschließen" in events_to_bytes(rich_events(), "json").decode("utf-8")  # not \u00df escapes


def test_csv_is_utf8_with_joined_actors_and_plain_days() -> None:
    text = events_to_bytes(rich_events(), "csv").decode("utf-8")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMN_NAMES)
    assert frame.loc[0, "actors"] == "Belarus; Alexander Lukashenko"
    assert (frame.loc[0, "start"], frame.loc[0, "end"]) == ("2020-08-13", "")
    assert frame.loc[0, "doc_title"] == "Putin und Lukaschenko beschließen Militär-Abkommen"


def test_nul_characters_do_not_make_a_csv_binary() -> None:
    events = conform(pd.DataFrame({"start": ["2020-01-01"], "sentence": ["a\x00b"], "title": ["\x00"]}))
    data = events_to_bytes(events, "csv")
    assert b"\x00" not in data
    back = read_events(data, "csv")
    assert (back.loc[0, "sentence"], back.loc[0, "title"]) == ("a\ufffdb", "\ufffd")


def test_writing_conforms_a_partial_table_first() -> None:
    minimal = pd.DataFrame({"start": ["2022-01-01"], "sentence": ["Anfang 2022 ..."]})
    assert list(json.loads(events_to_bytes(minimal, "json"))[0]) == list(COLUMN_NAMES)


def test_extra_columns_are_kept() -> None:
    events = rich_events().assign(score=[0.5, 0.25])
    back = read_events(events_to_bytes(events, "json"), "json")
    assert back["score"].tolist() == [0.5, 0.25]


# --- formats by name and content -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.csv", "csv"), ("A.JSON", "json"), ("x/y.parquet", "parquet"), ("b.pq", "parquet"), ("c.txt", None)],
)
def test_format_from_name(name: str, expected: str | None) -> None:
    assert format_from_name(name) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PAR1....", "parquet"),
        (b"  \n[{}]", "json"),
        (b"\xef\xbb\xbf{", "json"),
        (b"start,sentence\n", "csv"),
    ],
)
def test_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


# --- files that cannot be read ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n  \n"])
def test_an_empty_file_is_reported(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with pytest.raises(EventsFileError, match=r"events\.csv: is empty"):
        read_events(path)


@pytest.mark.parametrize("name", ["events.csv", "events.json"])
def test_binary_data_is_reported(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(EventsFileError, match=rf"{name}: is binary data"):
        read_events(path)


def test_malformed_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text('[\n  {"start": "2020-08-13",\n  "sentence": }\n]', encoding="utf-8")
    with pytest.raises(EventsFileError, match=r"events\.json: is not valid JSON \(line 3, column 15"):
        read_events(path)


@pytest.mark.parametrize("content", ['{"start": "2020-08-13", "sentence": "x"}', "[1, 2]", '"text"'])
def test_json_that_is_not_an_array_of_events_is_reported(content: str) -> None:
    with pytest.raises(EventsFileError, match="is JSON but not an array of event objects"):
        read_events(content.encode(), "json")


def test_a_file_without_the_core_columns_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,age\nAda,36\n", encoding="utf-8")
    with pytest.raises(EventsFileError, match=r"people\.csv: is not a Chronik events file: .*sentence, sta"):
        read_events(path)


def test_dates_that_are_not_dates_are_reported() -> None:
    data = b'[{"start": "sometime soon", "sentence": "x"}]'
    with pytest.raises(EventsFileError, match=r"not a Chronik events file: column 'start' holds values"):
        read_events(data, "json")


def test_a_ragged_csv_is_reported() -> None:
    with pytest.raises(EventsFileError, match="is not a readable CSV file"):
        read_events(b'start,sentence\n2020-01-01,"unclosed\n', "csv")


def test_a_csv_in_another_encoding_is_reported() -> None:
    with pytest.raises(EventsFileError, match="is not UTF-8 text"):
        read_events("start,sentence\n2020-01-01,Köln\n".encode("cp1252"), "csv")


def test_broken_parquet_is_reported() -> None:
    with pytest.raises(EventsFileError, match="events data: is not a readable Parquet file"):
        read_events(b"PAR1 this is not really parquet PAR1")


def test_missing_files_folders_and_unknown_formats_are_reported(tmp_path: Path) -> None:
    with pytest.raises(EventsFileError, match=r"nope\.csv: no such file"):
        read_events(tmp_path / "nope.csv")
    with pytest.raises(EventsFileError, match="is a folder"):
        read_events(tmp_path)
    with pytest.raises(EventsFileError, match="unknown events format 'xml'"):
        read_events(b"<events/>", "xml")


# --- writing ---------------------------------------------------------------------------------------------


def test_writing_to_an_unknown_extension_leaves_the_old_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "events.txt"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(EventsFileError, match="cannot tell the format"):
        write_events(rich_events(), target)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["events.txt"]


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    path = write_events(rich_events(), tmp_path / "events.dat", "json")
    assert json.loads(path.read_text(encoding="utf-8"))[0]["doc_id"] == "007"


def test_unknown_formats_are_refused() -> None:
    with pytest.raises(EventsFileError, match="unknown events format 'xlsx'; use one of csv, json, parquet"):
        events_to_bytes(rich_events(), "xlsx")


def test_conform_takes_sources_as_written_and_falls_back_to_the_row_where_they_are_no_list() -> None:
    written = rich_events()
    odd = written.copy()
    odd["sources"] = ["{}", json.dumps(written["sources"].iloc[1])]  # an object, not a list; then as written
    odd["date_candidates"] = [None, "[]"]
    odd["source_count"] = [None, 0]
    conformed = conform(odd)
    assert conformed["sources"].tolist() == written["sources"].tolist()
    assert conformed["date_candidates"].tolist() == written["date_candidates"].tolist()
    assert conformed["source_count"].tolist() == [1, 1]
    # A date in a source that is not a day is normalised, not passed through as written.
    odd["sources"] = [[{**written["sources"].iloc[0][0], "start": "2020-08-13T00:00:00"}], "[]"]
    assert conform(odd)["sources"].iloc[0][0]["start"] == "2020-08-13"
