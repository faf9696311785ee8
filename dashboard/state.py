"""Filter state <-> URL query parameters, so a filtered view can be shared as a link.

Both directions are pure. Reading is forgiving: a shared link may be hand-edited, truncated or old, so unknown
keys and junk values are ignored rather than raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from dashboard.filters import ACTOR_MATCHES, LANES, VIEWS, FilterState
from events.eventtypes import current_type

# The days a date widget and a link may hold: the whole calendar dates have (years 1 to 9999), as events may.
FIRST_DAY = date.min
LAST_DAY = date.max

# Short, readable keys: the link is meant to be read and pasted by people.
ACTOR_KEY = "actor"
MATCH_KEY = "match"
TYPE_KEY = "type"
FROM_KEY = "from"
TO_KEY = "to"
TEXT_KEY = "q"
LANES_KEY = "lanes"
PRECISION_KEY = "precision"
DOCUMENT_KEY = "doc"
PLACE_KEY = "place"
HIDDEN_KEY = "hidden"
VIEW_KEY = "view"
# The interface language: not a filter (a reset keeps it), but kept in the link so a shared view reads the same.
UI_KEY = "ui"
QUERY_KEYS: tuple[str, ...] = (ACTOR_KEY, MATCH_KEY, TYPE_KEY, FROM_KEY, TO_KEY, TEXT_KEY, LANES_KEY, PRECISION_KEY,
                               DOCUMENT_KEY, PLACE_KEY, HIDDEN_KEY, VIEW_KEY)
_YES = ("1", "true", "yes")

# Bounds against absurd links: nobody selects hundreds of actors, and a value this long is not a name.
MAX_VALUES = 100
MAX_VALUE_LENGTH = 200

QueryValue = str | list[str]


def state_to_query(state: FilterState) -> dict[str, QueryValue]:
    """The query parameters for `state`; defaults are left out so links stay short."""
    query: dict[str, QueryValue] = {}
    if state.actors:
        query[ACTOR_KEY] = list(state.actors)
    if state.actor_match != FilterState.actor_match:
        query[MATCH_KEY] = state.actor_match
    if state.event_types:
        query[TYPE_KEY] = list(state.event_types)
    if state.date_from is not None:
        query[FROM_KEY] = state.date_from.isoformat()
    if state.date_to is not None:
        query[TO_KEY] = state.date_to.isoformat()
    if state.text.strip():
        query[TEXT_KEY] = state.text.strip()
    if state.lanes != FilterState.lanes:
        query[LANES_KEY] = state.lanes
    if state.precisions:
        query[PRECISION_KEY] = list(state.precisions)
    if state.documents:
        query[DOCUMENT_KEY] = list(state.documents)
    if state.places:
        query[PLACE_KEY] = list(state.places)
    if state.show_hidden:
        query[HIDDEN_KEY] = "1"
    if state.view != FilterState.view:
        query[VIEW_KEY] = state.view
    return query


def _values(query: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    raw = query.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [item for item in items if isinstance(item, str)]


def _names(query: Mapping[str, str | Sequence[str]], key: str) -> tuple[str, ...]:
    names: list[str] = []
    for value in _values(query, key):
        name = value.strip()
        if name and len(name) <= MAX_VALUE_LENGTH and name not in names:
            names.append(name)
    return tuple(names[:MAX_VALUES])


def _choice(query: Mapping[str, str | Sequence[str]], key: str, allowed: Sequence[str], default: str) -> str:
    valid = [value.strip() for value in _values(query, key) if value.strip() in allowed]
    return valid[-1] if valid else default


def _date(query: Mapping[str, str | Sequence[str]], key: str) -> date | None:
    for value in reversed(_values(query, key)):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            continue
    return None


def state_from_query(query: Mapping[str, str | Sequence[str]]) -> FilterState:
    """Read a `FilterState` from query parameters (single strings or lists of strings per key)."""
    date_from = _date(query, FROM_KEY)
    date_to = _date(query, TO_KEY)
    if date_from is not None and date_to is not None and date_from > date_to:
        # A reversed range is an obvious slip; honour the intent rather than show nothing.
        date_from, date_to = date_to, date_from
    texts = [value.strip() for value in _values(query, TEXT_KEY) if len(value.strip()) <= MAX_VALUE_LENGTH]
    return FilterState(
        actors=_names(query, ACTOR_KEY),
        actor_match=_choice(query, MATCH_KEY, ACTOR_MATCHES, FilterState.actor_match),  # type: ignore[arg-type]
        # A link from before a type was renamed ("military") selects its successor ("attack").
        event_types=tuple(dict.fromkeys(current_type(t) for t in _names(query, TYPE_KEY))),
        date_from=date_from,
        date_to=date_to,
        text=texts[-1] if texts else "",
        lanes=_choice(query, LANES_KEY, LANES, FilterState.lanes),  # type: ignore[arg-type]
        precisions=_names(query, PRECISION_KEY),
        documents=_names(query, DOCUMENT_KEY),
        places=_names(query, PLACE_KEY),
        show_hidden=any(value.strip().lower() in _YES for value in _values(query, HIDDEN_KEY)),
        view=_choice(query, VIEW_KEY, VIEWS, FilterState.view),  # type: ignore[arg-type]
    )


def language_from_query(query: Mapping[str, str | Sequence[str]], available: Sequence[str]) -> str | None:
    """The interface language a link asks for, if it names one there is a locale file for."""
    valid = [value.strip().lower() for value in _values(query, UI_KEY) if value.strip().lower() in available]
    return valid[-1] if valid else None


def language_to_query(language: str, browser_language: str, default: str) -> dict[str, QueryValue]:
    """`ui=<language>` unless it is the default language and the browser's too: then a link without it opens the
    same way here, and a reader elsewhere gets their own browser's language (nobody chose one)."""
    return {} if language == default == browser_language else {UI_KEY: language}
