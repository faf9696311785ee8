"""Reading articles: encodings, formats, dates and the messages for files that cannot be read."""

from __future__ import annotations

import codecs
import unicodedata
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events import documents
from events.corpus import load_sample, sample_documents
from events.documents import (
    MAX_DOCUMENT_BYTES,
    MAX_HTML_BYTES,
    DocumentError,
    decode_text,
    document_id,
    parse_document_date,
    read_document,
    read_path,
)

DATA = Path(__file__).parent / "data"

# --- document dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-15", date(2024, 12, 15)),
        (" 2024-12-15 ", date(2024, 12, 15)),
        ("2023-03-04T08:30:00+00:00", date(2023, 3, 4)),
        ("15.12.2024", date(2024, 12, 15)),
        ("15. Dezember 2024", date(2024, 12, 15)),
        ("13. August 2020", date(2020, 8, 13)),
        ("Dec 15, 2024", date(2024, 12, 15)),
        ("15 December 2024", date(2024, 12, 15)),
        (date(2020, 8, 13), date(2020, 8, 13)),
        (datetime(2020, 8, 13, 23, 59), date(2020, 8, 13)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_document_dates_are_read_in_many_forms(value: str | date | None, expected: date | None) -> None:
    assert parse_document_date(value) == expected


@pytest.mark.parametrize("impossible", ["2024-02-31", "2023-02-29", "31.02.2024", "2024-13-01"])
def test_impossible_dates_are_reported_as_such(impossible: str) -> None:
    with pytest.raises(DocumentError, match="not a real date"):
        parse_document_date(impossible)


@pytest.mark.parametrize(
    "not_a_day",
    [
        "hello",
        "Die",  # dateparser's search_dates takes this for a Tuesday
        "gestern",  # relative to today: a document date must not depend on when Chronik runs
        "today",
        "Dezember 2024",  # no day: dateparser would take today's day of the month
        "2024",
    ],
)
def test_strings_that_name_no_day_are_rejected_with_examples(not_a_day: str) -> None:
    with pytest.raises(DocumentError, match=r"day, month and year \(e\.g\. 2024-12-15"):
        parse_document_date(not_a_day)


def test_a_leap_day_is_a_real_date() -> None:
    assert parse_document_date("2024-02-29") == date(2024, 2, 29)


# --- encodings -------------------------------------------------------------------------------------------

GERMAN = "Grüße aus Köln: Straße, Übermaß, „Zitat“ – 5 €"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_german_text_comes_out_right_in_every_common_encoding(encoding: str) -> None:
    bom = codecs.BOM_UTF16_BE if encoding == "utf-16-be" else b""
    text = decode_text(bom + GERMAN.encode(encoding), name="gruss.txt")
    assert text == GERMAN
    assert "\ufeff" not in text


def test_latin1_text_is_read_like_cp1252() -> None:
    assert decode_text("Grüße aus Köln, Straße".encode("latin-1"), name="x.txt") == "Grüße aus Köln, Straße"


def test_a_utf16_file_with_a_bom_is_read() -> None:
    document = read_path(DATA / "utf16-en.txt")
    assert document.text.startswith("Harbour closed after storm\nThe harbour of Eastport")
    assert "about €2 million" in document.text


def test_utf16_without_a_bom_is_recognised() -> None:
    assert decode_text("Harbour closed on 5 November".encode("utf-16-le"), name="x.txt") == (
        "Harbour closed on 5 November"
    )


def test_a_cp1252_file_has_its_umlauts_and_quotes_right() -> None:
    document = read_path(DATA / "cp1252-de.txt")
    assert "Die Gemeinderäte von Süderau" in document.text
    assert "Jördis Weiß" in document.text
    assert "2,4 Mio. € „ärgerlich, aber unvermeidbar“" in document.text
    assert "Ã" not in document.text  # the mark of UTF-8 bytes read as Windows-1252


def test_utf8_with_pasted_cp1252_keeps_both_parts_right() -> None:
    data = "Grüße aus ".encode() + "Köln – „Straße“".encode("cp1252")
    assert decode_text(data, name="mixed.txt") == "Grüße aus Köln – „Straße“"


# Umlauts and ß are lead bytes in UTF-8 terms, so their Windows-1252 bytes can never pass for UTF-8.
_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-()'\"\n"
_GERMAN_LETTERS = st.text(
    alphabet=st.sampled_from(list(_ASCII + "äöüÄÖÜß")),
    min_size=1,
    max_size=200,
).filter(lambda text: text.strip() != "")


@given(_GERMAN_LETTERS, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_any_german_text_survives_its_encoding(text: str, encoding: str) -> None:
    assert read_document(text.encode(encoding), name="any.txt").text == text


def test_nul_bytes_mean_binary_data() -> None:
    with pytest.raises(DocumentError, match=r"binary\.txt: is binary data"):
        read_path(DATA / "binary.txt")


def test_control_characters_without_nuls_mean_binary_data() -> None:
    data = bytes(range(1, 32)) * 20 + b"some text"
    with pytest.raises(DocumentError, match=r"blob\.txt: is binary data, not text \(too many control"):
        read_document(data, name="blob.txt")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (codecs.BOM_UTF16_LE + "text\x00\x00 more".encode("utf-16-le"), "nuls.txt"),
        (b'<html><meta charset="utf-8"><p>text\x00\x00\x00</p></html>', "nuls.html"),
    ],
)
def test_nul_characters_behind_a_bom_or_a_charset_mean_binary_data(data: bytes, name: str) -> None:
    with pytest.raises(DocumentError, match=rf"{name}: is binary data, not text \(it contains NUL"):
        read_document(data, name=name)


def test_a_bom_followed_by_invalid_bytes_is_reported() -> None:
    with pytest.raises(DocumentError, match="byte-order mark but is not valid UTF-8"):
        read_document(codecs.BOM_UTF8 + b"ok \xff\xfe broken", name="bom.txt")


# --- text normalisation ----------------------------------------------------------------------------------


def test_windows_line_ends_and_decomposed_umlauts_are_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Köln\r\nMärz 2020\rEnde")
    text = read_document(decomposed.encode(), name="mac.txt").text
    assert text == "Köln\nMärz 2020\nEnde"
    assert len(text) == 19


def test_plain_text_keeps_its_characters_so_offsets_point_into_the_file() -> None:
    content = "  Title line\n\nBody with  two spaces.\n"
    assert read_document(content.encode(), name="a.txt").text == content


# --- formats ---------------------------------------------------------------------------------------------


def test_a_short_first_line_of_plain_text_is_the_title() -> None:
    document = read_path(DATA / "cp1252-de.txt")
    assert document.title == "Gemeinderat streitet über Brücke"
    assert document.doc_id == "cp1252-de"
    assert document.source_path == str(DATA / "cp1252-de.txt")


@pytest.mark.parametrize(
    "content",
    ["One single line of text without a headline.\n", "A sentence that ends in a full stop.\nMore text.\n"],
)
def test_plain_text_without_a_headline_has_no_title(content: str) -> None:
    assert read_document(content.encode(), name="a.txt").title == ""


def test_markdown_loses_its_markup_and_front_matter_gives_metadata() -> None:
    document = read_path(DATA / "ferry-en.md")
    assert document.title == "Ferry service resumes"
    assert document.lang == "en"
    assert document.dct == date(2023, 6, 1)
    assert "The ferry between Eastport and Westholm resumed on 31 May 2023." in document.text
    assert "Service had stopped in January 2023." in document.text
    assert '"We are glad to be back," the operator said.' in document.text
    for markup in ("**", "](", "`", "# ", "- Service", "> ", "---"):
        assert markup not in document.text


def test_markdown_front_matter_is_found_in_a_file_with_windows_line_ends() -> None:
    content = "---\r\ntitle: Fähre\r\ndate: 1. Juni 2023\r\nlang: de\r\n---\r\nDie Fähre fährt wieder.\r\n"
    document = read_document(content.encode("cp1252"), name="faehre.md")
    assert (document.title, document.dct, document.lang) == ("Fähre", date(2023, 6, 1), "de")
    assert document.text == "Die Fähre fährt wieder."


def test_markdown_underscores_inside_words_are_not_emphasis() -> None:
    content = "Die Datei ist wahl_ergebnis_2020.csv, _kursiv_ und __fett__.\n"
    assert read_document(content.encode(), name="a.md").text == "Die Datei ist wahl_ergebnis_2020.csv, kursiv und fett."


def test_markdown_without_front_matter_takes_its_first_heading_as_title() -> None:
    content = "Intro line.\n\n## Council *votes*\n\nText with a [link][1].\n\n[1]: https://example.org\n"
    document = read_document(content.encode(), name="notes.md")
    assert document.title == "Council votes"
    assert document.text == "Intro line.\n\nCouncil votes\n\nText with a link."


def test_an_english_html_article_gives_text_title_date_and_language() -> None:
    document = read_path(DATA / "article-en.html")
    assert document.title == "Eastport council approves flood barrier"
    assert document.lang == "en"
    assert document.dct == date(2023, 3, 4)  # from article:published_time, not from the text's 3 March 2023
    assert "approved a flood barrier for the harbour on 3 March 2023" in document.text
    for boilerplate in ("Most read", "All rights reserved", "analytics", "Weather"):
        assert boilerplate not in document.text


def test_a_german_html_page_in_its_declared_charset() -> None:
    document = read_path(DATA / "article-de-cp1252.html")
    assert document.lang == "de"
    assert document.title == "Landtag beschließt Wassergesetz"
    assert document.dct == date(2024, 2, 15)
    assert "Seit dem Dürresommer 2022 dürfen Gemeinden" in document.text
    assert "„überfälligen Schritt“" in document.text


def test_html_without_a_date_in_its_markup_gets_none_from_its_text() -> None:
    page = (
        "<html><body><article><h1>Rat tagt</h1><p>Der Rat hat am 12. März 2023 den Haushalt beschlossen, "
        "nach einer langen Debatte, die bis spät in die Nacht dauerte.</p></article></body></html>"
    )
    document = read_document(page.encode(), name="page.html")
    assert "12. März 2023" in document.text
    assert document.dct is None  # the date in the text is an event, not the publication date


def test_what_the_user_says_wins_over_the_page() -> None:
    document = read_document(
        (DATA / "article-en.html").read_bytes(), name="page.html", lang="de", dct="2023-03-05", doc_id="mine"
    )
    assert (document.lang, document.dct, document.doc_id) == ("de", date(2023, 3, 5), "mine")


def test_a_page_with_no_article_text_is_reported() -> None:
    with pytest.raises(DocumentError, match=r"broken\.html: no article text found in the HTML page"):
        read_path(DATA / "broken.html")


def test_html_without_an_extension_is_recognised() -> None:
    document = read_document((DATA / "article-en.html").read_bytes(), name="-")
    assert document.title == "Eastport council approves flood barrier"
    assert document.doc_id == "stdin"


# --- files that cannot be read ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_files_are_reported_by_name(content: bytes) -> None:
    with pytest.raises(DocumentError, match=r"^notes\.txt: is empty$"):
        read_document(content, name="notes.txt")


def test_oversized_input_names_the_limit() -> None:
    data = b"word " * (MAX_DOCUMENT_BYTES // 5 + 1)
    with pytest.raises(DocumentError, match=r"huge\.txt: is 5\.0 MB; Chronik reads articles up to 5 MB"):
        read_document(data, name="huge.txt")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_HTML_BYTES + 1)  # a sparse file: large on paper, nothing to read

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(DocumentError, match=r"big\.txt: is 20\.0 MB; Chronik reads files up to 20 MB"):
        read_path(big)


def test_a_large_web_page_with_a_short_article_is_read() -> None:
    padding = "<script>var data = '" + "x" * (MAX_DOCUMENT_BYTES + 1000) + "';</script>"
    page = (DATA / "article-en.html").read_text(encoding="utf-8").replace("</head>", padding + "</head>")
    document = read_document(page.encode(), name="saved-page.html")
    assert document.title == "Eastport council approves flood barrier"


def test_the_text_of_a_web_page_is_held_to_the_article_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(DocumentError, match=r"page\.html: has more than 5 MB of text"):
        read_document((DATA / "article-en.html").read_bytes(), name="page.html")


def test_a_web_page_over_its_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match=r"huge\.html: is 20\.0 MB; Chronik reads web pages up to 20 MB"):
        read_document(b"<html>" + b" " * MAX_HTML_BYTES, name="huge.html")


@pytest.mark.parametrize("name", ["report.pdf", "table.docx", "data.json"])
def test_unsupported_types_say_what_is_supported(name: str) -> None:
    with pytest.raises(DocumentError, match=rf"{name}: unsupported file type .* Chronik reads \.txt, \.md"):
        read_document(b"some text", name=name)


def test_a_missing_file_and_a_folder_are_reported(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"gone\.txt: no such file"):
        read_path(tmp_path / "gone.txt")
    with pytest.raises(DocumentError, match="is a folder, not a file"):
        read_path(tmp_path)


def test_a_bad_date_names_the_document() -> None:
    with pytest.raises(DocumentError, match=r"^a\.txt: document date '2024-02-31' is not a real date"):
        read_document(b"Some text.", name="a.txt", dct="2024-02-31")


def test_a_bad_date_in_front_matter_is_reported_not_dropped() -> None:
    content = b"---\ndate: sometime\n---\nText.\n"
    with pytest.raises(DocumentError, match=r"a\.md: the date in its metadata, .* give one with --date"):
        read_document(content, name="a.md")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Reports/Belarus Treaty.txt", "belarus-treaty"),
        ("x/Überblick 2024.html", "überblick-2024"),
        ("...", "doc"),
    ],
)
def test_document_ids_come_from_file_names(name: str, expected: str) -> None:
    assert document_id(name) == expected


# --- bundled corpus --------------------------------------------------------------------------------------


def test_the_sample_has_its_metadata_and_its_text_unchanged() -> None:
    sample = load_sample()
    assert sample.doc_id == "belarus-treaty-de"
    assert sample.lang == "de"
    assert sample.dct == date(2024, 12, 15)
    assert sample.dct_approximate is True
    assert sample.title == "Wladimir Putin und Alexander Lukaschenko beschließen Militär-Abkommen"
    bundled = files("events.corpus").joinpath("belarus-treaty-de.txt").read_text(encoding="utf-8")
    assert sample.text == bundled  # offsets in events refer to this text
    assert "kürzlich in Minsk einen Vertrag" in sample.text


def test_sample_documents_lists_every_bundled_article_once() -> None:
    documents = sample_documents()
    bundled = sorted(e.name for e in files("events.corpus").iterdir() if e.name.endswith(".toml"))
    assert len(documents) == len(bundled)
    assert load_sample() in documents
    assert len({document.doc_id for document in documents}) == len(documents)


@pytest.mark.parametrize(
    ("data", "name", "reason", "params"),
    [
        (b"", "empty.txt", "empty", {"name": "empty.txt"}),
        (b"\x00\x01binary", "scan.txt", "binary", {"name": "scan.txt"}),
        (b"text", "photo.png", "unsupported", {"name": "photo.png", "suffix": ".png"}),
        (b"x" * (MAX_DOCUMENT_BYTES + 1), "huge.txt", "too_large", {"name": "huge.txt"}),
    ],
)
def test_a_refused_document_names_its_reason_for_other_languages(
    data: bytes, name: str, reason: str, params: dict[str, str]
) -> None:
    with pytest.raises(DocumentError) as refused:
        read_document(data, name=name)
    assert refused.value.reason == reason
    assert params.items() <= refused.value.params.items()
    assert name in str(refused.value)  # the English message the command line prints is unchanged
