"""Plain data objects that flow through the pipeline: a document in, timexes and sentences along the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    """One article. `dct` is the document creation time (publication date) that relative dates resolve against."""

    text: str
    doc_id: str = "doc"
    lang: str | None = None
    dct: date | None = None
    title: str = ""
    url: str = ""
    dct_approximate: bool = False
    source_path: str = ""


@dataclass(frozen=True)
class Timex:
    """A temporal expression, TIMEX3-style.

    `start`/`end` are character offsets into the tagged text (`text == source[start:end]`). `value` is a
    well-formed TIMEX3 value; when a relative expression could not be anchored (no document date) it keeps
    placeholders (`XXXX-XX-XX`) and `resolved` is False, and `anchor` says how it would resolve (`day-1`).
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str
    mod: str = ""
    resolved: bool = True
    anchor: str = ""
    rule: str = ""
    # A range ("von 1939 bis 1945") is two timexes; the first names the second's start offset here.
    range_end: int | None = None


@dataclass(frozen=True)
class Interval:
    """The days a timex may cover. `end` is inclusive; None marks an open end (or start)."""

    start: date | None
    end: date | None
    precision: str
    vague: bool = False
    open_start: bool = False
    open_end: bool = False


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class ActorMention:
    actor: str  # canonical name
    start: int
    end: int
    text: str
    via: str = "alias"  # alias, adjective, epithet, coreference


@dataclass
class ExtractionResult:
    """Everything the pipeline found in one document, for callers who want more than the dataframe."""

    document: Document
    timexes: list[Timex] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
