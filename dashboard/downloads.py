"""What the dashboard hands out: every download button's file, as plain data the app only draws.

Each `Download` makes its file when called (`make()`), so a rerun builds no files: Streamlit calls it when the
button is clicked. Chart files show the view as drawn (title, legends, the export note with the export's day and
the sources); data files hold the filtered events, corrections included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import export
from dashboard.i18n import Translator
from events.exports import FILE_SUFFIXES, export_events, note_facts

# Data downloads, in the order of their buttons: (label message key, export format).
DATA_FORMATS: tuple[tuple[str, str], ...] = (
    ("export.events_csv", "csv"), ("export.events_excel_csv", "excel-csv"), ("export.events_excel", "xlsx"),
    ("export.events_json", "json"),
    ("export.events_parquet", "parquet"), ("export.timelinejs", "timelinejs"), ("export.icalendar", "ics"),
)
DATA_FILE_STEM = "chronik-events"


@dataclass(frozen=True)
class Download:
    key: str  # the button's widget key: "download_png"
    label: str  # a message key of dashboard/locales ("export.html"), or the text itself ("PNG")
    translated: bool  # whether `label` is a message key
    file_name: str
    mime: str
    icon: str
    make: Callable[[], bytes]


def export_note(t: Translator, events: pd.DataFrame) -> str:
    """The note a chart file carries, in the dashboard's language: "Exportiert am 2026-11-25 · Quelle: Chronik,
    12 Ereignisse aus 2 Dokumenten (Titel A; Titel B)" (plain text; events.exports.source_note in English)."""
    facts = note_facts(events)
    titles = list(facts.titles) + ([t("export.note.more", count=facts.more_documents)] if facts.more_documents else [])
    text = t("export.note.text", day=facts.day.isoformat(), events=t("export.note.events", count=facts.events),
             documents=t("export.note.documents", count=facts.documents))
    return text + (f" ({'; '.join(titles)})" if titles else "")


def chart_downloads(
    t: Translator, figure: go.Figure, filtered: pd.DataFrame, filename: str, *, images: bool
) -> list[Download]:
    """PNG, SVG and PDF of the view at full extent (only with `images`: they need a browser), and the interactive
    HTML page as zoomed, each with the export note in the dashboard's language."""

    def handed_out(full_extent: bool = True) -> go.Figure:
        # Made at the click, so the note names the day of the export.
        return export.figure_for_export(figure, export_note(t, filtered), full_extent=full_extent)

    made = [
        Download(
            key=f"download_{fmt}", label=fmt.upper(), translated=False, file_name=f"{filename}.{fmt}",
            mime=export.MIME_TYPES[fmt], icon=":material/image:",
            make=lambda fmt=fmt: export.figure_to_image(handed_out(), fmt, subject=export_note(t, filtered),
                                                        language=t.language),
        )
        for fmt in (export.IMAGE_FORMATS if images else ())
    ]
    made.append(
        Download(
            key="download_html", label="export.html", translated=True, file_name=f"{filename}.html",
            mime=export.MIME_TYPES["html"], icon=":material/code:",
            make=lambda: export.figure_to_html(handed_out(full_extent=False), filename=filename, lang=t.language),
        )
    )
    return made


def data_downloads(filtered: pd.DataFrame) -> list[Download]:
    """The filtered events as CSV (quoted against spreadsheet formulas), Excel, JSON, Parquet, TimelineJS JSON and
    iCalendar (events.exports)."""
    return [
        Download(
            key=f"download_{fmt}", label=label, translated=True, file_name=f"{DATA_FILE_STEM}{FILE_SUFFIXES[fmt]}",
            mime=export.MIME_TYPES[fmt], icon=":material/table:",
            make=lambda fmt=fmt: export_events(filtered, fmt).data,
        )
        for label, fmt in DATA_FORMATS
    ]
