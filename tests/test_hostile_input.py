"""Hostile and broken input (issue 16): what used to take minutes reads in one pass, one bad file or record costs
only itself, and what Chronik writes has the user's usual permissions.

Inputs are generated here, never stored. The pathological ones are sized so that the quadratic code they replace
took minutes on them; bench/adversarial.py measures how time grows with them up to the size limit."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from events import cli
from events.collections import documents_in_path, documents_in_upload, split_results
from events.documents import MAX_HTML_BYTES, DocumentError, read_document, read_stream
from events.exports import events_to_xlsx
from events.io import events_to_bytes, read_events, write_events
from events.schema import conform
from events.sentences import split_sentences

GOOD_ARTICLE = "Am 3. März 2023 unterzeichneten Putin und Lukaschenko in Minsk einen Vertrag.\n"
# Far past the size where the code these tests guard took minutes (30 KB of "[" took 15 s, growing with the square).
HOSTILE_SIZE = 200_000


def markdown_text(content: str) -> str:
    return read_document(content.encode(), name="hostile.md").text


# --- time that grew with the square of the input ------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["[", "![", "[a](", "[a][", "<a", "`a", "*a ", "_a ", "**a  "])
def test_markdown_that_never_closes_its_markup_is_read_as_text(unit: str) -> None:
    content = unit * (HOSTILE_SIZE // len(unit))
    text = markdown_text(content)
    assert text.count("a") == content.count("a")
    if unit != "`a":  # backticks pair up into code spans, which lose their backticks
        assert text.strip() == content.strip()


def test_markdown_still_drops_the_markup_it_pairs() -> None:
    content = ("# Titel ##\n\nDer **Vertrag** von *Minsk* (_2023_) steht [hier](https://example.com/a) und "
               "![Bild](x.png), `Code` und <b>fett</b>; Lehrer*innen und wahl_ergebnis_2020.csv bleiben.\n"
               "## C#\n\n- - -\n\n[ref]: https://example.com\n")
    assert markdown_text(content) == (
        "Titel\n\nDer Vertrag von Minsk (2023) steht hier und Bild, Code und fett; Lehrer*innen und "
        "wahl_ergebnis_2020.csv bleiben.\nC#")
    assert markdown_text("# " * 50_000 + "x").endswith("# # x")
    not_a_rule = markdown_text("-" + " -  " * 50_000 + "x")
    assert not_a_rule.endswith("x") and not_a_rule.count("-") == 50_000


@pytest.mark.parametrize("punctuation", [".", "!", "?", "…", '."'])
def test_a_line_of_punctuation_is_split_in_one_pass(punctuation: str) -> None:
    text = punctuation * (HOSTILE_SIZE // len(punctuation))
    assert [(s.start, s.end) for s in split_sentences(text, "de")] == [(0, len(text))]
    spaced = "Er kam. " + text + " Dann ging er."
    assert [s.text for s in split_sentences(spaced, "de")] == ["Er kam.", text, "Dann ging er."]


def test_a_page_of_html_tags_without_lang_is_searched_in_one_pass() -> None:
    page = ("<html><body><article><p>" + GOOD_ARTICLE * 3 + "</p>" + "&lt;html " * 10 + "</article>"
            + "<html " * (HOSTILE_SIZE // 6) + "</body></html>")
    document = read_document(page.encode(), name="page.html")
    assert "Lukaschenko" in document.text


@pytest.mark.parametrize("unit", [',"', '\n"', '"'])
def test_a_csv_that_tripped_the_dialect_sniffer_is_read(unit: str) -> None:
    content = ("text;id\n" + f'"{GOOD_ARTICLE.strip()}";1\n' + unit * (HOSTILE_SIZE // len(unit))).encode()
    documents, errors = split_results(documents_in_upload(content, name="news.csv"))
    assert documents[0].text == GOOD_ARTICLE.strip()
    assert all("news.csv" in str(error) for error in errors)


def test_the_csv_delimiter_is_read_from_the_header() -> None:
    for delimiter in ",;\t|":
        content = io.StringIO()
        writer = csv.writer(content, delimiter=delimiter)
        writer.writerows([["id", "text", "date"], ["1", "Ein Text, mit Komma; und mehr", "2024-01-02"]])
        documents, errors = split_results(documents_in_upload(content.getvalue().encode(), name="n.csv"))
        assert not errors, errors
        assert documents[0].text == "Ein Text, mit Komma; und mehr"


# --- one bad file or record costs only itself -------------------------------------------------------------------


def hostile_files(folder: Path) -> dict[str, Path]:
    files = {
        "good.txt": GOOD_ARTICLE.encode(),
        "deep.json": b"[" * 100_000,
        "deep.jsonl": (json.dumps({"text": GOOD_ARTICLE}) + "\n" + '{"text": ' + "[" * 100_000 + "\n"
                       + json.dumps({"text": GOOD_ARTICLE, "id": "after"}) + "\n").encode(),
        "numbers.jsonl": ('{"text": "' + GOOD_ARTICLE.strip() + '", "id": ' + "7" * 5000 + "}\n").encode(),
        "charset.html": ('<html><head><meta charset="undefined"></head><body><article><p>' + GOOD_ARTICLE * 3
                         + "</p></article></body></html>").encode(),
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(content)
    return paths


def test_deep_json_huge_numbers_and_a_bad_charset_cost_only_their_record(tmp_path: Path) -> None:
    paths = hostile_files(tmp_path)
    documents, errors = split_results(item for path in paths.values() for item in documents_in_path(path))
    assert {document.source_path.rsplit("/", 1)[1] for document in documents} == {
        "good.txt", "deep.jsonl", "numbers.jsonl", "charset.html"}
    assert [document.doc_id for document in documents if document.source_path.endswith("deep.jsonl")] == [
        "deep-1", "after"]
    assert next(d for d in documents if d.source_path.endswith("numbers.jsonl")).doc_id == "7" * 5000
    assert "Lukaschenko" in next(d for d in documents if d.source_path.endswith("charset.html")).text
    messages = sorted(str(error) for error in errors)
    assert messages == [f"{paths['deep.json']}: is nested too deeply to be read",
                        f"{paths['deep.jsonl']}, line 2: is nested too deeply to be read"]
    assert errors[1].params == {"name": str(paths["deep.jsonl"]), "line": 2}


def test_an_error_no_reader_expected_is_the_records_error_and_is_logged(monkeypatch: pytest.MonkeyPatch,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    from events import collections

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("/srv/chronik/secret/path")

    content = b'{"text": "a"}\n{"text": "b"}\n'
    real = collections._record_document
    calls = iter([broken, real])
    monkeypatch.setattr(collections, "_record_document", lambda *a, **k: next(calls)(*a, **k))
    documents, errors = split_results(documents_in_upload(content, name="news.jsonl"))
    assert [document.text for document in documents] == ["b"]
    assert str(errors[0]) == ("news.jsonl, line 1: could not be read (an internal error, KeyError; the log has the "
                              "details)")
    assert "/srv" not in str(errors[0]) and errors[0].reason == "internal"
    assert "/srv/chronik/secret/path" in caplog.text  # the details are in the log


def test_a_record_whose_text_is_null_is_named_plainly() -> None:
    _, errors = split_results(documents_in_upload(b'{"text": null}\nnull\n', name="n.jsonl"))
    assert [str(error) for error in errors] == ["n.jsonl, line 1: its 'text' is a null, not text",
                                                "n.jsonl, line 2: is a JSON null, not an object with a 'text' field"]


def test_the_command_writes_the_good_files_events_beside_the_bad_ones(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    paths = hostile_files(tmp_path / "in")
    output = tmp_path / "events.json"
    status = cli.main(["extract", str(tmp_path / "in"), "-o", str(output), "--date", "2023-03-10"])
    err = capsys.readouterr().err
    assert status == cli.EXIT_OK, err
    assert "internal error" not in err and "Traceback" not in err
    assert f"{paths['deep.json']}: is nested too deeply" in err
    assert f"{paths['deep.jsonl']}, line 2: is nested too deeply" in err
    events = read_events(output)
    sources = {source["doc_id"] for event_sources in events["sources"] for source in event_sources}
    assert sources == {"good", "deep-1", "after", "charset", "7" * 5000}


def test_a_csv_field_over_the_limit_and_an_unclosed_quote_are_reported() -> None:
    limit = csv.field_size_limit(1000)  # as 10 MB does, in a test that need not make 10 MB
    huge = "x" * 1010
    content = f'text,id\n"erster",1\n"{huge}",2\n"dritter",3\n"vierter,4\nfünfter,5\n'.encode()
    try:
        documents, errors = split_results(documents_in_upload(content, name="news.csv"))
    finally:
        csv.field_size_limit(limit)
    assert [document.text for document in documents] == ["erster", "dritter"]
    assert [error.params.get("line") for error in errors] == [3, 5]
    assert "field larger than field limit" in str(errors[0])
    assert str(errors[1]).startswith("news.csv, line 5: a quoted field opens here and is never closed, so lines 5-6")


# --- reading and writing files ------------------------------------------------------------------------------------


class EndlessInput(io.RawIOBase):
    """Standard input that never ends; counts what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"a" * len(buffer)
        self.taken += len(buffer)
        return len(buffer)


def test_standard_input_is_refused_as_soon_as_it_is_too_large() -> None:
    endless = EndlessInput()
    with pytest.raises(DocumentError, match=r"^-: is more than 20 MB"):
        read_stream(io.BufferedReader(endless), name="-")
    assert endless.taken <= MAX_HTML_BYTES + 2 * 1024 * 1024


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):  # what a folder without read permission does for anyone but root
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    assert cli.articles_in_folder(tmp_path) == [tmp_path / "ok" / "a.txt"]
    status = cli.main(["extract", str(tmp_path), "-o", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert status == cli.EXIT_OK
    assert f"skipped {tmp_path / 'locked'}: cannot be read (Permission denied); the articles in it are left out" in err
    assert "1 skipped" in err


def test_output_files_have_the_usual_permissions(tmp_path: Path) -> None:
    frame = conform(pd.DataFrame({"start": ["2024-01-02"], "sentence": ["Ein Satz."]}))
    previous = os.umask(0o027)
    try:
        fresh = write_events(frame, tmp_path / "new.csv")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        existing = tmp_path / "kept.json"
        existing.write_text("[]", encoding="utf-8")
        existing.chmod(0o604)
        write_events(frame, existing)
        assert stat.S_IMODE(existing.stat().st_mode) == 0o604
    finally:
        os.umask(previous)


def test_extra_columns_of_lists_survive_every_export() -> None:
    frame = conform(pd.DataFrame({"start": ["2024-01-02"], "sentence": ["Ein Satz."]}))
    frame["tags"] = [["a", "b"]]
    frame["scores"] = [{"x": 1}]
    workbook = events_to_xlsx(frame)
    assert workbook.startswith(b"PK")
    for fmt in ("csv", "json", "parquet"):
        assert events_to_bytes(frame, fmt)
