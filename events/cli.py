"""The `chronik` command: `extract` turns articles into an events file, `app` opens the dashboard.

Messages for the user go to standard error and name the file they are about; standard output carries only the
events, so `chronik extract a.txt > events.csv` gives a clean file. No traceback reaches the user unless
CHRONIK_DEBUG=1 asks for one.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from events.actorfile import ActorFileError, read_user_actors
from events.collections import ALL_SUFFIXES, documents_in_path, is_collection
from events.documents import DocumentError, parse_document_date, read_stream, unexpected_error
from events.io import FORMATS, EventsFileError, events_to_bytes, format_from_name, read_events, write_events
from events.model import Document
from events.progress import ProgressBar, wants_progress_bar
from events.resources import available_languages

_LOG = logging.getLogger(__name__)
EVENTS_ENV_VAR = "CHRONIK_EVENTS"
DEBUG_ENV_VAR = "CHRONIK_DEBUG"
DEFAULT_PORT = 8501
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_EXTRACT_HELP = """\
Read news articles (.txt, .md, .html) and collections of them (.json, .jsonl, .csv: one article per
object, line or row, with a 'text' field and optional id, title, date, lang, url) and write the dated events
in them as CSV, JSON or Parquet. Folders are searched recursively; '-' reads one article from standard input.

examples:
  chronik extract article.txt --lang de --date 2024-12-15 --format json
  chronik extract articles/ -o events.parquet
  chronik extract wire.jsonl --actors my-actors.toml --format json

Mentions of the same happening, in one article or across articles, are merged into one event that lists
them all as its sources; --no-merge keeps one row per mention.
A file or record that cannot be read is reported on standard error and skipped; the others still go through.
exit status: 0 when at least one article was read and processed (even if it held no events),
1 when none could be, 2 for wrong arguments.
"""

_APP_HELP = f"""\
Open the interactive timeline in the browser (a Streamlit app). With --events it shows that events file
(passed to the app in the {EVENTS_ENV_VAR} environment variable); without, the bundled sample article.

example:
  chronik extract articles/ -o events.parquet && chronik app --events events.parquet
"""


# --- arguments -------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chronik",
        description="Dated events from news articles, as a table and an interactive timeline.",
        epilog="example: chronik extract article.html --format json > events.json\n"
        "Run 'chronik extract --help' or 'chronik app --help' for details.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"chronik {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_extract_command(commands)
    _add_app_command(commands)
    _add_export_command(commands)
    _add_add_command(commands)
    _add_workspaces_command(commands)
    return parser


def _add_extract_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    extract = commands.add_parser(
        "extract",
        help="read articles and write their events as CSV, JSON or Parquet",
        description=_EXTRACT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders ('-' for stdin)")
    extract.add_argument(
        "--lang",
        choices=available_languages(),
        help="language of the articles (default: what an HTML page or Markdown front matter says, "
        "else the extractor decides)",
    )
    extract.add_argument(
        "--date",
        type=_date_argument,
        metavar="YYYY-MM-DD",
        help="publication date that relative dates ('yesterday', 'last month') are counted from; "
        "default: the page's own date for HTML, else none, and relative dates stay unresolved; "
        "in .json/.jsonl/.csv collections a record's own date wins and this fills in where it has none",
    )
    _add_date_options(extract)
    extract.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the -o file name, else csv); parquet needs -o",
    )
    extract.add_argument(
        "--actors",
        type=Path,
        metavar="FILE",
        help="your own actors (TOML, see examples/my-actors.toml), added to the built-in ones; an entry "
        "with a built-in name overrides it",
    )
    extract.add_argument(
        "--no-merge",
        dest="merge",
        action="store_false",
        help="one row per mention; by default mentions of the same happening become one event with all its sources",
    )
    extract.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="apply the analyst's corrections kept in FILE (a corrections database) to the events written",
    )
    extract.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    extract.set_defaults(handler=run_extract)


def _add_date_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--date-from-name", action="store_true",
        help="take each file's publication date from a YYYY-MM-DD (or YYYYMMDD) in its name, where it has one "
        "(before --date and the page's own date)",
    )
    command.add_argument(
        "--dates", type=Path, metavar="LIST",
        help="a CSV list of 'date,file' lines giving each file its publication date (the file as named on the "
        "command line or by its name alone); it wins over everything else",
    )


def _add_app_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    app = commands.add_parser(
        "app",
        help="open the interactive timeline dashboard",
        description=_APP_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    app.add_argument("--events", type=Path, metavar="FILE", help="events file (CSV, JSON or Parquet) to show")
    app.add_argument("--workspace", metavar="NAME",
                     help="open this workspace (made if there is none of that name); see 'chronik add'")
    app.add_argument(
        "--port", type=_port_argument, default=DEFAULT_PORT, help=f"port to serve on (default {DEFAULT_PORT})"
    )
    app.set_defaults(handler=run_app)


_EXPORT_HELP = """\
Export an events file (CSV, JSON or Parquet from 'chronik extract') as a chart or as data for other tools:
png, svg, pdf (the timeline with title, legend, export date and source note; needs Chromium), html (the
interactive timeline, one file that works offline), csv (formula-like cells quoted for spreadsheets), xlsx,
json, parquet, timelinejs (Knight Lab TimelineJS3 JSON) or ics (iCalendar, all-day events).

--to names the format (several: --to png --to pdf, one browser draws them all); it also takes the end of the
date range, as in '--from 2020-01-01 --to 2020-12-31' (a format name is never a date). --actors takes names as
the data writes them, in any case, or as the registry knows them ('Lukashenko', 'Lukaschenko'). The filters
are the dashboard's: events with any (or all) of the actors whose date span overlaps the range.

examples:
  chronik export events.json --to pdf
  chronik export events.parquet --to ics --actors "Alexander Lukashenko" --from 2020-08-01 --to 2020-12-31
  chronik export events.csv --to timelinejs -o belarus.timeline.json
"""


def _add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="export an events file as PNG, SVG, PDF, HTML, CSV, Excel, JSON, Parquet, TimelineJS or iCalendar",
        description=_EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("events_file", type=Path, metavar="EVENTS_FILE", help="events file (CSV, JSON or Parquet)")
    export.add_argument(
        "--to", action="append", metavar="FORMAT|DATE",
        help="the format (png, svg, pdf, html, csv, xlsx, json, parquet, timelinejs, ics; default from the -o "
        "name), and/or the last day of the date range (YYYY-MM-DD)",
    )
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="file to write ('-' for standard output); default: EVENTS_FILE's name with the "
                        "format's extension, in the current folder")
    export.add_argument("--actors", nargs="+", metavar="ACTOR", help="only events with these actors")
    export.add_argument("--match", choices=("any", "all"), default="any",
                        help="events with any of the actors (default) or with all of them")
    export.add_argument("--from", dest="date_from", type=_date_argument, metavar="YYYY-MM-DD",
                        help="only events that may reach this day or later")
    export.add_argument("--lanes", choices=("actor", "event_type", "chronology"), default="actor",
                        help="chart lanes (and TimelineJS groups): one per actor (default) or per event type; "
                        "chronology: one mark per event with its short title beside it, long empty stretches "
                        "of time folded out (the chart to print)")
    export.add_argument("--title", help="the chart's title (PNG, SVG, PDF, HTML; also the PDF's and the HTML page's "
                        "document title); default: what the chart shows, e.g. 'Chronik — events by actor'")
    export.add_argument("--subtitle", help="the chart's subtitle; default: how many events from how many "
                        "documents, and the years they span")
    export.add_argument("--page", choices=("a4", "letter"), default="a4",
                        help="the PDF's page size (landscape for a wide chart; default a4)")
    export.set_defaults(handler=_run_export)


_ADD_HELP = """\
Add articles to a workspace: they are read, their events extracted, and both kept in the workspace's file in
your data directory (with its corrections), where the dashboard finds them: chronik app --workspace NAME, or a
link with ?ws=NAME. A file added again replaces its earlier reading. 'chronik extract' keeps nothing.

examples:
  chronik add --workspace "Belarus treaty" articles/ --date-from-name
  chronik add --workspace belarus-treaty wire.jsonl --actors my-actors.toml
  chronik add --workspace belarus-treaty scans/*.txt --dates dates.csv
"""


def _add_add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = commands.add_parser("add", help="add articles to a workspace the dashboard opens", description=_ADD_HELP,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("--workspace", required=True, metavar="NAME",
                     help="the workspace's name (made if there is none of that name)")
    add.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add.add_argument("--lang", choices=available_languages(), help="language of the articles (default: detected)")
    add.add_argument("--date", type=_date_argument, metavar="YYYY-MM-DD",
                     help="publication date for articles that give none")
    _add_date_options(add)
    add.add_argument("--actors", type=Path, metavar="FILE",
                     help="your own actors (TOML); kept in the workspace for its later articles too")
    add.set_defaults(handler=run_add)


def _add_workspaces_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = commands.add_parser("workspaces", help="list the workspaces, with their articles and files",
                                  description="List the workspaces in your data directory "
                                  "($CHRONIK_WORKSPACES, else ~/.local/share/chronik/workspaces).")
    listing.set_defaults(handler=run_workspaces)


def _run_export(args: argparse.Namespace) -> int:
    from events.export_command import run_export  # imported late: it loads the dashboard's filters

    return run_export(args)


def _date_argument(value: str) -> date:
    try:
        parsed = parse_document_date(value)
    except DocumentError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if parsed is None:
        raise argparse.ArgumentTypeError("the date is empty")
    return parsed


def _port_argument(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return int(value)


def _version() -> str:
    try:
        return metadata.version("chronik")
    except metadata.PackageNotFoundError:
        return "(not installed; run from source)"


# --- chronik extract -------------------------------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    output_format = args.format or (format_from_name(args.output.name) if args.output else None) or "csv"
    if output_format == "parquet" and args.output is None:
        _say("Parquet is a binary format: give a file to write it to with -o FILE")
        return EXIT_USAGE
    actors = None
    if args.actors is not None:
        try:
            actors = read_user_actors(args.actors)
        except ActorFileError as error:
            # Extracting without the user's actors would quietly give other results than asked for.
            _say(f"cannot use the actors file: {error}")
            return EXIT_USAGE
    corrections = None
    if args.corrections is not None:
        try:
            corrections = _open_corrections(args.corrections)
        except ValueError as error:
            _say(f"cannot use the corrections file: {error}")
            return EXIT_USAGE
    try:
        date_for = file_dates(args)
    except ValueError as error:
        _say(str(error))
        return EXIT_USAGE
    documents, skipped = read_documents(args.paths, lang=args.lang, dct=args.date, date_for=date_for)
    if not documents:
        _say("nothing to extract: no article could be read")
        return EXIT_FAILED
    events, failed = _extract(documents, merge=args.merge, actors=actors)
    if failed == len(documents):
        _say("no events: extraction failed for every article")
        return EXIT_FAILED
    if corrections is not None:
        from events.corrections import apply_corrections

        for problem in corrections.skipped():
            _say(f"corrections file {args.corrections}: {problem}; it is left out")
        events = apply_corrections(events, corrections)
        for problem in events.attrs.get("failed_corrections", []):
            _say(f"corrections file {args.corrections}: {problem}; it is left out")
    try:
        _emit(events, args.output, output_format)
    except (OSError, EventsFileError) as error:
        _say(f"could not write {args.output}: {getattr(error, 'strerror', None) or error}")
        return EXIT_FAILED
    _say(_summary(len(events), len(documents) - failed, skipped + failed))
    return EXIT_OK


def file_dates(args: argparse.Namespace) -> DateFor | None:
    """Each file's own publication date, from `--dates LIST` first, then from its name with `--date-from-name`;
    ValueError (naming the line) for a list that cannot be used."""
    from events.filefacts import date_from_name, read_date_list

    listed = read_date_list(args.dates) if args.dates is not None else {}
    if not listed and not args.date_from_name:
        return None

    def date_for(path: Path) -> date | None:
        for key in (str(path), path.name):
            if key in listed:
                return listed[key]
        return date_from_name(path.name) if args.date_from_name else None

    return date_for


def _open_corrections(path: Path) -> Any:
    """The corrections store at `path`; ValueError when there is none or it cannot be read. Imported late, like
    the extractor. A missing file is an error, not a new empty store: a mistyped name must not go unnoticed."""
    from events.corrections import CorrectionStore, CorrectionStoreError

    if not path.is_file():
        raise ValueError(f"{path} does not exist")
    try:
        return CorrectionStore(path, create=False)
    except CorrectionStoreError as error:
        raise ValueError(str(error)) from None


DateFor = Callable[[Path], date | None]


def read_documents(
    paths: Iterable[str], *, lang: str | None = None, dct: date | None = None, date_for: DateFor | None = None
) -> tuple[list[Document], int]:
    """Read every article named by `paths` (files, folders, '-'); returns the documents and how many failed.

    `date_for` gives a file its own publication date (from its name, from a list), before `dct`. Each failure is
    reported on stderr as it happens, so one bad file (or one bad record of a collection) costs only itself.
    """
    documents: list[Document] = []
    failures = 0

    def unreadable_folder(message: str) -> None:
        nonlocal failures
        _say(f"skipped {message}")
        failures += 1

    for argument in paths:
        sources = _article_sources(argument, on_unreadable=unreadable_folder)
        if not sources:
            _say(f"skipped {argument}: a folder without articles ({', '.join(ALL_SUFFIXES)})")
            failures += 1
        for source in sources:
            own = date_for(source) if date_for is not None and source is not None else None
            for item in _read_source(source, lang=lang, dct=own or dct):
                if isinstance(item, DocumentError):
                    _say(f"skipped {item}")
                    failures += 1
                else:
                    documents.append(item)
    return _with_unique_ids(documents), failures


def _article_sources(argument: str, on_unreadable: Callable[[str], None]) -> list[Path | None]:
    """The files one command-line argument stands for; None is standard input ('-')."""
    if argument == "-":
        return [None]
    path = Path(argument)
    return [*articles_in_folder(path, on_unreadable)] if path.is_dir() else [path]


def _read_source(source: Path | None, *, lang: str | None, dct: date | None) -> Iterable[Document | DocumentError]:
    """The documents in one source (a collection holds many), with an error in place of each bad one."""
    if source is None:
        try:
            return [read_stream(sys.stdin.buffer, name="-", lang=lang, dct=dct)]
        except DocumentError as error:
            return [error]
        except Exception as error:  # as for a file: its failure, not the batch's
            return [unexpected_error("-", error)]
    return documents_in_path(source, lang=lang, dct=dct)


def articles_in_folder(folder: Path, on_unreadable: Callable[[str], None] | None = None) -> list[Path]:
    """The article files under `folder`, in a stable order; hidden files and folders (.git) are left out. A folder
    that cannot be listed is passed to `on_unreadable` ("reports/2020: cannot be read (Permission denied)"), so
    that its articles are not left out without a word; a link that leads back into a folder already seen is
    followed once."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def unreadable(error: OSError) -> None:
        if on_unreadable is not None:
            on_unreadable(f"{error.filename}: cannot be read ({error.strerror or error}); the articles in it are "
                          "left out")

    for root, folders, files in os.walk(folder, onerror=unreadable, followlinks=True):
        try:
            info = os.stat(root)
        except OSError as error:
            unreadable(error)
            folders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            folders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(root) / name for name in files
                  if not name.startswith(".") and Path(name).suffix.lower() in ALL_SUFFIXES
                  and (Path(root) / name).is_file()]
    return sorted(found)


def _with_unique_ids(documents: list[Document]) -> list[Document]:
    """`a/report.txt` and `b/report.txt` both make the id `report`; events must still tell them apart."""
    taken = {document.doc_id for document in documents}
    used: set[str] = set()
    unique = []
    for document in documents:
        doc_id, number = document.doc_id, 1
        while doc_id in used or (number > 1 and doc_id in taken):
            number += 1
            doc_id = f"{document.doc_id}-{number}"
        used.add(doc_id)
        unique.append(document if doc_id == document.doc_id else replace(document, doc_id=doc_id))
    return unique


ErrorHandler = Callable[[Document, Exception], None]
Extractor = Callable[..., pd.DataFrame]


def load_extractor() -> Extractor:
    """`events.extract.extract_documents`, imported late: --help and argument errors need not wait for it."""
    from events.extract import extract_documents

    return extract_documents


def _extract(
    documents: list[Document], *, merge: bool = True, actors: dict[str, Any] | None = None
) -> tuple[pd.DataFrame, int]:
    extract_documents = load_extractor()
    # `merge` and `actors` are passed only when they differ from the extractor's defaults, so stand-in
    # extractors without the keywords keep working.
    options: dict[str, Any] = {} if merge else {"merge": False}
    if actors:
        options["actors"] = actors
    if wants_progress_bar(len(documents)):
        options["progress"] = ProgressBar()
    failed: list[Document] = []

    def report(document: Document, error: Exception) -> None:
        failed.append(document)
        _LOG.debug("extracting %s failed", _document_name(document), exc_info=error)
        _say(f"{_document_name(document)}: could not extract events ({type(error).__name__}: {error})")

    return extract_documents(documents, on_error=report, **options), len(failed)


def _document_name(document: Document) -> str:
    """How messages name a document: its file, and for a record of a collection also the record's id."""
    if document.source_path and is_collection(document.source_path):
        return f"{document.source_path} ({document.doc_id})"
    return document.source_path or document.doc_id


def _emit(events: pd.DataFrame, output: Path | None, fmt: str) -> None:
    if output is not None:
        write_events(events, output, fmt)
        return
    # Bytes, not text: the files are UTF-8 whatever encoding the terminal or a Windows console prefers.
    sys.stdout.flush()
    sys.stdout.buffer.write(events_to_bytes(events, fmt))
    sys.stdout.buffer.flush()


def _summary(event_count: int, document_count: int, skipped: int) -> str:
    text = f"{_count(event_count, 'event')} from {_count(document_count, 'article')}"
    return text + (f"; {skipped} skipped (see above)" if skipped else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- chronik add and chronik workspaces -----------------------------------------------------------------


def run_add(args: argparse.Namespace) -> int:
    from events.actorfile import parse_user_actors
    from events.workspace import WorkspaceError, open_workspace

    try:
        date_for = file_dates(args)
        workspace = open_workspace(args.workspace, create=True)
    except (ValueError, WorkspaceError) as error:
        _say(str(error))
        return EXIT_USAGE
    actors = None
    if args.actors is not None:
        try:
            actors = read_user_actors(args.actors)
        except ActorFileError as error:
            _say(f"cannot use the actors file: {error}")
            return EXIT_USAGE
        workspace.set_actor_file(args.actors.name, args.actors.read_bytes())
    elif (kept := workspace.actor_file()) is not None:
        actors = parse_user_actors(kept[1], name=kept[0])
    documents, skipped = read_documents(args.paths, lang=args.lang, dct=args.date, date_for=date_for)
    if not documents:
        _say("nothing to add: no article could be read")
        return EXIT_FAILED
    options: dict[str, Any] = {"actors": actors}
    if wants_progress_bar(len(documents)):
        options["progress"] = ProgressBar()
    # A file is known by its full path, so adding it again from another folder still replaces it.
    names = {document.doc_id: str(Path(document.source_path).resolve()) if document.source_path not in ("", "-")
             else document.doc_id for document in documents}
    result = workspace.add_documents(documents, names=names, **options)
    for document, error in result.failed:
        _say(f"{_document_name(document)}: could not extract events ({type(error).__name__}: {error})")
    undated = [document for document in documents if document.dct is None]
    events = workspace.events()
    added = len(result.added) + len(result.replaced)
    summary = (f"{_count(added, 'article')} added to workspace {workspace.name!r}"
               + (f" ({len(result.replaced)} read again)" if result.replaced else "")
               + f"; it holds {_count(len(events), 'event')} from {_count(workspace.document_count(), 'article')}")
    _say(summary + (f"; {skipped + len(result.failed)} skipped (see above)" if skipped or result.failed else ""))
    if undated:
        _say(f"{_count(len(undated), 'article')} without a publication date: relative dates in them ('yesterday', "
             "'last week') stay unresolved; give dates with --date, --date-from-name or --dates LIST and add them "
             "again, or set them in the dashboard's documents table")
    _say(f"open it with: chronik app --workspace {workspace.slug}")
    return EXIT_OK if added else EXIT_FAILED


def run_workspaces(args: argparse.Namespace) -> int:
    from events.workspace import list_workspaces, workspaces_dir

    found = list_workspaces()
    if not found:
        _say(f"no workspaces yet in {workspaces_dir()}; make one with: chronik add --workspace NAME FILES...")
        return EXIT_OK
    for info in found:
        print(f"{info.slug}\t{info.name}\t{_count(info.documents, 'article')}\t{info.path}")
    return EXIT_OK


# --- chronik app -----------------------------------------------------------------------------------------


def run_app(args: argparse.Namespace) -> int:
    try:
        app_path = dashboard_app_path()
    except FileNotFoundError as error:
        _say(str(error))
        return EXIT_FAILED
    if args.events is not None:
        try:
            read_events(args.events)  # fail here, in the terminal, rather than in an empty browser tab
        except EventsFileError as error:
            _say(f"cannot show events: {error}")
            return EXIT_FAILED
    if args.workspace is not None:
        from events.workspace import WORKSPACE_ENV_VAR, WorkspaceError, open_workspace

        try:
            workspace = open_workspace(args.workspace, create=True)
        except WorkspaceError as error:
            _say(f"cannot open the workspace: {error}")
            return EXIT_USAGE
    command, env = app_command(app_path, events=args.events, port=args.port)
    if args.workspace is not None:
        env[WORKSPACE_ENV_VAR] = workspace.slug
    return run_streamlit(command, env)


def run_streamlit(command: list[str], env: dict[str, str]) -> int:
    """Run Streamlit until it stops; its exit status is ours."""
    process = subprocess.Popen(command, env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached Streamlit too (same terminal); give it time to shut its server down cleanly.
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait()
        return EXIT_INTERRUPTED


def dashboard_app_path() -> Path:
    """Where the installed `dashboard/app.py` is; works for an editable install and a regular one."""
    import dashboard

    package_file = getattr(dashboard, "__file__", None)
    folders = [Path(package_file).parent] if package_file else [Path(p) for p in dashboard.__path__]
    for folder in folders:
        if (folder / "app.py").is_file():
            return folder / "app.py"
    raise FileNotFoundError(f"the dashboard is missing: no app.py in {', '.join(map(str, folders))}")


def app_command(app_path: Path, *, events: Path | None, port: int) -> tuple[list[str], dict[str, str]]:
    """The `streamlit run` command line and its environment."""
    env = dict(os.environ)
    if events is not None:
        env[EVENTS_ENV_VAR] = str(events.resolve())
    command = [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.port", str(port),
        # Streamlit otherwise asks for an e-mail address on first start and reports usage statistics;
        # neither belongs in a tool for journalists' material.
        "--server.showEmailPrompt", "false",
        "--browser.gatherUsageStats", "false",
        # An error the app did not catch shows its kind only, no traceback or server path; CHRONIK_DEBUG=1 shows all.
        "--client.showErrorDetails", "full" if os.environ.get(DEBUG_ENV_VAR) else "type",
    ]  # fmt: skip
    return command, env


# --- entry point -----------------------------------------------------------------------------------------


def _configure_logging() -> None:
    """Tracebacks of a document's failure go to the log: shown on standard error with CHRONIK_DEBUG=1, else kept
    back (the one-line message names the file and says what went wrong)."""
    engine = logging.getLogger("events")
    if os.environ.get(DEBUG_ENV_VAR):
        if not engine.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("chronik: %(levelname)s %(name)s: %(message)s"))
            engine.addHandler(handler)
        engine.setLevel(logging.DEBUG)
        engine.propagate = False
    elif not engine.handlers:
        engine.addHandler(logging.NullHandler())
        engine.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run `chronik` with `argv` (default: the command line) and return the exit status."""
    _configure_logging()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, --version and argument errors
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `chronik extract ... | head` closed the pipe early: not an error worth a message.
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        if os.environ.get(DEBUG_ENV_VAR):
            raise
        _say(f"internal error: {type(error).__name__}: {error}")
        _say(f"this is a bug in Chronik; run again with {DEBUG_ENV_VAR}=1 to see where it happened")
        return EXIT_FAILED


def _say(message: str) -> None:
    print(f"chronik: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    # Python would report the broken pipe again when it flushes stdout on exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
