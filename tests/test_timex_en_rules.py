"""English timex rules on the tricky cases of news text, and the anchoring functions they use."""

from __future__ import annotations

from datetime import date

import pytest

from events import tag_timexes
from events.timex.anchoring import AnchorError, easter_sunday, holiday_date, resolve_value

THURSDAY = date(1989, 10, 26)  # a Thursday in the fourth quarter: the third quarter is the one reported on


def tagged(text: str, dct: date | None = THURSDAY) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag_timexes(text, lang="en", dct=dct)]


# ---------------------------------------------------------------- engine: NEWSDAY, PASTDAY, PERIOD


@pytest.mark.parametrize(
    ("value", "future", "expected"),
    [
        ("NEWSDAY(4)", False, "1989-10-26"),  # the document's own weekday is that day
        ("NEWSDAY(4)", True, "1989-10-26"),  # ... in a future sentence too, not a week later
        ("NEWSDAY(1)", False, "1989-10-23"),
        ("NEWSDAY(1)", True, "1989-10-30"),
        ("PASTDAY(5)", True, "1989-10-20"),  # past whatever the tense
        ("PASTDAY(4)", True, "1989-10-26"),
    ],
)
def test_news_weekdays(value: str, future: bool, expected: str) -> None:
    assert resolve_value(value, THURSDAY, future=future) == (expected, True, value)


def test_news_weekday_without_anchor_is_a_placeholder() -> None:
    assert resolve_value("NEWSDAY(2)", None) == ("XXXX-WXX-2", False, "NEWSDAY(2)")


@pytest.mark.parametrize(
    ("value", "future", "expected"),
    [
        ("PERIOD(Q3)", False, "1989-Q3"),
        ("PERIOD(Q3)", True, "1989-Q3"),  # "third-quarter earnings will be lower": the quarter just ended
        ("PERIOD(Q4)", True, "1989-Q4"),  # the current quarter, not next year's
        ("PERIOD(Q1)", True, "1990-Q1"),
        ("PERIOD(Q2)", False, "1989-Q2"),
        ("PERIOD(Q1)", False, "1989-Q1"),  # "the fiscal first quarter" in a report: the latest one begun
        ("PERIOD(Q4)", False, "1989-Q4"),
    ],
)
def test_year_less_periods(value: str, future: bool, expected: str) -> None:
    assert resolve_value(value, THURSDAY, future=future)[0] == expected


def test_period_in_a_narrative_keeps_the_year_told() -> None:
    assert resolve_value("PERIOD(Q1)", THURSDAY, narrative=True, future=True)[0] == "1989-Q1"


# ---------------------------------------------------------------- weekdays in news


def test_weekday_said_on_the_document_day_in_a_future_sentence() -> None:
    text = "Officials said Monday they will order the relatives to appear."
    assert tagged(text, date(2000, 4, 3)) == [("Monday", "DATE", "2000-04-03")]


def test_weekday_after_a_past_verb_looks_back_even_in_a_future_sentence() -> None:
    text = "Since the decision was announced Wednesday, they have said they will appeal."
    assert tagged(text, date(2000, 1, 7)) == [("Wednesday", "DATE", "2000-01-05")]


def test_weekday_in_a_future_sentence_looks_ahead() -> None:
    assert tagged("The monarch will meet Bush on Thursday.", date(1990, 8, 14)) == [
        ("Thursday", "DATE", "1990-08-16")
    ]


def test_a_future_word_after_the_weekday_belongs_to_a_later_clause() -> None:
    text = "The three countries issued a joint statement Friday saying their entry into NATO will help."
    assert tagged(text, date(1999, 3, 13)) == [("Friday", "DATE", "1999-03-12")]


def test_weekday_with_a_day_part_is_a_date_with_the_part() -> None:
    assert tagged("Protesters rallied Friday night.", date(2000, 1, 7)) == [
        ("Friday night", "DATE", "2000-01-07TNI")
    ]


# ---------------------------------------------------------------- quarters and year-ago comparisons


def test_year_ago_in_an_earnings_comparison_is_the_reported_quarter_a_year_before() -> None:
    text = "Net rose to $108.8 million, or $1.35 a share, from $90.5 million a year ago."
    assert tagged(text)[-1] == ("a year ago", "DATE", "1988-Q3")


def test_year_ago_without_figures_is_the_year() -> None:
    assert tagged("The plant closed a year ago.") == [("a year ago", "DATE", "1988")]


def test_year_earlier_quarter() -> None:
    assert tagged("In the year-earlier quarter, the company lost money.") == [
        ("the year-earlier quarter", "DATE", "1988-Q3")
    ]


def test_quarter_in_a_future_sentence_is_the_one_just_reported() -> None:
    assert tagged("Its third-quarter earnings will probably be lower.") == [("third-quarter", "DATE", "1989-Q3")]
    assert tagged("It is expected to break even in the fourth quarter.") == [
        ("the fourth quarter", "DATE", "1989-Q4")
    ]


# ---------------------------------------------------------------- things that are not timexes


@pytest.mark.parametrize(
    "text",
    [
        "The 25-year-old worker was arrested.",
        "Prices may rise.",
        "They march on the capital.",
        "About 1500 people came.",
        "The airline flies four flights a week, paying a dividend of $1.76 a year.",
        "Guards stood there 24 hours a day.",
        "Iraq imports about three-quarters of its food and more than a quarter of its fuel.",
        "It will be a second betrayal.",
        "He was arrested at this march, the march on Washington.",
    ],
)
def test_not_timexes(text: str) -> None:
    assert tagged(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The family has only 14 days to decide.", [("14 days", "DURATION", "P14D")]),
        ("The group began to fall apart in mid-1996 after the defection.", [("mid-1996", "DATE", "1996")]),
        ("the post-1959 politics", [("post-1959", "DATE", "1959")]),
        ("a late-1980s boom", [("late-1980s", "DATE", "198")]),
        ("Prices peaked in mid-March.", [("mid-March", "DATE", "1989-03")]),
    ],
)
def test_hyphenated_modifiers_and_quantities_before_units(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert tagged(text) == expected


def test_later_counts_from_the_date_last_mentioned_and_after_an_event_is_a_duration() -> None:
    text = "The treaty was signed on May 3, 1990. Three days later the army left, 90 days after the vote."
    assert tagged(text, date(2000, 1, 6)) == [
        ("May 3, 1990", "DATE", "1990-05-03"),
        ("Three days later", "DATE", "1990-05-06"),
        ("90 days", "DURATION", "P90D"),
    ]


def test_lower_case_may_is_a_verb() -> None:
    assert tagged("The stake rose and may help prevent a takeover.") == []
    assert tagged("The vote was held in May.") == [("May", "DATE", "1989-05")]


def test_clock_time_before_a_weekday() -> None:
    assert tagged("The kidnapping happened at 10 p.m. Wednesday.") == [
        ("10 p.m. Wednesday", "TIME", "1989-10-25T22:00")
    ]
    assert tagged("Negotiations broke off at noon Thursday.") == [("noon Thursday", "TIME", "1989-10-26T12:00")]


def test_month_with_a_relative_year() -> None:
    assert tagged("In July last year, Pol Pot was arrested.") == [("July last year", "DATE", "1988-07")]


# ---------------------------------------------------------------- engine: SHIFT, INYEAR, WEEKEND


@pytest.mark.parametrize(
    ("value", "last_value", "expected"),
    [
        ("SHIFT(year,-1)", "1989-Q3", "1988-Q3"),  # the period compared keeps its granularity
        ("SHIFT(year,-1)", "1989-H1", "1988-H1"),
        ("SHIFT(year,-1)", "1989-09", "1988-09"),
        ("SHIFT(year,-1)", "1988-02-29", "1987-02-28"),
        ("SHIFT(year,-1)", "", "1988"),  # nothing mentioned before: REF(year,-1)
        ("SHIFT(year,-1)", "1985", "1988"),  # a bare year says nothing of the period compared
        ("SHIFT(year,-1,quarter,-5)", "", "1988-Q3"),  # the fallback named
        ("SHIFT(year,-1,quarter,-5)", "1989-Q1", "1988-Q1"),
        ("INYEAR(1988)", "1989-Q1", "1988-Q1"),
        ("INYEAR(1988)", "", "1988"),
        ("INYEAR(1988,quarter)", "", "1988-Q3"),  # the quarter last completed, in that year
    ],
)
def test_shift_and_inyear_take_up_the_last_period(value: str, last_value: str, expected: str) -> None:
    assert resolve_value(value, THURSDAY, last_value=last_value) == (expected, True, value)


def test_shift_without_anchor_is_a_placeholder() -> None:
    assert resolve_value("SHIFT(year,-1)", None) == ("XXXX", False, "SHIFT(year,-1)")


@pytest.mark.parametrize(
    ("anchor", "future", "expected"),
    [
        (date(1989, 10, 30), False, "1989-W43-WE"),  # on a Monday: the weekend just past
        (date(1989, 10, 26), False, "1989-W42-WE"),
        (date(1989, 10, 26), True, "1989-W43-WE"),  # "will ... over the weekend": the coming one
        (date(1989, 10, 29), False, "1989-W43-WE"),  # on a Sunday: that weekend
        (date(1989, 10, 28), True, "1989-W43-WE"),
    ],
)
def test_news_weekend(anchor: date, future: bool, expected: str) -> None:
    assert resolve_value("WEEKEND()", anchor, future=future) == (expected, True, "WEEKEND()")


# ---------------------------------------------------------------- weekends, years ended, past and future


def test_over_the_weekend_is_the_one_just_past() -> None:
    assert tagged("Officials met over the weekend.", date(1989, 10, 30)) == [("the weekend", "DATE", "1989-W43-WE")]


def test_this_weekend_is_the_current_one() -> None:
    assert tagged("Talks resume this weekend.", date(1989, 10, 30)) == [("this weekend", "DATE", "1989-W44-WE")]


def test_the_year_ended_is_a_duration() -> None:
    assert tagged("For the year ended Sept. 30, Ralston earned $422.5 million.")[0] == ("the year", "DURATION", "P1Y")
    assert tagged("Net income for the fiscal year ending June 30, 1990, will fall.")[0] == (
        "the fiscal year", "DURATION", "P1Y"
    )


def test_the_past_and_the_future_without_their_preposition() -> None:
    assert tagged("In the past, Russia often claimed it.") == [("the past", "DATE", "PAST_REF")]
    assert tagged("Strikes will continue into the future.") == [("the future", "DATE", "FUTURE_REF")]
    assert tagged("Prices fell in the past two years.")[0][1] == "DURATION"


def test_year_after_a_possessive() -> None:
    assert tagged("The company's 1990 earnings will rise.") == [("1990", "DATE", "1990")]


def test_year_quarter_and_year_period() -> None:
    assert tagged("Net fell from the 1988 third quarter.")[-1] == ("the 1988 third quarter", "DATE", "1988-Q3")
    assert tagged("Net fell from $5 million in the 1988 period.")[-1] == ("the 1988 period", "DATE", "1988-Q3")


def test_year_ago_compares_with_the_period_last_mentioned() -> None:
    text = "In the fiscal first quarter, net rose to $5 million from $4 million a year earlier."
    assert tagged(text) == [("the fiscal first quarter", "DATE", "1989-Q1"), ("a year earlier", "DATE", "1988-Q1")]
    text = "First-quarter net fell. The 1988 period included a gain; a year ago, sales were $3 million."
    assert [value for _, _, value in tagged(text)] == ["1989-Q1", "1988-Q1", "1988-Q1"]


def test_year_end_is_the_last_day_of_the_year() -> None:
    assert tagged("The deal should close by year-end.") == [("year-end", "DATE", "1989-12-31")]
    assert tagged("The index is up 12% since year-end.") == [("year-end", "DATE", "1988-12-31")]


def test_shortly_after_an_event_is_a_preposition() -> None:
    assert tagged("Shortly after the attack, police arrived.") == []
    assert tagged("Police arrived soon after.")[0][0] == "soon after"


# ---------------------------------------------------------------- movable holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [(1990, date(1990, 4, 15)), (2000, date(2000, 4, 23)), (2008, date(2008, 3, 23)), (2024, date(2024, 3, 31)),
     (2038, date(2038, 4, 25)), (1818, date(1818, 3, 22)), (2285, date(2285, 3, 22)), (1943, date(1943, 4, 25))],
)
def test_easter_sunday_on_known_years_including_the_earliest_and_latest_possible(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ("easter:-2", 2020, date(2020, 4, 10)),  # Good Friday
        ("easter:49", 2024, date(2024, 5, 19)),  # Pentecost
        ("nth:11:4:4", 1999, date(1999, 11, 25)),  # Thanksgiving: fourth Thursday of November
        ("nth:5:1:-1", 2024, date(2024, 5, 27)),  # Memorial Day: last Monday of May
        ("nth:9:1:1", 2024, date(2024, 9, 2)),  # Labor Day: first Monday of September
        ("nth:5:1:-1", 2021, date(2021, 5, 31)),  # ... when May ends on a Monday
    ],
)
def test_holiday_rules(rule: str, year: int, expected: date) -> None:
    assert holiday_date(rule, year) == expected


def test_holiday_rule_that_the_engine_does_not_know_is_a_clear_error() -> None:
    with pytest.raises(AnchorError):
        holiday_date("full-moon:1", 2020)


@pytest.mark.parametrize(
    ("text", "lang", "dct", "expected"),
    [
        ("Elian was found Thanksgiving Day clinging to an inner tube.", "en", date(2000, 1, 7),
         [("Thanksgiving Day", "DATE", "1999-11-25")]),
        ("Churches stayed closed over Easter 2020.", "en", date(2024, 5, 1), [("Easter 2020", "DATE", "2020-04-12")]),
        ("easter winds blew", "en", date(2024, 5, 1), []),
        ("An Ostern 1916 begann der Aufstand.", "de", date(2024, 5, 1), [("Ostern 1916", "DATE", "1916-04-23")]),
        ("Über Pfingsten bleibt das Amt geschlossen.", "de", date(2024, 5, 1), [("Pfingsten", "DATE", "2024-05-19")]),
        ("Weihnachten 2020 war still.", "de", date(2024, 5, 1), [("Weihnachten 2020", "DATE", "2020-12-25")]),
    ],
)
def test_movable_holidays_in_text(text: str, lang: str, dct: date, expected: list[tuple[str, str, str]]) -> None:
    assert [(t.text, t.type, t.value) for t in tag_timexes(text, lang=lang, dct=dct)] == expected


# ---------------------------------------------------------------- anaphoric days and units


def test_the_next_day_and_the_following_month_count_from_the_date_last_mentioned() -> None:
    text = "They met on May 3, 1990. The next day it snowed. In March 1991 it began; the following month it ended."
    assert tagged(text, date(2000, 1, 6)) == [
        ("May 3, 1990", "DATE", "1990-05-03"),
        ("The next day", "DATE", "1990-05-04"),
        ("March 1991", "DATE", "1991-03"),
        ("the following month", "DATE", "1991-04"),
    ]


def test_that_day_after_a_year_is_an_unknown_day_of_it_not_its_first() -> None:
    assert tagged("In 1987 the market fell. Traders lost money that day.", date(1989, 10, 30)) == [
        ("1987", "DATE", "1987"),
        ("that day", "DATE", "1987-XX-XX"),
    ]
    german = tag_timexes("Im August 1914 begann der Krieg. Am selben Tag fiel Lüttich.", lang="de")
    assert [t.value for t in german] == ["1914-08", "1914-08-XX"]
    assert tagged("In 1997 he crossed the border at 10 p.m.")[1] == ("10 p.m.", "TIME", "1997-XX-XXT22:00")


@pytest.mark.parametrize(
    ("text", "value"),
    [("2 1/2 years", "P2Y6M"), ("five and a half hours", "PT5H30M"), ("a minute and a half", "PT1M30S"),
     ("half an hour", "PT30M"), ("half a year", "P6M"), ("1.5 weeks", "P1.5W")],
)
def test_half_units_are_written_in_whole_smaller_units(text: str, value: str) -> None:
    assert tagged(f"It took {text}.") == [(text, "DURATION", value)]


def test_german_half_units_keep_the_decimal_as_the_german_corpora_write_them() -> None:
    assert [t.value for t in tag_timexes("Es dauerte zweieinhalb Jahre.", lang="de")] == ["P2.5Y"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("twenty four hours", "PT24H"), ("forty-eight hours", "PT48H"), ("two hundred years", "P200Y")],
)
def test_compound_number_words(text: str, value: str) -> None:
    assert tagged(f"It lasted {text}.") == [(text, "DURATION", value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The offer expires at 5 p.m. EST Nov. 9.", ("5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00")),
        ("It expires 5 p.m. EST, Nov. 6, the company said.", ("5 p.m. EST, Nov. 6", "TIME", "1989-11-06T17:00")),
    ],
)
def test_clock_time_before_a_date_is_on_that_date(text: str, expected: tuple[str, str, str]) -> None:
    assert tagged(text) == [expected]


def test_the_year_ago_quarter_is_not_this_year() -> None:
    assert tagged("The third quarter was strong. The year-ago quarter was weak.") == [
        ("The third quarter", "DATE", "1989-Q3"), ("The year-ago quarter", "DATE", "1988-Q3")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun struggled to meet demand well into the summer.", [("the summer", "DATE", "1989-SU")]),
        ("Demand will stay high well into the summer.", [("the summer", "DATE", "1990-SU")]),
        ("Orders rose from the low levels of the early summer.", [("the early summer", "DATE", "1989-SU")]),
        ("It will cut 6,000 jobs by year end.", [("year end", "DATE", "1989")]),
    ],
)
def test_seasons_with_their_article_and_the_year_end(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert tagged(text) == expected


def test_later_that_year_is_the_year_last_mentioned() -> None:
    text = "In May 1998 she fled, and she returned to Cuba later that year."
    assert tagged(text, date(2000, 1, 28)) == [("May 1998", "DATE", "1998-05"), ("later that year", "DATE", "1998")]


def test_a_date_ahead_in_the_sentence_puts_a_weekday_after_it_ahead_too() -> None:
    text = "The team trains tomorrow and on Saturday, then plays on Sunday."
    assert tagged(text, date(2014, 12, 22)) == [
        ("tomorrow", "DATE", "2014-12-23"), ("Saturday", "DATE", "2014-12-27"), ("Sunday", "DATE", "2014-12-28")
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Orangemen march each July.", "en", ("each July", "SET", "XXXX-07")),
        ("They meet every Monday night.", "en", ("every Monday night", "SET", "XXXX-WXX-1TNI")),
        ("Das Fest findet jeden Sommer statt.", "de", ("jeden Sommer", "SET", "XXXX-SU")),
    ],
)
def test_recurring_months_seasons_and_weekday_parts_are_sets_without_a_year(
    text: str, lang: str, expected: tuple[str, str, str]
) -> None:
    assert [(t.text, t.type, t.value) for t in tag_timexes(text, lang=lang, dct=date(1998, 3, 22))] == [expected]


def test_a_quote_that_ends_a_sentence_ends_its_future_tense_too() -> None:
    text = ("\"The sector will start getting beat up in the spring.'' The rate for men declined to 3.8 percent last "
            "month from 4.1 percent in December.")
    assert tagged(text, date(1998, 2, 6))[-1] == ("December", "DATE", "1997-12")


def test_since_a_year_less_date_looks_back_even_when_it_lies_just_ahead() -> None:
    # Written on 30 October: February is four months ahead, near enough to be the coming one, except after "since".
    assert tagged("Prices have risen since early February.", date(1989, 10, 30)) == [
        ("early February", "DATE", "1989-02")
    ]
    assert tagged("The sale closes in February.", date(1989, 10, 30)) == [("February", "DATE", "1990-02")]
    assert tagged("In the fiscal year ended Jan. 31, sales rose.", date(1989, 10, 30))[-1] == (
        "Jan. 31", "DATE", "1989-01-31"
    )
    german = tag_timexes("Seit Mitte Februar wird gestreikt.", lang="de", dct=date(1989, 10, 30))
    assert [t.value for t in german] == ["1989-02"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profit rose in the first half.", ("the first half", "DATE", "1989-H1")),  # reported in October: this year's
        ("Earnings fall for the last half of 1989.", ("the last half of 1989", "DATE", "1989-H2")),
        ("He was shot to death last Oct. 23 at his home.", ("Oct. 23", "DATE", "1988-10-23")),
    ],
)
def test_halves_and_a_day_of_last_month(text: str, expected: tuple[str, str, str]) -> None:
    assert tagged(text) == [expected]


def test_that_year_is_the_year_last_mentioned_and_more_units_are_a_duration() -> None:
    assert tagged("In 1988 imports rose; they fell that year for two more weeks.") == [
        ("1988", "DATE", "1988"), ("that year", "DATE", "1988"), ("two more weeks", "DURATION", "P2W")
    ]


def test_german_later_and_following_count_from_the_date_last_mentioned_in_news_too() -> None:
    text = "Am 3. Mai 1990 trafen sie sich. Drei Tage später reisten sie ab. Im folgenden Jahr kamen sie wieder."
    found = tag_timexes(text, lang="de", dct=date(2024, 12, 15))
    assert [(t.text, t.value) for t in found] == [
        ("3. Mai 1990", "1990-05-03"), ("Drei Tage später", "1990-05-06"), ("folgenden Jahr", "1991")
    ]


def test_the_previous_friday_counts_from_the_date_last_mentioned() -> None:
    text = "Stocks plunged on Oct. 13. The index fell 4.5% from the previous Friday and rose the following Monday."
    assert tagged(text, date(1989, 10, 30)) == [
        ("Oct. 13", "DATE", "1989-10-13"),
        ("the previous Friday", "DATE", "1989-10-06"),
        ("the following Monday", "DATE", "1989-10-09"),
    ]
    german = tag_timexes("Am 13. Oktober stürzten die Kurse. Am darauffolgenden Montag erholten sie sich.", lang="de",
                         dct=date(1989, 10, 30))
    assert [(t.text, t.value) for t in german] == [
        ("13. Oktober", "1989-10-13"),
        ("darauffolgenden Montag", "1989-10-16"),
    ]


def test_a_month_named_in_that_month_is_this_one_whatever_the_tense() -> None:
    # Without the rule, "scheduled" made it next November (1990-11).
    assert tagged("The offer is scheduled to expire at the end of November.", date(1989, 11, 2))[0][2] == "1989-11"
    assert tagged("Sales fell in November.", date(1989, 11, 20))[0][2] == "1989-11"


def test_a_future_sentence_does_not_push_a_day_just_past_into_next_year() -> None:
    text = "She would bring new aid to the countries where the Aug. 7 blasts killed 257 people."
    assert tagged(text, date(1998, 8, 18))[0] == ("Aug. 7", "DATE", "1998-08-07")
    # ... while a day further back is still the coming one in a future sentence
    assert tagged("The dividend will be paid Jan. 3.", date(1989, 11, 1))[0] == ("Jan. 3", "DATE", "1990-01-03")


def test_a_possessive_weekday_is_the_day_past_and_takes_no_modifier() -> None:
    text = "His relatives said they would look for ways to get around Wednesday's ruling."
    assert tagged(text, date(2000, 1, 7)) == [("Wednesday", "DATE", "2000-01-05")]
    # without the possessive the future sentence looks ahead
    assert tagged("They would meet Wednesday.", date(2000, 1, 7)) == [("Wednesday", "DATE", "2000-01-12")]


def test_two_thousand_years_is_not_the_year_2000() -> None:
    assert [t for t in tagged("Families kept the secret for more than two thousand years.") if t[2] == "2000"] == []
    assert tagged("in the year two thousand")[0][2] == "2000"


def test_a_couple_of_years_is_about_two_and_over_the_is_a_preposition() -> None:
    found = tag_timexes("Over the next couple of years sales may double.", lang="en", dct=THURSDAY)
    assert [(t.text, t.value, t.mod) for t in found] == [("the next couple of years", "P2Y", "APPROX")]
    found = tag_timexes("It lasted over three years.", lang="en", dct=THURSDAY)
    assert [(t.text, t.value, t.mod) for t in found] == [("over three years", "P3Y", "MORE_THAN")]


def test_at_midday_is_noon_and_a_midday_meal_is_no_date() -> None:
    assert tagged("The judge will hear him at midday.", date(1999, 10, 8)) == [("midday", "TIME", "1999-10-08T12:00")]
    assert tagged("They served a midday meal.", date(1999, 10, 8)) == []


@pytest.mark.parametrize(
    ("rule", "year", "day"),
    [("after:11:2:2", 1998, date(1998, 11, 3)), ("after:11:2:2", 2016, date(2016, 11, 8)),
     ("after:11:2:2", 2020, date(2020, 11, 3)), ("before:11:22:3", 2023, date(2023, 11, 22)),
     ("before:11:22:3", 2024, date(2024, 11, 20))],
)
def test_holidays_on_a_weekday_after_or_before_a_date(rule: str, year: int, day: date) -> None:
    assert holiday_date(rule, year) == day


def test_bare_days_and_years_after_a_date_in_a_list_are_dates_too() -> None:
    assert tagged("The summit is on April 24 and 25.", date(1999, 2, 10)) == [
        ("April 24", "DATE", "1999-04-24"),
        ("25", "DATE", "1999-04-25"),
    ]
    assert [t[2] for t in tagged("They met on May 3, 4 and 5.", date(1999, 2, 10))] == [
        "1999-05-03", "1999-05-04", "1999-05-05"]
    assert [t[2] for t in tagged("in 1994, 1995 and 1997 _ that")] == ["1994", "1995", "1997"]
    found = tag_timexes("open from April 24 to 26.", lang="en", dct=date(1999, 2, 10))
    assert [(t.value, t.range_end is not None) for t in found] == [("1999-04-24", True), ("1999-04-26", False)]
    # a number after the list word that is no day of it stays untagged
    # ("rose on April 24" written in February: last April's)
    assert tagged("Sales rose on April 24 and 25 percent more the next week.", date(1999, 2, 10))[:1] == [
        ("April 24", "DATE", "1998-04-24")]
    assert "25" not in [t[0] for t in tagged("Sales rose on April 24 and 25 percent later.", date(1999, 2, 10))]


def test_decades_and_centuries_are_counted_in_years_as_iso_8601_writes_them() -> None:
    assert tagged("the lowest for two decades")[0][2] == "P20Y"
    assert tagged("ruled for three centuries")[0][2] == "P300Y"
    assert [t.value for t in tag_timexes("seit etwa einem Jahrzehnt", lang="de")] == ["P10Y"]
    assert tagged("for decades")[0][2] == "PXDE"  # no number: the unit stays


def test_only_the_next_step_puts_a_sentence_in_the_future() -> None:
    # "in two weeks" after a noun is as often "within two weeks": the weekday of a past-tense report stays past
    found = tagged("His second letter in two weeks was published on Tuesday.", date(2000, 2, 16))
    assert found[-1] == ("Tuesday", "DATE", "2000-02-15")
    assert tagged("Tomorrow and on Saturday they train.", date(2024, 12, 4))[-1] == ("Saturday", "DATE", "2024-12-07")


def test_a_sentence_opening_with_its_date_tells_what_happened_unless_it_speaks_of_the_future() -> None:
    written = date(1989, 10, 27)
    assert tagged("In January, American Medical brought in a new chief.", written)[0][2] == "1989-01"
    assert tagged("In January, the company will open a plant.", written)[0][2] == "1990-01"
    assert tagged("The plant opens in January.", written)[0][2] == "1990-01"  # not opening its sentence


# ---------------------------------------------------------------- weeks of a day, midnight, halves, news times


def test_the_week_of_a_day_is_the_iso_week_that_holds_it() -> None:
    # 6 March 2000 is a Monday in ISO week 10; written on 24 February the year-less day is the coming one
    assert tagged("A hearing the week of March 6, he said.", date(2000, 2, 24)) == [
        ("the week of March 6", "DATE", "2000-W10")
    ]
    assert tagged("The week of Jan. 1, 2021 was quiet.")[0] == ("The week of Jan. 1, 2021", "DATE", "2020-W53")
    german = tag_timexes("Die Anhörung ist in der Woche vom 6. März.", lang="de", dct=date(2000, 2, 24))
    assert [(t.text, t.value) for t in german] == [("der Woche vom 6. März", "2000-W10")]


def test_midnight_is_the_end_of_its_day() -> None:
    assert tagged("The offer expires at midnight Friday.", date(1989, 10, 30)) == [
        ("midnight Friday", "TIME", "1989-10-27T24:00")
    ]
    assert tagged("On May 3, 1990 he stayed until midnight.")[1][2] == "1990-05-03T24:00"
    german = tag_timexes("Am 4. August 1914 stellte London ein Ultimatum bis Mitternacht.", lang="de")
    assert [t.value for t in german] == ["1914-08-04", "1914-08-04T24:00"]


def test_the_first_two_quarters_are_the_first_half_but_the_last_two_are_the_latest() -> None:
    assert tagged("Through the first two quarters of 1990, prices rise.")[0][2] == "1990-H1"
    assert tagged("Profit fell in the last two quarters.")[0][2] == "P2Q"


def test_a_news_clock_time_after_a_year_in_an_earlier_sentence_is_on_the_document_date() -> None:
    text = "He was arrested over last year's blasts. He will appear before a judge at midday, the statement says."
    assert tagged(text, date(1999, 10, 8))[1] == ("midday", "TIME", "1999-10-08T12:00")
    # in the year's own sentence, and in narratives, the time stays in that year
    assert tagged("In 1997 he crossed the border at 10 p.m.")[1][2] == "1997-XX-XXT22:00"


def test_a_quoted_title_is_a_name_not_a_date() -> None:
    assert tagged("Baker, speaking on ABC News' \"This Week,\" said so.") == []
    assert tagged("Gonzalez said on CBS's ''60 Minutes.''") == []
    # running text in quotes, and a date after a closing quote, stay dates
    assert tagged('"This week we will go," he said.', date(1989, 10, 27)) == [("This week", "DATE", "1989-W43")]
    assert [t[0] for t in tagged('The question remains." Last April, he left.')] == ["Last April"]
    # German writes every noun capitalised, so a quoted "Diese Woche" is still a date
    german = tag_timexes('Er sagte: "Diese Woche kommen wir."', lang="de", dct=date(1989, 10, 27))
    assert [t.value for t in german] == ["1989-W43"]


def test_the_day_before_or_after_a_date_moves_it_by_a_day() -> None:
    # written on Thursday 24 February 2000: last Tuesday is the 22nd, the day before it the 21st
    assert tagged("The day before last Tuesday's hearing, Manuel went.", date(2000, 2, 24)) == [
        ("day before last Tuesday", "DATE", "2000-02-21")
    ]
    assert tagged("He left the day after Christmas.", date(2000, 2, 24)) == [
        ("day after Christmas", "DATE", "1999-12-26")
    ]
    assert tagged("They met the day after May 31, 1990.")[0][2] == "1990-06-01"  # across a month
    # only after "the": "every day before May 3" is not 2 May
    assert [value for _, _, value in tagged("He trained every day before May 3.", date(2000, 2, 24))] == [
        "P1D", "2000-05-03"
    ]
    german = tag_timexes("Am Tag vor dem 3. Mai reiste er ab. Jeden Tag vor dem 3. Mai kam er.", lang="de",
                         dct=date(2000, 2, 24))
    assert [(t.text, t.value) for t in german] == [
        ("Tag vor dem 3. Mai", "2000-05-02"), ("Jeden Tag", "P1D"), ("3. Mai", "2000-05-03")
    ]


def test_a_part_of_the_day_is_of_the_day_last_mentioned() -> None:
    text = "Hopes were dashed Friday. Dealers placed buy orders in the morning."
    assert tagged(text, date(1989, 10, 30))[1] == ("the morning", "TIME", "1989-10-27TMO")


def test_a_since_clause_lies_in_the_past_even_after_a_future_word() -> None:
    # written on 5 April 2000: "will" would put a year-less November ahead, but "since ..." tells of the past
    text = "It will begin the transfer from the relatives who have cared for him since he was rescued in late November."
    assert tagged(text, date(2000, 4, 5))[0][2] == "1999-11"
    since = tagged("Since KKR bought RJR in February, it has agreed to sell units.", date(1989, 10, 30))
    assert since[0][2] == "1989-02"
    # a comma closes the clause: the main clause may look ahead again
    german = tag_timexes(
        "Während Brixen schon seit einigen Wochen Erklärungen entgegennimmt, "
        "starten Bozen und Meran erst am 10. November.",
        lang="de", dct=date(2014, 11, 7),
    )
    assert german[-1].value == "2014-11-10"


def test_a_past_verb_right_before_a_date_puts_it_in_the_past_even_after_will() -> None:
    dct = date(1989, 10, 27)
    text = "It will offer 1,800 francs for shares issued July 1, which will get less."
    assert tagged(text, dct)[0][2] == "1989-07-01"
    assert tagged("It will pay for shares issued on Dec. 1.", dct)[0][2] == "1988-12-01"
    # a passive still to come, and a reporting verb, leave the future alone
    assert tagged("The shares will be issued July 1.", dct)[0][2] == "1990-07-01"
    assert tagged("He said Dec. 15 is the record date.", dct)[0][2] == "1989-12-15"


def test_one_day_after_a_modal_is_some_day_to_come_and_the_current_fiscal_year_is_this_one() -> None:
    assert tagged("Islam will one day be the second largest religion.") == [("one day", "DATE", "FUTURE_REF")]
    assert tagged("It expects higher sales in the current fiscal year.", date(1989, 11, 2)) == [
        ("the current fiscal year", "DATE", "1989")
    ]


def test_the_future_word_nearest_the_date_decides_after_a_since_clause() -> None:
    text = "It will pay since it was founded in May, and it will meet on Friday."
    values = [value for _, _, value in tagged(text, date(1989, 10, 25))]  # a Wednesday
    assert values == ["1989-05", "1989-10-27"]


def test_a_day_moved_without_a_year_keeps_the_year_unknown() -> None:
    def values(text: str, lang: str = "en") -> list[str]:
        return [t.value for t in tag_timexes(text, lang=lang)]

    assert values("Am Tag nach Weihnachten kam er.", "de") == ["XXXX-12-26"]
    assert values("The day after Dec. 31 he left.") == ["XXXX-01-01"]
    assert values("He left the day before March 1.") == ["XXXX-02-28"]
    assert values("He left the day after Sunday.") == ["XXXX-WXX-1"]


def test_names_of_months_and_days_in_quotes_are_no_sign_of_a_title() -> None:
    assert tagged('He said: "April 12 is a date we work toward."', date(2005, 11, 20)) == [
        ("April 12", "DATE", "2005-04-12")
    ]
    assert [t[0] for t in tagged('"Christmas Day is near," he said.')] == ["Christmas Day"]
    assert tagged('"Friday Night Lights" aired again.') == []  # "Night": a capital running text would not write


def test_a_past_verb_in_a_condition_or_a_present_passive_is_no_past() -> None:
    dct = date(2005, 11, 20)
    text = "If the government fell on Dec. 8, a vote would likely take place in mid-January."
    assert [value for _, _, value in tagged(text, dct)] == ["2005-12-08", "2006-01"]
    assert tagged("The annual vote is held on Dec. 8.", dct)[0][2] == "2005-12-08"
    assert tagged("The vote was held on July 20.", dct)[0][2] == "2005-07-20"


def test_a_newspapers_name_is_not_every_day() -> None:
    assert tagged("a party for an outgoing Daily Mail editor") == []
    assert tagged("Prices rose daily.") == [("daily", "SET", "P1D")]


def test_a_hyphenated_half_hour_is_thirty_minutes() -> None:
    assert [value for _, _, value in tagged("He won in under half-an-hour.")] == ["PT30M"]
    assert tagged("a half-hour meeting") == [("half-hour", "DURATION", "PT30M")]


def test_a_range_runs_forward_even_when_its_start_alone_would_look_ahead() -> None:
    # written in November: "January" alone is the coming one, but "from January to October" is this year's
    november = date(2005, 11, 17)
    assert [v for _, _, v in tagged("From January to October, exports rose.", november)] == ["2005-01", "2005-10"]
    assert [v for _, _, v in tagged("between March and May", november)] == ["2005-03", "2005-05"]
    assert [v for _, _, v in tagged("from Dec. 30 to Jan. 3", november)] == ["2005-12-30", "2006-01-03"]
    german = tag_timexes("von Januar bis Oktober stiegen die Exporte", lang="de", dct=november)
    assert [t.value for t in german] == ["2005-01", "2005-10"]


def test_a_daily_newspaper_named_after_it_is_not_every_day() -> None:
    assert tagged("The Istanbul-based liberal daily Hurriyet said so.") == []
    assert [t[0] for t in tagged("Talks are held daily Monday through Friday.")][:1] == ["daily"]
