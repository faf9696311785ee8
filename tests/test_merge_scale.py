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

from events import merge
from events.merge import Mention, MergeRules, merge_events
from events.schema import conform

ACTORS = ["Belarus", "Russia", "Vladimir Putin", "Alexander Lukashenko", "Poland"]
TYPES = ["treaty", "protest", "strike", "meeting", "other"]
WORDS = ["signed", "treaty", "security", "minsk", "protest", "rally", "strike", "workers", "summit", "leaders"]


def random_mention(rng: random.Random, index: int) -> dict[str, object]:
    """A mention with a day, month or year date, an open end or none, some actors and words from small sets, so
    that many pairs meet every joining rule and many do not."""
    kind = rng.random()
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(20))
    start: str | None
    if kind < 0.1:
        start, end, precision = None, None, "unresolved"
    elif kind < 0.7:
        start, end, precision = day.isoformat(), day.isoformat(), "day"
    elif kind < 0.9:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        start, end, precision = first.isoformat(), last.isoformat(), "month"
    else:
        start, end, precision = "2024-01-01", "2024-12-31", "year"
    words = " ".join(rng.sample(WORDS, 5))
    return {
        "event_id": f"e{index:04d}", "doc_id": f"doc-{index % 7}", "start": start, "end": end,
        "precision": precision, "date_vague": rng.random() < 0.1, "event_type": rng.choice(TYPES),
        "actors": rng.sample(ACTORS, rng.randrange(4)), "sentence": f"{words}.", "date_text": start or "recently",
        "title": words,
    }


def random_mentions(seed: int, count: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = [random_mention(rng, i) for i in range(count)]
    return conform(pd.DataFrame(rows, columns=list(random_mention(random.Random(0), 0))))


def all_pairs(mentions: Sequence[Mention], rules: MergeRules) -> Iterator[tuple[int, int]]:
    return itertools.combinations(range(len(mentions)), 2)


RULE_SETS = [MergeRules(), MergeRules(compatible_types=(("strike", "protest"),), day_slack=3)]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(0, 60), rules=st.sampled_from(RULE_SETS))
def test_the_blocked_search_links_what_comparing_every_pair_links(seed: int, count: int, rules: MergeRules) -> None:
    mentions = random_mentions(seed, count)
    blocked = merge_events(mentions, rules=rules)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(merge, "candidate_pairs", all_pairs)
        every_pair = merge_events(mentions, rules=rules)
    pd.testing.assert_frame_equal(blocked, every_pair)


def test_candidate_pairs_leave_out_only_pairs_whose_dates_are_apart() -> None:
    rules = MergeRules()
    mentions = merge.mentions_of(random_mentions(7, 200))
    found = set(merge.candidate_pairs(mentions, rules))
    for i, j in itertools.combinations(range(len(mentions)), 2):
        a, b = mentions[i], mentions[j]
        if not rules.types_compatible(a.record["event_type"], b.record["event_type"]):
            continue
        relation, _ = merge._date_relation(a, b, rules)
        assert ((i, j) in found) or relation == merge.APART
    assert len(found) < len(mentions) * (len(mentions) - 1) // 2 / 3  # and far fewer than all pairs
