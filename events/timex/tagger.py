"""Find temporal expressions in running text with a language's grammar, then anchor them.

Steps: every rule proposes candidates -> the longest non-overlapping ones win (blocking rules included, then
dropped) -> modifier words before a timex set its `mod` -> ranges are linked -> symbolic values are anchored
(document date for news, last mentioned date for narratives).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from events.model import Timex
from events.timex.anchoring import DAY_VALUE, AnchorError, needs_anchor, resolve_value, shift_source
from events.timex.grammar import Grammar, Modifier, Rule
from events.timex.interval import timex_interval
from events.timex.scan import all_candidates_reference, with_first_char_guard

_SLOT = re.compile(r"\{(\w+)(?:\|([^}]*))?\}")
_GROUP_SUFFIX = re.compile(r"_\d+$")
_LEADING_DIGITS = re.compile(r"^\d+")
_DECIMAL = re.compile(r"^(\d+)([.,])(\d+)$")
_PADDED = ("day", "month", "hour", "minute", "second", "week", "yearshort")
_YEAR_PREFIX = re.compile(r"^(\d{4})")
# How many words may precede a date for it to open its sentence ("Im Jahr 1862", "Erst im Herbst 1863").
OPENING_WORDS = 6
# "bis Ende 1941", "seit 1939": a bound of a span, not a step of the story
_BOUND_MODS = ("BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER")
_YEARLESS_VALUE = re.compile(r"^XXXX-(?:\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI)")
_BARE_YEAR = re.compile(r"^(?:BC)?\d{4}$")
_MONTHLESS = re.compile(r"^XXXX-XX-\d{2}")
_MONTH_OF = re.compile(r"^(\d{4}|XXXX)-(\d{2})")
DOC_TYPES = ("news", "narrative")
# "im neuen Jahr", "im folgenden Jahr": a step of the story into a later year, as good as stating it
_NEXT_YEAR = re.compile(r"^REF\(year,\+?[1-9]\d*\)$")
_VAGUE_REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_NEXT_STEP = re.compile(r"^REF\(\w+,\s*\+?1\)")  # "tomorrow", "next week", "morgen", "nächsten Monat"
# Text is matched in blocks of about this many characters (cut at paragraph breaks): memory stays flat.
BLOCK_CHARS = 1 << 16
# Rules write durations as P{num}{unit} with time units marked "T" ("P2TH"); TIMEX3 wants "PT2H".
_DURATION_TIME_UNIT = re.compile(r"^P([\dX.]+)T([HMS])$")
# Rules for 12-hour clocks write "T08:30PM" (AM/PM from a word table); TIMEX3 wants "T20:30".
# A half unit in whole smaller units, as TimeML writes it: P2.5Y -> P2Y6M, PT5.5H -> PT5H30M.
_HALF_UNIT = re.compile(r"^P(T?)(\d+)\.5([YDHM])$")
_HALF_IN_SMALLER = {("", "Y"): "6M", ("", "D"): "T12H", ("T", "H"): "30M", ("T", "M"): "30S"}
_TWELVE_HOUR = re.compile(r"T(\d{1,2}):(\d{2})(AM|PM)$")
# Decades, centuries and millennia in years, as the TIMEX3 corpora write them ("two decades" P20Y, "etwa einem
# Jahrzehnt" P10Y); an unknown number of them (PXDE, "for decades") keeps its unit.
_LONG_UNIT = re.compile(r"^P(\d+(?:\.\d+)?)(DE|CE|ML)$")
_YEARS_IN = {"DE": 10, "CE": 100, "ML": 1000}


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def _to_24_hours(found: re.Match[str]) -> str:
    hour = int(found.group(1)) % 12 + (12 if found.group(3) == "PM" else 0)
    return f"T{hour:02d}:{found.group(2)}"


def _compound_number(key: str, table: dict[str, str]) -> str:
    """ "twenty-four" -> "24", "two hundred" -> "200", from the language's number table; "" if it is not one."""
    parts = re.split(r"[\s-]+", key)
    if len(parts) != 2 or not all(table.get(part, "").isdigit() for part in parts):
        return ""
    first, second = int(table[parts[0]]), int(table[parts[1]])
    if second == 100 and 1 <= first <= 9:
        return str(first * 100)
    return str(first + second) if first % 10 == 0 and 20 <= first <= 90 and 1 <= second <= 9 else ""


def _normalise(group: str, surface: str, grammar: Grammar) -> str:
    """The normalised value of one named group: a word-table lookup, or a number padded for TIMEX3."""
    base = _GROUP_SUFFIX.sub("", group)
    key = " ".join(surface.lower().split())
    table = grammar.words.get(base)
    if table is not None:
        for candidate in (key, key.rstrip(".")):
            if candidate in table:
                return table[candidate]
    if table is not None and (compound := _compound_number(key, table)):
        return compound
    if _DECIMAL.match(key):
        # "9,2" (de) or "9.2" (en): the language file names its decimal mark; TIMEX3 writes a point.
        whole, mark, fraction = _DECIMAL.match(key).groups()  # type: ignore[union-attr]
        if mark == grammar.decimal_mark:
            return f"{int(whole)}.{fraction}"
        return str(int(whole + fraction))  # a thousands separator: "1.500" in German
    digits = key.rstrip(".").replace("'", "")
    if base in _PADDED and (leading := _LEADING_DIGITS.match(digits)):
        digits = leading.group(0)  # "6th" -> "6"
    if digits.isdigit():
        if base in _PADDED:
            return f"{int(digits):02d}"
        if base == "year":
            return f"{int(digits):04d}"
        return str(int(digits))
    return key


@cache
def _template(template: str) -> tuple[str | tuple[str, str | None], ...]:
    """A value template split once into literal text and `{name|default}` slots (name, default or None)."""
    parts: list[str | tuple[str, str | None]] = []
    last = 0
    for found in _SLOT.finditer(template):
        if found.start() > last:
            parts.append(template[last : found.start()])
        parts.append((found.group(1), found.group(2)))
        last = found.end()
    if last < len(template):
        parts.append(template[last:])
    return tuple(parts)


def _fill(template: str, match: re.Match[str], grammar: Grammar) -> str:
    parts = _template(template)
    if len(parts) == 1 and type(parts[0]) is str:
        return parts[0]  # no slots
    groups = match.re.groupindex
    filled = []
    for part in parts:
        if type(part) is str:
            filled.append(part)
            continue
        name, default = part
        text = match.group(name) if name in groups else None
        if text is None:
            if default is None:
                raise KeyError(name)
            filled.append(default)
        else:
            filled.append(_normalise(name, text, grammar))
    return "".join(filled)


def _candidates(text: str, grammar: Grammar) -> list[_Candidate]:
    # Every rule's finditer matches, rule by rule (the order _select breaks ties by); the scanner finds the same
    # ones in a single pass (events/timex/scan.py), the reference path runs each rule over the whole text.
    scanner = grammar.scanner
    matches = scanner.matches(text) if scanner else all_candidates_reference(text, [r.regex for r in grammar.rules])
    found: list[_Candidate] = []
    for index, match in matches:
        rule = grammar.rules[index]
        start, end = match.span("T") if "T" in rule.regex.groupindex and match.group("T") is not None else match.span()
        if end > start:
            found.append(_Candidate(start, end, rule, match))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first; at equal length blocking rules, then higher priority, then earlier rules win."""
    order = {id(c.rule): i for i, c in enumerate(candidates)}
    ranked = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), not c.rule.negative, -c.rule.priority, order[id(c.rule)], c.start),
    )
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[_Candidate] = []
    for candidate in ranked:
        position = bisect.bisect_left(starts, candidate.start)
        if position > 0 and ends[position - 1] > candidate.start:
            continue
        if position < len(starts) and starts[position] < candidate.end:
            continue
        starts.insert(position, candidate.start)
        ends.insert(position, candidate.end)
        chosen.append(candidate)
    return sorted((c for c in chosen if not c.rule.negative), key=lambda c: c.start)


def _in_years(value: str) -> str:
    found = _LONG_UNIT.match(value)
    if found is None:
        return value
    years = float(found.group(1)) * _YEARS_IN[found.group(2)]
    return f"P{years:g}Y" if years < 1e6 else value


def _whole_units(value: str) -> str:
    half = _HALF_UNIT.match(value)
    smaller = _HALF_IN_SMALLER.get((half.group(1), half.group(3))) if half else None
    if half is None or smaller is None:
        return value  # other fractions stay decimal, as ISO 8601 allows in the last unit ("P1.5W", "P9.2Y")
    whole = half.group(2)
    return f"P{half.group(1)}{whole}{half.group(3)}{smaller}" if whole != "0" else f"P{half.group(1)}{smaller}"


def _to_timex(candidate: _Candidate, text: str, grammar: Grammar, offset: int = 0) -> Timex | None:
    """The timex of a chosen candidate in `text` (a block), its offsets moved by `offset` (where the block starts)."""
    rule = candidate.rule
    try:
        value = _fill(rule.value, candidate.match, grammar)
        mod = _fill(rule.mod, candidate.match, grammar) if rule.mod else ""
    except KeyError:
        return None  # a slot the match did not fill: the rule does not apply to this text
    if value[:1] == "P":  # the only values _DURATION_TIME_UNIT can change
        value = _in_years(_DURATION_TIME_UNIT.sub(r"PT\1\2", value))
        if grammar.halves_in_smaller_units:
            value = _whole_units(value)
    if "M" in value:  # ... and _TWELVE_HOUR ("AM", "PM")
        value = _TWELVE_HOUR.sub(_to_24_hours, value)
    return Timex(
        start=candidate.start + offset,
        end=candidate.end + offset,
        text=text[candidate.start : candidate.end],
        type=rule.type,
        value=value,
        mod=mod,
        rule=rule.name,
    )


@cache
def _any_modifier(modifiers: tuple[Modifier, ...]) -> dict[str, re.Pattern[str] | None]:
    r"""Per timex type, one regex that finds something where any of the modifiers for that type would: they are
    tried one by one only then. Each modifier regex is `(?<![\w])(words)(?:\s+|-)$` (grammar.py), so their union is one
    alternation; None if one has another shape or other flags (then every modifier is tried)."""
    prefix, suffix = r"(?<![\w])(", r")(?:\s+|-)$"
    unions: dict[str, re.Pattern[str] | None] = {}
    for timex_type in {t for m in modifiers for t in m.applies_to}:
        applicable = [m.regex for m in modifiers if timex_type in m.applies_to]
        if any(
            not (r.pattern.startswith(prefix) and r.pattern.endswith(suffix)) or r.flags != applicable[0].flags
            for r in applicable
        ):
            unions[timex_type] = None
            continue
        words = "|".join(r.pattern[len(prefix) : -len(suffix)] for r in applicable)
        union = re.compile(f"{prefix[:-1]}(?:{words}){suffix[1:]}", applicable[0].flags)
        unions[timex_type] = with_first_char_guard(union)
    return unions


_WORD = re.compile(r"[^\W\d_]+")


def _drop_quoted_titles(timexes: list[Timex], text: str, grammar: Grammar) -> list[Timex]:
    """Leave out a phrase of two or more words in title case right after an opening quote: ABC's "This Week",
    CBS's ''60 Minutes'' name programmes, not dates (English writes "this week" in lower case in running text)."""
    if grammar.title_quote is None:
        return timexes

    quote_ends = {quote[-1] for quote in grammar.title_quote_marks}

    def is_title(timex: Timex) -> bool:
        if text[timex.start - 1 : timex.start] not in quote_ends:  # most dates: no quote right before
            return False
        words = _WORD.findall(timex.text)
        # After the first word (capitalised anyway at a sentence start), a capital that running text would not write:
        # "This Week", "60 Minutes"; not "April 12", "Friday, March 6".
        telling = [word for word in _WORD.findall(timex.text.split(maxsplit=1)[-1]) if len(timex.text.split()) > 1]
        return (
            bool(words)
            and all(word[0].isupper() for word in words)
            and any(word.lower() not in grammar.capitalised_words for word in telling)
            and grammar.title_quote.search(text, max(0, timex.start - 2), timex.start) is not None  # type: ignore[union-attr]
        )

    return [timex for timex in timexes if not is_title(timex)]


def _apply_modifiers(
    timexes: list[Timex], text: str, grammar: Grammar, day_shifts: dict[int, int] | None = None
) -> list[Timex]:
    """Set `mod` and extend the extent by the modifier words before each timex. Words that move a day ("the day
    before") are recorded in `day_shifts` (timex start -> days), applied once the day is anchored."""
    out = timexes  # changed in place: long texts hold one list of timexes, not one per step
    previous_end = 0
    unions = _any_modifier(grammar.modifiers)
    for index, timex in enumerate(timexes):
        window_start = max(previous_end, timex.start - 40)
        before = text[window_start : timex.start]
        union = unions.get(timex.type)
        possessive = grammar.possessive is not None and grammar.possessive.match(text, timex.end) is not None
        if union is not None and not union.search(before):
            previous_end = timex.end  # no modifier word before this timex
            continue
        for modifier in grammar.modifiers:
            if timex.type not in modifier.applies_to:
                continue
            # "around Wednesday's ruling": the word belongs to the noun; "the day before Tuesday's hearing" moves it
            if possessive and not modifier.days:
                continue
            if modifier.not_before is not None and modifier.not_before.match(timex.text):
                continue
            found = modifier.regex.search(before)
            if not found:
                continue
            if previous_end and window_start == previous_end and not before[: found.start(1)].strip():
                continue  # "1939 bis 1945": the word joins a range, it does not modify the second date
            if not timex.mod and modifier.mod:
                timex = replace(timex, mod=modifier.mod)
            if modifier.include:
                start = window_start + found.start(1)
                timex = replace(timex, start=start, text=text[start : timex.end])
            if modifier.days and day_shifts is not None:
                day_shifts[timex.start] = modifier.days
            break
        out[index] = timex
        previous_end = timex.end
    return out


def _link_ranges(timexes: list[Timex], text: str, grammar: Grammar) -> list[Timex]:
    """'von 1939 bis 1945', 'März–Mai 2020': the first names the second; a year-less first borrows its year."""
    out = timexes  # in place
    for index in range(len(out) - 1):
        first, second = out[index], out[index + 1]
        if first.type not in ("DATE", "TIME") or second.type not in ("DATE", "TIME"):
            continue
        between = text[first.end : second.start]
        before = text[max(0, first.start - 30) : first.start]
        joined = bool(grammar.range_regex and grammar.range_regex.match(between)) or any(
            opener.search(before) and connector.match(between) for opener, connector in grammar.range_pairs
        )
        if not joined:
            continue
        value = first.value
        year = _YEAR_PREFIX.match(second.value)
        if value.startswith("XXXX-") and year:
            value = year.group(1) + value[4:]
        out[index] = replace(first, value=value, range_end=second.start)
    return out


def _borrow_from_list(timexes: list[Timex], text: str, grammar: Grammar) -> list[Timex]:
    """'am 3., 4. und 5. Oktober': day-only items take month and year from the next item, right to left."""
    if grammar.list_gap is None:
        return timexes
    out = timexes  # in place
    for index in range(len(out) - 2, -1, -1):
        item, following = out[index], out[index + 1]
        missing = _MONTHLESS.match(item.value)
        if not missing or not grammar.list_gap.match(text[item.end : following.start]):
            continue
        month = _MONTH_OF.match(following.value)
        if month:
            out[index] = replace(item, value=f"{month.group(1)}-{month.group(2)}{item.value[7:]}")
    return out


_DAY_DATE = re.compile(r"^((?:\d{4}|XXXX)-\d{2})-\d{2}$")
# A bare item after a date in a list: a day number ("April 24 and 25") or a year ("in 1994, 1995 and 1997"),
# standing before punctuation, the end or another item (so "April 24 and 25 percent" adds nothing).
_LIST_ITEM = re.compile(r"(\d{1,4})(?:st|nd|rd|th)?(?![\d.,:]\d)")
_LIST_ITEM_END = re.compile(r"\s*(?:[.,;:!?)\]\"'_–—-]|$)")
_TO_NEXT_NUMBER = re.compile(r"\D{1,12}(?=\d)")


def _continue_lists(timexes: list[Timex], text: str, grammar: Grammar) -> list[Timex]:
    """'April 24 and 25', 'in 1994, 1995 and 1997': bare days after a day date take its month and year, bare
    years after a year are years (the reverse of _borrow_from_list, where the complete date comes last)."""
    if grammar.list_gap is None:
        return timexes
    out: list[Timex] = []
    for index, timex in enumerate(timexes):
        out.append(timex)
        following_start = timexes[index + 1].start if index + 1 < len(timexes) else len(text)
        item = timex
        while True:
            day = _DAY_DATE.match(item.value)
            if not (day or _BARE_YEAR.match(item.value)):
                break
            found = _LIST_ITEM.search(text, item.end, min(following_start, item.end + 20))
            if found is None or not grammar.list_gap.match(text[item.end : found.start()]):
                break
            gap_to_next = _TO_NEXT_NUMBER.match(text, found.end())
            if not _LIST_ITEM_END.match(text, found.end()) and not (
                gap_to_next and grammar.list_gap.match(gap_to_next.group(0))
            ):
                break
            number = int(found.group(1))
            if day and len(found.group(1)) <= 2 and int(item.value[-2:]) < number <= 31:
                value = f"{day.group(1)}-{number:02d}"
            elif not day and len(found.group(1)) == 4 and 1000 <= number <= 2099:
                value = f"{number:04d}"
            else:
                break
            if found.group(0) != found.group(1) and not day:
                break
            item = replace(item, start=found.start(), end=found.end(), text=found.group(0), value=value, mod="",
                           rule="list_item", range_end=None)
            out.append(item)
    return out


_SAME_OR_NEXT_DAY = re.compile(r"^LAST\(day,\s*[+-]?\d+\)(?P<time>.*)$")  # "that day", "um 20 Uhr" (T20:00)
_DAY_PRECISE = re.compile(r"^\d{4}-(?:\d{2}-\d{2}|W\d{2}-(?:\d|WE))")


def _day_unknown_in(value: str) -> str:
    """ "1914-08" -> "1914-08-XX", "1987" -> "1987-XX-XX"; "" for values finer than a month or not dates."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value}-XX"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-XX-XX"
    return ""


# A sentence ends at ".", "!" or "?" (closing quotes and brackets may follow: .'' ) before a space, or at a line
# break. Looked for within _SENTENCE_REACH characters before a date: what lies farther back is not its clause.
_SENTENCE_END = re.compile(r"[.!?][\"'’”»)]*\s|\n")
_SENTENCE_REACH = 300


def _sentence_start(text: str, timex: Timex) -> int:
    start = max(0, timex.start - _SENTENCE_REACH)
    for boundary in _SENTENCE_END.finditer(text, start, timex.start):
        start = boundary.start()
    return start


@cache
def _fast_regex(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The same matches, found faster (events/timex/scan.py)."""
    return with_first_char_guard(regex)


class _TenseCues:
    """Where the text speaks of the future ("will", "geplant") or opens a clause about the past ("since"), asked per
    date: a cue before the date in its sentence. Searching just that stretch costs far less than finding every cue
    in the text."""

    def __init__(self, text: str, grammar: Grammar) -> None:
        self._text = text
        self._regex = _fast_regex(grammar.future_cues) if grammar.future_cues is not None else None
        self._past_clause = grammar.past_clause
        self._sentence_of: tuple[int, int] = (-1, 0)  # (timex start, its sentence start): asked several times

    def sentence_start(self, timex: Timex) -> int:
        if self._sentence_of[0] != timex.start:
            self._sentence_of = (timex.start, _sentence_start(self._text, timex))
        return self._sentence_of[1]

    def after_in_sentence(self, timex: Timex) -> bool:
        """A cue between the date and the end of its sentence."""
        if self._regex is None:
            return False
        end = _SENTENCE_END.search(self._text, timex.end, timex.end + _SENTENCE_REACH)
        stop = end.start() if end else timex.end + _SENTENCE_REACH
        return self._regex.search(self._text, timex.end, stop) is not None

    def before_in_sentence(self, timex: Timex) -> bool:
        """Only a cue before the date counts: "will meet on Friday". One after it mostly belongs to a later clause
        ("announced Friday that the treaty will ..."); measured on TBAQ, this is the better choice."""
        if self._regex is None:
            return False
        cue = self._regex.search(self._text, self.sentence_start(timex), timex.start)
        if cue is None or self._past_clause is None:
            return cue is not None
        while (later := self._regex.search(self._text, cue.end(), timex.start)) is not None:
            cue = later  # the cue nearest the date decides: "will ... since ... will ... on Friday" looks ahead
        return not self.past_clause_between(cue.end(), timex)

    def past_clause_between(self, start: int, timex: Timex) -> bool:
        """A clause about the past opens between `start` and the date ("will begin ... since he was rescued in
        late November")."""
        return self._past_clause is not None and self._past_clause.search(self._text, start, timex.start) is not None

    def in_past_clause(self, timex: Timex) -> bool:
        """The date stands in a clause about the past that opens in its sentence."""
        return self.past_clause_between(self.sentence_start(timex), timex)


def _opens_told_sentence(text: str, timex: Timex, grammar: Grammar, cues: _TenseCues) -> bool:
    """"In January, American Medical brought in ...": a date that opens its sentence after one of the language's
    openers and before a comma, in a sentence with no future word after it."""
    if grammar.past_opening is None or not text.startswith(",", timex.end):
        return False
    if grammar.past_opening.search(text, max(0, timex.start - 12), timex.start) is None:
        return False
    return not cues.after_in_sentence(timex)


def _opens_sentence(text: str, timex: Timex) -> bool:
    """Whether only a few words stand between the start of the sentence (or line) and the date."""
    before = text[max(0, timex.start - 40) : timex.start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind(": "))
    lead = before[cut + 1 :] if cut >= 0 else (before if timex.start <= 40 else None)
    return lead is not None and len(lead.split()) <= OPENING_WORDS


def _in_parentheses(text: str, timex: Timex) -> bool:
    opening = text.rfind("(", max(0, timex.start - 80), timex.start)
    return opening >= 0 and ")" not in text[opening : timex.start] and ")" in text[timex.end : timex.end + 80]


def _heading(text: str, timex: Timex) -> str:
    """"year" for a heading that is a bare year with at most one word ("1862", "Kriegsjahr 1915"), "other" for
    any other heading line with a date ("Westfeldzug Mai/Juni 1940"), "" for a date in running text."""
    line_start = text.rfind("\n", max(0, timex.start - 100), timex.start) + 1
    line_end = text.find("\n", timex.end, timex.end + 100)
    if (line_start == 0 and timex.start > 100) or line_end < 0 or text[line_end - 1] in ".:!?":
        return ""
    rest = text[line_start : timex.start] + " " + text[timex.end : line_end]
    return "year" if len(rest.split()) <= 1 and "." not in rest and _BARE_YEAR.match(timex.value) else "other"


def _first_absolute_date(timexes: list[Timex]) -> date | None:
    for timex in timexes:
        if timex.type in ("DATE", "TIME") and not needs_anchor(timex.value):
            start = timex_interval(timex.value).start
            if start is not None:
                return start
    return None


_YEARLESS_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})$")
_YEARLESS_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")


def _order_ranges(timexes: list[Timex]) -> list[Timex]:
    """A range's year-less start that was anchored after its end ("between March and May" written in November:
    March looked ahead, May back) takes the end's year, or the year before: a range runs forward."""
    for index in range(len(timexes) - 1):
        first, second = timexes[index], timexes[index + 1]  # _link_ranges links a timex to the next one only
        if first.range_end != second.start or not _YEARLESS_VALUE.match(first.anchor):
            continue
        if not _YEAR_PREFIX.match(first.value):
            continue
        first_start, second_start = timex_interval(first.value).start, timex_interval(second.value).start
        if first_start is None or second_start is None or first_start <= second_start:
            continue
        for year in (second_start.year, second_start.year - 1):
            moved = f"{year:04d}{first.value[4:]}"
            moved_start = timex_interval(moved).start
            if moved_start is not None and moved_start <= second_start:
                timexes[index] = replace(first, value=moved)
                break
    return timexes


def _shift_day(value: str, days: int) -> str:
    """A day moved by `days` ("the day before" 6 March: 5 March; without a year, "XXXX-12-25" -> "XXXX-12-26", a
    weekday to the next); a coarser value cannot say which day."""
    try:
        if found := DAY_VALUE.match(value):
            return (date.fromisoformat(found.group(0)) + timedelta(days=days)).isoformat()
        if found := _YEARLESS_DAY.match(value):
            month, day = int(found.group(1)), int(found.group(2))
            # A common year, as most are ("the day before March 1": 28 February), unless the day is 29 February;
            # a move across New Year leaves the year unknown anyway.
            year = 2000 if (month, day) == (2, 29) else 2001
            moved = date(year, month, day) + timedelta(days=days)
            return f"XXXX-{moved.month:02d}-{moved.day:02d}"
        if found := _YEARLESS_WEEKDAY.match(value):
            return f"XXXX-WXX-{(int(found.group(1)) - 1 + days) % 7 + 1}"
    except (ValueError, OverflowError):
        return value
    return _day_unknown_in(value) or value


def _anchor(
    timexes: list[Timex], text: str, grammar: Grammar, dct: date | None, doc_type: str,
    day_shifts: dict[int, int] | None = None,
) -> list[Timex]:
    narrative = doc_type == "narrative"
    cues = _TenseCues(text, grammar)
    narrative_values = {rule.name: rule.narrative_value for rule in grammar.rules if rule.narrative_value}
    out = timexes  # in place
    # A narrative that opens without a year ("Am 6. November wählte ...") is set in the first year it names, not
    # in the year it was written.
    last_mentioned = _first_absolute_date(timexes) if narrative else None
    # The last date the text states outright (not one worked out from another): year-less dates in a narrative
    # take their year from it, since derived dates only repeat an earlier guess and bare years said in passing
    # are rarer than they look.
    last_stated = last_mentioned
    last_value = ""  # the value of the date last mentioned ("1914-08"), as last_mentioned is its first day
    last_value_start = -1  # where that date stands in the text
    stated_year = ""  # the last stated date, if it was a bare year ("1781", "BC0216")
    range_end = -1  # where the second date of the last range starts
    # The year of the section, under a heading that is just a year ("1862", "Kriegsjahr 1915"): dates of other
    # years in it are looks back or ahead, the story stays in the section's year.
    section_year = ""
    last_period = ""  # the last quarter, month, ... mentioned: SHIFT ("a year earlier") compares with it
    ahead_sentence = -1  # where the last sentence starts that named a date after the document date
    for index, timex in enumerate(timexes):
        if narrative and timex.rule in narrative_values:
            timex = replace(timex, value=narrative_values[timex.rule])
        # A date in parentheses is an aside ("den Balkankriegen (1912/13)"): it does not move the story.
        aside = _in_parentheses(text, timex)
        stated = not needs_anchor(timex.value)
        # The end of a range ("vom 26. Februar 1916 bis zum 10. Juli 1917") bounds a span; the story goes on
        # from its start.
        if narrative and timex.start == range_end:
            aside = True
        if timex.range_end is not None:
            range_end = timex.range_end
        heading = _heading(text, timex) if narrative and stated else ""
        if heading:
            section_year = timex.value if heading == "year" else ""
        elif narrative and stated and section_year and not timex.value.startswith(section_year):
            aside = aside or bool(_YEAR_PREFIX.match(timex.value) or timex.value.startswith("BC"))
        if narrative and stated and not aside and last_stated is not None and not _opens_sentence(text, timex):
            # A look back in the middle of a sentence ("die größte Schlacht seit 1870") is an aside too: the
            # story itself moves forward, or jumps back only where a sentence or heading starts with the date.
            start = timex_interval(timex.value).start
            aside = (start is not None and start.year < last_stated.year) or timex.mod in _BOUND_MODS
        anchor = dct
        if narrative and last_mentioned is not None:
            anchor = last_stated if _YEARLESS_VALUE.match(timex.value) and last_stated else last_mentioned
        if narrative and stated_year and _YEARLESS_VALUE.match(timex.value):
            # After a bare year ("1781 ... am 19. Oktober", "216 v. Chr. ... am 2. August") the story is inside it.
            timex = replace(timex, value=f"{stated_year}{timex.value[4:]}", anchor=timex.value)
        if timex.type != "SET" and needs_anchor(timex.value):  # "each July" (XXXX-07) recurs, no year to find
            # Only weekdays and year-less dates look ahead in the future tense; REF and LAST steps do not.
            possessive = grammar.possessive is not None and grammar.possessive.match(text, timex.end) is not None
            future_cue = not possessive and not timex.value.startswith(("REF(", "LAST(")) and (
                cues.before_in_sentence(timex)
                or (ahead_sentence >= 0 and cues.sentence_start(timex) == ahead_sentence)
            )
            # Only a year-less date in news may lie back or ahead by the tense ("since March"); the rest needs only
            # to know whether its sentence looks ahead. Asked in that order, as each costs a search.
            yearless = not narrative and _YEARLESS_VALUE.match(timex.value) is not None
            past_verb = (future_cue or yearless) and grammar.past_verb is not None and grammar.past_verb.before(
                text, timex.start)
            future = future_cue and not past_verb
            past = yearless and not future and (
                past_verb
                or (grammar.past_before is not None
                 and grammar.past_before.search(text, max(0, timex.start - 40), timex.start) is not None)
                or _opens_told_sentence(text, timex, grammar, cues)
                or cues.in_past_clause(timex)
            )
            try:
                value, resolved, how = resolve_value(
                    timex.value, anchor, last_mentioned=last_mentioned, narrative=narrative, future=future,
                    past=past, last_value=last_period,
                )
            except AnchorError:  # a rule that wrote a value the resolver cannot read: keep the timex, unanchored
                value, resolved, how = "XXXX", False, timex.value
            if (same_day := _SAME_OR_NEXT_DAY.match(how)) and not _DAY_PRECISE.match(last_value):
                # "that day", "the next day", "at 10 p.m." after "in 1987" or "August 1914": a day of that year
                # or month, which one the text does not say (TIMEX3 "1914-08-XX"), not its first day.
                unknown_day = _day_unknown_in(last_value)
                if (not narrative and dct is not None and same_day.group("time") and how.startswith("LAST(day,0)")
                        and cues.sentence_start(timex) > last_value_start):
                    # News: a clock time after "last year's blasts" in an earlier sentence is today's, as news
                    # times are ("at midday, according to a statement today"), not a day somewhere in that year;
                    # in the year's own sentence it is in that year ("In 1997 he crossed at 10 p.m.").
                    value = dct.isoformat() + same_day.group("time")
                else:
                    value = unknown_day + same_day.group("time") if unknown_day else value
            timex = replace(timex, value=value, resolved=resolved, anchor=how)
        elif timex.value in ("PAST_REF", "PRESENT_REF", "FUTURE_REF") and dct is None:
            timex = replace(timex, resolved=False)
        if day_shifts and timex.start in day_shifts:
            timex = replace(timex, value=_shift_day(timex.value, day_shifts[timex.start]))
        if timex.type in ("DATE", "TIME") and timex.resolved and not aside:
            # Later expressions continue from the first day of what was last mentioned ("August 1914" ->
            # 1914-08-01): narratives anchor on it, and "am selben Tag" / "um 20 Uhr" do in news too.
            interval = timex_interval(timex.value)
            if interval.start is not None:
                last_mentioned = interval.start
                last_value = timex.value
                last_value_start = timex.start
                if stated:
                    last_stated = interval.start
            if stated and timex.value not in _VAGUE_REFS:
                # "bis 1915", "seit 1939" bound a span: the story is not set inside that year (a year BC has
                # no calendar date to anchor on, so it is kept).
                bare_year = _BARE_YEAR.match(timex.value)
                bound = timex.mod in _BOUND_MODS and interval.start is not None
                stated_year = bare_year.group(0) if bare_year and not bound else ""
            elif narrative and _NEXT_YEAR.match(timex.anchor) and interval.start is not None:
                # "In den Frühjahrsschlachten des neuen Jahres ... am 28. Mai": the story moved into that year.
                stated_year = timex.value[:4]
                last_stated = interval.start
        if not narrative and dct is not None and timex.resolved and _NEXT_STEP.match(timex.anchor):
            # A date ahead of the document date ("morgen", "next week") puts its sentence in the future: "Morgen
            # und am Samstag wird trainiert" is next Saturday. Only the next step: "in two weeks" is as often
            # "within two weeks" ("his second letter in two weeks was published on Tuesday"; TBAQ).
            start = timex_interval(timex.value).start
            if start is not None and start > dct:
                ahead_sentence = cues.sentence_start(timex)
        if timex.type == "DATE" and timex.resolved and shift_source(timex.value, timex.anchor):
            last_period = timex.value
        out[index] = timex
    return out


def _blocks(text: str, size: int = BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """Spans of at most about `size` characters that end at a paragraph break (or a line, or a sentence end)."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(". "), 0)
        end = start + (cut + 1 if cut else size)
        yield start, end
        start = end
    yield start, len(text)


def tag_with_grammar(
    text: str, grammar: Grammar, *, dct: date | None = None, doc_type: str = "news"
) -> list[Timex]:
    if doc_type not in DOC_TYPES:
        raise ValueError(f"doc_type must be one of {', '.join(DOC_TYPES)}, not {doc_type!r}")
    timexes: list[Timex] = []
    # Block by block, so that working memory stays that of one block however long the text; only the timexes
    # found are kept. Blocks end at paragraph breaks, which no date expression crosses.
    for start, end in _blocks(text, BLOCK_CHARS):
        block = text[start:end]
        chosen = _select(_candidates(block, grammar))
        found = (_to_timex(c, block, grammar, start) for c in chosen)
        timexes.extend(t for t in found if t is not None)
    timexes = _drop_quoted_titles(timexes, text, grammar)
    day_shifts: dict[int, int] = {}
    timexes = _apply_modifiers(timexes, text, grammar, day_shifts)
    timexes = _continue_lists(timexes, text, grammar)
    timexes = _link_ranges(timexes, text, grammar)
    timexes = _borrow_from_list(timexes, text, grammar)
    return _order_ranges(_anchor(timexes, text, grammar, dct, doc_type, day_shifts))
