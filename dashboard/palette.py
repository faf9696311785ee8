"""Colours: one fixed colour per event type, defined once in events/resources/event_colours.toml.

The dashboard, `chronik export` and every exported chart colour an event type by `type_colour`, so a type looks
the same in every picture, whatever other types the data holds. Groupings that are not event types (date
precisions in the counts view) take colours in order from `SERIES_PALETTE`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

from events.eventtypes import event_family
from events.resources import load_resource

COLOURS_RESOURCE = "event_colours"
# Okabe & Ito (2008), the standard colour-blind-safe set, minus its black; for series that are not event types.
SERIES_PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999933",
                                   "#882255", "#332288", "#44AA99", "#DDCC77", "#F0E442")


@cache
def _colour_table() -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    data = load_resource(COLOURS_RESOURCE)
    spare = tuple(data.get("spare", {}).get("colours", ())) or SERIES_PALETTE
    return dict(data.get("types", {})), dict(data.get("families", {})), spare


def type_family(event_type: str) -> str:
    """The family an event type belongs to (`events.eventtypes.event_family`: a PLOVER category or one of ours;
    an earlier version's id, "military", its successor's); "" for a type the taxonomy does not know."""
    try:
        return event_family(event_type)
    except KeyError:
        return ""


def type_colour(event_type: str) -> str:
    """The colour of `event_type`: its own, else its family's, else a spare one chosen by its name."""
    types, families, spare = _colour_table()
    if event_type in types:
        return types[event_type]
    family = type_family(event_type)
    if family and family in families:
        return families[family]
    digest = hashlib.sha1(event_type.encode("utf-8")).digest()
    return spare[int.from_bytes(digest[:4], "big") % len(spare)]


def event_type_colours(event_types: Iterable[str]) -> dict[str, str]:
    """The colour of each of `event_types` (`type_colour`): fixed, so filters and uploads never repaint a type."""
    return {event_type: type_colour(event_type) for event_type in event_types}


def series_colours(groups: Iterable[str]) -> dict[str, str]:
    """Colours for groups that are not event types, in the order given (past the palette's end they repeat)."""
    return {group: SERIES_PALETTE[index % len(SERIES_PALETTE)] for index, group in enumerate(groups)}
