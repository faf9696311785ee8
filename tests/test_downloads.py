"""Every download button's file, made as a click would make it: the right format, holding exactly the filtered
events (data) or the view as drawn with its export note (charts). The app draws these buttons in every view."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import run_app, serve_events
from dashboard_fixtures import ELECTION, TREATY, events_frame

from dashboard import downloads, export
from dashboard.figures import timeline_figure
from dashboard.i18n import translator
from events.io import read_events

FILTERED_IDS = {ELECTION, TREATY}
ENGLISH = translator("en")
NEEDS_BROWSER = pytest.mark.skipif(
    export.find_browser() is None,
    reason="image export needs Chromium or Chrome (apt-get install chromium); none found on PATH",
)


@pytest.fixture(scope="module")
def filtered() -> pd.DataFrame:
    events = events_frame()
    return events[events["event_id"].isin(FILTERED_IDS)].reset_index(drop=True)


def by_key(made: list[downloads.Download]) -> dict[str, downloads.Download]:
    return {download.key: download for download in made}


def test_data_files_hold_exactly_the_filtered_events_in_their_format(filtered: pd.DataFrame, tmp_path: Path) -> None:
    files = by_key(downloads.data_downloads(filtered))
    assert list(files) == [f"download_{fmt}" for _, fmt in downloads.DATA_FORMATS]
    for key, suffix in (("download_csv", ".csv"), ("download_json", ".json"), ("download_parquet", ".parquet")):
        download = files[key]
        assert download.file_name == f"{downloads.DATA_FILE_STEM}{suffix}"
        path = tmp_path / download.file_name
        path.write_bytes(download.make())
        assert set(read_events(path)["event_id"]) == FILTERED_IDS, key
    timeline_js = json.loads(files["download_timelinejs"].make())
    assert len(timeline_js["events"]) == len(FILTERED_IDS)
    calendar = files["download_ics"].make().decode()
    assert calendar.startswith("BEGIN:VCALENDAR") and calendar.count("BEGIN:VEVENT") == len(FILTERED_IDS)
    workbook = files["download_xlsx"].make()
    assert zipfile.is_zipfile(io.BytesIO(workbook)) and files["download_xlsx"].file_name.endswith(".xlsx")
    assert set(pd.read_excel(io.BytesIO(workbook))["event_id"]) == FILTERED_IDS


def test_the_interactive_page_is_the_view_with_its_export_note(filtered: pd.DataFrame) -> None:
    figure = timeline_figure(filtered)
    files = by_key(downloads.chart_downloads(ENGLISH, figure, filtered, "chronik-events-by-actor", images=False))
    assert list(files) == ["download_html"]  # no browser: no images offered
    page = files["download_html"].make().decode()
    assert page.lower().startswith("<!doctype html>") and "plotly" in page
    assert f"Exported {date.today().isoformat()}" in page


def test_the_export_note_is_in_the_dashboards_language(filtered: pd.DataFrame) -> None:
    today = date.today().isoformat()
    english = downloads.export_note(ENGLISH, filtered)
    assert english.startswith(f"Exported {today} · Source: Chronik, 2 events from ")
    german = downloads.export_note(translator("de"), filtered)
    assert german.startswith(f"Exportiert am {today} · Quelle: Chronik, 2 Ereignisse aus ")
    one = filtered.head(1)
    assert "1 Ereignis aus 1 Dokument" in downloads.export_note(translator("de"), one)
    many = pd.concat([one] * 5, ignore_index=True)
    many["doc_id"] = [f"d{i}" for i in range(5)]
    many["doc_title"] = [f"Titel {i}" for i in range(5)]
    assert downloads.export_note(translator("de"), many).endswith("(Titel 0; Titel 1; Titel 2; 2 weitere)")
    files = by_key(downloads.chart_downloads(translator("de"), timeline_figure(filtered), filtered, "x", images=False))
    assert f"Exportiert am {today}" in files["download_html"].make().decode()


@NEEDS_BROWSER
@pytest.mark.browser
def test_images_are_real_png_svg_and_pdf_files(filtered: pd.DataFrame) -> None:
    figure = timeline_figure(filtered)
    files = by_key(downloads.chart_downloads(ENGLISH, figure, filtered, "chronik-events-by-actor", images=True))
    assert [files[f"download_{fmt}"].file_name for fmt in export.IMAGE_FORMATS] == [
        "chronik-events-by-actor.png", "chronik-events-by-actor.svg", "chronik-events-by-actor.pdf"
    ]
    assert files["download_png"].make().startswith(b"\x89PNG\r\n\x1a\n")
    svg = files["download_svg"].make().decode()
    assert "<svg" in svg and "Exported" in svg
    assert files["download_pdf"].make().startswith(b"%PDF")


@pytest.mark.parametrize("view", ["timeline", "counts", "cooccurrence"])
def test_every_view_offers_every_download(view: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_events(events_frame(), tmp_path, monkeypatch)
    app = run_app({"view": view})
    keys = {button.key for button in app.get("download_button")}
    expected = {f"download_{fmt}" for _, fmt in downloads.DATA_FORMATS} | {"download_html"}
    if export.find_browser() is not None:
        expected |= {f"download_{fmt}" for fmt in export.IMAGE_FORMATS}
    assert keys == expected
