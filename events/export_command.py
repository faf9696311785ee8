"""`chronik export`: an events file out as a chart (PNG, SVG, PDF, HTML) or as data for other tools.

The command line's counterpart of the dashboard's export buttons, with the same filters (dashboard/filters.py
is pure, so it is used as it is) and the same files (events.exports, dashboard.export). Plotly and the
dashboard are imported only when a command needs them, so `chronik --help` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from events.documents import DocumentError, parse_document_date
from events.exports import DATA_FORMATS, FILE_SUFFIXES, export_events, source_note
from events.io import EventsFileError, read_events
from events.outputfile import replace_file

IMAGE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
CHART_FORMATS: tuple[str, ...] = (*IMAGE_FORMATS, "html")
EXPORT_FORMATS: tuple[str, ...] = (*CHART_FORMATS, *DATA_FORMATS)
_SUFFIX_FORMATS: dict[str, str] = {
    ".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".htm": "html", ".csv": "csv",
    ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet", ".pq": "parquet", ".ics": "ics",
}  # fmt: skip


class ExportUsageError(ValueError):
    """The arguments do not make one export; the message says what to change."""


def split_to_values(values: Iterable[str]) -> tuple[list[str], date | None]:
    """`--to` names the formats (`--to pdf`, `--to png --to pdf`) and also, as the issue writes it, the end of the
    date range (`--to 2020-12-31`). Format names are never dates, so each value says which one it is."""
    formats: list[str] = []
    until: date | None = None
    for value in values:
        if value.lower() in EXPORT_FORMATS:
            if value.lower() not in formats:
                formats.append(value.lower())
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
    return formats, until


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


def resolve_actors(events: pd.DataFrame, wanted: Sequence[str]) -> tuple[list[str], list[str]]:
    """The canonical actors the user means by `wanted` ("Lukashenko", "lukaschenko", "Alexander Lukashenko"), and
    a note for each name that was read as another or matches nothing. A name is the actor of that name (in any
    case), else the actor the registry knows it as (an alias in any language), else the one actor of the data whose
    name has it as a word; a name that fits several actors is an ExportUsageError listing them."""
    known = sorted({actor for actors in events["actors"] for actor in actors})
    by_folded = {actor.casefold(): actor for actor in known}
    resolved: list[str] = []
    notes: list[str] = []
    for name in wanted:
        found = [by_folded[name.casefold()]] if name.casefold() in by_folded else _registry_actors(name, known)
        if not found:
            words = name.casefold().split()
            found = [actor for actor in known if all(word in actor.casefold().split() for word in words)]
        if len(found) > 1:
            raise ExportUsageError(f"--actors {name!r} fits several actors: {', '.join(found)}; name one of them")
        if not found:
            notes.append(f"note: no event names the actor {name!r}")
            resolved.append(name)
            continue
        if found[0] != name:
            notes.append(f"--actors {name!r} read as {found[0]!r}")
        resolved.append(found[0])
    return resolved, notes


def _registry_actors(name: str, known: Sequence[str]) -> list[str]:
    """The actors of the data that the built-in registry reads `name` as, in any language ("Lukaschenko")."""
    from events.actors import find_actor_mentions, load_registry
    from events.model import Sentence
    from events.resources import available_languages

    found: list[str] = []
    for lang in available_languages():
        for mention in find_actor_mentions(name, [Sentence(0, len(name), name)], load_registry(lang)):
            if mention.start == 0 and mention.end == len(name) and mention.actor in known \
                    and mention.actor not in found:
                found.append(mention.actor)
    return found


def chart_bytes(
    events: pd.DataFrame, selected: pd.DataFrame, fmt: str, *, lanes: str, filename: str,
    exported_on: date | None = None, title: str | None = None, subtitle: str | None = None, page: str = "a4",
) -> bytes:
    """The timeline of `selected` as PNG, SVG, PDF or HTML, with the export note; each event type in its fixed
    colour (dashboard/palette.py), as in the dashboard. `title` and `subtitle` replace the chart's own."""
    from dashboard import export, i18n
    from dashboard.figures import timeline_figure
    from dashboard.titles import in_reader_language

    # The chart speaks English: titles Chronik composed are composed in English too (data files keep them as is).
    selected = in_reader_language(selected, i18n.translator())
    figure = timeline_figure(selected, lanes=lanes, title=title, subtitle=subtitle,  # type: ignore[arg-type]
                             empty_message="No events match the filters.")
    note = source_note(selected, exported_on)
    if fmt == "html":
        # The HTML file zooms and pans itself; it opens on the same full view the figure was drawn with.
        return export.figure_to_html(export.figure_for_export(figure, note, full_extent=False), filename=filename)
    return export.figure_to_image(export.figure_for_export(figure, note), fmt, page=page,  # type: ignore[arg-type]
                                  subject=note)


def run_export(args: argparse.Namespace) -> int:
    from events import cli

    try:
        formats, until = split_to_values(args.to or [])
        date_to = until
        output: Path | None = args.output
        if not formats and output is not None and str(output) != "-":
            formats = [fmt for fmt in [format_from_output(output)] if fmt]
        if not formats:
            raise ExportUsageError(f"say which format to export to: --to {'|'.join(EXPORT_FORMATS)}")
        if len(formats) > 1 and output is not None:
            raise ExportUsageError(f"--to names {len(formats)} formats ({', '.join(formats)}): leave out -o, and "
                                   "each file is named after the events file")
        if args.date_from is not None and date_to is not None and args.date_from > date_to:
            raise ExportUsageError(f"the date range is empty: --from {args.date_from} is after --to {date_to}")
    except ExportUsageError as error:
        cli._say(str(error))
        return cli.EXIT_USAGE
    if any(fmt in IMAGE_FORMATS for fmt in formats):
        from dashboard.export import INSTALL_HINT, find_browser

        if find_browser() is None:
            images = "/".join(fmt.upper() for fmt in formats if fmt in IMAGE_FORMATS)
            cli._say(f"cannot export {images}: {INSTALL_HINT} HTML and the data formats work without it.")
            return cli.EXIT_FAILED
    try:
        events = read_events(args.events_file)
    except EventsFileError as error:
        cli._say(f"cannot export: {error}")
        return cli.EXIT_FAILED
    try:
        actors, notes = resolve_actors(events, args.actors or ())
    except ExportUsageError as error:
        cli._say(str(error))
        return cli.EXIT_USAGE
    for note in notes:
        cli._say(note)
    selected = select_events(events, actors=actors, match=args.match, date_from=args.date_from, date_to=date_to)
    status = cli.EXIT_OK
    for fmt in formats:
        if _export_one(args, events, selected, fmt, output or default_output(args.events_file, fmt)) != cli.EXIT_OK:
            status = cli.EXIT_FAILED
    return status


def _export_one(args: argparse.Namespace, events: pd.DataFrame, selected: pd.DataFrame, fmt: str,
                target: Path) -> int:
    from events import cli

    left_out = 0
    try:
        if fmt in CHART_FORMATS:
            from dashboard.export import ImageExportFailed, ImageExportUnavailable

            try:
                data = chart_bytes(events, selected, fmt, lanes=args.lanes, filename=target.stem,
                                   title=args.title, subtitle=args.subtitle, page=args.page)
            except (ImageExportUnavailable, ImageExportFailed) as error:
                cli._say(f"cannot export {fmt.upper()}: {error}")
                return cli.EXIT_FAILED
            left_out = int(selected["start"].isna().sum())
        else:
            exported = export_events(selected, fmt, group_by="event_type" if args.lanes == "event_type" else "actor")
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
    # Written next to the destination and renamed, so an interrupted export never leaves half a file; with the
    # usual permissions (or those of the file it replaces), since an export is for sharing.
    replace_file(target, data)
