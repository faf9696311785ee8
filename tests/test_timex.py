"""Behaviour of `events.tag_timexes` on German and English text."""

from __future__ import annotations

from datetime import date

import pytest

from events import tag_timexes

SAMPLE_DCT = date(2024, 12, 15)


def values(text: str, lang: str, dct: date | str | None = SAMPLE_DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.value, t.mod) for t in tag_timexes(text, lang=lang, dct=dct)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ausrufung der Republik Belarus im Jahr 1991.", [("Jahr 1991", "1991", "")]),
        ("Im August 2020 war es zu Protesten gekommen.", [("August 2020", "2020-08", "")]),
        ("Ab dem 13. August 2020 traten sie in den Streik.", [("13. August 2020", "2020-08-13", "ON_OR_AFTER")]),
        ("Belarus diente Anfang 2022 als Aufmarschgebiet.", [("Anfang 2022", "2022", "START")]),
        ("Sie haben kürzlich einen Vertrag geschlossen.", [("kürzlich", "PAST_REF", "")]),
        ("Das geschah im 19. Jahrhundert.", [("19. Jahrhundert", "18", "")]),
        ("Die 90er Jahre waren anders.", [("Die 90er Jahre", "199", "")]),
        ("Im Sommer 2020 und im ersten Quartal 2021.", [("Sommer 2020", "2020-SU", ""),
                                                         ("ersten Quartal 2021", "2021-Q1", "")]),
        ("Die Sitzung beginnt um 20.30 Uhr.", [("20.30 Uhr", "2024-12-15T20:30", "")]),
        ("Das war 499 v. Chr.", [("499 v. Chr.", "BC0499", "")]),
        ("Der Krieg dauerte drei Jahre.", [("drei Jahre", "P3Y", "")]),
        ("Die Zeitung erscheint täglich und jeden Montag.", [("täglich", "P1D", ""),
                                                             ("jeden Montag", "XXXX-WXX-1", "")]),
    ],
)
def test_german_absolute_and_vague(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert values(text, "de") == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("letzten Monat", "2024-11"),
        ("im letzten Jahr", "2023"),
        ("nächstes Jahr", "2025"),
        ("am Freitag", "2024-12-13"),
        ("vergangene Woche", "2024-W49"),
        ("gestern", "2024-12-14"),
        ("heute", "2024-12-15"),
        ("vor wenigen Tagen", "2024-12-12"),
        ("vor drei Jahren", "2021"),
        ("am 6. Dezember", "2024-12-06"),
        ("Ende des Jahres", "2024"),
    ],
)
def test_german_relative_expressions_resolve_against_the_document_date(text: str, value: str) -> None:
    tagged = tag_timexes(text, lang="de", dct=SAMPLE_DCT)
    assert [t.value for t in tagged] == [value]
    assert tagged[0].resolved


def test_vergangene_woche_written_on_a_saturday_is_the_week_before() -> None:
    assert values("vergangene Woche", "de", dct="2024-12-14") == [("vergangene Woche", "2024-W49", "")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("last month", "2024-11"),
        ("next year", "2025"),
        ("on Friday", "2024-12-13"),
        ("last week", "2024-W49"),
        ("yesterday", "2024-12-14"),
        ("today", "2024-12-15"),
        ("a few days ago", "2024-12-12"),
        ("recently", "PAST_REF"),
        ("on December 6", "2024-12-06"),
    ],
)
def test_english_relative_expressions(text: str, value: str) -> None:
    assert [t.value for t in tag_timexes(text, lang="en", dct=SAMPLE_DCT)] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belarus declared independence in 1991.", [("1991", "1991", "")]),
        ("In August 2020, protests broke out.", [("August 2020", "2020-08", "")]),
        ("From 13 August 2020 workers were on strike.", [("13 August 2020", "2020-08-13", "ON_OR_AFTER")]),
        ("Since August 13, 2020, workers have been on strike.",
         [("August 13, 2020", "2020-08-13", "ON_OR_AFTER")]),
        ("In early 2022 Belarus served as a staging area.", [("early 2022", "2022", "START")]),
        ("Putin and Lukashenko recently signed a treaty.", [("recently", "PAST_REF", "")]),
        ("the 1990s and the 19th century", [("the 1990s", "199", ""), ("the 19th century", "18", "")]),
        ("She left at 8:30 p.m.", [("8:30 p.m.", "2024-12-15T20:30", "")]),
        ("The war lasted for two weeks.", [("two weeks", "P2W", "")]),
    ],
)
def test_english(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert values(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Rund 1500 politische Organisationen wurden verboten.", "de"),
        ("Das Land hat rund 9,2 Millionen Einwohner.", "de"),
        ("Der 25-jährige Arbeiter und 2000 Euro.", "de"),
        ("Die Seite 2019 des Berichts.", "de"),
        ("About 1500 organisations were banned, costing 2000 dollars.", "en"),
        ("The 25-year-old worker had 9.2 million followers.", "en"),
        ("It may be that they march on.", "en"),
    ],
)
def test_numbers_that_are_not_dates_stay_untagged(text: str, lang: str) -> None:
    assert tag_timexes(text, lang=lang, dct=SAMPLE_DCT) == []


def test_without_document_date_relative_expressions_stay_unresolved() -> None:
    tagged = tag_timexes("Gestern und vergangene Woche, am 6. Dezember 2024 und kürzlich.", lang="de")
    by_text = {t.text: t for t in tagged}
    assert by_text["Gestern"].value == "XXXX-XX-XX" and not by_text["Gestern"].resolved
    assert by_text["Gestern"].anchor == "REF(day,-1)"
    assert by_text["vergangene Woche"].value == "XXXX-WXX" and not by_text["vergangene Woche"].resolved
    assert by_text["6. Dezember 2024"].value == "2024-12-06" and by_text["6. Dezember 2024"].resolved
    assert not by_text["kürzlich"].resolved


def test_year_less_date_takes_the_year_that_fits_the_document_date() -> None:
    assert [t.value for t in tag_timexes("im Januar", lang="de", dct="2024-12-15")] == ["2025-01"]
    assert [t.value for t in tag_timexes("im Mai", lang="de", dct="2024-12-15")] == ["2024-05"]


def test_ranges_are_linked_and_share_the_year() -> None:
    first, second = tag_timexes("zwischen März und Mai 2020", lang="de", dct=SAMPLE_DCT)
    assert (first.value, second.value) == ("2020-03", "2020-05")
    assert first.range_end == second.start
    start, end = tag_timexes("Von 1939 bis 1945 herrschte Krieg.", lang="de")
    assert start.range_end == end.start and end.mod == ""
    first, second = tag_timexes("The war lasted from 1939 to 1945.", lang="en")
    assert first.range_end == second.start


def test_narratives_anchor_on_the_last_mentioned_date() -> None:
    text = "Im August 1914 begann der Krieg. Drei Tage später fiel die Stadt. Im selben Jahr endete alles."
    tagged = tag_timexes(text, lang="de", dct="2011-02-16", doc_type="narrative")
    # three days after "August 1914" is a day of that August the text does not name
    assert [t.value for t in tagged] == ["1914-08", "1914-08-XX", "1914"]
    news = tag_timexes(text, lang="de", dct="2011-02-16", doc_type="news")
    assert news[2].value == "2011"


def narrative_values(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag_timexes(text, lang="de", dct="2011-02-16", doc_type="narrative")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the year carries over to year-less dates, and a December story runs on into January
        ("Im März 1848 brachen in Wien Unruhen aus. Am 13. März trat der Kanzler zurück. Im Oktober wurde die "
         "Stadt belagert.", [("März 1848", "1848-03"), ("13. März", "1848-03-13"), ("Oktober", "1848-10")]),
        ("Am 5. Dezember 1805 stand die Armee vor der Stadt. Am 26. Januar schlossen beide Seiten Frieden.",
         [("5. Dezember 1805", "1805-12-05"), ("26. Januar", "1806-01-26")]),
        # "des neuen Jahres" moves the story into the next year, as a stated year would
        ("Im Sommer 1708 stieß das Heer nach Osten vor. Am 20. Dezember bezog es Winterquartiere. In den Kämpfen "
         "des neuen Jahres belagerte es die Festung; am 27. Juni kam es zur Schlacht.",
         [("Sommer 1708", "1708-SU"), ("20. Dezember", "1708-12-20"), ("neuen Jahres", "1709"),
          ("27. Juni", "1709-06-27")]),
        # a vague "bald" does not make the story forget the year it is in
        ("Im Jahr 1862 wuchs die Armee. Schon bald fehlte es an Waffen. Am 27. September wurde das Höchstalter "
         "angehoben.", [("Jahr 1862", "1862"), ("bald", "FUTURE_REF"), ("27. September", "1862-09-27")]),
        # asides: a bound ("bis 1915") and the end of a range do not move the story
        ("Am 4. August 1914 marschierten die Truppen ein. Insgesamt wurden so bis 1915 vierzig Divisionen "
         "aufgestellt. Am 20. August begann die Schlacht.",
         [("4. August 1914", "1914-08-04"), ("1915", "1915"), ("20. August", "1914-08-20")]),
        ("Im Januar 1916 übernahm er das Kommando, das er vom 26. Januar 1916 bis zum 10. Juli 1917 behielt. "
         "Am 21. Februar begann der Angriff.",
         [("Januar 1916", "1916-01"), ("26. Januar 1916", "1916-01-26"), ("10. Juli 1917", "1917-07-10"),
          ("21. Februar", "1916-02-21")]),
        # under a heading that is a year, a date of another year is a look ahead; the next heading resets
        ("1863\n\nIm Januar griff die Armee an. Der Kongress beschloss, dass vom 1. Juli 1864 an alle Männer "
         "dienen mussten. Im März folgte die nächste Offensive.\n\n1864\n\nIm Mai begann der Feldzug.",
         [("1863", "1863"), ("Januar", "1863-01"), ("1. Juli 1864", "1864-07-01"), ("März", "1863-03"),
          ("1864", "1864"), ("Mai", "1864-05")]),
        ("Kriegsjahr 1863\n\nIm Januar griff die Armee an. Die Wehrpflicht galt erst am 1. Juli 1864 für alle. "
         "Im März folgte die nächste Offensive.\n\nDer Feldzug im Westen, Mai 1864\n\nIm Juni nahm sie die Stadt.",
         [("1863", "1863"), ("Januar", "1863-01"), ("1. Juli 1864", "1864-07-01"), ("März", "1863-03"),
          ("Mai 1864", "1864-05"), ("Juni", "1864-06")]),
    ],
)
def test_narratives_follow_the_year_of_the_story(text: str, expected: list[tuple[str, str]]) -> None:
    assert narrative_values(text) == expected


def test_offsets_point_into_the_text() -> None:
    text = "Moskau – Berichten zufolge haben die beiden Machthaber kürzlich in Minsk verhandelt."
    (timex,) = tag_timexes(text, lang="de", dct=SAMPLE_DCT)
    assert text[timex.start : timex.end] == "kürzlich"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="xx"):
        tag_timexes("text", lang="xx")


def test_bad_document_date_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a date"):
        tag_timexes("gestern", lang="de", dct="15.12.2024")


def test_long_texts_are_tagged_block_by_block_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import events.timex.tagger as tagger

    paragraph = ("Im August 2020 kam es zu Protesten. Ab dem 13. August 2020 streikten sie, gestern Abend "
                 "um 20.30 Uhr und vom 3. bis 5. Oktober 2021 erneut; rund 1500 Organisationen.")
    text = "\n\n".join([paragraph] * 40) + "\n" + "x" * 500 + ". Anfang 2022 folgte der Krieg."
    whole = tag_timexes(text, lang="de", dct=SAMPLE_DCT)
    monkeypatch.setattr(tagger, "BLOCK_CHARS", 300)
    assert len(list(tagger._blocks(text, 300))) > 10
    assert tag_timexes(text, lang="de", dct=SAMPLE_DCT) == whole


def test_german_sets_of_a_weekday_part_quarters_as_trimesters_and_the_same_period_a_year_before() -> None:
    dct = date(2010, 1, 30)
    assert values("An jedem Montagabend stehen zwei Berater bereit.", "de", dct) == [
        ("jedem Montagabend", "XXXX-WXX-1TEV", "")]
    text = "Bis zum dritten Trimester 2009 sanken die Exporte gegenüber dem gleichen Zeitraum des Vorjahres."
    assert values(text, "de", dct) == [
        ("dritten Trimester 2009", "2009-Q3", "ON_OR_BEFORE"), ("dem gleichen Zeitraum des Vorjahres", "2008-Q3", "")]
    # without a period just spoken of: the last completed quarter, a year back
    assert values("Der Umsatz stieg gegenüber dem Vorjahresquartal.", "de", dct) == [
        ("Vorjahresquartal", "2008-Q4", "")]


def test_hours_and_minutes_written_like_a_clock_time_are_a_duration() -> None:
    assert values("Frodeno siegte nach 8:14:40 Stunden.", "de") == [("8:14:40 Stunden", "PT8H14M40S", "")]
    assert values("He finished in 2:30 hours.", "en") == [("2:30 hours", "PT2H30M", "")]
    assert values("um 20:15 Uhr", "de") == [("20:15 Uhr", "2024-12-15T20:15", "")]  # a clock time stays one


def test_the_sides_of_a_picture_are_not_years() -> None:
    assert values("Das Display bietet eine Auflösung von 1152 x 1920 Pixel.", "de") == []
    assert values("a 1920x1080 screen made in 2015", "en") == [("2015", "2015", "")]


def test_a_race_time_is_no_time_of_day() -> None:
    assert values("Kim finished third in 1:08.38. At 10:30 he spoke.", "en") == [("10:30", "2024-12-15T10:30", "")]
    assert values("Sie lief 4:20,54 Minuten. Um 20:30 Uhr war Schluss.", "de") == [
        ("20:30 Uhr", "2024-12-15T20:30", "")]


def test_years_looked_back_over_are_durations_not_dates_ahead() -> None:
    assert values("the island's worst pig disease in 80 years.", "en", "1997-04-01") == [("in 80 years", "P80Y", "")]
    assert values("for the first time in 32 years", "en", "1997-04-01") == [("in 32 years", "P32Y", "")]
    assert values("The first talks will be in two weeks.", "en", "1997-04-01") == [("in two weeks", "1997-W16", "")]
    assert values("Nach 41 Jahren Diskussion wurde es beschlossen.", "de") == [("41 Jahren", "P41Y", "")]
    assert values("In 30 Jahren hat die Firma niemals Steuern bezahlt.", "de") == [("30 Jahren", "P30Y", "")]
    assert values("Nach zwei Tagen kam er zurück.", "de") == [("Nach zwei Tagen", "2024-12-17", "")]
    assert values("In zwei Wochen beginnt die Saison.", "de") == [("In zwei Wochen", "2024-W52", "")]


def test_lengths_are_not_years_and_a_first_time_after_years_is_a_duration() -> None:
    assert values("Der Weg erstreckt sich über eine Länge von 1300 Kilometern.", "de") == []
    assert values("Damals hatte die Partei nach zwölf Jahren erstmals ihre Mehrheit verloren.", "de") == [
        ("Damals", "PAST_REF", ""), ("zwölf Jahren", "P12Y", "")]


def test_german_midnight_of_a_named_day() -> None:
    assert values("Kurz vor Mitternacht am Samstag war es so weit.", "de", "2016-06-01") == [
        ("Mitternacht am Samstag", "2016-05-28T24:00", "BEFORE")]
