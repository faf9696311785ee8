"""An event's short title, as Chronik composes it: who did what ("Wladimir Putin, Alexander Lukaschenko:
Vertrag/Abkommen"), from its actors' names and its type's label in one language.

A composed title says nothing the event's actors and type do not say, so it can be composed again: in another
language for a reader of the dashboard (`dashboard.titles`), or after the analyst changed the actors or the type
(`events.correction_apply`). A title someone wrote (a correction, an event added by hand, another tool's table)
is no composed title and stays as written: `is_composed_title` tells them apart by the type label at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from events.eventtypes import event_type_label, event_types
from events.resources import available_languages

MAX_TITLE_ACTORS = 3  # more actors are cut ("A, B, C …"): the title is a chart label; the actors column has all
_SEPARATOR = ": "


def compose_title(type_label: str, actor_names: Sequence[str]) -> str:
    """"A, B, C …: label" from the actors' names and the type's label, both in the title's language."""
    if not actor_names:
        return type_label
    who = ", ".join(actor_names[:MAX_TITLE_ACTORS])
    return f"{who}{' …' if len(actor_names) > MAX_TITLE_ACTORS else ''}{_SEPARATOR}{type_label}"


@cache
def _type_labels() -> frozenset[str]:
    """Every event type's label in every language Chronik has, and the type ids (a language without a label)."""
    return frozenset({*event_types(), *(event_type_label(kind, lang) for lang in available_languages()
                                        for kind in event_types())})


def is_composed_title(title: str) -> bool:
    """Whether `title` is one `compose_title` made (a type label, alone or after the actors' names), rather than
    one someone wrote."""
    text = title.strip()
    return text in _type_labels() or (_SEPARATOR in text and text.rsplit(_SEPARATOR, 1)[1] in _type_labels())
