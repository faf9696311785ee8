"""Property-based tests: the tagger never raises and always returns well-formed, in-bounds, ordered spans."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import tag_timexes, timex_interval
from events.timex import is_well_formed

# Text that looks like news: real date words mixed with arbitrary Unicode.
FRAGMENTS = st.sampled_from([
    "im August 2020", "Anfang 2022", "kürzlich", "13. August", "vor drei Jahren", "1991", " ", ".", "bis",
    "seit", "rund 1500", "9,2", "gestern Abend", "20.30 Uhr", "last week", "in early 2022", "on Friday",
    "the 1990s", "from 1939 to 1945", "–", "-", "Jahr", "year", "v. Chr.", "jeden Montag", "ago",
])
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=25).map(" ".join)
DCTS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31)))


def _check(text: str, lang: str, dct: date | None) -> None:
    timexes = tag_timexes(text, lang=lang, dct=dct)
    previous_end = 0
    for timex in timexes:
        assert 0 <= timex.start < timex.end <= len(text)
        assert timex.start >= previous_end, "spans overlap or are not sorted"
        assert text[timex.start : timex.end] == timex.text
        assert is_well_formed(timex.value, timex.type), timex
        timex_interval(timex.value, timex.mod, dct)  # never raises
        previous_end = timex.end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, dct=DCTS)
def test_german_tagging_is_total_and_well_formed(text: str, dct: date | None) -> None:
    _check(text, "de", dct)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, dct=DCTS)
def test_english_tagging_is_total_and_well_formed(text: str, dct: date | None) -> None:
    _check(text, "en", dct)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), dct=DCTS)
def test_arbitrary_unicode_never_raises(text: str, dct: date | None) -> None:
    _check(text, "de", dct)
    _check(text, "en", dct)


def test_anchoring_at_the_ends_of_the_calendar_leaves_values_unresolved() -> None:
    early = tag_timexes("gestern, vor drei Jahrhunderten, letzten Freitag", lang="de", dct=date(1, 1, 1))
    assert [t.resolved for t in early] == [False, False, False]
    (late,) = tag_timexes("tomorrow", lang="en", dct=date(9999, 12, 31))
    assert not late.resolved and late.value == "XXXX-XX-XX"
