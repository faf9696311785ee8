"""The benchmark's synthetic events (bench/synthetic_events.py) are a table `chronik extract` could have written:
one row per happening, so merging it changes nothing and an uploaded article joins only what it reports; and its
shapes stay those of news."""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.synthetic_events import PRECISIONS, synthetic_events  # noqa: E402
from dashboard import data  # noqa: E402
from events.eventtypes import event_types  # noqa: E402
from events.merge import merge_events  # noqa: E402

ARTICLE = ("Lukaschenko trifft Putin in Moskau\n\nAm 3. März 2023 trafen sich Alexander Lukaschenko und Wladimir "
           "Putin in Moskau. Sie sprachen über einen Vertrag.").encode()


@pytest.fixture(scope="module")
def thousand() -> pd.DataFrame:
    return synthetic_events(1_000)


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    return synthetic_events(20_000)


def test_merging_the_table_changes_nothing(thousand: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(merge_events(thousand), thousand)


def test_an_uploaded_article_adds_its_events_and_merges_none_of_the_table(thousand: pd.DataFrame) -> None:
    added = data.events_from_uploads([("moskau.txt", ARTICLE)], lang="de", dct=None).events
    assert len(added) >= 1
    combined = data.add_events(thousand, added)
    assert len(combined) == len(thousand) + len(added)
    assert (combined["source_count"] == 1).all()


def twins(events: pd.DataFrame) -> dict[str, int]:
    """Pairs of rows that events/merge.py would join, by its rules, counted without merging (which is quadratic):
    the same type (not 'other') and an actor in common with dates that overlap; the same exact day with no actors on
    one side; two actors in common with one undated."""
    mergeable = events[events["event_type"] != "other"]
    first = mergeable["start"].where(~mergeable["open_start"], pd.Timestamp.min)
    last = mergeable["end"].where(~mergeable["open_end"] & mergeable["end"].notna(), pd.Timestamp.max)
    dated = mergeable["start"].notna()
    by_actor = pd.DataFrame({"type": mergeable["event_type"], "actor": mergeable["actors"], "first": first,
                             "last": last})[dated].explode("actor").dropna(subset=["actor"])
    by_actor = by_actor.sort_values(["type", "actor", "first"])
    latest_before = by_actor.groupby(["type", "actor"])["last"].transform(lambda lasts: lasts.cummax().shift())
    overlapping = int((by_actor["first"] <= latest_before).sum())

    exact = mergeable[dated & (mergeable["precision"] == "day") & ~mergeable["open_start"]
                      & ~mergeable["date_vague"] & ~mergeable["date_inferred"]]
    days = exact.assign(unnamed=exact["actors"].map(len) == 0, last=last[exact.index])
    same_day = days.groupby(["event_type", "start", "last"]).agg(rows=("unnamed", "size"), unnamed=("unnamed", "any"))
    unnamed_same_day = int(((same_day["rows"] > 1) & same_day["unnamed"]).sum())

    pairs = [(kind, pair, is_dated) for kind, actors, is_dated in zip(mergeable["event_type"], mergeable["actors"],
                                                                      dated, strict=True)
             for pair in combinations(sorted(actors), 2)]
    pair_rows = pd.DataFrame(pairs, columns=["type", "pair", "dated"])
    per_pair = pair_rows.groupby(["type", "pair"])["dated"].agg(["size", "all"])
    undated_with_two_actors = int(((per_pair["size"] > 1) & ~per_pair["all"]).sum())
    return {"overlapping": overlapping, "unnamed same day": unnamed_same_day,
            "undated with two actors": undated_with_two_actors}


def test_no_two_rows_are_one_happening(large: pd.DataFrame) -> None:
    assert twins(large) == {"overlapping": 0, "unnamed same day": 0, "undated with two actors": 0}


def test_the_twin_count_sees_twins() -> None:
    events = synthetic_events(300, seed=2)
    named = events[events["start"].notna() & (events["event_type"] != "other") & (events["actors"].map(len) > 0)]
    again = named.iloc[[0]].assign(event_id="another report")  # the same happening once more
    assert twins(pd.concat([events, again], ignore_index=True))["overlapping"] == len(named.iloc[0]["actors"])
    undated = named.iloc[[0]].assign(event_id="undated", start=pd.NaT, end=pd.NaT, precision="unresolved",
                                     actors=[["Actor 000", "Actor 001"]])
    both = named.iloc[[0]].assign(event_id="both", actors=[["Actor 001", "Actor 000"]])
    assert twins(pd.concat([events, undated, both], ignore_index=True))["undated with two actors"] == 1


def test_the_shapes_of_news_stay(large: pd.DataFrame) -> None:
    assert len(large) == 20_000 and large["event_id"].is_unique and large["sentence"].is_unique
    shares = large["precision"].value_counts(normalize=True)
    for precision, share in PRECISIONS.items():
        assert abs(shares[precision] - share) < 0.02, (precision, shares[precision])
    # Types are drawn with uneven weights, as news has them: nearly all of the taxonomy's 43, none from outside it.
    assert set(large["event_type"]) <= set(event_types())
    assert len(set(large["event_type"])) >= 0.9 * len(event_types())
    # The long tail: the busiest actor in about a fifth of the events, most events naming one.
    counts = large["actors"].explode().value_counts()
    assert counts.iloc[0] > 0.15 * len(large) and counts.index[0] == "Actor 000"
    assert (large["actors"].map(len) == 0).mean() < 0.25
    pd.testing.assert_frame_equal(synthetic_events(500, seed=4), synthetic_events(500, seed=4))
