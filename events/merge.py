"""One event per happening: mentions that report the same thing, in one article or many, become one row.

Extraction gives one row per mention: a date in a sentence with its triggers and actors. Several articles about
one story (and often one article, headline and body) mention the same happening many times; counting each
mention as an event is GDELT's known flaw. `merge_events` joins the mentions of one happening and keeps them all
as the event's `sources`, so every merged event stays traceable to each sentence that reports it.

Two mentions are joined when one of the rules in `MergeRules.rules` holds for them (see `RULES`); the join is
written into `merge_notes`. Joining is agglomerative and deterministic: all links are sorted, strongest first,
and two groups join only if every pair across them has compatible dates (complete linkage on dates), so a vague
"kürzlich" cannot chain the 6th and the 12th of December into one event.

The merged row takes the most precise date the sources give ("am 6. Dezember" beats "kürzlich"); where firm
dates of the same precision disagree, `date_conflict` is set and `date_candidates` lists every date given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import pandas as pd

from events.pairing import candidate_pairs
from events.resources import available_languages, load_resource
from events.schema import (
    COLUMN_NAMES,
    LIST_COLUMNS,
    MENTION_COLUMNS,
    conform,
    interval_label,
    is_conformed,
    mention_record,
)

# Most precise first; a lower rank is a better date. Quarter, season and half are equally coarse.
PRECISION_RANK: Mapping[str, int] = {
    "time": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 4, "year": 5, "decade": 6,
    "century": 7, "approximate": 8, "unresolved": 9,
}
_SPECIFIC_PRECISIONS = frozenset({"time", "day"})


@dataclass(frozen=True)
class MergeRules:
    """What counts as one happening. Every threshold of the merge is here.

    rules: the joining rules in force, tried in this order; the first that holds names the join (see `RULES`).
    compatible_types: pairs of event types that may report one happening (none by default: a strike and the
        protests around it are different events, as in ACLED).
    unmergeable_types: types never merged; "other" is a dated sentence without any trigger, too little to tell.
    min_shared_actors: canonical actors two mentions must share for `shared_actors`.
    min_shared_places: cities two mentions must share for `same_place` (countries are too wide to tell).
    strong_shared_actors: actors they must share where the dates alone do not agree (`near_dates`, `undated`).
    min_wording_similarity: Jaccard similarity of content words (title + sentence) for `similar_wording`.
        Across languages wording is weak evidence, so it only joins mentions whose actors do not contradict.
    strong_wording_similarity: wording that counts as strong evidence, like `strong_shared_actors`.
    min_content_words: fewer content words than this on either side and wording is no evidence at all
        (two one-word sentences would be "identical").
    day_slack: how many days two exact dates may lie apart and still be one happening reported with different
        dates (the disagreement is then flagged as `date_conflict`).
    """

    rules: tuple[str, ...] = ("shared_actors", "same_place", "same_day", "similar_wording", "near_dates", "undated")
    compatible_types: tuple[tuple[str, str], ...] = ()
    unmergeable_types: frozenset[str] = frozenset({"other"})
    min_shared_actors: int = 1
    min_shared_places: int = 1
    strong_shared_actors: int = 2
    min_wording_similarity: float = 0.35
    strong_wording_similarity: float = 0.6
    min_content_words: int = 4
    day_slack: int = 1

    def __post_init__(self) -> None:
        unknown = [rule for rule in self.rules if rule not in RULES]
        if unknown:
            raise ValueError(f"unknown merge rule(s) {', '.join(unknown)}; known: {', '.join(RULES)}")

    def types_compatible(self, one: str, other: str) -> bool:
        if one in self.unmergeable_types or other in self.unmergeable_types:
            return False
        return one == other or (one, other) in self.compatible_types or (other, one) in self.compatible_types


# --- mentions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One mention, with what the rules compare precomputed."""

    record: dict[str, Any]  # the `sources` entry (plain JSON)
    row: dict[str, Any]  # the input row it came from, for extra columns
    order: int  # position of first appearance in the input
    key: tuple[Any, ...]  # canonical order, independent of the input order
    actors: tuple[str, ...]
    first: date  # first and last day it may cover; open or unknown ends as date.min / date.max
    last: date
    dated: bool
    specific: bool  # its first day is stated exactly in the sentence
    rank: tuple[int, bool, bool]  # precision, vague, inferred: lower is a better date
    tokens: frozenset[str]
    places: tuple[str, ...] = ()  # the cities it took place in ("Minsk|BY")

    @property
    def event_id(self) -> str:
        return str(self.record["event_id"])

    @property
    def label(self) -> str:
        r = self.record
        return interval_label(r["start"], r["end"], r["open_start"], r["open_end"])

    def covers(self, other: Mention) -> bool:
        return self.dated and other.dated and self.first <= other.first and other.last <= self.last

    def overlaps(self, other: Mention) -> bool:
        return self.first <= other.last and other.first <= self.last


@cache
def _stopwords() -> frozenset[str]:
    # The language-detection stopwords of every language: words that say nothing about the happening.
    words: set[str] = set()
    for lang in available_languages():
        words.update(w.casefold() for w in load_resource("language", lang).get("detection", {}).get("stopwords", []))
    return frozenset(words)


_WORD = re.compile(r"\w+")


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.casefold() for m in _WORD.findall(text))
                     if (len(w) > 2 or w.isdigit()) and w not in _stopwords())


def _mention(record: dict[str, Any], row: dict[str, Any], order: int) -> Mention:
    start = date.fromisoformat(record["start"]) if record["start"] else None
    end = date.fromisoformat(record["end"]) if record["end"] else None
    dated = start is not None or end is not None
    # The first day is stated exactly ("am 6. Dezember", "ab dem 13. August 2020").
    specific = (record["precision"] in _SPECIFIC_PRECISIONS and start is not None and not record["open_start"]
                and not (record["date_vague"] or record["date_inferred"]))
    return Mention(
        record=record,
        row=row,
        order=order,
        key=(record["doc_id"], record["char_start"], record["date_char_start"] or -1, record["event_id"],
             record["event_type"], record["char_end"], record["title"]),
        actors=tuple(record["actors"]),
        first=start if start is not None and not record["open_start"] else date.min,
        last=end if end is not None and not record["open_end"] else date.max,
        dated=dated,
        specific=specific,
        rank=(PRECISION_RANK.get(record["precision"], PRECISION_RANK["unresolved"]) if dated
              else PRECISION_RANK["unresolved"], bool(record["date_vague"]), bool(record["date_inferred"])),
        tokens=_content_words(f"{record['title']} {record['sentence']}"),
        places=_city_keys(record.get("places")),
    )


def _city_keys(places: object) -> tuple[str, ...]:
    """The cities among a row's places, as "name|country code"."""
    if not isinstance(places, list | tuple):
        return ()
    return tuple(dict.fromkeys(f"{p.get('name')}|{p.get('country_code')}" for p in places
                               if isinstance(p, Mapping) and p.get("kind") == "city"))


def mentions_of(frame: pd.DataFrame) -> list[Mention]:
    """The mentions behind a conformed frame: a merged row stands for its sources, any other row for itself."""
    mentions: list[Mention] = []
    seen: set[tuple[Any, ...]] = set()
    made = 0  # mentions numbered so far, the skipped included: orders rise and never repeat
    for row in frame.to_dict(orient="records"):
        found = row_mentions(row, made)
        made += len(found)
        for mention in found:
            if mention.key in seen:  # the same article read twice is one source, not two
                continue
            seen.add(mention.key)
            mentions.append(mention)
    return mentions


def row_mentions(row: dict[str, Any], order: int) -> list[Mention]:
    """The mentions of one row (a record of a conformed frame), numbered in `order` on."""
    sources = row["sources"]
    records = sources if len(sources) > 1 else [mention_record(row)]
    return [_mention(record, row, order + index) for index, record in enumerate(records)]


# --- comparing two mentions --------------------------------------------------------------------------------

SAME, OVERLAP, NEAR, UNDATED, APART = "same", "overlap", "near", "undated", "apart"
_RELATION_RANK = {SAME: 0, OVERLAP: 1, NEAR: 2, UNDATED: 3}


@dataclass(frozen=True)
class _Evidence:
    """How two mentions compare: the facts the rules read."""

    relation: str  # of their dates: same, overlap, near, undated, apart
    gap_days: int
    shared: tuple[str, ...]
    shared_places: tuple[str, ...]
    contradicting_actors: bool  # both name actors, none in common
    similarity: float
    strong: bool  # enough to join without agreeing dates

    @property
    def dates_agree(self) -> bool:
        return self.relation in (SAME, OVERLAP)


def _date_relation(a: Mention, b: Mention, rules: MergeRules) -> tuple[str, int]:
    """How the dates of two mentions relate, and the days between them when they do not overlap."""
    if not (a.dated and b.dated):
        return UNDATED, 0
    if (a.first, a.last) == (b.first, b.last):
        return SAME, 0
    if a.overlaps(b):
        return OVERLAP, 0
    gap = (max(a.first, b.first) - min(a.last, b.last)).days
    return (NEAR if a.specific and b.specific and gap <= rules.day_slack else APART), gap


def _evidence(a: Mention, b: Mention, rules: MergeRules) -> _Evidence:
    relation, gap = _date_relation(a, b, rules)
    shared = tuple(actor for actor in a.actors if actor in b.actors)
    similarity = 0.0
    if min(len(a.tokens), len(b.tokens)) >= rules.min_content_words:
        similarity = len(a.tokens & b.tokens) / len(a.tokens | b.tokens)
    strong = len(shared) >= rules.strong_shared_actors or similarity >= rules.strong_wording_similarity
    places = tuple(place for place in a.places if place in b.places)
    return _Evidence(relation, gap, shared, places, bool(a.actors and b.actors and not shared), similarity, strong)


def _shared_actors(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> bool:
    return e.dates_agree and len(e.shared) >= rules.min_shared_actors


def _same_place(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> bool:
    return e.dates_agree and len(e.shared_places) >= rules.min_shared_places and not e.contradicting_actors


def _same_day(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> bool:
    return e.relation == SAME and a.specific and b.specific and not e.contradicting_actors


def _similar_wording(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> bool:
    return e.dates_agree and not e.contradicting_actors and e.similarity >= rules.min_wording_similarity


def _near_dates(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> bool:
    return e.relation == NEAR and e.strong


def _undated(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> bool:
    return e.relation == UNDATED and e.strong


Rule = Callable[[Mention, Mention, _Evidence, MergeRules], bool]
# The joining rules, by name. Each requires a compatible event type first (MergeRules.types_compatible).
RULES: Mapping[str, Rule] = {
    # dates overlap and the mentions share an actor: the common case
    "shared_actors": _shared_actors,
    # dates overlap, the same city, no actor contradicts ("the summit in Minsk" early in December, on the 6th)
    "same_place": _same_place,
    # both state the same exact day and no actor contradicts ("Ab dem 13. August 2020 ... Generalstreik")
    "same_day": _same_day,
    # dates overlap, no actor contradicts, and the wording is alike
    "similar_wording": _similar_wording,
    # exact days up to `day_slack` apart with strong evidence: one happening, dated differently (a conflict)
    "near_dates": _near_dates,
    # one date could not be resolved; only strong evidence joins it
    "undated": _undated,
}


@dataclass(frozen=True)
class _Link:
    a: Mention
    b: Mention
    rule: str
    evidence: _Evidence

    def strength(self) -> tuple[Any, ...]:
        """Sort key, strongest first: agreeing and narrow dates, more shared actors, alike wording."""
        widest = max(_width(self.a), _width(self.b))
        e = self.evidence
        return (_RELATION_RANK[e.relation], widest, -len(e.shared), -e.similarity, self.a.key, self.b.key)

    def note(self, rules: MergeRules) -> str:
        e, a, b = self.evidence, self.a, self.b
        kind = a.record["event_type"]
        parts = [f"same type {kind}" if kind == b.record["event_type"]
                 else f"compatible types {kind}/{b.record['event_type']}"]
        if e.shared:
            parts.append(f"shared actors {', '.join(e.shared)}")
        if e.shared_places:
            parts.append(f"same place {', '.join(p.split('|')[0] for p in e.shared_places)}")
        elif not (a.actors and b.actors):
            parts.append("no contradicting actors")
        parts.append(_date_note(a, b, e, rules))
        if self.rule in ("similar_wording", "near_dates", "undated") or e.similarity >= rules.min_wording_similarity:
            parts.append(f"wording similarity {e.similarity:.2f}")
        return f"[{self.rule}] joined {a.event_id} + {b.event_id}: {'; '.join(parts)}"


def _width(mention: Mention) -> int:
    if not mention.dated or mention.first == date.min or mention.last == date.max:
        return 10**9
    return (mention.last - mention.first).days


def _date_note(a: Mention, b: Mention, e: _Evidence, rules: MergeRules) -> str:
    def shown(m: Mention) -> str:
        return m.label if m.record["timex"] in ("", m.label) else f"{m.record['timex']} {m.label}"

    if e.relation == SAME:
        return f"same date ({shown(a)})"
    if e.relation == OVERLAP:
        symbol = "⊇" if a.covers(b) else "⊆" if b.covers(a) else "∩"
        return f"dates overlap ({shown(a)} {symbol} {shown(b)})"
    if e.relation == NEAR:
        return (f"dates {e.gap_days} day(s) apart ({shown(a)} vs {shown(b)}), within the {rules.day_slack}-day "
                "slack: a date conflict")
    return f"date unresolved ({shown(a)} / {shown(b)})"


def _links(mentions: list[Mention], rules: MergeRules) -> Iterator[_Link]:
    for i, j in candidate_pairs(mentions, rules):
        a, b = mentions[i], mentions[j]
        if not rules.types_compatible(a.record["event_type"], b.record["event_type"]):
            continue
        evidence = _evidence(a, b, rules)
        if evidence.relation == APART:
            continue
        for name in rules.rules:
            if RULES[name](a, b, evidence, rules):
                yield _Link(a, b, name, evidence)
                break


# --- clustering --------------------------------------------------------------------------------------------


@dataclass
class _Cluster:
    members: list[Mention]
    notes: list[tuple[int, str]] = field(default_factory=list)  # (join sequence, note)

    @property
    def actors(self) -> set[str]:
        return {actor for m in self.members for actor in m.actors}


def _joinable(one: _Cluster, other: _Cluster, link: _Link, rules: MergeRules) -> bool:
    """May two groups become one event? Their actors must not contradict, and every pair of dates across them
    must agree; dates a day apart or unresolved need strong evidence between the groups (the complete-linkage
    test that keeps a vague "kürzlich" from chaining the 6th and the 12th)."""
    actors, other_actors = one.actors, other.actors
    shared = actors & other_actors
    if actors and other_actors and not shared:
        return False
    strong = len(shared) >= rules.strong_shared_actors or link.evidence.similarity >= rules.strong_wording_similarity
    for x in one.members:
        for y in other.members:
            relation, _ = _date_relation(x, y, rules)
            if relation == APART or (relation in (NEAR, UNDATED) and not strong):
                return False
    return True


def _clusters(mentions: list[Mention], rules: MergeRules) -> list[_Cluster]:
    """Agglomerate, strongest link first; a join needs compatible dates across every pair of the two groups."""
    canonical = sorted(mentions, key=lambda m: m.key)
    cluster_of = {id(m): _Cluster([m]) for m in canonical}
    links = sorted(_links(canonical, rules), key=_Link.strength)
    for sequence, link in enumerate(links):
        one, other = cluster_of[id(link.a)], cluster_of[id(link.b)]
        if one is other or not _joinable(one, other, link, rules):
            continue
        one.members.extend(other.members)
        one.notes.extend(other.notes)
        one.notes.append((sequence, link.note(rules)))
        for member in other.members:
            cluster_of[id(member)] = one
    unique = {id(c): c for c in cluster_of.values()}.values()
    for cluster in unique:
        cluster.members.sort(key=lambda m: m.order)
        cluster.notes.sort()
    return sorted(unique, key=lambda c: c.members[0].order)


# --- the merged row ----------------------------------------------------------------------------------------


_TIE_BREAKS = ("given by most sources", "covered by most sources' spans", "the earlier date")


def _best_dated(members: list[Mention]) -> tuple[Mention, str]:
    """The source whose date the event takes, and why: the most precise (non-vague before vague, explicit before
    inferred); among equally precise dates the one most sources give, then the one most sources' spans cover,
    then the earlier date."""
    best = min(m.rank for m in members)
    by_label: dict[str, list[Mention]] = {}
    for m in members:
        if m.rank == best:
            by_label.setdefault(m.label, []).append(m)

    def weight(group: list[Mention]) -> tuple[int, int, int]:
        support = sum(1 for m in members if m.covers(group[0]))
        return len(group), support, -group[0].first.toordinal()

    ranked = sorted(by_label.values(), key=weight, reverse=True)
    reason = "the most precise date"
    if len(ranked) > 1:
        first, second = weight(ranked[0]), weight(ranked[1])
        reason = next(why for why, a, b in zip(_TIE_BREAKS, first, second, strict=True) if a != b)
    return min(ranked[0], key=lambda m: m.key), reason


def _date_conflict(members: list[Mention]) -> bool:
    """Two firm dates (stated, not vague) of the same precision that do not overlap: 6 vs 5 December."""
    firm = [m for m in members if m.dated and not m.record["date_vague"] and not m.record["date_inferred"]]
    return any(a.rank == b.rank and not a.overlaps(b) for i, a in enumerate(firm) for b in firm[i + 1 :])


def _date_candidates(members: list[Mention]) -> list[dict[str, Any]]:
    counts = Counter(m.label for m in members)
    rank = {}
    for m in sorted(members, key=lambda m: m.rank):
        rank.setdefault(m.label, m.rank)
    ordered = sorted(counts, key=lambda label: (-counts[label], rank[label], label))
    return [{"value": label, "count": counts[label]} for label in ordered]


def _merged_actors(members: list[Mention]) -> list[str]:
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for m in sorted(members, key=lambda m: m.key):  # ties in the canonical order, not the input's
        for actor in m.actors:
            counts[actor] += 1
            first_seen.setdefault(actor, len(first_seen))
    return sorted(counts, key=lambda actor: (-counts[actor], first_seen[actor]))


def _merged_places(members: list[Mention]) -> list[dict[str, Any]]:
    """The places of all members, each once, the most often given first (ties in the canonical order)."""
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for m in sorted(members, key=lambda m: m.key):
        for place in m.record.get("places") or ():
            key = (place["name"], place["country_code"])
            counts[key] += 1
            first.setdefault(key, place)
    order = {key: index for index, key in enumerate(first)}
    return [first[key] for key in sorted(first, key=lambda key: (-counts[key], order[key]))]


def _merged_row(cluster: _Cluster) -> dict[str, Any]:
    members = cluster.members
    best, reason = _best_dated(members)
    row = dict(best.row)  # extra columns come from the row that held the best source
    row.update(best.record)  # the row reads as its best source: sentence, offsets and date stay together
    row["event_id"] = min(m.event_id for m in members)
    row["actors"] = _merged_actors(members)
    for name in LIST_COLUMNS:
        if name not in MENTION_COLUMNS:  # list columns the sources do not hold: the union of the members' rows
            row[name] = list(dict.fromkeys(item for m in sorted(members, key=lambda m: m.key) for item in m.row[name]))
    row["places"] = _merged_places(members)
    row["sources"] = [m.record for m in members]
    row["source_count"] = len(members)
    row["date_conflict"] = _date_conflict(members)
    row["date_candidates"] = _date_candidates(members)
    notes = [note for _, note in cluster.notes]
    if row["date_conflict"]:
        given = ", ".join(f"{c['value']} ({c['count']})" for c in row["date_candidates"])
        notes.append(f"date conflict: the sources give {given}; the event takes {best.label}, {reason}")
    row["merge_notes"] = "\n".join(notes)
    return row


def merged_row(mentions: Sequence[Mention]) -> dict[str, Any]:
    """One event from exactly these mentions, as merging builds it: the best-dated source's date and sentence,
    the actors of all, every source, date candidates and a date-conflict note where they disagree. For groupings
    made by hand (events/correction_apply.py)."""
    return _merged_row(_Cluster(list(mentions)))


def is_linked(one: Mention, other: Mention, rules: MergeRules) -> bool:
    """Whether a rule in force links the two mentions (what merging compares for each candidate pair)."""
    if not rules.types_compatible(one.record["event_type"], other.record["event_type"]):
        return False
    evidence = _evidence(one, other, rules)
    return evidence.relation != APART and any(RULES[name](one, other, evidence, rules) for name in rules.rules)


def merged_rows(mentions: Sequence[Mention], rules: MergeRules) -> list[tuple[int, dict[str, Any]]]:
    """The events these mentions make, one row each, with the `order` of each event's first mention; events in
    that order."""
    return [(cluster.members[0].order, _merged_row(cluster)) for cluster in _clusters(list(mentions), rules)]


def merge_events(events: pd.DataFrame, *, rules: MergeRules | None = None) -> pd.DataFrame:
    """One row per happening: the mentions in `events` (one row each, or rows merged before) that report the
    same happening become one row listing them all in `sources`.

    Pure and deterministic: the result does not depend on the order of the rows, and merging a merged table
    changes nothing. Rows come in the order of their first mention in `events`.
    """
    rules = rules or MergeRules()
    frame = events if is_conformed(events) else conform(events)  # conforming 100,000 rows again costs seconds
    if frame.empty:
        return frame
    rows = [row for _, row in merged_rows(mentions_of(frame), rules)]
    extras = [name for name in frame.columns if name not in COLUMN_NAMES]
    return conform(pd.DataFrame(rows, columns=[*COLUMN_NAMES, *extras]))


__all__ = ["PRECISION_RANK", "RULES", "MergeRules", "is_linked", "merge_events", "merged_rows"]
