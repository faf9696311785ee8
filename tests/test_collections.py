"""Collections of articles: .json, .jsonl and .csv files, record by record, bad records named and skipped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from events.collections import (
    documents_in_path,
    documents_in_upload,
    is_collection,
    read_collection,
    read_collection_path,
    split_results,
)
from events.documents import DocumentError
from events.model import Document

DATA = Path(__file__).parent / "data" / "collections"


def read(path: Path, **defaults: object) -> tuple[list[Document], list[str]]:
    documents, errors = split_results(read_collection_path(path, **defaults))  # type: ignore[arg-type]
    return documents, [str(error) for error in errors]


# --- JSON Lines ------------------------------------------------------------------------------------------


def test_jsonl_good_records_go_through_and_bad_ones_are_named_by_line() -> None:
    documents, errors = read(DATA / "wire-de.jsonl")
    assert [d.doc_id for d in documents] == ["dpa-0612-a", "dpa-0612-b", "wire-de-6"]
    first = documents[0]
    assert first.title == "Russland und Belarus unterzeichnen Sicherheitsvertrag"
    assert (first.lang, first.dct) == ("de", date(2024, 12, 6))
    assert first.url == "https://example.org/dpa/0612-a"
    assert first.source_path == str(DATA / "wire-de.jsonl")
    assert first.text.startswith("Minsk (dpa) - Wladimir Putin")
    assert documents[1].dct == date(2024, 12, 7)  # German dotted date
    assert documents[2].lang == "de"  # "de-DE"
    name = str(DATA / "wire-de.jsonl")
    assert errors == [
        f"{name}, line 3: has no 'text' field (it has 'id', 'title')",
        f"{name}, line 4: date '2024-12-32' is not a real date (day is out of range for month)",
        f"{name}, line 5: is not valid JSON (Expecting ',' delimiter, column 88)",
        f"{name}, line 8: its 'text' is empty",
    ]


def test_record_metadata_wins_and_the_defaults_fill_in() -> None:
    documents, _ = read(DATA / "wire-de.jsonl", lang="en", dct=date(2025, 1, 1))
    assert [(d.doc_id, d.lang, d.dct) for d in documents] == [
        ("dpa-0612-a", "de", date(2024, 12, 6)),
        ("dpa-0612-b", "de", date(2024, 12, 7)),
        ("wire-de-6", "de", date(2025, 1, 1)),  # has a language of its own, but no date
    ]


def test_ids_without_an_id_field_count_records_not_lines_and_stay_stable() -> None:
    data = b'{"text": "One."}\n\n{"text": "Two."}\n{"oops": 1}\n{"text": "Four."}\n'
    documents, errors = split_results(read_collection(data, name="Feed Export.jsonl"))
    assert [d.doc_id for d in documents] == ["feed-export-1", "feed-export-2", "feed-export-4"]
    assert len(errors) == 1 and "Feed Export.jsonl, line 4" in str(errors[0])


def test_a_long_jsonl_file_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "archive.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(3000):
            handle.write(json.dumps({"id": f"n{number}", "text": f"Meldung {number}: Am Montag tagte der Rat."}) + "\n")
    items = read_collection_path(path)
    first = next(items)  # available before the rest of the file is read
    assert isinstance(first, Document) and first.doc_id == "n0"
    assert sum(1 for _ in items) == 2999


def test_an_over_long_jsonl_line_is_one_error_and_the_next_line_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    huge = json.dumps({"text": "x" * (11 * 1024 * 1024)})
    path.write_text(huge + "\n" + json.dumps({"text": "Kurz."}) + "\n", encoding="utf-8")
    documents, errors = read(path)
    assert [d.text for d in documents] == ["Kurz."]
    assert errors == [f"{path}, line 1: is longer than 5 MB; Chronik reads articles up to 5 MB"]


# --- JSON ------------------------------------------------------------------------------------------------


def test_json_array_records_are_numbered() -> None:
    documents, errors = read(DATA / "reuters.json")
    assert [d.doc_id for d in documents] == ["rtr-1", "reuters-4"]
    assert documents[0].dct == date(2024, 12, 6)  # a timestamp names its day
    assert documents[1].text == "The European Union condemned the treaty on Saturday."  # from `content`
    assert documents[1].title == "EU reaction" and documents[1].dct == date(2024, 12, 7)
    name = str(DATA / "reuters.json")
    assert errors == [
        f"{name}, record 2: its 'text' is a number, not text",
        f"{name}, record 3: is a JSON text, not an object with a 'text' field",
    ]


def test_a_single_json_object_is_one_document() -> None:
    data = json.dumps({"text": "Am 6. Dezember 2024 unterzeichneten beide den Vertrag.", "lang": "de"}).encode()
    documents, errors = split_results(read_collection(data, name="vertrag.json"))
    assert errors == [] and [(d.doc_id, d.lang) for d in documents] == [("vertrag", "de")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[{\"text\": \"a\"},", "broken.json: is not valid JSON (Expecting value, line 1, column 16)"),
        (b"42", "broken.json: holds a JSON number"),
        (b"[]", "broken.json: is an empty array"),
        (b"  \n", "broken.json: is empty"),
        (b"\x00\x01\x02binary", "broken.json: is binary data"),
    ],
)
def test_a_broken_json_file_is_one_error(data: bytes, message: str) -> None:
    documents, errors = split_results(read_collection(data, name="broken.json"))
    assert documents == [] and len(errors) == 1 and str(errors[0]).startswith(message)


def test_an_unknown_language_is_an_error_for_its_record() -> None:
    data = b'[{"text": "Bonjour.", "lang": "fr"}, {"text": "Hallo.", "lang": "DE"}]'
    documents, errors = split_results(read_collection(data, name="mixed.json"))
    assert [d.lang for d in documents] == ["de"]
    assert str(errors[0]) == "mixed.json, record 1: language 'fr' is not one Chronik reads (de, en)"


# --- CSV -------------------------------------------------------------------------------------------------


def test_csv_from_german_excel_semicolons_cp1252_and_multiline_fields() -> None:
    documents, errors = read(DATA / "tagesspiegel-export.csv")
    assert [d.doc_id for d in documents] == ["tsp-1", "tsp-2"]
    assert "Außenministerin Annalena Baerbock nannte das \"unverantwortlich\"." in documents[0].text
    assert documents[0].dct == date(2024, 11, 17) and documents[0].url == "https://example.org/tsp/1"
    assert documents[1].text == (
        "Vor vier Jahren gingen Hunderttausende auf die Straße.\nDie Polizei nahm Tausende fest."
    )
    name = str(DATA / "tagesspiegel-export.csv")
    assert errors == [
        f"{name}, line 5: its 'text' is empty",
        f"{name}, line 6: date 'morgen früh' is not a date with day, month and year "
        "(e.g. 2024-12-15, 15.12.2024 or 15. Dezember 2024)",
    ]


def test_a_csv_without_a_text_column_is_one_error_listing_its_columns() -> None:
    documents, errors = read(DATA / "no-text-column.csv")
    assert documents == []
    assert errors == [
        f"{DATA / 'no-text-column.csv'}: has no text column (a column named text or content or body); its columns "
        "are 'headline', 'body_text', 'published'"
    ]


def test_csv_accepts_body_and_content_columns_and_tabs() -> None:
    data = b"Body\tDate\nAm Montag tagte der Rat.\t2024-12-09\n"
    documents, errors = split_results(read_collection(data, name="feed.csv"))
    assert errors == [] and [(d.doc_id, d.dct) for d in documents] == [("feed-1", date(2024, 12, 9))]


def test_a_csv_row_with_too_many_fields_is_named() -> None:
    data = b"id,text\n1,One.\n2,Two,extra\n3,Three.\n"
    documents, errors = split_results(read_collection(data, name="rows.csv"))
    assert [d.doc_id for d in documents] == ["1", "3"]
    assert str(errors[0]) == "rows.csv, line 3: has 3 fields but the header names 2 columns"


# --- dispatch --------------------------------------------------------------------------------------------


def test_single_articles_and_collections_through_one_door() -> None:
    items = list(documents_in_path(Path(__file__).parent / "data" / "ferry-en.md"))
    assert len(items) == 1 and isinstance(items[0], Document)
    items = list(documents_in_path(DATA / "missing.jsonl"))
    assert [str(i) for i in items] == [f"{DATA / 'missing.jsonl'}: no such file"]
    uploaded = list(documents_in_upload(b"", name="leer.txt"))
    assert len(uploaded) == 1 and isinstance(uploaded[0], DocumentError)
    uploaded = list(documents_in_upload((DATA / "reuters.json").read_bytes(), name="reuters.json"))
    assert sum(isinstance(i, Document) for i in uploaded) == 2
    assert is_collection("a.JSONL") and not is_collection("a.html")
