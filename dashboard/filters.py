"""What the user chose to see, and the pure function that applies it to an events dataframe."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from events.merge import PRECISION_RANK

ActorMatch = Literal["any", "all"]
Lanes = Literal["actor", "event_type", "single", "chronology"]
View = Literal["timeline", "counts", "cooccurrence", "map"]

ACTOR_MATCHES: tuple[ActorMatch, ...] = ("any", "all")
LANES: tuple[Lanes, ...] = ("actor", "event_type", "single", "chronology")
VIEWS: tuple[View, ...] = ("timeline", "counts", "cooccurrence", "map")


@dataclass(frozen=True)
class FilterState:
    """The state of a view that a shared link should reproduce.

    Empty selections mean "no restriction". `lanes` and `view` (which chart) are not filters but belong to the
    same shareable view, so they travel with the filters in the URL.
    """

    actors: tuple[str, ...] = ()
    actor_match: ActorMatch = "any"
    event_types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    lanes: Lanes = "actor"
    precisions: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # document labels (`document_label`): an event from any of them passes
    places: tuple[str, ...] = ()  # cities or countries (`event_place_names`): an event in any of them passes
    show_hidden: bool = False  # events the analyst hid stay out unless asked for
    view: View = "timeline"  # the main chart: timeline, counts over time or actor co-occurrence


@dataclass(frozen=True)
class FilterIndex:
    """What the slow filters need, worked out once per data load instead of on every filter change: the
    casefolded text the search looks in, and one (row position, actor) pair per event and actor. Build it with
    `filter_index` for exactly the frame it is used with."""

    search_text: pd.Series
    actor_rows: np.ndarray
    actor_names: pd.Series


def filter_index(events: pd.DataFrame) -> FilterIndex:
    """The `FilterIndex` of `events` (about a fifth of a second at 100,000 events; searching it, a twentieth)."""
    search = (events["title"] + "\n" + events["sentence"] + "\n" + events["date_text"] + "\n"
              + events["doc_title"]).str.casefold()
    lengths = events["actors"].map(len).to_numpy(dtype=np.int64)
    rows = np.repeat(np.arange(len(events)), lengths)
    names = pd.Series([actor for actors in events["actors"] for actor in actors], dtype=object)
    return FilterIndex(search, rows, names)


def _actor_mask(events: pd.DataFrame, index: FilterIndex, wanted: tuple[str, ...], match: ActorMatch) -> np.ndarray:
    hits = index.actor_names.isin(set(wanted)).to_numpy()
    # An actor listed twice in one event must not count twice towards "all of them".
    pairs = pd.DataFrame({"row": index.actor_rows[hits], "actor": index.actor_names.to_numpy()[hits]})
    per_row = np.bincount(pairs.drop_duplicates()["row"].to_numpy(), minlength=len(events))
    return per_row >= (len(set(wanted)) if match == "all" else 1)


def _date_mask(events: pd.DataFrame, date_from: date | None, date_to: date | None) -> pd.Series:
    """Keep events whose span may overlap [date_from, date_to] (both inclusive).

    An open end reaches into the future and an open start into the past, so both count as overlapping on that
    side. Events without a start date cannot be placed in any range and are dropped once a range is set.
    """
    start = events["start"]
    end = events["end"].fillna(start)
    mask = start.notna()
    if date_from is not None:
        mask &= (end >= pd.Timestamp(date_from)) | events["open_end"]
    if date_to is not None:
        mask &= (start <= pd.Timestamp(date_to)) | events["open_start"]
    return mask


def _text_mask(index: FilterIndex, text: str) -> np.ndarray:
    return index.search_text.str.contains(text.strip().casefold(), regex=False).to_numpy(dtype=bool)


def filter_events(events: pd.DataFrame, state: FilterState, index: FilterIndex | None = None) -> pd.DataFrame:
    """Return the rows of a schema-conformant `events` frame that `state` lets through, in their order.

    `index` (`filter_index(events)`, cached by the caller) makes the actor and text filters fast; without it,
    it is worked out here when those filters are set."""
    if state.actors or state.text.strip():
        index = index or filter_index(events)
    mask = pd.Series(True, index=events.index)
    if state.actors and index is not None:
        mask &= _actor_mask(events, index, state.actors, state.actor_match)
    if state.event_types:
        mask &= events["event_type"].isin(state.event_types)
    if state.date_from is not None or state.date_to is not None:
        mask &= _date_mask(events, state.date_from, state.date_to)
    if state.text.strip() and index is not None:
        mask &= _text_mask(index, state.text)
    if state.precisions:
        mask &= events["precision"].isin(state.precisions)
    if state.documents:
        wanted = set(state.documents)
        mask &= events["sources"].map(lambda sources: not wanted.isdisjoint(source_documents(sources)))
    if state.places:
        mask &= place_mask(events, state.places)
    if not state.show_hidden:
        mask &= ~events["hidden"]
    return events[mask.astype(bool)]


def event_place_names(places: Iterable[dict]) -> set[str]:
    """What an event's places answer to in the place filter: each place's name and its country."""
    return {str(value) for place in places for value in (place.get("name"), place.get("country")) if value}


def place_options(events: pd.DataFrame) -> list[str]:
    """Every place and country the events took place in, the one with most events first (ties by name)."""
    counts = Counter(name for places in events["places"] for name in event_place_names(places))
    return sorted(counts, key=lambda name: (-counts[name], name))


def place_mask(events: pd.DataFrame, wanted: Iterable[str]) -> pd.Series:
    """Events that took place in one of `wanted` (a city, or anywhere in a country)."""
    wanted = set(wanted)
    return events["places"].map(lambda places: not wanted.isdisjoint(event_place_names(places))).astype(bool)


def document_label(source: Mapping[str, Any]) -> str:
    """How a document is named in the Documents filter: its title, else its id."""
    return str(source.get("doc_title") or source.get("doc_id") or "")


def source_documents(sources: Iterable[Mapping[str, Any]]) -> set[str]:
    """The labels of the documents an event was read from (a merged event has several)."""
    return {document_label(source) for source in sources} - {""}


def document_options(events: pd.DataFrame) -> list[str]:
    """Every source document in `events`, the one with most events first (ties by name)."""
    counts = Counter(label for sources in events["sources"] for label in source_documents(sources))
    return sorted(counts, key=lambda label: (-counts[label], label))


def precision_options(events: pd.DataFrame) -> list[str]:
    """The date precisions in `events`, finest first (day before month before year ...)."""
    present = set(events["precision"].unique().tolist()) - {""}
    return sorted(present, key=lambda precision: (PRECISION_RANK.get(precision, len(PRECISION_RANK)), precision))


def actor_options(events: pd.DataFrame) -> list[str]:
    """All canonical actors in `events`, most frequent first (ties by name), for the Actors selector."""
    counts = Counter(actor for actors in events["actors"] for actor in actors)
    return sorted(counts, key=lambda actor: (-counts[actor], actor))


def event_type_options(events: pd.DataFrame) -> list[str]:
    """All non-empty event types in `events`, most frequent first (ties by name)."""
    # value_counts, not a Counter: iterating a text column row by row costs a fifth of a second at 100,000 rows.
    counts = events.loc[events["event_type"] != "", "event_type"].value_counts()
    return sorted(counts.index, key=lambda event_type: (-counts[event_type], event_type))


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar offers to choose from in one events frame; worked out once per data load (at 100,000
    events the documents and actors take a tenth of a second or more each), not on every filter change."""

    actors: list[str]
    event_types: list[str]
    precisions: list[str]
    documents: list[str]
    places: list[str] = field(default_factory=list)


def filter_options(events: pd.DataFrame) -> FilterOptions:
    return FilterOptions(actor_options(events), event_type_options(events), precision_options(events),
                         document_options(events), place_options(events))


def restrict_to_options(state: FilterState, actors: Iterable[str], event_types: Iterable[str],
                        precisions: Iterable[str] | None = None, documents: Iterable[str] | None = None,
                        places: Iterable[str] | None = None) -> FilterState:
    """Drop selected actors, event types, precisions and documents that the data does not offer (e.g. from an
    old shared link). Precisions and documents are kept as they are when their options are not given."""
    known_actors = set(actors)
    known_types = set(event_types)
    known_precisions = set(precisions) if precisions is not None else set(state.precisions)
    known_documents = set(documents) if documents is not None else set(state.documents)
    known_places = set(places) if places is not None else set(state.places)
    return replace(
        state,
        actors=tuple(actor for actor in state.actors if actor in known_actors),
        event_types=tuple(event_type for event_type in state.event_types if event_type in known_types),
        precisions=tuple(precision for precision in state.precisions if precision in known_precisions),
        documents=tuple(document for document in state.documents if document in known_documents),
        places=tuple(place for place in state.places if place in known_places),
    )
