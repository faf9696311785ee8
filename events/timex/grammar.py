"""Compile a language's timex resource file into matchers.

The resource file (`events/resources/<lang>/timex.toml`) holds all language knowledge:
- `[words.<table>]`: surface form -> normalised value (month names -> "01"...); a pattern uses `{table}` to
  match any key of the table, and a named group `(?P<table>...)` (or `(?P<table_2>...)`) is normalised through it.
- `[patterns]`: reusable regex fragments, referenced as `{name}` like the tables.
- `[[rule]]`: `name`, `match` (regex; the group `T`, if present, is the timex extent, the rest is context),
  `type`, `value` (template), optional `mod`, `examples` (each must be tagged by this rule: the file is its own
  specification), `negative = true` for patterns that only block others ("rund 1500 Menschen").
- `[[modifier]]`: words before a timex that set its `mod` ("Ab dem" -> ON_OR_AFTER), `include` saying whether
  the word belongs to the timex extent, `not_before` words a timex starting with which the modifier leaves alone
  ("over the next three quarters": a preposition, not "more than"), `days` a shift in days the words make ("the
  day before" -1: "the day before last Tuesday's hearing" is the Monday), `after` words that must stand right
  before the modifier words without belonging to the timex ("am" in "am Tag vor dem 3. Mai").
The engine is language-neutral: nothing here names a language or a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from events.resources import load_resource
from events.timex.scan import RuleScanner, build_scanner

_REFERENCE = re.compile(r"\{([A-Za-z_]\w*)\}")  # not regex quantifiers such as {3} or {1,4}
# Flags for every rule: case-insensitive (German nouns and sentence starts), Unicode word characters.
_FLAGS = re.IGNORECASE | re.UNICODE


class GrammarError(ValueError):
    """A resource file that does not compile: a bad regex, an unknown `{name}`, a missing field."""


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    type: str
    value: str
    mod: str = ""
    negative: bool = False
    examples: tuple[str, ...] = ()
    priority: int = 0
    # What the expression means in a narrative instead ("heute" in a history is "nowadays": PRESENT_REF).
    narrative_value: str = ""


@dataclass(frozen=True)
class Modifier:
    regex: re.Pattern[str]  # matches the modifier words at the end of the text before a timex
    mod: str
    include: bool
    applies_to: tuple[str, ...]  # timex types it may modify
    not_before: re.Pattern[str] | None = None  # a timex starting so is left alone ("over the next ...")
    days: int = 0  # the words move a day that many days ("the day after Christmas": +1)


@dataclass(frozen=True)
class PastVerbs:
    """Past-tense verbs right before a date ("issued July 1", "issued on July 1"), not after a word that makes them a
    passive to come ("to be issued July 1"). Looked up by the last words before the date, not searched for: this
    is asked for every date."""

    verbs: frozenset[str]  # lower case, words joined by one space ("stepped down")
    gap: frozenset[str]  # words that may stand between verb and date
    not_after: frozenset[str]
    longest: int  # words in the longest verb
    # Words that make the clause a condition ("if the government fell on Dec. 8, a vote would ..."): not a past.
    conditional: frozenset[str] = frozenset()

    @classmethod
    def of(cls, tense: dict[str, Any]) -> PastVerbs | None:
        verbs = {" ".join(verb.lower().split()) for verb in tense.get("past_verb", [])}
        if not verbs:
            return None
        def lowered(key: str) -> frozenset[str]:
            return frozenset(word.lower() for word in tense.get(key, []))

        return cls(frozenset(verbs), lowered("past_verb_gap"), lowered("past_verb_not_after"),
                   max(len(verb.split()) for verb in verbs), lowered("past_verb_conditional"))

    def before(self, text: str, start: int) -> bool:
        if text[start - 1 : start].strip():  # the date must follow a space, not stick to a word
            return False
        window = text[max(0, start - 80) : start].lower()
        words = window[window.rfind(",") + 1 :].split()  # the clause of the date, as far as it is in reach
        if words and words[-1] in self.gap:
            words.pop()
        for size in range(min(self.longest, len(words)), 0, -1):
            if " ".join(words[-size:]) in self.verbs:
                earlier = words[: -size]
                if earlier and earlier[-1] in self.not_after:
                    return False
                return not self.conditional.intersection(earlier)
        return False


@dataclass(frozen=True)
class Grammar:
    lang: str
    rules: tuple[Rule, ...]
    modifiers: tuple[Modifier, ...]
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    # Connectors between two timexes that make a range ("von X bis Y", "X–Y").
    range_regex: re.Pattern[str] | None = None
    # (opener before the first date, connector between the dates) pairs: "zwischen ... und".
    range_pairs: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    decimal_mark: str = "."  # "," in German: "9,2 Jahre" is P9.2Y, "1.500 Jahre" is P1500Y
    # Write a half unit in whole smaller ones (P2.5Y -> P2Y6M), as the English TimeML corpora do; the German
    # ones (KRAUTS) keep the decimal. Both are ISO 8601.
    halves_in_smaller_units: bool = False
    # Words that put a sentence in the future ("wird", "will"): weekdays and year-less dates then look ahead.
    future_cues: re.Pattern[str] | None = None
    # Words right before a date that put it in the past whatever the tense ("since March", "seit Mai"): the text
    # before a date is searched for it.
    past_before: re.Pattern[str] | None = None
    # Past-tense verbs right before a date ("shares issued July 1"): the date is past, even after a future word
    # ("it will offer ... for shares issued July 1"), unless a form of "be" makes it a passive ("to be issued").
    past_verb: PastVerbs | None = None
    # Words that open a clause about the past ("since he was rescued in late November"): a future word before them
    # does not reach a date after them in that clause (up to a comma), which lies in the past.
    past_clause: re.Pattern[str] | None = None
    # Words that open a sentence with its date and a comma ("In January, ...", "On May 6, ..."): news tells what
    # happened so, and what is planned with a future word, so without one the date looks back.
    past_opening: re.Pattern[str] | None = None
    # Right after a date, the possessive ("Wednesday's ruling"): the date names a noun's day, one already past in
    # news, and a word before it ("get around Wednesday's ruling") belongs to the noun phrase, not to the date.
    possessive: re.Pattern[str] | None = None
    # What may stand between the items of a list of dates ("am 3., 4. und 5. Oktober", "vom 10. bis 11. Mai"),
    # so that the earlier items borrow month and year from the last.
    list_gap: re.Pattern[str] | None = None
    # Right before a date-like phrase in title case ("This Week", "60 Minutes"), an opening quote: the phrase is a
    # name (ABC's "This Week"), not a date. Only for languages that write these words in lower case in running text.
    title_quote: re.Pattern[str] | None = None
    title_quote_marks: tuple[str, ...] = ()
    # Words written capitalised in running text too (month and weekday names): no sign of a title ("April 12 is").
    capitalised_words: frozenset[str] = frozenset()
    # Finds all rule matches in one pass over the text (derived from `rules`); None: every rule scans the text.
    scanner: RuleScanner | None = field(default=None, repr=False, compare=False)


def _alternation(keys: list[str]) -> str:
    # Longest first, so a full name is preferred to its abbreviation at the same position.
    ordered = sorted({k for k in keys if k}, key=lambda k: (-len(k), k))
    return "(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in ordered) + ")"


def _expand(template: str, fragments: dict[str, str], where: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise GrammarError(f"{where}: unknown reference {{{name}}}")
        return fragments[name]

    # Fragments may reference each other; expand until stable (bounded to catch cycles).
    for _ in range(10):
        expanded = _REFERENCE.sub(substitute, template)
        if expanded == template:
            return expanded
        template = expanded
    raise GrammarError(f"{where}: references nest too deep (a cycle?)")


def _bounded(pattern: str) -> str:
    # A timex never starts or ends inside a word or a number.
    return rf"(?<![\w])(?:{pattern})(?![\w])"


def _tense_pattern(tense: dict[str, Any], key: str, pattern: Callable[[str], str]) -> re.Pattern[str] | None:
    """The words listed under `key` of [tense], as the regex `pattern` makes of their alternation; None if none."""
    words = tense.get(key)
    return re.compile(pattern(_alternation(words)), _FLAGS) if words else None


def compile_grammar(data: dict[str, Any], lang: str) -> Grammar:
    words: dict[str, dict[str, str]] = {
        table: {" ".join(str(k).lower().split()): str(v) for k, v in entries.items()}
        for table, entries in data.get("words", {}).items()
    }
    fragments: dict[str, str] = {table: _alternation(list(entries)) for table, entries in words.items()}
    for name, pattern in data.get("patterns", {}).items():
        if name in fragments:
            raise GrammarError(f"{lang}: pattern {name!r} has the name of a word table")
        fragments[name] = f"(?:{pattern})"

    rules: list[Rule] = []
    for index, raw in enumerate(data.get("rule", [])):
        name = raw.get("name") or f"rule{index}"
        where = f"{lang} rule {name!r}"
        if "match" not in raw:
            raise GrammarError(f"{where}: no 'match'")
        negative = bool(raw.get("negative", False))
        if not negative and ("type" not in raw or "value" not in raw):
            raise GrammarError(f"{where}: needs 'type' and 'value'")
        try:
            regex = re.compile(_bounded(_expand(raw["match"], fragments, where)), _FLAGS)
        except re.error as error:
            raise GrammarError(f"{where}: bad regex: {error}") from None
        rules.append(
            Rule(
                name=name,
                regex=regex,
                type=raw.get("type", ""),
                value=raw.get("value", ""),
                mod=raw.get("mod", ""),
                negative=negative,
                examples=tuple(raw.get("examples", ())),
                priority=int(raw.get("priority", 0)),
                narrative_value=raw.get("narrative_value", ""),
            )
        )

    modifiers: list[Modifier] = []
    for raw in data.get("modifier", []):
        where = f"{lang} modifier {raw.get('mod', raw.get('words'))!r}"
        words_regex = _alternation(raw["words"])
        if after := raw.get("after"):
            # Fixed-width lookbehinds, so the words' group (and the union of all modifiers) keeps its shape.
            words_regex = "(?:" + "|".join(rf"(?<=(?<![\w]){re.escape(word)}\s)" for word in after) + ")" + words_regex
        try:
            # "mid-1996", "late-1980s", "post-1959": a hyphen may join modifier and date.
            regex = re.compile(rf"(?<![\w])({words_regex})(?:\s+|-)$", _FLAGS)
        except re.error as error:
            raise GrammarError(f"{where}: bad regex: {error}") from None
        modifiers.append(
            Modifier(
                regex=regex,
                mod=raw.get("mod", ""),
                include=bool(raw.get("include", False)),
                applies_to=tuple(raw.get("applies_to", ("DATE", "TIME"))),
                not_before=re.compile(rf"{_alternation(raw['not_before'])}(?![\w])", _FLAGS)
                if raw.get("not_before") else None,
                days=int(raw.get("days", 0)),
            )
        )

    range_data = data.get("range", {})
    range_regex = None
    if connectors := range_data.get("connectors"):
        range_regex = re.compile(rf"^\s*{_alternation(connectors)}\s*$", _FLAGS)
    range_pairs = tuple(
        (
            re.compile(rf"(?<![\w]){_alternation([opener])}\s+$", _FLAGS),
            re.compile(rf"^\s*{_alternation([connector])}\s*$", _FLAGS),
        )
        for opener, connector in range_data.get("paired", [])
    )
    tense = data.get("tense", {})
    future_cues = _tense_pattern(tense, "future", lambda words: rf"(?<![\w]){words}(?![\w])")
    past_before = _tense_pattern(tense, "past_before", lambda words: rf"(?<![\w]){words}\s+(?:[\w-]+\s+){{0,3}}$")
    past_verb = PastVerbs.of(tense)
    # ... up to the date with no comma between: "seit einigen Wochen ..., starten die Bezirke erst am 10. November".
    past_clause = _tense_pattern(tense, "past_clause", lambda words: rf"(?<![\w]){words}(?![\w])[^,;:]*$")
    past_opening = _tense_pattern(tense, "past_opening",
                                  lambda words: rf"(?:^|[.!?][\"'’”)]*\s+|\n)\s*{words}\s+$")
    possessive = _tense_pattern(tense, "possessive", lambda words: rf"{words}(?![\w])")
    quotes = data.get("titles", {}).get("quotes")
    # An opening quote: at the start or after a space or bracket, and touching the phrase (a closing one is followed
    # by a space: 'still remains." Last April').
    title_quote = re.compile(rf"(?:^|(?<=[\s(\[])){_alternation(quotes)}$") if quotes else None
    list_gap = None
    if list_words := range_data.get("list"):
        list_gap = re.compile(rf"^\.?[\s,;]*(?:{_alternation(list_words)})?[\s,;]*$", _FLAGS)  # "3., 4. und"
    return Grammar(lang=lang, rules=tuple(rules), modifiers=tuple(modifiers), words=words,
                   range_regex=range_regex, range_pairs=range_pairs,
                   decimal_mark=data.get("numbers", {}).get("decimal_mark", "."),
                   halves_in_smaller_units=bool(data.get("numbers", {}).get("halves_in_smaller_units", False)),
                   future_cues=future_cues, past_before=past_before, past_verb=past_verb, past_clause=past_clause,
                   past_opening=past_opening,
                   possessive=possessive, list_gap=list_gap, title_quote=title_quote,
                   title_quote_marks=tuple(quotes or ()),
                   capitalised_words=frozenset(
                       word.lower() for table in data.get("titles", {}).get("capitalised_tables", [])
                       for key in words.get(table, {}) for word in key.split()
                   ),
                   scanner=build_scanner([rule.regex for rule in rules]))


@cache
def load_grammar(lang: str) -> Grammar:
    """The compiled grammar of a language (read-only, so caching it is safe)."""
    return compile_grammar(load_resource("timex", lang), lang)
