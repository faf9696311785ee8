"""Chart export: static images (PNG, SVG, PDF) through Kaleido and Chromium, and standalone interactive HTML.

Kaleido >= 1 renders in a real Chrome/Chromium. Starting one takes seconds, so the first image export starts a
shared Kaleido server that later exports reuse (about 0.2 s each). Without a browser, exports raise
`ImageExportUnavailable` with a message that says what to install, instead of hanging or failing obscurely.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import threading
import warnings
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

from events.exports import MIME_TYPES as DATA_MIME_TYPES

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
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


_server_lock = threading.Lock()
_server_started = False


def _render(figure: go.Figure, fmt: ImageFormat, width: int, height: int, scale: float) -> bytes:
    with warnings.catch_warnings():
        # plotly passes per-call Kaleido options that a shared server ignores, and says so on every call.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        try:
            return pio.to_image(figure, format=fmt, width=width, height=height, scale=scale)
        except RuntimeError as error:
            if "Chrome" in str(error):
                raise ImageExportUnavailable(f"{INSTALL_HINT} ({error})") from None
            raise


def figure_to_image(
    figure: go.Figure,
    fmt: ImageFormat,
    *,
    width: int = EXPORT_WIDTH_PX,
    height: int | None = None,
    scale: float = EXPORT_SCALE,
) -> bytes:
    """The figure as PNG, SVG or PDF bytes, at `width` layout pixels (height from the figure's layout)."""
    global _server_started
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    if find_browser() is None:
        raise ImageExportUnavailable(INSTALL_HINT)
    export_height = height or figure.layout.height or 700
    # One export at a time: Kaleido's shared server matches answers to requests by order, so two Streamlit
    # sessions exporting at once could receive each other's images.
    with _server_lock:
        if _server_started:
            return _render(figure, fmt, width, export_height, scale)
        # The first export runs on its own browser, which proves the browser starts. Only then is the shared
        # server started: a server whose browser fails would leave every later export waiting forever.
        image = _render(figure, fmt, width, export_height, scale)
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        _server_started = True
        return image


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
    if full_extent and exported.layout.xaxis.visible is not False:
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


def figure_to_html(figure: go.Figure, *, filename: str = "chronik-timeline") -> bytes:
    """The figure as one self-contained interactive HTML file (plotly.js embedded, works offline)."""
    page = figure.to_html(
        full_html=True,
        include_plotlyjs=True,
        config=chart_config(filename),
        default_width="100%",
        default_height=f"{figure.layout.height or 700}px",
    )
    return page.encode("utf-8")


def chart_config(filename: str) -> dict[str, object]:
    """Plotly config for the live chart: the modebar's camera button saves a sharp PNG with a useful name."""
    return {
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
    }


def export_filename(*parts: str) -> str:
    """A file name stem from readable parts: ('Chronik', 'events by actor') -> 'chronik-events-by-actor'."""
    words = "-".join(part for part in parts if part)
    slug = re.sub(r"[^\w]+", "-", words.lower(), flags=re.ASCII).strip("-")
    return slug or "chronik"
