"""Filtering events, and carrying the filter state through a URL query string."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from dashboard_fixtures import (
    ARRESTS,
    ELECTION,
    INDEPENDENCE,
    INTERVIEW,
    MILITARY,
    PROTEST,
    STRIKE,
    TREATY,
    UNRESOLVED,
    events_frame,
)
from hypothesis import given
from hypothesis import strategies as st

from dashboard.filters import (
    FilterState,
    actor_options,
    event_type_options,
    filter_events,
    filter_index,
    restrict_to_options,
)
from dashboard.state import state_from_query, state_to_query

ALL_IDS = {INDEPENDENCE, ELECTION, PROTEST, STRIKE, ARRESTS, MILITARY, TREATY, INTERVIEW, UNRESOLVED}


@pytest.fixture
def events() -> pd.DataFrame:
    return events_frame()


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["event_id"])


def test_no_filter_keeps_every_event_including_undated_ones(events: pd.DataFrame) -> None:
    assert ids(filter_events(events, FilterState())) == ALL_IDS


def test_one_actor_keeps_only_events_involving_that_actor(events: pd.DataFrame) -> None:
    kept = filter_events(events, FilterState(actors=("Alexander Lukashenko",)))
    assert ids(kept) == {TREATY, PROTEST}
    assert INDEPENDENCE not in ids(kept)


def test_actor_match_any_versus_all(events: pd.DataFrame) -> None:
    pair = ("Vladimir Putin", "Alexander Lukashenko")
    assert ids(filter_events(events, FilterState(actors=pair, actor_match="any"))) == {TREATY, PROTEST}
    assert ids(filter_events(events, FilterState(actors=pair, actor_match="all"))) == {TREATY}


def test_event_types_filter(events: pd.DataFrame) -> None:
    kept = filter_events(events, FilterState(event_types=("protest", "treaty")))
    assert ids(kept) == {PROTEST, TREATY, UNRESOLVED}


def test_date_range_keeps_events_whose_span_overlaps_it(events: pd.DataFrame) -> None:
    kept = filter_events(events, FilterState(date_from=date(2020, 12, 1), date_to=date(2022, 1, 15)))
    # The 2020 arrests (a year) and early 2022 overlap; the open-ended strike is still going on; August 2020 is
    # over; the undated event cannot be placed in any range.
    assert ids(kept) == {ARRESTS, MILITARY, STRIKE}


def test_open_lower_or_upper_bound(events: pd.DataFrame) -> None:
    assert ids(filter_events(events, FilterState(date_to=date(1995, 1, 1)))) == {INDEPENDENCE}
    assert ids(filter_events(events, FilterState(date_from=date(2024, 12, 1)))) == {TREATY, INTERVIEW, STRIKE}


def test_open_start_counts_as_reaching_back(events: pd.DataFrame) -> None:
    events.loc[events["event_id"] == MILITARY, "open_start"] = True
    assert MILITARY in ids(filter_events(events, FilterState(date_to=date(2000, 1, 1))))


def test_text_search_is_case_insensitive_over_title_sentence_and_date(events: pd.DataFrame) -> None:
    assert ids(filter_events(events, FilterState(text="GENERALSTREIK"))) == {STRIKE}
    assert ids(filter_events(events, FilterState(text="kürzlich"))) == {TREATY}
    assert ids(filter_events(events, FilterState(text="   "))) == ALL_IDS


def test_filters_combine(events: pd.DataFrame) -> None:
    state = FilterState(actors=("Belarus",), event_types=("protest", "election"), date_from=date(2020, 1, 1))
    assert ids(filter_events(events, state)) == {ELECTION, PROTEST}


def test_filtering_keeps_the_schema_and_order(events: pd.DataFrame) -> None:
    kept = filter_events(events, FilterState(actors=("Belarus",)))
    assert list(kept.columns) == list(events.columns)
    assert list(kept["event_id"]) == [e for e in events["event_id"] if e in ids(kept)]


def test_filtering_an_empty_frame_gives_an_empty_frame(events: pd.DataFrame) -> None:
    empty = events.iloc[0:0]
    assert filter_events(empty, FilterState(actors=("Belarus",), date_from=date(2020, 1, 1), text="x")).empty


def test_actor_options_are_most_frequent_first_then_by_name(events: pd.DataFrame) -> None:
    options = actor_options(events)
    assert options[:2] == ["Belarus", "Alexander Lukashenko"]
    assert options[2:] == sorted(options[2:])
    assert set(options) == {"Belarus", "Alexander Lukashenko", "Soviet Union", "Russia", "Ukraine", "Vladimir Putin"}


def test_event_type_options_skip_empty_types(events: pd.DataFrame) -> None:
    events.loc[events["event_id"] == INTERVIEW, "event_type"] = ""
    options = event_type_options(events)
    assert options[0] == "protest"
    assert "" not in options


def test_restrict_to_options_drops_names_the_data_does_not_have() -> None:
    state = FilterState(actors=("Belarus", "Atlantis"), event_types=("treaty", "coronation"), text="x")
    restricted = restrict_to_options(state, ["Belarus"], ["treaty"])
    assert restricted == FilterState(actors=("Belarus",), event_types=("treaty",), text="x")


# --- URL state ---------------------------------------------------------------------------------------------


def test_default_state_is_an_empty_query() -> None:
    assert state_to_query(FilterState()) == {}
    assert state_from_query({}) == FilterState()


def test_query_to_state_to_query_round_trip() -> None:
    query = {
        "actor": ["Alexander Lukashenko", "Vladimir Putin"],
        "match": "all",
        "type": ["treaty"],
        "from": "2020-01-01",
        "to": "2024-12-31",
        "q": "Minsk",
        "lanes": "event_type",
    }
    state = state_from_query(query)
    assert state == FilterState(
        actors=("Alexander Lukashenko", "Vladimir Putin"), actor_match="all", event_types=("treaty",),
        date_from=date(2020, 1, 1), date_to=date(2024, 12, 31), text="Minsk", lanes="event_type",
    )
    assert state_to_query(state) == query


def test_single_strings_and_lists_are_both_accepted() -> None:
    assert state_from_query({"actor": "Belarus"}).actors == ("Belarus",)
    assert state_from_query({"lanes": ["actor", "event_type"]}).lanes == "event_type"  # the last one wins


def test_junk_query_values_are_ignored() -> None:
    junk = {
        "match": "sometimes",
        "lanes": "by-colour",
        "from": "yesterday",
        "to": ["2020-13-45"],
        "actor": ["", "   ", "x" * 5000],
        "type": [],
        "unrelated": "1",
    }
    assert state_from_query(junk) == FilterState()


def test_query_cleans_names_and_drops_duplicates() -> None:
    state = state_from_query({"actor": [" Belarus ", "Belarus", "Russia"]})
    assert state.actors == ("Belarus", "Russia")


def test_reversed_date_range_is_swapped_not_emptied() -> None:
    state = state_from_query({"from": "2024-01-01", "to": "2020-01-01"})
    assert (state.date_from, state.date_to) == (date(2020, 1, 1), date(2024, 1, 1))


def test_an_absurd_number_of_actors_is_capped() -> None:
    state = state_from_query({"actor": [f"actor {index}" for index in range(10_000)]})
    assert 0 < len(state.actors) <= 100


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).map(
    str.strip
).filter(bool)


@given(
    actors=st.lists(names, max_size=5, unique=True),
    match=st.sampled_from(["any", "all"]),
    types=st.lists(names, max_size=3, unique=True),
    date_from=st.none() | st.dates(),
    date_to=st.none() | st.dates(),
    text=st.just("") | names,
    lanes=st.sampled_from(["actor", "event_type"]),
)
def test_any_state_survives_the_trip_through_the_url(
    actors: list[str], match: str, types: list[str], date_from: date | None, date_to: date | None, text: str,
    lanes: str,
) -> None:
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    state = FilterState(
        actors=tuple(actors), actor_match=match, event_types=tuple(types),  # type: ignore[arg-type]
        date_from=date_from, date_to=date_to, text=text, lanes=lanes,  # type: ignore[arg-type]
    )
    assert state_from_query(state_to_query(state)) == state


def _filter_by_hand(events: pd.DataFrame, state: FilterState) -> set[str]:
    """The actor and text filters written out row by row, as the reference for the indexed ones."""
    needle = state.text.strip().casefold()
    kept = set()
    for row in events.to_dict("records"):
        actors = set(row["actors"])
        if state.actors and not (set(state.actors) <= actors if state.actor_match == "all"
                                 else actors & set(state.actors)):
            continue
        text = "\n".join([row["title"], row["sentence"], row["date_text"], row["doc_title"]]).casefold()
        if needle and needle not in text:
            continue
        if not row["hidden"]:
            kept.add(row["event_id"])
    return kept


@pytest.mark.parametrize("state", [
    FilterState(actors=("Belarus",)),
    FilterState(actors=("Belarus", "Alexander Lukashenko"), actor_match="all"),
    FilterState(actors=("Belarus", "Nobody"), actor_match="all"),
    FilterState(actors=("Vladimir Putin", "Russia")),
    FilterState(text="AUGUST"),
    FilterState(text="Belarus", actors=("Russia",)),
])
def test_the_filter_index_gives_what_the_filters_say(events: pd.DataFrame, state: FilterState) -> None:
    index = filter_index(events)
    assert set(filter_events(events, state, index)["event_id"]) == _filter_by_hand(events, state)
    assert set(filter_events(events, state)["event_id"]) == _filter_by_hand(events, state)


def test_an_actor_named_twice_in_one_event_is_not_two_of_all_wanted(events: pd.DataFrame) -> None:
    doubled = events.copy()
    doubled["actors"] = doubled["actors"].map(lambda actors: [*actors, *actors])
    both = FilterState(actors=("Belarus", "Vladimir Putin"), actor_match="all")
    assert set(filter_events(doubled, both)["event_id"]) == _filter_by_hand(events, both)


def test_search_folds_case_beyond_lower_case(events: pd.DataFrame) -> None:
    street = events.copy()
    street.loc[street.index[0], "title"] = "Demonstration in der Straße"
    assert list(filter_events(street, FilterState(text="STRASSE"))["event_id"]) == [street["event_id"].iloc[0]]
