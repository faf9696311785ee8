"""Loading and shaping events for the dashboard. No Streamlit here: app.py caches the slow loaders.

Every function returns or takes schema-conformant events frames (see events.schema).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from events.actorfile import ActorFileError, parse_user_actors
from events.collections import documents_in_upload, is_collection
from events.corpus import load_sample
from events.documents import DocumentError
from events.extract import extract_documents
from events.incremental import merge_into
from events.io import EventsFileError, read_events
from events.model import Document
from events.schema import SchemaError, conform, empty_events, is_conformed

EVENTS_ENV_VAR = "CHRONIK_EVENTS"
_LOG = logging.getLogger(__name__)


def load_sample_events() -> pd.DataFrame:
    """The events of the bundled sample article (the app's default data)."""
    return extract_documents([load_sample()])


def load_events_file(path: str | Path) -> pd.DataFrame:
    """An events file written by `chronik extract`; raises events.io.EventsFileError saying what is wrong."""
    return read_events(path)


@dataclass(frozen=True)
class StartingData:
    """What the app opens on, where it came from, and why the requested file was not used (if it was not)."""

    events: pd.DataFrame
    source: str
    error: str | None = None
    file_name: str | None = None  # the events file shown; None: the sample
    problem: str | None = None  # why the requested file could not be read (the reason alone, for the UI to word)


def events_path_from_env(environ: Mapping[str, str]) -> str | None:
    value = environ.get(EVENTS_ENV_VAR, "").strip()
    return value or None


def file_version(path: str) -> float:
    """The file's modification time, so a cache keyed on it reloads an events file that was rewritten."""
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return 0.0


def starting_data(
    environ: Mapping[str, str],
    *,
    read_file: Callable[[str], pd.DataFrame] = load_events_file,
    read_sample: Callable[[], pd.DataFrame] = load_sample_events,
) -> StartingData:
    """The events file named by $CHRONIK_EVENTS, else the sample; a file that cannot be read falls back to the
    sample and says why. (The readers are parameters so the app can pass cached ones.)"""
    path = events_path_from_env(environ)
    if path is None:
        return StartingData(read_sample(), "the bundled sample article")
    try:
        return StartingData(read_file(path), f"events file {Path(path).name}", file_name=Path(path).name)
    except EventsFileError as error:
        message = f"Could not open the events file in {EVENTS_ENV_VAR}: {error}. Showing the sample instead."
        return StartingData(read_sample(), "the bundled sample article", error=message, problem=str(error))


@dataclass
class UploadResult:
    """Events read from uploaded articles, and one message per file (or record of a collection) that could not
    be used: `errors` in the engine's English, `reasons` beside each the engine's reason and its details ("", {}
    where it gives none), for the app to word them in the dashboard's language."""

    events: pd.DataFrame = field(default_factory=empty_events)
    errors: list[str] = field(default_factory=list)
    reasons: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    documents: int = 0

    def refuse(self, message: str, reason: str = "", params: Mapping[str, object] | None = None) -> None:
        self.errors.append(message)
        self.reasons.append((reason, dict(params or {})))


def events_from_uploads(
    uploads: Iterable[tuple[str, bytes]],
    *,
    lang: str | None,
    dct: date | None,
    actors: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> UploadResult:
    """Read uploaded articles and collections of them (file name, bytes) and extract their events.

    A bad file or record costs only itself: its name and the reason go to `errors` and the others are still
    read. In a collection a record's own date and language win over `dct` and `lang`. `actors` (a user's actor
    file, `read_actors_upload`) is merged over the built-in registry. `progress` hears (documents done, documents
    in all) after each document, so the app can show how far reading has got.
    """
    result = UploadResult()
    documents: list[Document] = []
    names: dict[str, str] = {}
    for name, data in uploads:
        for item in documents_in_upload(data, name=name, lang=lang, dct=dct):
            if isinstance(item, DocumentError):
                result.refuse(str(item), item.reason, item.params)
                continue
            document = _unique_id(item, names)
            documents.append(document)
            names[document.doc_id] = f"{name} ({document.doc_id})" if is_collection(name) else name
    if not documents:
        return result

    def report(document: Document, error: Exception) -> None:
        name = names.get(document.doc_id, document.doc_id)
        result.refuse(*extraction_failure(name, error))

    try:
        options: dict[str, Any] = {"actors": actors} if actors else {}
        if progress is not None:
            options["progress"] = lambda done, _total: progress(done, len(documents))
        result.events = extract_documents(documents, on_error=report, **options)
    except Exception as error:  # an extraction bug must not take the dashboard down with it
        result.refuse(*extraction_failure(", ".join(names.values()), error))
        return result
    result.documents = len(documents)
    return result


def extraction_failure(name: str, error: BaseException) -> tuple[str, str, dict[str, object]]:
    """Why the events of `name` could not be read, for `UploadResult.refuse`: the kind of error only (its message
    may name paths on the server), the traceback in the server's log."""
    _LOG.error("extracting the events of %s failed", name, exc_info=error)
    kind = type(error).__name__
    return (f"{name}: events could not be read (an internal error, {kind}; the server's log has the details)",
            "internal", {"name": name, "kind": kind})


def _unique_id(document: Document, taken: Mapping[str, str]) -> Document:
    """Records of two collections may share an id ("1"); their events must still tell them apart."""
    doc_id, number = document.doc_id, 1
    while doc_id in taken:
        number += 1
        doc_id = f"{document.doc_id}-{number}"
    return document if doc_id == document.doc_id else replace(document, doc_id=doc_id)


def read_actors_upload(name: str, data: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """An uploaded actor file: its content, or None and the message that says what is wrong with it."""
    try:
        return parse_user_actors(data, name=name), None
    except ActorFileError as error:
        return None, str(error)


def add_events(existing: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """`existing` plus `added`, one event per happening: mentions of a happening already on the timeline join it
    (with every source listed), and a mention read again (same event_id) replaces its earlier reading, so
    uploading the same article twice doubles nothing."""
    if added.empty:
        return existing
    if existing.empty:
        return conform(added)
    rereads = {source["event_id"] for sources in added["sources"] for source in sources} | set(added["event_id"])
    kept = existing[~existing["event_id"].isin(rereads)].reset_index(drop=True)
    try:
        # Only the events the added mentions reach are merged again (events/incremental.py): the same table as
        # merging everything, in a fraction of the time on a large one.
        return merge_into(kept if is_conformed(kept) else conform(kept), conform(added))
    except SchemaError:
        return existing


TABLE_COLUMNS: dict[str, str] = {
    "date_text": "Date as written",
    "start": "Start",
    "end": "End",
    "precision": "Precision",
    "title": "Title",
    "event_type": "Type",
    "actors": "Actors",
    "unregistered_actors": "Unregistered people",
    "sentence": "Sentence",
    "doc_title": "Document",
    "source_count": "Sources",
    "corrected": "Corrected",
}


# Rows the table sends to the browser: at 100,000 events the whole table costs more per rerun than the chart,
# and nobody scrolls through it; the filters narrow it and the downloads hold every row.
TABLE_MAX_ROWS = 1_000


def _table_order(events: pd.DataFrame) -> pd.DataFrame:
    return events.sort_values(["start", "end"], na_position="last", kind="stable")


def table_events(events: pd.DataFrame, limit: int = TABLE_MAX_ROWS, keep: Iterable[str] = ()) -> pd.DataFrame:
    """The events the table shows, in its (chronological) order: the first `limit`, and after them any of the
    `keep` event ids (the selected ones) that fall beyond, so a selection made in the chart is ticked there too."""
    ordered = _table_order(events)
    if len(ordered) <= limit:
        return ordered
    wanted = set(keep)
    beyond = ordered.iloc[limit:]
    return pd.concat([ordered.iloc[:limit], beyond[beyond["event_id"].isin(wanted)]]) if wanted else \
        ordered.iloc[:limit]


def table_event_ids(events: pd.DataFrame) -> list[str]:
    """The event ids in the rows of `events_table(events)`, in order: what a selected row position means."""
    return _table_order(events)["event_id"].tolist()


# The words the table writes into cells: notes after the precision, an open end, a corrected event.
TABLE_FLAGS: dict[str, str] = {
    "date_vague": "vague",
    "date_inferred": "inferred",
    "open_start": "open start",
    "open_end": "open end",
    "date_conflict": "sources disagree",
    "open": "open",
    "corrected": "✓ corrected",
}


# A value's display label by its group ("precision", "day" -> "Tag"): dashboard.i18n.Translator.label.
ValueLabel = Callable[[str, str], str]


def events_table(events: pd.DataFrame, *, headers: Mapping[str, str] | None = None,
                 flags: Mapping[str, str] | None = None, labels: ValueLabel | None = None) -> pd.DataFrame:
    """The events as people read them: one row per event, chronological, with readable column names.

    The precision column also says when a date is vague, inferred or open-ended, since those flags are what a
    fact-checker needs to see next to the date; the last column marks events the analyst corrected. `headers`
    and `flags` word the column names and those notes, `labels` the precisions, event types and actors (groups
    "precision", "event_type" and "actor"), in the interface's language; English column names and the data's own
    values by default.
    """
    words = {**TABLE_FLAGS, **(flags or {})}
    ordered = _table_order(events)
    precision = _labelled(ordered["precision"].astype(str), "precision", labels)
    notes = pd.Series("", index=ordered.index)
    for flag in ("date_vague", "date_inferred", "open_start", "open_end", "date_conflict"):
        notes = notes.where(~ordered[flag], notes + ", " + words[flag])
    start = ordered["start"].dt.strftime("%Y-%m-%d").fillna("")
    end = ordered["end"].dt.strftime("%Y-%m-%d").fillna("")
    # Text, not dates: an open end reads "open", where a date column could only show an empty cell.
    end = end.where(~ordered["open_end"], words["open"])
    table = pd.DataFrame({
        "date_text": ordered["date_text"],
        "start": start,
        "end": end,
        "precision": precision + notes,
        "title": ordered["title"],
        "event_type": _labelled(ordered["event_type"].astype(str), "event_type", labels),
        "actors": _actor_names(ordered["actors"], labels),
        "unregistered_actors": ordered["unregistered_actors"].map("; ".join),
        "sentence": ordered["sentence"],
        "doc_title": ordered["doc_title"].where(ordered["doc_title"] != "", ordered["doc_id"]),
        "source_count": ordered["source_count"],
        "corrected": ordered["corrected"].map({True: words["corrected"], False: ""}),
    })
    return table.rename(columns={**TABLE_COLUMNS, **(headers or {})}).reset_index(drop=True)


def _actor_names(actor_lists: pd.Series, labels: ValueLabel | None) -> pd.Series:
    """Each row's actors joined by "; ", by their names in the interface's language (each looked up once)."""
    if labels is None:
        return actor_lists.map("; ".join)
    names: dict[str, str] = {}

    def name(actor: str) -> str:
        if actor not in names:
            names[actor] = labels("actor", actor)
        return names[actor]

    return actor_lists.map(lambda actors: "; ".join(name(actor) for actor in actors))


def _labelled(values: pd.Series, group: str, labels: ValueLabel | None) -> pd.Series:
    """`values` by their labels (looked up once per distinct value: the table may have a thousand rows)."""
    if labels is None:
        return values
    return values.map({value: labels(group, value) if value else value for value in values.unique()})
