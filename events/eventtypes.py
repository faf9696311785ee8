"""Event types and the trigger words that signal them.

The taxonomy is language-neutral data in `events/resources/event_types.toml`: the PLOVER 2021 categories as
families (AGREE ... ASSAULT, plus a few of our own for what PLOVER does not code), our finer types under them
(treaty, ratification, attack, arrest ...), each with its CAMEO code, priority and trigger keys. Labels and
trigger patterns per language are in `events/resources/<lang>/event_types.toml`. This module only compiles and
applies them.

A trigger's `key` names the concept behind the word ("protest" for "Protesten", "Proteste" and "protests"),
so sentences that speak of the same happening can be linked even when the word forms differ.
"""

from __future__ import annotations

import re
import re._parser as re_parser  # the standard library's regex parser: where a pattern can start
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from events.model import Sentence
from events.resources import ResourceError, load_resource

OTHER = "other"
# `{gap}` in a trigger pattern: up to eight intervening words, for split verbs and "Truppen ... eingesetzt".
_GAP = r"(?:\W+\w+){0,8}?\W+"


@dataclass(frozen=True)
class EventFamily:
    """A family of event types: a PLOVER 2021 category (AGREE, ASSAULT ...) or one of ours (STATEMENT ...)."""

    id: str
    is_plover: bool
    quad_class: str  # PLOVER's verbal/material cooperation/conflict; "" for our own families


@dataclass(frozen=True)
class EventTypeInfo:
    id: str
    family: str
    cameo_code: str
    priority: int
    keys: Mapping[str, str]  # trigger key -> CAMEO code ("" = the type's own code)
    frames: bool = False  # its trigger takes a happening as its object ("ratified the treaty")

    @property
    def plover(self) -> str:
        """The PLOVER 2021 category of the type; "" where PLOVER does not code it (statements, elections)."""
        return self.family if families()[self.family].is_plover else ""

    @property
    def plover_category(self) -> str:
        """The PLOVER category as coded event data writes it: PLOVER's OTHER where it codes none."""
        return self.plover or "OTHER"


@dataclass(frozen=True)
class Trigger:
    """A word or phrase in the text that signals an event type. Offsets are into the full text."""

    event_type: str
    cameo_code: str
    start: int
    end: int
    text: str
    key: str
    # A light trigger (a reporting verb, "signed") names the event only where no other trigger does.
    light: bool = False
    # A dominant trigger ("anniversary") makes the other triggers of its sentence what it is about.
    dominant: bool = False


@dataclass(frozen=True)
class TriggerRule:
    """One compiled trigger entry of a language file."""

    event_type: str
    key: str
    cameo_code: str
    pattern: re.Pattern[str]
    exclude: frozenset[str]
    # A discontinuous phrase ("Truppen ... eingesetzt") spans words that may be triggers of their own.
    discontinuous: bool = False
    light: bool = False
    dominant: bool = False
    compound: bool = False  # matches the head of a closed compound ("Präsidentschafts|wahl")


@cache
def families() -> Mapping[str, EventFamily]:
    """All families in the taxonomy's order: the PLOVER categories from cooperation to conflict, then ours."""
    entries = load_resource("event_types").get("families", ())
    return {e["id"]: EventFamily(e["id"], bool(e["plover"]), str(e.get("class", ""))) for e in entries}


@cache
def taxonomy() -> Mapping[str, EventTypeInfo]:
    """All event types by id, highest priority first."""
    infos = []
    for entry in load_resource("event_types")["types"]:
        if entry["family"] not in families():
            raise ResourceError(f"event_types.toml: type {entry['id']!r} names unknown family {entry['family']!r}")
        keys = {key: code or entry["cameo"] for key, code in entry.get("keys", {}).items()}
        priority = int(entry["priority"])
        infos.append(EventTypeInfo(entry["id"], entry["family"], entry["cameo"], priority, keys,
                                   bool(entry.get("frames", False))))
    infos.sort(key=lambda info: -info.priority)
    return {info.id: info for info in infos}


def event_types() -> tuple[str, ...]:
    """Type ids, highest priority first."""
    return tuple(taxonomy())


@cache
def renamed_types() -> Mapping[str, str]:
    """Type ids of earlier versions and the id that replaced them ("military" -> "attack")."""
    return {str(old): str(new) for old, new in load_resource("event_types").get("renamed", {}).items()}


def current_type(event_type: str) -> str:
    """The id an event type has now: a renamed id's successor, any other id itself."""
    return renamed_types().get(event_type, event_type)


def event_type_info(event_type: str) -> EventTypeInfo:
    """The type's entry; an id of an earlier version (`renamed_types`) gives its successor's."""
    try:
        return taxonomy()[current_type(event_type)]
    except KeyError:
        raise KeyError(f"unknown event type {event_type!r}; known: {', '.join(taxonomy())}") from None


def event_family(event_type: str) -> str:
    """The family (PLOVER category or one of ours) of an event type."""
    return event_type_info(event_type).family


def types_of_family(family: str) -> tuple[str, ...]:
    """The types of a family, highest priority first."""
    return tuple(info.id for info in taxonomy().values() if info.family == family)


def event_type_label(event_type: str, lang: str) -> str:
    """The type's label in `lang`; the id itself when the language file has none."""
    type_id = event_type_info(event_type).id
    return str(load_resource("event_types", lang).get("labels", {}).get(type_id, type_id))


def family_label(family: str, lang: str) -> str:
    """The family's name in `lang` ("Zwingen" for COERCE); the id itself when the language file has none."""
    if family not in families():
        raise KeyError(f"unknown event family {family!r}; known: {', '.join(families())}")
    return str(load_resource("event_types", lang).get("families", {}).get(family, family))


@cache
def trigger_rules(lang: str) -> tuple[TriggerRule, ...]:
    """The language's trigger entries, compiled, in file order (earlier entries win ties)."""
    rules: list[TriggerRule] = []
    for entry in load_resource("event_types", lang).get("triggers", ()):
        rules.extend(_compile_entry(entry, lang))
    return tuple(rules)


@cache
def _any_trigger_pattern(lang: str) -> re.Pattern[str]:
    """Where any of a language's triggers may start: all words in one alternation, all compound heads in
    another (one alternation is many times faster than one pass per entry). Case-insensitive, so it finds
    a superset; the entries' own patterns decide. The words are grouped by the letter they can start with,
    so that at each word start the engine tries a few dozen groups instead of every word."""
    trigger_rules(lang)  # validates the file first
    entries = load_resource("event_types", lang).get("triggers", ())
    words = [_expand(w) for entry in entries for w in entry.get("words", ())]
    heads = [h for entry in entries for h in entry.get("heads", ())]
    parts = []
    if words:
        parts.append(rf"(?<!\w)(?:{_grouped_by_first_letter(words)})(?!\w)")
    if heads:
        parts.append(rf"(?<!\w)\w{{2,}}?(?:{_grouped_by_first_letter(heads)})(?!\w)")
    return re.compile("|".join(parts) or "(?!)", re.IGNORECASE)


def _grouped_by_first_letter(alternatives: Sequence[str]) -> str:
    """One alternation of `alternatives` (case-insensitive regexes), each behind a look-ahead for the letters
    it can start with; those whose start cannot be told stand alone at the end."""
    groups: dict[frozenset[str], list[str]] = {}
    loose: list[str] = []
    for alternative in alternatives:
        first = _first_letters(alternative)
        if first is None:
            loose.append(alternative)
            continue
        for letter in first:
            groups.setdefault(frozenset([letter]), []).append(alternative)
    branches = [f"(?={re.escape(next(iter(letter)))})(?:{'|'.join(alts)})" for letter, alts in sorted(
        groups.items(), key=lambda item: sorted(item[0]))]
    return "|".join(branches + loose)


def _first_letters(pattern: str) -> frozenset[str] | None:
    """The characters (casefolded) a match of `pattern` can start with, or None where that is not simple to
    tell (a class like \\w, an optional start)."""
    try:
        parsed = re_parser.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    return _first_of(list(parsed))


def _first_of(items: list[Any]) -> frozenset[str] | None:
    if not items:
        return None
    op, value = items[0]
    name = str(op)
    if name in ("ASSERT", "ASSERT_NOT", "AT"):  # zero-width: the match starts with what follows
        return _first_of(items[1:])
    if name == "LITERAL":
        return frozenset([chr(value).casefold()])
    if name == "IN":
        letters: set[str] = set()
        for kind, member in value:
            if str(kind) != "LITERAL":
                return None
            letters.add(chr(member).casefold())
        return frozenset(letters)
    if name == "SUBPATTERN":
        return _first_of(list(value[-1]))
    if name == "BRANCH":
        found: set[str] = set()
        for branch in value[1]:
            first = _first_of(list(branch))
            if first is None:
                return None
            found |= first
        return frozenset(found)
    if name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
        return _first_of(list(value[2]))
    return None


def _compile_entry(entry: Mapping[str, Any], lang: str) -> list[TriggerRule]:
    """One rule for the entry's words, one for its compound heads, one for its discontinuous (`{gap}`) words."""
    event_type, key = entry["type"], entry["key"]
    info = taxonomy().get(event_type)
    if info is None or key not in info.keys:
        raise ResourceError(f"{lang}/event_types.toml: unknown type/key {event_type}/{key}")
    words = [rf"(?<!\w)(?:{w})(?!\w)" for w in entry.get("words", ()) if "{gap}" not in w]
    gapped = [rf"(?<!\w)(?:{_expand(w)})(?!\w)" for w in entry.get("words", ()) if "{gap}" in w]
    # A compound head needs at least two letters in front of it ("Präsidentschafts|wahl"); the word on its
    # own belongs in `words` (so a case-sensitive entry can tell "Treffen" from "treffen").
    heads = [rf"(?<!\w)\w{{2,}}?(?:{h})(?!\w)" for h in entry.get("heads", ())]
    flags = 0 if entry.get("case_sensitive", False) else re.IGNORECASE
    exclude = frozenset(word.casefold() for word in entry.get("exclude", ()))
    rules = []
    for alternatives, discontinuous, compound in ((words, False, False), (heads, False, True), (gapped, True, False)):
        if not alternatives:
            continue
        try:
            pattern = re.compile("|".join(alternatives), flags)
        except re.error as error:
            message = f"{lang}/event_types.toml: bad pattern in {event_type}/{key}: {error}"
            raise ResourceError(message) from error
        rules.append(TriggerRule(event_type, key, info.keys[key], pattern, exclude, discontinuous,
                                 bool(entry.get("light", False)), bool(entry.get("dominant", False)), compound))
    return rules


@dataclass(frozen=True)
class _RuleIndex:
    """The language's rules, numbered in file order, by where they can match: word rules by the casefolded
    letter their matches start with (or any letter), compound-head rules apart, tried only where a head ends
    a word."""

    by_letter: Mapping[str, tuple[tuple[int, TriggerRule], ...]]
    any_letter: tuple[tuple[int, TriggerRule], ...]
    compounds: tuple[tuple[int, TriggerRule], ...]
    any_head: re.Pattern[str]


@cache
def _rule_index(lang: str) -> _RuleIndex:
    by_letter: dict[str, list[tuple[int, TriggerRule]]] = {}
    any_letter: list[tuple[int, TriggerRule]] = []
    compounds: list[tuple[int, TriggerRule]] = []
    for order, rule in enumerate(trigger_rules(lang)):
        if rule.compound:
            compounds.append((order, rule))
            continue
        letters = _first_letters(rule.pattern.pattern)
        if letters is None:
            any_letter.append((order, rule))
            continue
        for letter in letters:
            by_letter.setdefault(letter, []).append((order, rule))
    heads = [h for entry in load_resource("event_types", lang).get("triggers", ()) for h in entry.get("heads", ())]
    any_head = re.compile(rf"\w{{2,}}?(?:{_grouped_by_first_letter(heads)})(?!\w)" if heads else "(?!)", re.IGNORECASE)
    return _RuleIndex({k: tuple(v) for k, v in by_letter.items()}, tuple(any_letter), tuple(compounds), any_head)


def _compatible(one: tuple[int, int, int, TriggerRule], other: tuple[int, int, int, TriggerRule]) -> bool:
    if one[1] <= other[0] or one[0] >= other[1]:
        return True
    return one[3].discontinuous != other[3].discontinuous


def _expand(pattern: str) -> str:
    return pattern.replace("{gap}", _GAP)


def find_triggers(text: str, sentence: Sentence, lang: str) -> list[Trigger]:
    """Triggers inside `sentence` (a span of `text`), sorted by offset.

    Where two triggers overlap, the longer wins ("Luftangriff" over "angriff"); on equal length the entry
    listed first in the language file wins. The one exception: a discontinuous phrase ("Truppen im Auftrag
    von Russland eingesetzt") does not suppress the triggers inside it ("Krieg"), and they do not suppress it.
    """
    index = _rule_index(lang)
    any_trigger = _any_trigger_pattern(lang)
    candidates: list[tuple[int, int, int, TriggerRule]] = []
    position = sentence.start
    # One scan finds each place where some trigger may start; only there are the rules tried that can start
    # with the letter found (and those that can start anywhere).
    while (found := any_trigger.search(text, position, sentence.end)) is not None:
        start = found.start()
        tried = [*index.by_letter.get(text[start].casefold(), ()), *index.any_letter]
        if index.any_head.match(text, start, sentence.end):
            tried.extend(index.compounds)
        for order, rule in tried:
            match = rule.pattern.match(text, start, sentence.end)
            if match and match.group().casefold() not in rule.exclude:
                candidates.append((start, match.end(), order, rule))
        position = start + 1
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    chosen: list[tuple[int, int, int, TriggerRule]] = []
    for candidate in candidates:
        if all(_compatible(candidate, other) for other in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda c: c[0])
    return [
        Trigger(rule.event_type, rule.cameo_code, start, end, text[start:end], rule.key, rule.light, rule.dominant)
        for start, end, _, rule in chosen
    ]


def naming_triggers(
    triggers: Sequence[Trigger], clauses: Sequence[tuple[int, int]] = (), objects_before: bool = False
) -> list[Trigger]:
    """The triggers of one sentence that may name its events.

    A dominant trigger ("Jahrestag", "anniversary") leaves only the dominant ones: "the 25th anniversary of the
    founding" is a commemoration, and the founding is what it remembers. A trigger of a framing type
    ("ratified", "condemned", "forderte") makes the triggers after it its object: "ratified the treaty" is a
    ratification. Where a language puts objects before the verb too ("hat den Vertrag ratifiziert"),
    `objects_before` makes every trigger of the framing trigger's clause (`clauses`: the sentence's clauses as
    spans) its object. Otherwise a light trigger (a reporting verb, "unterzeichnete") yields to any other:
    "signed a decree" is a decree, and "rebels took Brega, a spokesman said on Monday" is the capture. A sentence
    with light triggers only keeps them."""
    dominant = [t for t in triggers if t.dominant]
    if dominant:
        return dominant
    framing = [t for t in triggers if not t.light and taxonomy()[t.event_type].frames]
    if framing:
        def is_object(trigger: Trigger) -> bool:
            if taxonomy()[trigger.event_type].frames or trigger.light:
                return False
            return any(trigger.start > frame.start or (objects_before and _same_clause(trigger, frame, clauses))
                       for frame in framing)

        triggers = [t for t in triggers if not is_object(t)]
    content = [t for t in triggers if not t.light]
    return content if content else list(triggers)


def _same_clause(one: Trigger, other: Trigger, clauses: Sequence[tuple[int, int]]) -> bool:
    return any(start <= one.start < end and start <= other.start < end for start, end in clauses)
