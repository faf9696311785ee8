"""Merging at scale: the blocked search for links finds exactly what comparing every pair finds, and adding
articles to a merged table gives the table merging everything at once would give."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events import merge, pairing
from events.incremental import merge_into
from events.merge import Mention, MergeRules, merge_events
from events.schema import conform

ACTORS = ["Belarus", "Russia", "Vladimir Putin", "Alexander Lukashenko", "Poland"]
TYPES = ["treaty", "protest", "strike", "meeting", "other"]
# A few words everyone uses and more of their own, so that wording alone joins some pairs and not most
COMMON_WORDS = ["signed", "treaty", "security", "minsk", "protest"]
OWN_WORDS = [f"word{n}" for n in range(25)]
# Cities (which `same_place` joins on) and a country (which it does not).
PLACES = [
    {"name": "Minsk", "country": "Belarus", "country_code": "BY", "latitude": 53.9, "longitude": 27.57, "kind": "city"},
    {"name": "Brest", "country": "Belarus", "country_code": "BY", "latitude": 52.1, "longitude": 23.72, "kind": "city"},
    {"name": "Moscow", "country": "Russia", "country_code": "RU", "latitude": 55.75, "longitude": 37.62,
     "kind": "city"},
    {"name": "Belarus", "country": "Belarus", "country_code": "BY", "latitude": 53.5, "longitude": 27.0,
     "kind": "country"},
]


def random_mention(rng: random.Random, index: int) -> dict[str, object]:
    """A mention with a day, month, year or decade date, an open end ("since 3 January") or none, some actors
    and words from small sets, so that many pairs meet every joining rule and many do not."""
    kind = rng.random()
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(20))
    start: str | None
    end: str | None
    open_end = False
    if kind < 0.1:
        start, end, precision = None, None, "unresolved"
    elif kind < 0.6:
        start, end, precision = day.isoformat(), day.isoformat(), "day"
    elif kind < 0.7:
        start, end, precision, open_end = day.isoformat(), None, "day", True
    elif kind < 0.85:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        start, end, precision = first.isoformat(), last.isoformat(), "month"
    elif kind < 0.95:
        start, end, precision = "2024-01-01", "2024-12-31", "year"
    else:
        start, end, precision = "2020-01-01", "2029-12-31", "decade"
    words = " ".join(rng.sample(COMMON_WORDS, 2) + rng.sample(OWN_WORDS, rng.randrange(2, 7)))
    return {
        "event_id": f"e{index:04d}", "doc_id": f"doc-{index % 7}", "start": start, "end": end,
        "open_end": open_end, "precision": precision, "date_vague": rng.random() < 0.1,
        "event_type": rng.choice(TYPES), "actors": rng.sample(ACTORS, rng.randrange(4)), "sentence": f"{words}.",
        "date_text": start or "recently", "title": words, "places": rng.sample(PLACES, rng.randrange(3)),
    }


def random_mentions(seed: int, count: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = [random_mention(rng, i) for i in range(count)]
    return conform(pd.DataFrame(rows, columns=list(random_mention(random.Random(0), 0))))


def all_pairs(mentions: Sequence[Mention], rules: MergeRules) -> Iterator[tuple[int, int]]:
    return itertools.combinations(range(len(mentions)), 2)


RULE_SETS = [
    MergeRules(),
    MergeRules(compatible_types=(("strike", "protest"),), day_slack=3),
    MergeRules(strong_shared_actors=1, strong_wording_similarity=0.5, min_content_words=3),
    MergeRules(rules=("shared_actors", "undated"), strong_shared_actors=3),
]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(0, 60), rules=st.sampled_from(RULE_SETS))
def test_the_blocked_search_links_what_comparing_every_pair_links(seed: int, count: int, rules: MergeRules) -> None:
    mentions = random_mentions(seed, count)
    blocked = merge_events(mentions, rules=rules)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(merge, "candidate_pairs", all_pairs)
        every_pair = merge_events(mentions, rules=rules)
    pd.testing.assert_frame_equal(blocked, every_pair)


@pytest.mark.parametrize("rules", RULE_SETS)
def test_every_pair_a_rule_links_is_a_candidate_and_most_pairs_are_not(rules: MergeRules) -> None:
    mentions = merge.mentions_of(random_mentions(7, 300))
    found = set(pairing.candidate_pairs(mentions, rules))
    linked = 0
    for i, j in itertools.combinations(range(len(mentions)), 2):
        a, b = mentions[i], mentions[j]
        if not rules.types_compatible(a.record["event_type"], b.record["event_type"]):
            continue
        evidence = merge._evidence(a, b, rules)
        if evidence.relation != merge.APART and any(merge.RULES[name](a, b, evidence, rules) for name in rules.rules):
            linked += 1
            assert (i, j) in found, (a.record, b.record)
    assert linked > 100  # the data has links of every kind ...
    assert len(found) < len(mentions) * (len(mentions) - 1) // 2 / 4  # ... and most pairs are never compared


def test_rules_that_need_no_evidence_compare_every_pair_whose_dates_are_not_apart() -> None:
    rules = MergeRules(min_shared_actors=0)
    mentions = merge.mentions_of(random_mentions(3, 120))
    found = set(pairing.candidate_pairs(mentions, rules))
    for i, j in itertools.combinations(range(len(mentions)), 2):
        a, b = mentions[i], mentions[j]
        if rules.types_compatible(a.record["event_type"], b.record["event_type"]):
            assert (i, j) in found or merge._date_relation(a, b, rules)[0] == merge.APART


def test_an_open_exact_date_and_the_day_before_it_meet_on_strong_wording() -> None:
    # "since 5 January" and a report of 4 January in the same words, naming other actors: near dates, joined
    # by strong wording (near_dates; the other actors then keep them apart); the open date is filed as long, not
    # under each of its days.
    words = "signed treaty security word1 word2 word3"
    rows = [
        {"event_id": "since", "doc_id": "a", "start": "2024-01-05", "end": None, "open_end": True,
         "precision": "day", "event_type": "treaty", "actors": ["Belarus"], "sentence": words, "title": words},
        {"event_id": "before", "doc_id": "b", "start": "2024-01-04", "end": "2024-01-04", "precision": "day",
         "event_type": "treaty", "actors": ["Poland"], "sentence": words, "title": words},
    ]
    mentions = merge.mentions_of(conform(pd.DataFrame(rows)))
    assert set(pairing.candidate_pairs(mentions, MergeRules())) == {(0, 1)}
    assert [link.rule for link in merge._links(mentions, MergeRules())] == ["near_dates"]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(1, 80), new=st.integers(1, 15), rules=st.sampled_from(RULE_SETS))
def test_merging_into_a_merged_table_is_merging_everything_again(seed: int, count: int, new: int,
                                                                  rules: MergeRules) -> None:
    mentions = random_mentions(seed, count + new)
    merged = merge_events(mentions.iloc[new:].reset_index(drop=True), rules=rules)
    added = merge_events(mentions.iloc[:new].reset_index(drop=True), rules=rules)
    expected = merge_events(pd.concat([added, merged], ignore_index=True), rules=rules)
    pd.testing.assert_frame_equal(merge_into(merged, added, rules=rules), expected)


def mention_row(event_id: str, day: str, actors: list[str], words: str) -> dict[str, object]:
    return {"event_id": event_id, "doc_id": f"doc-{event_id}", "start": day, "end": day, "precision": "day",
            "event_type": "treaty", "actors": actors, "sentence": words, "title": words}


def test_an_added_report_a_day_off_joins_the_event_and_what_it_reaches_joins_too() -> None:
    leaders = ["Vladimir Putin", "Alexander Lukashenko"]
    # a day apart with both leaders: one signing (near_dates), found across the day of slack
    merged = merge_events(conform(pd.DataFrame([mention_row("old", "2024-12-05", leaders, "signed pact minsk")])))
    added = merge_events(conform(pd.DataFrame([mention_row("new", "2024-12-06", leaders, "leaders signed pact")])))
    joined = merge_into(merged, added)
    assert len(joined) == 1 and {s["event_id"] for s in joined.iloc[0].sources} == {"old", "new"}
    # R1 and R2 say the same a day apart but name other actors: kept apart. A report naming both R1's actor and
    # R2's joins R1 by its actor, and then R2 may join them: R2 is reached only through R1.
    same = "security treaty signed minsk ceremony leaders"
    r1, r2 = mention_row("r1", "2024-12-05", ["Belarus"], same), mention_row("r2", "2024-12-06", ["Russia"], same)
    merged = merge_events(conform(pd.DataFrame([r1, r2])))
    assert len(merged) == 2
    added = merge_events(conform(pd.DataFrame([mention_row("n", "2024-12-05", ["Belarus", "Russia"],
                                                           "border troops exercise announced")])))
    expected = merge_events(pd.concat([added, merged], ignore_index=True))
    pd.testing.assert_frame_equal(merge_into(merged, added), expected)
    assert len(expected) == 1
