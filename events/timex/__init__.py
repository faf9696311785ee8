"""Temporal tagging: `tag_timexes` finds TIMEX3 expressions; `timex_interval` turns a value into days."""

from __future__ import annotations

from datetime import date, datetime

from events.model import Timex
from events.timex.grammar import Grammar, GrammarError, load_grammar
from events.timex.interval import timex_interval
from events.timex.tagger import DOC_TYPES, tag_with_grammar
from events.timex.values import is_well_formed

__all__ = [
    "DOC_TYPES",
    "Grammar",
    "GrammarError",
    "as_date",
    "is_well_formed",
    "load_grammar",
    "tag_timexes",
    "timex_interval",
]


def as_date(value: date | datetime | str | None) -> date | None:
    """A document date from a date, datetime or ISO string (YYYY-MM-DD); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"not a date (expected YYYY-MM-DD): {value!r}") from None


def tag_timexes(
    text: str, *, lang: str, dct: date | datetime | str | None = None, doc_type: str = "news"
) -> list[Timex]:
    """Every temporal expression in `text`, in order, TIMEX3-style.

    `dct` is the document creation time: relative expressions ("gestern", "last month") resolve against it; without
    it they keep placeholder values and `resolved=False`. `doc_type="narrative"` anchors relative expressions on the
    last mentioned date instead (histories, Wikipedia).
    """
    return tag_with_grammar(text, load_grammar(lang), dct=as_date(dct), doc_type=doc_type)
