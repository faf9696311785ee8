"""Chart export: static images (PNG, SVG, PDF) through Kaleido and Chromium, and standalone interactive HTML.

Kaleido >= 1 renders in a real Chrome/Chromium. Starting one takes seconds, so the process keeps one open for all
its exports (dashboard/renderer.py: about half a second each after the first, a retry in a fresh browser when
one fails). Without a browser, exports raise `ImageExportUnavailable` with a message that says what to install,
instead of hanging or failing obscurely; a browser that fails twice raises `ImageExportFailed`, in one line.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go

from dashboard.plotly_locales import locale_config, with_locale
from dashboard.renderer import RENDERER
from dashboard.renderer import ImageExportFailed as ImageExportFailed  # raised by figure_to_image
from events.exports import MIME_TYPES as DATA_MIME_TYPES

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
PageSize = Literal["a4", "letter"]
MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "json": "application/json",
    **DATA_MIME_TYPES,
}
EXPORT_WIDTH_PX = 1600
EXPORT_SCALE = 2
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = "Image export needs Chromium (or Chrome): install it with `apt-get install chromium`."


class ImageExportUnavailable(RuntimeError):
    """Static image export cannot run here (no browser for Kaleido); the message says how to fix it."""


def find_browser() -> str | None:
    """The Chrome/Chromium Kaleido would drive: `BROWSER_PATH` if set, else the first browser on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def figure_to_image(
    figure: go.Figure,
    fmt: ImageFormat,
    *,
    width: int = EXPORT_WIDTH_PX,
    height: int | None = None,
    scale: float = EXPORT_SCALE,
    title: str | None = None,
    subject: str = "",
    page: PageSize = "a4",
    language: str = "en",
) -> bytes:
    """The figure as PNG, SVG or PDF bytes, at `width` layout pixels (height from the figure's layout), its axes
    in `language` (month names, number signs).

    Drawn in the one browser the process keeps (dashboard/renderer.py). A PDF is laid on a real page (`page`, A4
    or US Letter, landscape for a wide chart) and carries `title` (default: the figure's title) and `subject` as
    its document title and subject. Raises ImageExportUnavailable without a browser, ImageExportFailed (one line)
    when the browser fails twice."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    browser = find_browser()
    if browser is None:
        raise ImageExportUnavailable(INSTALL_HINT)
    export_height = height or figure.layout.height or 700
    options = {"format": fmt, "width": width, "height": export_height, "scale": scale}
    image = RENDERER.render(with_locale(figure.to_plotly_json(), language), options, browser_path=browser)
    if fmt != "pdf":
        return image
    return pdf_on_page(image, title=title if title is not None else figure_title(figure), subject=subject,
                       page=page)


# Portrait width and height in PostScript points.
PAGE_SIZES_PT: dict[str, tuple[float, float]] = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
PAGE_MARGIN_PT = 36.0  # half an inch: inside every printer's printable area


def pdf_on_page(pdf: bytes, *, title: str, subject: str = "", page: PageSize = "a4") -> bytes:
    """The one-page PDF Kaleido draws (as large as the figure in pixels) scaled onto a real page, landscape for a
    wide chart, within a margin, with a document title: a reader's window, a printer and a reference manager then
    name it by the chart, not "Kaleido-fier"."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    drawn = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(drawn.mediabox.width), float(drawn.mediabox.height)
    short, long = PAGE_SIZES_PT[page]
    page_width, page_height = (long, short) if width >= height else (short, long)
    scale = min((page_width - 2 * PAGE_MARGIN_PT) / width, (page_height - 2 * PAGE_MARGIN_PT) / height)
    left = (page_width - width * scale) / 2 - float(drawn.mediabox.left) * scale
    # The chart hangs from the top margin, as a printed figure does.
    bottom = page_height - PAGE_MARGIN_PT - height * scale - float(drawn.mediabox.bottom) * scale
    sheet = PageObject.create_blank_page(width=page_width, height=page_height)
    sheet.merge_transformed_page(drawn, Transformation().scale(scale).translate(left, bottom))
    writer = PdfWriter()
    writer.add_page(sheet)
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": "Chronik", "/Producer": "Chronik"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def figure_title(figure: go.Figure) -> str:
    """The figure's title as plain text: its lines joined, markup and entities undone ("Chronik — events by
    actor")."""
    text = figure.layout.title.text or ""
    return html.unescape(re.sub(r"<[^>]*>", "", text.replace("<br>", " "))).strip() or "Chronik"


NOTE_PX = 28  # room below the date axis for the export note
NOTE_COLOUR = "#6b7280"


def figure_for_export(figure: go.Figure, note: str, *, full_extent: bool = True) -> go.Figure:
    """A copy of the timeline to hand out: the note ("Exported 2026-11-25 · Source: ...") under the date axis,
    and with `full_extent` the whole time range however the view was zoomed, since a file has no zoom-out.

    The figure's title and legends stay as they are. The note is escaped here, as it names article titles.
    """
    exported = go.Figure(figure)
    margin_bottom = exported.layout.margin.b if exported.layout.margin.b is not None else 80
    height = exported.layout.height or 700
    exported.update_layout(height=height + NOTE_PX, margin={"b": margin_bottom + NOTE_PX})
    _keep_top_placed_in_place(exported, height, height + NOTE_PX)
    exported.add_annotation(
        text=html.escape(note, quote=False), showarrow=False, xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-margin_bottom, align="left",
        font={"size": 11, "color": NOTE_COLOUR},
    )
    # A figure that fits its own axis to its events (the chronology says so with autorange=False) keeps it.
    if full_extent and exported.layout.xaxis.visible is not False and exported.layout.xaxis.autorange is not False:
        exported.update_xaxes(autorange=True, range=None)
    return exported


def _keep_top_placed_in_place(figure: go.Figure, old_height: int, new_height: int) -> None:
    """Legends and colour bars placed in the figure's own coordinates (a share of its height, from the bottom)
    would move when the height changes; those hung from the top keep their distance from it, so they stay under
    the title."""
    colour_bars = [getattr(trace, "colorbar", None) or getattr(getattr(trace, "marker", None), "colorbar", None)
                   for trace in figure.data]
    for item in [*figure.select_legends(), *(bar for bar in colour_bars if bar is not None)]:
        if item.yref == "container" and item.y is not None and item.y > 0.5:
            item.y = 1 - (1 - item.y) * old_height / new_height


def figure_to_html(figure: go.Figure, *, filename: str = "chronik-timeline", title: str | None = None,
                   lang: str = "en") -> bytes:
    """The figure as one self-contained interactive HTML file (plotly.js embedded, works offline), whose page
    title (the browser tab's, a bookmark's) is `title`, by default the figure's."""
    page = figure.to_html(
        full_html=True,
        include_plotlyjs=True,
        config=chart_config(filename, lang),
        default_width="100%",
        default_height=f"{figure.layout.height or 700}px",
    )
    heading = html.escape(title if title is not None else figure_title(figure))
    page = page.replace("<html>", f'<html lang="{html.escape(lang)}">', 1)
    page = page.replace("<head>", f"<head><title>{heading}</title>", 1)
    return page.encode("utf-8")


# Where the browser finds world_110m.json: Streamlit serves dashboard/static at app/static (relative to the page).
TOPOJSON_URL = "app/static/topojson/"


def chart_config(filename: str, language: str = "en") -> dict[str, object]:
    """Plotly config for the live chart: the modebar's camera button saves a sharp PNG with a useful name; the
    modebar, axes and hovers speak the dashboard's language."""
    return {
        **locale_config(language),
        "displaylogo": False,
        # Wheel zoom would trap the page scroll whenever the pointer crosses the chart; drag-zoom instead.
        "scrollZoom": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "scale": EXPORT_SCALE,
        },
        # Box Select stays: with drag set to zoom, it is how several events are selected at once.
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
        # The map's world outlines come from the app (dashboard/static/topojson), not from Plotly's CDN.
        "topojsonURL": TOPOJSON_URL,
    }


def export_filename(*parts: str) -> str:
    """A file name stem from readable parts: ('Chronik', 'events by actor') -> 'chronik-events-by-actor'."""
    words = "-".join(part for part in parts if part)
    slug = re.sub(r"[^\w]+", "-", words.lower(), flags=re.ASCII).strip("-")
    return slug or "chronik"
