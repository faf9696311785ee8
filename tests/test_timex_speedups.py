"""Shortcuts in the tagger's later steps give exactly the results of the plain ways they replace.

- `scan.with_first_char_guard`: a pattern behind a lookahead for its possible first characters finds the same
  matches (future-tense cues, modifier words, every rule).
- `_any_modifier`: where the union of the modifiers finds nothing, no single modifier does; where one does, so does
  the union.
- `_TenseCues`: cues searched only before a date in its sentence answer as all cues found at once would.
- `_fill`: the split templates fill as `_SLOT.sub` does.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.model import Timex
from events.timex import tagger
from events.timex.grammar import load_grammar
from events.timex.scan import with_first_char_guard

LANGS = ("de", "en")
TEXTS = {
    "de": "Er wird am Montag kommen. Ab dem 3. März, voraussichtlich bis Ende April; gegen 20 Uhr. Geplant ist 2016.",
    "en": "He will come on Monday. Since March 3, until about April; scheduled for 8 pm. It's set to start in 2016.",
}
FRAGMENTS = st.sampled_from(
    ["will ", "wird ", "next ", "Ab dem ", "since ", "bis ", "about ", "etwa ", "Mitte ", "mid-", "'ll ", "  ", "\n",
     ". ", "Montag", "Monday", "3. März", "March 3", "2016", "(", ")", "ſ", "İ", "K", "é", "x", "1"]
)
WORD = re.compile(r"\w")
MIXED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=30).map("".join)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [m.regs for m in pattern.finditer(text)]


@pytest.mark.parametrize("lang", LANGS)
def test_guarded_patterns_match_the_same(lang: str) -> None:
    grammar = load_grammar(lang)
    patterns = [r.regex for r in grammar.rules] + [m.regex for m in grammar.modifiers]
    patterns += [grammar.future_cues] if grammar.future_cues else []
    text = TEXTS[lang] + " " + TEXTS["en" if lang == "de" else "de"]
    for pattern in patterns:
        assert spans(with_first_char_guard(pattern), text) == spans(pattern, text), pattern.pattern


@settings(max_examples=200, deadline=None)
@given(MIXED)
def test_guarded_cues_and_modifier_unions_on_any_text(text: str) -> None:
    for lang in LANGS:
        grammar = load_grammar(lang)
        if grammar.future_cues:
            cues = grammar.future_cues
            assert spans(with_first_char_guard(cues), text) == spans(cues, text)
        unions = tagger._any_modifier(grammar.modifiers)
        for timex_type, union in unions.items():
            assert union is not None
            for end in range(len(text) + 1):
                before = text[max(0, end - 40) : end]
                single = any(m.regex.search(before) for m in grammar.modifiers if timex_type in m.applies_to)
                assert bool(union.search(before)) == single


def test_guard_keeps_case_sensitive_patterns_case_sensitive() -> None:
    pattern = re.compile(r"(?<![\w])(?:Mai|may)(?![\w])")
    guarded = with_first_char_guard(pattern)
    assert guarded is not pattern
    assert spans(guarded, "mai Mai MAY may") == spans(pattern, "mai Mai MAY may")


@settings(max_examples=200, deadline=None)
@given(MIXED, st.lists(st.integers(min_value=0, max_value=200), max_size=8))
def test_future_cues_searched_before_a_date_answer_as_all_cues_found(text: str, starts: list[int]) -> None:
    for lang in LANGS:
        grammar = load_grammar(lang)
        found = list(grammar.future_cues.finditer(text)) if grammar.future_cues else []
        cues = tagger._TenseCues(text, grammar)
        for start in starts:  # in any order, not only ascending
            start = min(start, len(text))
            if 0 < start < len(text) and WORD.match(text[start - 1]) and WORD.match(text[start]):
                continue  # a date starts at a word boundary, never inside a word
            timex = Timex(start=start, end=start, text="", type="DATE", value="XXXX-XX-XX")
            low = tagger._sentence_start(text, timex)
            before = [cue for cue in found if low <= cue.start() and cue.end() <= start]
            # the cue nearest the date counts, unless a clause about the past opens after it ("will ... since ...")
            expected = bool(before) and not (
                grammar.past_clause is not None and grammar.past_clause.search(text, before[-1].end(), start)
            )
            assert cues.before_in_sentence(timex) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_split_templates_fill_as_substitution_does(lang: str) -> None:
    grammar = load_grammar(lang)
    for rule in grammar.rules:
        for template in (rule.value, rule.mod):
            parts = tagger._template(template)
            rebuilt = "".join(p if isinstance(p, str) else f"{{{p[0]}{'' if p[1] is None else '|' + p[1]}}}"
                              for p in parts)
            assert tagger._SLOT.sub(lambda m: m.group(0), template) == rebuilt == template


@pytest.mark.parametrize(
    "text",
    ["Am 19.1.2016 und am 3. 10. 2015", "19.1.2016", "3.10.2015, 03.10.15, 1.1.", "on 1/19/2016 at 9am", "9 am, 10:30"],
)
@pytest.mark.parametrize("lang", LANGS)
def test_dispatch_by_openings_keeps_every_match(lang: str, text: str) -> None:
    # Openings stop before an optional element ("19.1" where a rule allows "19. 1"): a regression test.
    from events.timex.scan import all_candidates_reference

    grammar = load_grammar(lang)
    assert grammar.scanner is not None
    found = [(i, m.regs) for i, m in grammar.scanner.matches(text)]
    assert found == [(i, m.regs) for i, m in all_candidates_reference(text, [r.regex for r in grammar.rules])]
