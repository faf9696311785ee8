"""Event types and the trigger words that signal them.

The taxonomy (type ids, CAMEO and PLOVER codes, priorities, trigger keys) is language-neutral data in
`events/resources/event_types.toml`; labels and trigger patterns per language are in
`events/resources/<lang>/event_types.toml`. This module only compiles and applies them.

A trigger's `key` names the concept behind the word ("protest" for "Protesten", "Proteste" and "protests"),
so sentences that speak of the same happening can be linked even when the word forms differ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from events.model import Sentence
from events.resources import ResourceError, load_resource

OTHER = "other"
# `{gap}` in a trigger pattern: up to eight intervening words, for split verbs and "Truppen ... eingesetzt".
_GAP = r"(?:\W+\w+){0,8}?\W+"


@dataclass(frozen=True)
class EventTypeInfo:
    id: str
    cameo_code: str
    plover: str
    priority: int
    keys: Mapping[str, str]  # trigger key -> CAMEO code ("" = the type's own code)


@dataclass(frozen=True)
class Trigger:
    """A word or phrase in the text that signals an event type. Offsets are into the full text."""

    event_type: str
    cameo_code: str
    start: int
    end: int
    text: str
    key: str


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


@cache
def taxonomy() -> Mapping[str, EventTypeInfo]:
    """All event types by id, highest priority first."""
    infos = []
    for entry in load_resource("event_types")["types"]:
        keys = {key: code or entry["cameo"] for key, code in entry.get("keys", {}).items()}
        priority = int(entry["priority"])
        infos.append(EventTypeInfo(entry["id"], entry["cameo"], entry["plover"], priority, keys))
    infos.sort(key=lambda info: -info.priority)
    return {info.id: info for info in infos}


def event_types() -> tuple[str, ...]:
    """Type ids, highest priority first."""
    return tuple(taxonomy())


def event_type_info(event_type: str) -> EventTypeInfo:
    try:
        return taxonomy()[event_type]
    except KeyError:
        raise KeyError(f"unknown event type {event_type!r}; known: {', '.join(taxonomy())}") from None


def event_type_label(event_type: str, lang: str) -> str:
    """The type's label in `lang`; the id itself when the language file has none."""
    event_type_info(event_type)
    return str(load_resource("event_types", lang).get("labels", {}).get(event_type, event_type))


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
    a superset; the entries' own patterns decide."""
    trigger_rules(lang)  # validates the file first
    entries = load_resource("event_types", lang).get("triggers", ())
    words = [_expand(w) for entry in entries for w in entry.get("words", ())]
    heads = [h for entry in entries for h in entry.get("heads", ())]
    parts = []
    if words:
        parts.append(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)")
    if heads:
        parts.append(rf"(?<!\w)\w{{2,}}?(?:{'|'.join(heads)})(?!\w)")
    return re.compile("|".join(parts) or "(?!)", re.IGNORECASE)


def _compile_entry(entry: Mapping[str, Any], lang: str) -> list[TriggerRule]:
    """One rule for the entry's contiguous patterns, one for its discontinuous (`{gap}`) patterns."""
    event_type, key = entry["type"], entry["key"]
    info = taxonomy().get(event_type)
    if info is None or key not in info.keys:
        raise ResourceError(f"{lang}/event_types.toml: unknown type/key {event_type}/{key}")
    words = [w for w in entry.get("words", ()) if "{gap}" not in w]
    gapped = [w for w in entry.get("words", ()) if "{gap}" in w]
    contiguous = [rf"(?<!\w)(?:{w})(?!\w)" for w in words]
    # A compound head needs at least two letters in front of it ("Präsidentschafts|wahl"); the word on its
    # own belongs in `words` (so a case-sensitive entry can tell "Treffen" from "treffen").
    contiguous += [rf"(?<!\w)\w{{2,}}?(?:{h})(?!\w)" for h in entry.get("heads", ())]
    flags = 0 if entry.get("case_sensitive", False) else re.IGNORECASE
    exclude = frozenset(word.casefold() for word in entry.get("exclude", ()))
    rules = []
    for alternatives, discontinuous in ((contiguous, False), ([_expand(w) for w in gapped], True)):
        if not alternatives:
            continue
        if discontinuous:
            alternatives = [rf"(?<!\w)(?:{w})(?!\w)" for w in alternatives]
        try:
            pattern = re.compile("|".join(alternatives), flags)
        except re.error as error:
            message = f"{lang}/event_types.toml: bad pattern in {event_type}/{key}: {error}"
            raise ResourceError(message) from error
        rules.append(TriggerRule(event_type, key, info.keys[key], pattern, exclude, discontinuous))
    return rules


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
    rules = trigger_rules(lang)
    any_trigger = _any_trigger_pattern(lang)
    candidates: list[tuple[int, int, int, TriggerRule]] = []
    position = sentence.start
    # One scan finds each place where some trigger may start; only there are the single rules tried.
    while (found := any_trigger.search(text, position, sentence.end)) is not None:
        start = found.start()
        for order, rule in enumerate(rules):
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
        Trigger(rule.event_type, rule.cameo_code, start, end, text[start:end], rule.key)
        for start, end, _, rule in chosen
    ]
