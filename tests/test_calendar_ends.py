"""Dates at the calendar's ends (issue 16): documents dated in year 1 or 9999, dates before Christ, and years no
calendar holds never make the tagger or the extractor fail; a date that would fall outside years 1-9999 stays
unanchored instead. Property tests over the whole range of document dates, with extra weight on its ends."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from events import extract_events, tag_timexes

SENTENCES = {
    "de": (
        "Am 1. Januar trafen sich Putin und Lukaschenko.", "Drei Tage später unterzeichneten sie einen Vertrag.",
        "Im nächsten Jahr folgte die Wahl.", "Im Jahr 44 v. Chr. starb Caesar.", "Vor zwei Jahren gab es Proteste.",
        "An Weihnachten und an Ostern war es ruhig.", "Am Freitag und im Mai kam es zu Streiks.",
        "Im vierten Quartal stieg die Zahl.", "Von 1939 bis 1945 dauerte der Krieg.", "Gestern und morgen.",
        "Im 19. Jahrhundert und in den 1990er Jahren.", "Am 31. Dezember 9999 endete es.",
    ),
    "en": (
        "On January 1 Putin met Lukashenko.", "Three days later they signed a treaty.", "Next year the election came.",
        "In 500 BC the city was founded.", "Two years ago there were protests.", "At Christmas and Easter it was calm.",
        "On Friday and in May there were strikes.", "In the fourth quarter the number rose.",
        "The week of March 6 and this weekend.", "Yesterday and tomorrow.", "In the 19th century and the 1990s.",
        "The following year and the previous Friday.",
    ),
}
EDGE_DAYS = (date(1, 1, 1), date(1, 1, 2), date(1, 12, 31), date(9999, 12, 31), date(9999, 12, 30), date(9999, 1, 1))
document_dates = st.one_of(st.sampled_from(EDGE_DAYS), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(text: str, lang: str, dct: date) -> None:
    for timex in tag_timexes(text, lang=lang, dct=dct):
        if timex.type in ("DATE", "TIME") and timex.value[:4].isdigit():  # not BC0044, P3Y, XXXX or PAST_REF
            assert not timex.value[4:5].isdigit(), timex  # no five-digit years
            assert int(timex.value[:4]) >= 1, timex
    events = extract_events(text, lang=lang, dct=dct)
    dated = events.dropna(subset=["start"])
    assert (dated["start"] >= pd.Timestamp("0001-01-01")).all() and (dated["start"] <= pd.Timestamp("9999-12-31")).all()
    closed = dated.dropna(subset=["end"])
    assert (closed["start"] <= closed["end"]).all()


@pytest.mark.parametrize("lang", sorted(SENTENCES))
@pytest.mark.parametrize("dct", EDGE_DAYS)
def test_every_kind_of_date_at_each_end_of_the_calendar(lang: str, dct: date) -> None:
    for sentence in SENTENCES[lang]:
        assert_well_formed(sentence, lang, dct)


@PROPERTY
@given(lang=st.sampled_from(sorted(SENTENCES)), dct=document_dates,
       picks=st.lists(st.integers(0, 11), min_size=1, max_size=4))
@example(lang="de", dct=date(9999, 12, 31), picks=[0, 1])
@example(lang="en", dct=date(9999, 12, 31), picks=[0, 1, 2])
@example(lang="de", dct=date(1, 1, 1), picks=[3, 4, 1])
@example(lang="en", dct=date(1, 1, 1), picks=[3, 4, 1])
def test_documents_at_the_calendars_ends_give_well_formed_events(lang: str, dct: date, picks: list[int]) -> None:
    assert_well_formed(" ".join(SENTENCES[lang][pick] for pick in picks), lang, dct)


def test_a_date_that_would_leave_the_calendar_stays_unanchored() -> None:
    last_day = date(9999, 12, 31)
    assert [(t.text, t.value, t.resolved) for t in tag_timexes("Am 1. Januar kam er.", lang="de", dct=last_day)] == [
        ("1. Januar", "XXXX-01-01", False)]
    assert [(t.text, t.value) for t in tag_timexes("He came at Christmas, on Friday and in May.", lang="en",
                                                   dct=last_day)] == [
        ("Christmas", "9999-12-25"), ("Friday", "9999-12-31"), ("May", "9999-05")]
    tomorrow = tag_timexes("He comes tomorrow.", lang="en", dct=last_day)
    assert [(t.value, t.resolved) for t in tomorrow] == [("XXXX-XX-XX", False)]
