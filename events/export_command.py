"""`chronik export`: an events file out as a chart (PNG, SVG, PDF, HTML) or as data for other tools.

The command line's counterpart of the dashboard's export buttons, with the same filters (dashboard/filters.py
is pure, so it is used as it is) and the same files (events.exports, dashboard.export). Plotly and the
dashboard are imported only when a command needs them, so `chronik --help` stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from events.documents import DocumentError, parse_document_date
from events.exports import DATA_FORMATS, FILE_SUFFIXES, export_events, source_note
from events.io import EventsFileError, read_events

IMAGE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
CHART_FORMATS: tuple[str, ...] = (*IMAGE_FORMATS, "html")
EXPORT_FORMATS: tuple[str, ...] = (*CHART_FORMATS, *DATA_FORMATS)
_SUFFIX_FORMATS: dict[str, str] = {
    ".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".htm": "html", ".csv": "csv",
    ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet", ".pq": "parquet", ".ics": "ics",
}  # fmt: skip


class ExportUsageError(ValueError):
    """The arguments do not make one export; the message says what to change."""


def split_to_values(values: Iterable[str]) -> tuple[str | None, date | None]:
    """`--to` names the format (`--to pdf`) and also, as the issue writes it, the end of the date range
    (`--to 2020-12-31`). Format names are never dates, so each value says which one it is."""
    fmt: str | None = None
    until: date | None = None
    for value in values:
        if value.lower() in EXPORT_FORMATS:
            if fmt is not None and fmt != value.lower():
                raise ExportUsageError(f"--to names two formats ({fmt}, {value.lower()}); export one at a time")
            fmt = value.lower()
            continue
        try:
            day = parse_document_date(value)
        except DocumentError as error:
            raise ExportUsageError(
                f"--to {value!r} is neither a format ({', '.join(EXPORT_FORMATS)}) nor a day: {error}"
            ) from None
        if day is None or (until is not None and until != day):
            raise ExportUsageError(f"--to {value!r}: give one end date (YYYY-MM-DD) at most")
        until = day
    return fmt, until


def format_from_output(path: Path) -> str | None:
    """The export format a file name asks for: `timeline.ics` -> ics, `events.timeline.json` -> timelinejs."""
    if path.name.lower().endswith(FILE_SUFFIXES["timelinejs"]):
        return "timelinejs"
    return _SUFFIX_FORMATS.get(path.suffix.lower())


def default_output(events_file: Path, fmt: str) -> Path:
    """`events.json` exported as PDF -> `events.pdf` in the current folder; never the events file itself."""
    suffix = FILE_SUFFIXES.get(fmt, f".{fmt}")
    stem = events_file.name.split(".")[0] or "chronik"
    candidate = Path(f"{stem}{suffix}")
    if candidate.resolve() == events_file.resolve():
        candidate = Path(f"{stem}-export{suffix}")
    return candidate


def select_events(
    events: pd.DataFrame,
    *,
    actors: Sequence[str] = (),
    match: str = "any",
    date_from: date | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """The events the dashboard would show with these filters (same rules: any/all actors, overlapping spans)."""
    from dashboard.filters import FilterState, filter_events

    state = FilterState(actors=tuple(actors), actor_match=match, date_from=date_from, date_to=date_to)  # type: ignore[arg-type]
    return filter_events(events, state).reset_index(drop=True)


def chart_bytes(
    events: pd.DataFrame, selected: pd.DataFrame, fmt: str, *, lanes: str, filename: str,
    exported_on: date | None = None,
) -> bytes:
    """The timeline of `selected` as PNG, SVG, PDF or HTML, with the export note; each event type in its fixed
    colour (dashboard/palette.py), as in the dashboard."""
    from dashboard import export
    from dashboard.figures import timeline_figure

    figure = timeline_figure(selected, lanes=lanes,  # type: ignore[arg-type]
                             empty_message="No events match the filters.")
    note = source_note(selected, exported_on)
    if fmt == "html":
        # The HTML file zooms and pans itself; it opens on the same full view the figure was drawn with.
        return export.figure_to_html(export.figure_for_export(figure, note, full_extent=False), filename=filename)
    return export.figure_to_image(export.figure_for_export(figure, note), fmt)  # type: ignore[arg-type]


def run_export(args: argparse.Namespace) -> int:
    from events import cli

    try:
        fmt, until = split_to_values(args.to or [])
        date_to = until
        output: Path | None = args.output
        if fmt is None and output is not None and str(output) != "-":
            fmt = format_from_output(output)
        if fmt is None:
            raise ExportUsageError(f"say which format to export to: --to {'|'.join(EXPORT_FORMATS)}")
        if args.date_from is not None and date_to is not None and args.date_from > date_to:
            raise ExportUsageError(f"the date range is empty: --from {args.date_from} is after --to {date_to}")
    except ExportUsageError as error:
        cli._say(str(error))
        return cli.EXIT_USAGE
    if fmt in IMAGE_FORMATS:
        from dashboard.export import INSTALL_HINT, find_browser

        if find_browser() is None:
            cli._say(f"cannot export {fmt.upper()}: {INSTALL_HINT} HTML and the data formats work without it.")
            return cli.EXIT_FAILED
    try:
        events = read_events(args.events_file)
    except EventsFileError as error:
        cli._say(f"cannot export: {error}")
        return cli.EXIT_FAILED
    for actor in args.actors or []:
        if not any(actor in names for names in events["actors"]):
            cli._say(f"note: no event in {args.events_file} names the actor {actor!r}")
    selected = select_events(events, actors=args.actors or (), match=args.match, date_from=args.date_from,
                             date_to=date_to)
    target = output or default_output(args.events_file, fmt)
    left_out = 0
    try:
        if fmt in CHART_FORMATS:
            from dashboard.export import ImageExportUnavailable

            try:
                data = chart_bytes(events, selected, fmt, lanes=args.lanes, filename=target.stem)
            except ImageExportUnavailable as error:
                cli._say(f"cannot export {fmt.upper()}: {error}")
                return cli.EXIT_FAILED
            left_out = int(selected["start"].isna().sum())
        else:
            exported = export_events(selected, fmt, group_by=args.lanes)
            data, left_out = exported.data, exported.left_out
        _write(data, target)
    except OSError as error:
        cli._say(f"could not write {target}: {error.strerror or error}")
        return cli.EXIT_FAILED
    message = f"{cli._count(len(selected), 'event')} of {len(events)} exported as {fmt} to "
    message += "standard output" if str(target) == "-" else str(target)
    if left_out:
        message += f"; {left_out} without a date that could be placed left out"
    cli._say(message)
    return cli.EXIT_OK


def _write(data: bytes, target: Path) -> None:
    if str(target) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    # Written next to the destination and renamed, so an interrupted export never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # mkstemp makes the file private (0600); an exported chart or table is for sharing, so the usual
        # permissions apply.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
