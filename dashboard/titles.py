"""Event titles in the reader's language: a title Chronik composed from an event's actors and type ("Russland:
Sonstiges" for a German article) is composed again from the actors' names and the type's label in the
dashboard's language ("Russia: Other"). A title someone wrote, and everything quoted from the article, stays as
written (`events.titles.is_composed_title`). No Streamlit here.

The page and the chart exports show these titles; data files keep the title as the events have it (the article's
language), as `chronik extract` writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import i18n
from events.titles import compose_title, is_composed_title


def reader_title(t: i18n.Translator, title: str, event_type: str, actors: Sequence[str]) -> str:
    """`title` in the reader's language when Chronik composed it, else as written."""
    if not event_type or not is_composed_title(title):
        return title
    return compose_title(t.label(i18n.EVENT_TYPE, event_type), [t.label(i18n.ACTOR, actor) for actor in actors])


def in_reader_language(events: pd.DataFrame, t: i18n.Translator) -> pd.DataFrame:
    """The events with their composed titles in the reader's language (a new frame; the same rows and index)."""
    if events.empty:
        return events
    titles = [reader_title(t, str(title or ""), str(event_type or ""), list(actors))
              for title, event_type, actors in zip(events["title"], events["event_type"], events["actors"],
                                                   strict=True)]
    if titles == list(events["title"]):
        return events
    shown = events.copy()
    shown["title"] = pd.array(titles, dtype=events["title"].dtype)
    return shown
