"""Scoring extracted events against the event gold, as bench/EVENT_ANNOTATION.md ("Scoring") defines it.

Pure functions over plain values: `ExtractedEvent` is what the scorer needs of one row of Chronik's event table
(`events_from_frame` reads it from whatever columns the table has), `GoldHappening` comes from the gold files.

An event may match a gold happening of its language when their date spans share a day and either both have actors
and share one, or one side has none and the event's source sentences overlap a gold quote. Each event is assigned
to its best candidate (shared quote, then same PLOVER category, then larger actor overlap, then closer dates).
Type, actor and place scores judge each matched gold happening by its best assigned event. Duplicates count gold
happenings that two or more events match with a shared quote (rows that report the same happening).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bench.eventeval.gold import PLOVER_CATEGORIES, GoldHappening, Place

OPEN_END = date.max  # an event whose end is open may reach any later day


@dataclass(frozen=True)
class SourceSpan:
    """One sentence an event was read from: document id and character offsets."""

    doc: str
    start: int
    end: int


@dataclass(frozen=True)
class PlaceMention:
    name: str
    country: str = ""


@dataclass(frozen=True)
class ExtractedEvent:
    """One extracted row, reduced to what scoring needs. `plover` is a PLOVER category, OTHER for a type PLOVER has
    no category for, or None when the table says nothing about it; `None` elsewhere means the table has no such
    column."""

    event_id: str
    lang: str
    start: date | None
    end: date | None
    actors: tuple[str, ...]
    sources: tuple[SourceSpan, ...]
    event_type: str = ""
    plover: str | None = None
    fine_type: str | None = None
    actor1: tuple[str, ...] | None = None
    actor2: tuple[str, ...] | None = None
    places: tuple[PlaceMention, ...] | None = None
    family: str = ""  # the table's own type family, as written (STATEMENT, POLITICS, OTHER ...), if it has one
    title: str = ""


# --- names ---------------------------------------------------------------------------------------------------


def fold(name: str) -> str:
    """A name reduced for comparison: no accents, case or punctuation ("Erdoğan" = "erdogan", "U.S." = "us")."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w\s]", "", letters.casefold()).split())


def alias_canonicalizer(aliases: Mapping[str, str]) -> Callable[[str], str]:
    """A function naming an actor by its canonical name when `aliases` (surface form -> canonical) knows it, and
    by its folded self otherwise; canonical names are folded too, so both sides of a comparison meet."""
    table = {fold(form): fold(canonical) for form, canonical in aliases.items()}

    def canonical(name: str) -> str:
        folded = fold(name)
        return table.get(folded, folded)

    return canonical


# --- matching ------------------------------------------------------------------------------------------------


def event_span(event: ExtractedEvent) -> tuple[date, date] | None:
    """The days an event may cover; an open start or end reaches as far as it can; None when unresolved."""
    if event.start is None and event.end is None:
        return None
    return event.start or date.min, event.end or OPEN_END


def dates_compatible(event: ExtractedEvent, gold: GoldHappening) -> bool:
    """The event's span and the gold span share a day; an unresolved event shares none."""
    span = event_span(event)
    return span is not None and span[0] <= gold.end and gold.start <= span[1]


def shares_quote(event: ExtractedEvent, gold: GoldHappening) -> bool:
    """One of the event's source sentences overlaps one of the gold quotes."""
    return any(
        source.doc == quote.doc and source.start < quote.end and quote.start < source.end
        for source in event.sources
        for quote in gold.quotes
    )


def actor_overlap(event: ExtractedEvent, gold: GoldHappening, canonical: Callable[[str], str]) -> set[str]:
    return {canonical(name) for name in event.actors} & {canonical(name) for name in gold.actors}


def is_candidate(
    event: ExtractedEvent, gold: GoldHappening, canonical: Callable[[str], str], anchored: bool = False
) -> bool:
    """The issue's match: compatible dates and overlapping actors, or a shared quote where a side has no actors.
    `anchored` also requires the shared quote always (the event was read from a sentence that reports it)."""
    if event.lang != gold.lang or not dates_compatible(event, gold):
        return False
    if anchored and not shares_quote(event, gold):
        return False
    if event.actors and gold.actors:
        return bool(actor_overlap(event, gold, canonical))
    return shares_quote(event, gold)


def _date_distance(event: ExtractedEvent, gold: GoldHappening) -> int:
    start, end = event.start or gold.start, event.end or gold.end  # an open side is no evidence of distance
    return abs((start - gold.start).days) + abs((end - gold.end).days)


def match_rank(event: ExtractedEvent, gold: GoldHappening, canonical: Callable[[str], str]) -> tuple:
    """Higher is better: a shared quote, then the same PLOVER category, then more shared actors, then closer dates."""
    return (
        shares_quote(event, gold),
        event.plover == gold.plover,
        len(actor_overlap(event, gold, canonical)),
        -_date_distance(event, gold),
    )


def assign(
    events: Sequence[ExtractedEvent],
    gold: Sequence[GoldHappening],
    canonical: Callable[[str], str],
    anchored: bool = False,
) -> dict[str, str]:
    """Each event's best gold happening (event id -> gold id); events with no candidate are left out."""
    assignment = {}
    for event in events:
        candidates = [happening for happening in gold if is_candidate(event, happening, canonical, anchored)]
        if candidates:
            best = max(candidates, key=lambda happening: match_rank(event, happening, canonical))
            assignment[event.event_id] = best.id
    return assignment


# --- scores --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """A share with its counts; `total == 0` means there was nothing to score (shown as n/a)."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class SetScore:
    """Micro-averaged precision, recall and F1 of name sets."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.predicted + self.gold
        return 2 * self.true_positives / total if total else None


def set_score(pairs: Iterable[tuple[Iterable[str], Iterable[str]]], canonical: Callable[[str], str]) -> SetScore:
    """Micro P/R/F1 over (predicted names, gold names) pairs."""
    true_positives = predicted_total = gold_total = 0
    for predicted, gold in pairs:
        predicted_set = {canonical(name) for name in predicted}
        gold_set = {canonical(name) for name in gold}
        true_positives += len(predicted_set & gold_set)
        predicted_total += len(predicted_set)
        gold_total += len(gold_set)
    return SetScore(true_positives, predicted_total, gold_total)


def place_matches(places: Iterable[PlaceMention], gold: Place | None, canonical: Callable[[str], str]) -> bool:
    """An extracted place names the gold place (by name or alternative spelling; a country-level gold place also
    by the extracted place's country)."""
    if gold is None:
        return False
    names = {fold(name) for name in (gold.name, *gold.alt)}
    for place in places:
        if fold(place.name) in names:
            return True
        if gold.level == "country" and canonical(place.country or place.name) == canonical(gold.country):
            return True
    return False


def is_other(event: ExtractedEvent) -> bool:
    """The event is typed "other": no type or family of the taxonomy fitted."""
    return fold(event.event_type) == "other" or fold(event.family) == "other"


def same_span(event: ExtractedEvent, gold: GoldHappening) -> bool:
    return (event.start, event.end) == (gold.start, gold.end)


@dataclass(frozen=True)
class LanguageScores:
    lang: str
    gold: int
    events: int
    assigned_events: int
    matched_gold: int
    anchored_assigned_events: int  # the same with a shared quote required (bench/EVENT_ANNOTATION.md)
    anchored_matched_gold: int
    matched_text_dated: Ratio
    duplicated_gold: int
    type_accuracy: Ratio | None
    fine_type_accuracy: Ratio
    actors: SetScore
    actor1: SetScore | None
    actor2: SetScore | None
    place_accuracy: Ratio | None
    date_exact: Ratio
    other_share: Ratio
    no_category_share: Ratio
    missed: tuple[str, ...] = field(default=())
    unmatched_events: tuple[str, ...] = field(default=())
    best_event: Mapping[str, str] = field(default_factory=dict)

    @property
    def precision(self) -> Ratio:
        return Ratio(self.assigned_events, self.events)

    @property
    def recall(self) -> Ratio:
        return Ratio(self.matched_gold, self.gold)

    @property
    def anchored_precision(self) -> Ratio:
        return Ratio(self.anchored_assigned_events, self.events)

    @property
    def anchored_recall(self) -> Ratio:
        return Ratio(self.anchored_matched_gold, self.gold)

    @property
    def duplicates(self) -> Ratio:
        return Ratio(self.duplicated_gold, self.gold)


def score_language(
    lang: str,
    events: Sequence[ExtractedEvent],
    gold: Sequence[GoldHappening],
    canonical: Callable[[str], str],
) -> LanguageScores:
    """All scores for one language's events against its gold."""
    events = [event for event in events if event.lang == lang]
    gold = [happening for happening in gold if happening.lang == lang]
    assignment = assign(events, gold, canonical)
    by_gold: dict[str, list[ExtractedEvent]] = {}
    for event in events:
        if event.event_id in assignment:
            by_gold.setdefault(assignment[event.event_id], []).append(event)
    gold_by_id = {happening.id: happening for happening in gold}
    best = {
        gold_id: max(assigned, key=lambda event: match_rank(event, gold_by_id[gold_id], canonical))
        for gold_id, assigned in by_gold.items()
    }
    matched = [gold_by_id[gold_id] for gold_id in best]
    pairs = [(best[happening.id], happening) for happening in matched]
    has_category = any(event.plover is not None for event in events)
    has_roles = any(event.actor1 is not None for event in events)
    has_places = any(event.places is not None for event in events)
    fine_pairs = [(event, happening) for event, happening in pairs if event.fine_type and happening.fine_type]
    placed = [(event, happening) for event, happening in pairs if happening.place is not None]
    text_dated = [happening for happening in gold if happening.dated_by == "text"]
    anchored = assign(events, gold, canonical, anchored=True)
    placed_hits = sum(place_matches(event.places or (), happening.place, canonical) for event, happening in placed)
    return LanguageScores(
        lang=lang,
        gold=len(gold),
        events=len(events),
        assigned_events=len(assignment),
        matched_gold=len(matched),
        anchored_assigned_events=len(anchored),
        anchored_matched_gold=len(set(anchored.values())),
        matched_text_dated=Ratio(sum(happening.id in best for happening in text_dated), len(text_dated)),
        duplicated_gold=sum(count > 1 for count in Counter(anchored.values()).values()),
        type_accuracy=Ratio(sum(event.plover == happening.plover for event, happening in pairs), len(pairs))
        if has_category
        else None,
        fine_type_accuracy=Ratio(
            sum(event.fine_type == happening.fine_type for event, happening in fine_pairs), len(fine_pairs)
        ),
        actors=set_score(((event.actors, happening.actors) for event, happening in pairs), canonical),
        actor1=set_score(((event.actor1 or (), happening.actor1) for event, happening in pairs), canonical)
        if has_roles
        else None,
        actor2=set_score(((event.actor2 or (), happening.actor2) for event, happening in pairs), canonical)
        if has_roles
        else None,
        place_accuracy=Ratio(placed_hits, len(placed)) if has_places else None,
        date_exact=Ratio(sum(same_span(event, happening) for event, happening in pairs), len(pairs)),
        other_share=Ratio(sum(is_other(event) for event in events), len(events)),
        no_category_share=Ratio(sum(event.plover not in PLOVER_CATEGORIES for event in events), len(events)),
        missed=tuple(happening.id for happening in gold if happening.id not in best),
        unmatched_events=tuple(event.event_id for event in events if event.event_id not in assignment),
        best_event={gold_id: event.event_id for gold_id, event in best.items()},
    )
