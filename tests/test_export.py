"""Chart export: static images through Kaleido + Chromium, and standalone HTML."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import plotly.graph_objects as go
import pytest
from dashboard_fixtures import events_frame

from dashboard import export, plotly_locales
from dashboard.counts import counts_figure
from dashboard.figures import timeline_figure

needs_browser = pytest.mark.skipif(
    export.find_browser() is None,
    reason="image export needs Chromium or Chrome (apt-get install chromium); none found on PATH or BROWSER_PATH",
)


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    return timeline_figure(events_frame(), lanes="actor")


def png_size(data: bytes) -> tuple[int, int]:
    # A PNG's first chunk is IHDR: width and height as big-endian 32-bit integers at bytes 16-24.
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.browser
@needs_browser
def test_png_is_a_sharp_image_of_the_whole_figure(figure: go.Figure) -> None:
    data = export.figure_to_image(figure, "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = png_size(data)
    assert (width, height) == (export.EXPORT_WIDTH_PX * export.EXPORT_SCALE, figure.layout.height * export.EXPORT_SCALE)
    assert len(data) > 20_000  # a drawn chart, not a blank canvas


@pytest.mark.browser
@needs_browser
def test_svg_is_xml_with_the_title_and_lanes(figure: go.Figure) -> None:
    data = export.figure_to_image(figure, "svg")
    assert b"<svg" in data[:200]
    root = ElementTree.fromstring(data)
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert "Chronik — events by actor" in text
    assert "Alexander Lukashenko" in text and "vague date (estimate)" in text


@pytest.mark.browser
@needs_browser
def test_pdf_is_a_page_of_a4_or_letter_named_by_its_chart(figure: go.Figure) -> None:
    from pypdf import PdfReader

    data = export.figure_to_image(figure, "pdf", subject="Exported 2026-12-04 · Source: Chronik")
    assert data.startswith(b"%PDF")
    document = PdfReader(io.BytesIO(data))
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert sorted((round(float(box.width)), round(float(box.height)))) == [595, 842]  # A4, in points
    assert float(box.width) > float(box.height)  # the wide timeline lies in landscape
    assert document.metadata.title == "Chronik — events by actor"  # not "Kaleido-fier"
    assert document.metadata.subject.startswith("Exported 2026-12-04")
    assert "Lukashenko" in document.pages[0].extract_text()  # the chart itself, still vector text
    letter = PdfReader(io.BytesIO(export.figure_to_image(figure, "pdf", page="letter", title="Belarus"))).pages[0]
    assert sorted((round(float(letter.mediabox.width)), round(float(letter.mediabox.height)))) == [612, 792]


def test_a_pdf_page_holds_the_whole_chart_within_its_margins() -> None:
    # Kaleido's page is as large as the figure; a tall chart goes on a portrait page, scaled to fit.
    from pypdf import PdfReader, PdfWriter

    drawn = PdfWriter()
    drawn.add_blank_page(width=1600, height=2400)
    buffer = io.BytesIO()
    drawn.write(buffer)
    page = PdfReader(io.BytesIO(export.pdf_on_page(buffer.getvalue(), title="Tall"))).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842


def test_unknown_image_format_is_refused(figure: go.Figure) -> None:
    with pytest.raises(ValueError, match="unknown image format"):
        export.figure_to_image(figure, "bmp")  # type: ignore[arg-type]


def test_without_a_browser_image_export_says_what_to_install(
    figure: go.Figure, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert export.find_browser() is None
    with pytest.raises(export.ImageExportUnavailable, match="apt-get install chromium"):
        export.figure_to_image(figure, "png")


def test_html_is_standalone_and_interactive(figure: go.Figure) -> None:
    page = export.figure_to_html(figure, filename="chronik-events-by-actor").decode("utf-8")
    assert page.lstrip().lower().startswith("<html") or page.lstrip().lower().startswith("<!doctype html")
    assert "Plotly.newPlot" in page
    # plotly.js is embedded, so the file works offline and never loads a script from elsewhere.
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert len(page) > 1_000_000
    assert "chronik-events-by-actor" in page  # the modebar's download name
    assert "Sicherheitsgarantien" in page  # the hover text travels with the chart
    assert "<title>Chronik — events by actor</title>" in page  # the browser tab names the chart


def test_html_title_is_the_given_one_escaped(figure: go.Figure) -> None:
    page = export.figure_to_html(figure, title="Belarus <2020> & after", lang="de").decode("utf-8")
    assert "<title>Belarus &lt;2020&gt; &amp; after</title>" in page and '<html lang="de">' in page


def test_chart_config_keeps_the_camera_button_sharp_and_well_named() -> None:
    config = export.chart_config("chronik-events-by-actor")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "chronik-events-by-actor", "scale": 2}


def test_export_filename_is_a_clean_slug() -> None:
    assert export.export_filename("Chronik", "events by actor") == "chronik-events-by-actor"
    assert export.export_filename("Chronik", "Lukaschenko / Putin: 2024") == "chronik-lukaschenko-putin-2024"
    assert export.export_filename("", "") == "chronik"


# --- the copy of the chart that is handed out --------------------------------------------------------------

NOTE = "Exported 2026-11-25 · Source: Chronik, 9 events from 2 documents (<script>alert(1)</script>)"


def test_export_copy_carries_the_note_under_the_axis_and_leaves_the_figure_alone(figure: go.Figure) -> None:
    exported = export.figure_for_export(figure, NOTE)
    notes = [a for a in exported.layout.annotations if a.text.startswith("Exported 2026-11-25")]
    assert len(notes) == 1
    assert "<script>" not in notes[0].text and "&lt;script&gt;" in notes[0].text
    assert exported.layout.height == figure.layout.height + export.NOTE_PX
    assert exported.layout.xaxis.autorange is True and exported.layout.xaxis.range is None
    assert figure.layout.xaxis.range is not None and not figure.layout.annotations  # the original is untouched


def test_export_copy_keeps_the_legend_under_the_title_where_it_was(figure: go.Figure) -> None:
    """The type legend is placed from the figure's top as a share of its height; the note makes the copy taller,
    so the share is adjusted and the legend stays as far below the title, not sliding down over the marks legend."""
    exported = export.figure_for_export(figure, NOTE)
    before, after = figure.layout.legend, exported.layout.legend
    assert before.yref == after.yref == "container"
    assert (1 - after.y) * exported.layout.height == pytest.approx((1 - before.y) * figure.layout.height)
    assert exported.layout.legend2.y == figure.layout.legend2.y  # placed from the plot: nothing to adjust


def test_export_copy_of_the_heat_strip_keeps_its_colour_bar_under_the_title() -> None:
    heat = counts_figure(events_frame(), lanes="actor", title="T", max_lanes=40, detail_limit=1500)
    exported = export.figure_for_export(heat, NOTE)
    before, after = heat.data[0].colorbar, exported.data[0].colorbar
    assert (1 - after.y) * exported.layout.height == pytest.approx((1 - before.y) * heat.layout.height)


def test_export_copy_keeps_the_range_when_asked(figure: go.Figure) -> None:
    exported = export.figure_for_export(figure, NOTE, full_extent=False)
    assert exported.layout.xaxis.range == figure.layout.xaxis.range


def test_html_export_escapes_article_text() -> None:
    events = events_frame()
    events.loc[0, "title"] = "<script>alert('title')</script>"
    events.loc[0, "sentence"] = "<img src=x onerror=alert(1)>"
    page = export.figure_to_html(export.figure_for_export(timeline_figure(events), NOTE)).decode("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "Exported 2026-11-25" in page


@pytest.mark.browser
@needs_browser
def test_svg_export_shows_title_legend_and_the_export_note(figure: go.Figure) -> None:
    data = export.figure_to_image(export.figure_for_export(figure, NOTE), "svg")
    text = "".join(ElementTree.fromstring(data).itertext())
    assert "Chronik — events by actor" in text and "Event type (colour)" in text and "Date (mark)" in text
    assert "Exported 2026-11-25 · Source: Chronik" in text


def test_the_german_charts_speak_german_with_plotly_s_own_words() -> None:
    import tomllib

    import plotly

    german = export.chart_config("chronik", "de")
    locale = german["locales"]["de"]  # type: ignore[index]
    assert german["locale"] == "de" and locale["format"]["months"][2] == "März"
    assert locale["format"]["decimal"] == "," and locale["format"]["dayMonth"] == "%-d. %b"
    assert "locale" not in export.chart_config("chronik", "en")  # English is Plotly's own
    # Every text the German file translates is one this Plotly shows (its bundle holds it), so none is dead.
    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    with (plotly_locales.LOCALES / "de.toml").open("rb") as handle:
        words = tomllib.load(handle)["dictionary"]
    assert words["Box Select"] and [word for word in words if word not in bundle] == []
    assert '<html lang="de">' in export.figure_to_html(go.Figure(), lang="de").decode()
    assert '"locale": "de"' in export.figure_to_html(go.Figure(), lang="de").decode()


@needs_browser
def test_an_exported_german_chart_names_its_months_in_german() -> None:
    spring = go.Figure(go.Scatter(x=["2024-03-01", "2024-04-15", "2024-05-30"], y=[0, 1, 2]))
    german = export.figure_to_image(spring, "svg", width=600, height=300, scale=1, language="de").decode()
    english = export.figure_to_image(spring, "svg", width=600, height=300, scale=1).decode()
    assert "Mär" in german and "Mai" in german and "Mar" not in german
    assert "Mar" in english and "May" in english
