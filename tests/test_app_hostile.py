"""The dashboard fed injection payloads in every field it shows (events file, uploads, file names): every
Markdown element on the page shows them as text, and the only links are escaped http(s) addresses."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import INTERVIEW, events_frame
from markdown_it import MarkdownIt
from payloads import MARKUP_PAYLOADS, TRACKER, URL_PAYLOADS
from streamlit.testing.v1 import AppTest

from dashboard import safe

COMMONMARK = MarkdownIt("commonmark")
SHOWN_TEXT_FIELDS = ("title", "date_text", "doc_title", "doc_id", "cameo_code", "merge_notes", "timex")


def hostile_events(payload: str, url: str) -> pd.DataFrame:
    frame = events_frame()
    row = frame.index[frame["event_id"] == INTERVIEW][0]
    sentence = f"The historian spoke {payload} on 14 December 2024 {payload}."
    for column in SHOWN_TEXT_FIELDS:
        frame.at[row, column] = f"{column} {payload}"
    frame.at[row, "date_text"] = "14 December 2024"
    frame.at[row, "sentence"] = sentence
    frame.at[row, "url"] = url
    frame.at[row, "actors"] = [f"Actor {payload}", "Belarus"]
    frame.at[row, "unregistered_actors"] = [f"Person {payload}"]
    frame.at[row, "event_type"] = f"type {payload}"
    frame.at[row, "precision"] = "day"
    # a second source of the same event, so the sources list and the split choice show too
    mention = {**frame.loc[row, list(frame.columns[:25])].to_dict(), "event_id": "other:s1:d0",
               "doc_title": f"second {payload}"}
    first = {**frame.loc[row, list(frame.columns[:25])].to_dict()}
    frame.at[row, "sources"] = None
    frame = frame.astype({"sources": object})
    frame.at[row, "sources"] = [first, mention]
    return frame


def markdown_sources(app: AppTest) -> list[str]:
    """Every Markdown body on the page: text, captions, alerts, in the main area and the sidebar."""
    bodies: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader"):
        bodies += [str(element.value) for element in app.get(kind)]
    return bodies


def assert_shown_as_text(bodies: list[str]) -> None:
    for body in bodies:
        assert ":material/" not in body, body
        page = COMMONMARK.render(body)
        assert "<img" not in page and "<script" not in page and "<iframe" not in page, body
        for href in re.findall(r'<a href="([^"]*)"', page):
            target = html.unescape(href)
            assert target == safe.link_target(target), body
            assert TRACKER not in target.split("/")[2], body  # a link goes to the event's source, never elsewhere


@pytest.mark.parametrize(("payload", "url"), [(MARKUP_PAYLOADS[0], URL_PAYLOADS[0]),
                                              (" ".join(MARKUP_PAYLOADS[1:8]), URL_PAYLOADS[2]),
                                              (" ".join(MARKUP_PAYLOADS[8:]), URL_PAYLOADS[1])])
def test_an_event_full_of_payloads_is_shown_as_text(payload: str, url: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    serve_events(hostile_events(payload, url), tmp_path, monkeypatch)
    app = run_app(selected=[INTERVIEW])
    bodies = markdown_sources(app)
    panel = "\n".join(bodies)
    assert "title" in panel and "doc\\_title" in panel and "Actor" in panel  # the fields are on the page
    assert_shown_as_text(bodies)
    links = [href for body in bodies for href in re.findall(r'<a href="([^"]*)"', COMMONMARK.render(body))]
    assert links == [html.escape(link) for link in links]
    assert all(link.startswith("https://example.com/") for link in map(html.unescape, links))


def test_file_names_and_their_errors_are_shown_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_events(events_frame(), tmp_path, monkeypatch, name="**x** :red[y] :smile: <b>b<.b>.json")
    app = run_app()
    hostile = [f"![t](http:{TRACKER}) :smile: <b>x</b>.txt", f"[x](https:{TRACKER}).jsonl"]
    app.file_uploader(key="uploads_0").set_value([(hostile[0], b"", "text/plain"),
                                                   (hostile[1], b'{"text": 1}\n', "application/json")]).run()
    next(button for button in app.button if button.label == "Read articles").click().run()
    assert not app.exception
    bodies = markdown_sources(app)
    errors = "\n".join(str(element.value) for element in app.sidebar.error)
    assert re.sub(r"\\(.)", r"\1", errors).count(hostile[0]) == 1
    assert_shown_as_text(bodies)


def test_a_file_that_breaks_its_reader_costs_only_itself_and_shows_no_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_events(events_frame(), tmp_path, monkeypatch)
    app = run_app()
    good = ("Lukaschenko trifft Putin in Sotschi\n\nAm 3. März 2023 trafen sich Alexander Lukaschenko und Wladimir "
            "Putin in Sotschi. Sie sprachen über einen Vertrag.").encode()
    app.file_uploader(key="uploads_0").set_value([("deep.json", b"[" * 100_000, "application/json"),
                                                 ("sotschi.txt", good, "text/plain"),
                                                 ("page.html", b'<html><head><meta charset="undefined"></head><body>'
                                                  b"<article><p>" + good * 3 + b"</p></article></body></html>",
                                                  "text/html")]).run()
    next(button for button in app.button if button.label == "Read articles").click().run()
    assert not app.exception
    errors = "\n".join(str(element.value) for element in app.sidebar.error)
    assert "deep.json: is nested too deeply to be read" in re.sub(r"\\(.)", r"\1", errors)
    assert "Traceback" not in errors and "/" not in re.sub(r"\\(.)", "", errors)
    read = {source["doc_id"] for sources in app.session_state["shown_events"]["sources"] for source in sources}
    assert {"sotschi", "page"} <= read  # the good file, and the page whose charset label was unusable


def test_an_error_the_app_did_not_catch_shows_its_kind_only() -> None:
    from events import cli

    command, _ = cli.app_command(Path("app.py"), events=None, port=8501)
    assert command[command.index("--client.showErrorDetails") + 1] == "type"
