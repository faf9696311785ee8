"""The hand-made event gold (bench/event_gold/, made by bench/EVENT_ANNOTATION.md): reading and checking it.

`documents.jsonl` names each annotated article with its language and publication date (estimated for 10kGNAD, with
how); `de.jsonl` and `en.jsonl` hold one gold happening a line. `problems` lists everything wrong with the files'
format; `locator_problems` checks each quote against the corpus text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.eventeval.locate import LOCATOR_WORDS, first_words

GOLD_DIR = Path(__file__).resolve().parents[1] / "event_gold"
LANGUAGES = ("de", "en")

PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
OTHER = "OTHER"
FINE_TYPES = (
    "treaty", "ratification", "law/decree", "election", "military exercise", "deployment", "attack", "arrest", "ban",
    "strike", "protest", "meeting", "statement", "independence", "sanctions", "expulsion", "investigation",
    "court ruling", "aid", "resignation", "agreement", "appointment", "vote", "death", "displacement",
)  # fmt: skip
PRECISIONS = ("day", "week", "month", "year", "span")
DATED_BY = ("text", "publication")
PLACE_LEVELS = ("city", "region", "country")


@dataclass(frozen=True)
class Quote:
    """Where a sentence reporting a happening is: document id, character offsets, and its first words to check."""

    doc: str
    start: int
    end: int
    words: str


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    level: str
    alt: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldHappening:
    id: str
    lang: str
    summary: str
    start: date
    end: date
    precision: str
    dated_by: str
    plover: str
    fine_type: str | None
    actors: tuple[str, ...]
    actor1: tuple[str, ...]
    actor2: tuple[str, ...]
    place: Place | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class GoldDocument:
    doc: str
    lang: str
    date: date
    date_basis: str
    label: str


def _lines(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_documents(folder: Path = GOLD_DIR) -> list[GoldDocument]:
    return [
        GoldDocument(row["doc"], row["lang"], date.fromisoformat(row["date"]), row["date_basis"], row["label"])
        for row in _lines(folder / "documents.jsonl")
    ]


def _place(row: dict | None) -> Place | None:
    if row is None:
        return None
    return Place(row["name"], row["country"], row["level"], tuple(row.get("alt", ())))


def happening_from_row(row: dict) -> GoldHappening:
    return GoldHappening(
        id=row["id"],
        lang=row["lang"],
        summary=row["summary"],
        start=date.fromisoformat(row["start"]),
        end=date.fromisoformat(row["end"]),
        precision=row["precision"],
        dated_by=row["dated_by"],
        plover=row["plover"],
        fine_type=row["fine_type"],
        actors=tuple(row["actors"]),
        actor1=tuple(row["actor1"]),
        actor2=tuple(row["actor2"]),
        place=_place(row["place"]),
        quotes=tuple(Quote(q["doc"], q["start"], q["end"], q["words"]) for q in row["quotes"]),
    )


def load_happenings(lang: str, folder: Path = GOLD_DIR) -> list[GoldHappening]:
    return [happening_from_row(row) for row in _lines(folder / f"{lang}.jsonl")]


_FIELDS = {
    "id", "lang", "summary", "start", "end", "precision", "dated_by", "plover", "fine_type",
    "actors", "actor1", "actor2", "place", "quotes",
}  # fmt: skip


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(name, str) and name.strip() == name and name for name in value)


def row_problems(row: dict, documents: dict[str, GoldDocument]) -> list[str]:
    """What is wrong with one gold line (its format and its consistency with the document list)."""
    where = row.get("id", "?")
    if set(row) != _FIELDS:
        return [f"{where}: fields {sorted(set(row) ^ _FIELDS)} missing or unknown"]
    found: list[str] = []
    try:
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
    except (TypeError, ValueError):
        return [f"{where}: start/end are not ISO dates"]
    if start > end:
        found.append(f"{where}: start after end")
    if row["precision"] not in PRECISIONS or row["dated_by"] not in DATED_BY:
        found.append(f"{where}: precision or dated_by not one of {PRECISIONS} / {DATED_BY}")
    if row["plover"] not in (*PLOVER_CATEGORIES, OTHER):
        found.append(f"{where}: plover category {row['plover']!r} unknown")
    if row["fine_type"] is not None and row["fine_type"] not in FINE_TYPES:
        found.append(f"{where}: finer type {row['fine_type']!r} unknown")
    if not all(_names(row[key]) for key in ("actors", "actor1", "actor2")):
        found.append(f"{where}: actors must be lists of trimmed names")
    elif not set(row["actor1"]) | set(row["actor2"]) <= set(row["actors"]):
        found.append(f"{where}: actor1/actor2 must be among the actors")
    place = row["place"]
    if place is not None and (
        not {"name", "country", "level"} <= set(place) <= {"name", "country", "level", "alt"}
        or place["level"] not in PLACE_LEVELS
    ):
        found.append(f"{where}: place must have name, country, level (one of {PLACE_LEVELS}) and may have alt")
    if not row["summary"].strip() or not row["quotes"]:
        found.append(f"{where}: a summary and at least one quote are required")
    for quote in row["quotes"]:
        document = documents.get(quote.get("doc"))
        if document is None:
            found.append(f"{where}: quote from {quote.get('doc')!r}, which documents.jsonl does not list")
        elif document.lang != row["lang"]:
            found.append(f"{where}: quote from a {document.lang} document in the {row['lang']} gold")
        offsets = (quote.get("start"), quote.get("end"))
        if not (all(isinstance(offset, int) for offset in offsets) and offsets[0] < offsets[1]):
            found.append(f"{where}: quote offsets must be integers with start < end")
        if len(str(quote.get("words", "")).split()) > LOCATOR_WORDS:
            found.append(f"{where}: a locator holds at most {LOCATOR_WORDS} words")
    if row["dated_by"] == "publication" and not found:
        found += _publication_span_problems(row, documents)
    return found


def _publication_span_problems(row: dict, documents: dict[str, GoldDocument]) -> list[str]:
    """A happening dated by publication spans the day before a quoting article's publication to that day."""
    spans = {
        (documents[q["doc"]].date - timedelta(days=1), documents[q["doc"]].date) for q in row["quotes"]
    }  # fmt: skip
    if (date.fromisoformat(row["start"]), date.fromisoformat(row["end"])) not in spans:
        return [f"{row['id']}: dated by publication but not the span of a quoting article's publication day"]
    return []


def problems(folder: Path = GOLD_DIR) -> list[str]:
    """Everything wrong with the gold files' format; empty when they are sound."""
    documents = {document.doc: document for document in load_documents(folder)}
    found: list[str] = []
    ids: set[str] = set()
    for lang in LANGUAGES:
        for row in _lines(folder / f"{lang}.jsonl"):
            found += row_problems(row, documents)
            if row.get("lang") != lang:
                found.append(f"{row.get('id')}: in {lang}.jsonl but lang is {row.get('lang')!r}")
            if row.get("id") in ids:
                found.append(f"{row.get('id')}: id used twice")
            ids.add(row.get("id"))
    return found


def locator_problems(happenings: Iterable[GoldHappening], text_of: dict[str, str]) -> list[str]:
    """Quotes whose offsets fall outside their article or whose first words are not the ones at those offsets."""
    found = []
    for happening in happenings:
        for quote in happening.quotes:
            text = text_of[quote.doc]
            if quote.end > len(text):
                found.append(f"{happening.id}: quote {quote.start}-{quote.end} beyond the end of {quote.doc}")
            elif first_words(text, quote.start, quote.end) != quote.words:
                found.append(f"{happening.id}: {quote.doc} {quote.start}-{quote.end} doesn't begin {quote.words!r}")
    return found
