"""The detail panel for the selected event: pure helpers that shape one event for reading, and small render
functions that only place their results on the page.

Article text never reaches the page as markup: a source sentence is cut into segments at the offsets of its date
expression and actor mentions, every segment is escaped (`dashboard.safe`), and only then are the highlights
(Markdown emphasis and Streamlit's `:blue-background[...]`) put around the escaped segments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from dashboard import i18n, safe
from events.actors import find_actor_mentions, load_registry
from events.model import Sentence
from events.resources import ResourceError

SegmentKind = Literal["text", "date", "actor"]


@dataclass(frozen=True)
class Segment:
    """A piece of a source sentence, and what it is: plain text, the date expression or an actor mention."""

    text: str
    kind: SegmentKind = "text"


@dataclass(frozen=True)
class Span:
    """A highlight inside a sentence, by offsets relative to the sentence's first character."""

    start: int
    end: int
    kind: SegmentKind


def escape_markdown(text: object) -> str:
    """`text` as literal Markdown (`safe.text`): nothing in it takes effect; line breaks fold."""
    return safe.text(text)


def segments(sentence: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `sentence` at the spans: the first of overlapping spans wins, spans outside the sentence are dropped."""
    pieces: list[Segment] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        start, end = max(span.start, 0), min(span.end, len(sentence))
        if start < position or start >= end:
            continue
        if start > position:
            pieces.append(Segment(sentence[position:start]))
        pieces.append(Segment(sentence[start:end], span.kind))
        position = end
    if position < len(sentence):
        pieces.append(Segment(sentence[position:]))
    return pieces


def segments_markdown(pieces: Sequence[Segment]) -> str:
    """The segments as safe Markdown: the date on a blue background, actor mentions bold."""
    parts = []
    for piece in pieces:
        text = escape_markdown(piece.text)
        if piece.kind == "date" and text.strip():
            parts.append(f":blue-background[{text}]")
        elif piece.kind == "actor" and text.strip():
            parts.append(f"**{text}**")
        else:
            parts.append(text)
    return "".join(parts)


def date_span(source: Mapping[str, Any]) -> Span | None:
    """Where the date expression sits in the source's sentence (its offsets are document offsets)."""
    start, end, sentence_start = source.get("date_char_start"), source.get("date_char_end"), source.get("char_start")
    sentence, date_text = str(source.get("sentence") or ""), str(source.get("date_text") or "")
    if _missing(start) or _missing(end) or _missing(sentence_start):
        # No offsets (an inferred date, a hand-made table): the words as written, if the sentence has them.
        return _find(sentence, date_text, "date") if date_text else None
    span = Span(int(start) - int(sentence_start), int(end) - int(sentence_start), "date")  # type: ignore[arg-type]
    if span.start < 0 or span.end > len(sentence) or (date_text and sentence[span.start : span.end] != date_text):
        return _find(sentence, date_text, "date") if date_text else None  # offsets of another reading: trust words
    return span


def _find(sentence: str, needle: str, kind: SegmentKind) -> Span | None:
    index = sentence.find(needle)
    return Span(index, index + len(needle), kind) if index >= 0 else None


ActorFinder = Callable[[str, str], list[tuple[int, int, str]]]


def registry_actor_mentions(sentence: str, lang: str) -> list[tuple[int, int, str]]:
    """Actor mentions in one sentence by the built-in registry of its language: (start, end, canonical name)."""
    try:
        registry = load_registry(lang or "en")
    except (ResourceError, FileNotFoundError, KeyError):
        return []
    found = find_actor_mentions(sentence, [Sentence(0, len(sentence), sentence)], registry)
    return [(mention.start, mention.end, mention.actor) for mention in found]


def source_segments(source: Mapping[str, Any], actors: Iterable[str],
                    find_actors: ActorFinder = registry_actor_mentions) -> list[Segment]:
    """The source's sentence with its date expression and the mentions of the event's actors marked."""
    sentence = str(source.get("sentence") or "")
    wanted = set(actors)
    spans = [Span(start, end, "actor") for start, end, actor in find_actors(sentence, str(source.get("lang") or ""))
             if actor in wanted]
    found_date = date_span(source)
    return segments(sentence, [*([found_date] if found_date else []), *spans])


# --- the event as text -------------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and value != value)


def _day(value: object) -> str:
    return "" if _missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def _english_or(translator: i18n.Translator | None) -> i18n.Translator:
    return translator or i18n.translator()


def normalized_date(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> str:
    """The date as resolved: one day, a span, an open span, or "unresolved"."""
    t = _english_or(translator)
    start, end = _day(row.get("start")), _day(row.get("end"))
    if not start:
        return t("detail.unresolved")
    first = t("detail.before", day=start) if row.get("open_start") else start
    if row.get("open_end"):
        return t("detail.open_span", start=first)
    return first if not end or end == start else f"{first} – {end}"


def date_flags(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> list[str]:
    """What a fact-checker should know about the date: precision, vague, inferred, open."""
    t = _english_or(translator)
    flags = [t.label("precision", str(row["precision"]))] if row.get("precision") else []
    for column in ("date_vague", "date_inferred", "open_start", "open_end", "date_conflict"):
        if row.get(column):
            flags.append(t(f"detail.flag_{column}"))
    return flags


def candidate_lines(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> list[str]:
    """The dates the sources give, when they disagree: "2024-12-06 (2 sources)"."""
    t = _english_or(translator)
    candidates = row.get("date_candidates") or []
    if len(candidates) < 2:
        return []
    return [f"{c['value']} ({t('detail.sources', count=int(c['count']))})" for c in candidates]


def source_label(source: Mapping[str, Any], translator: i18n.Translator | None = None) -> str:
    """Which document a source sentence comes from."""
    return str(source.get("doc_title") or source.get("doc_id") or _english_or(translator)("detail.unknown_document"))


def source_link(source: Mapping[str, Any]) -> str | None:
    """The article's address to link to, when the events carry one that may be linked (`safe.link_target`)."""
    return safe.link_target(source.get("url"))


def compact_line(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> str:
    """One line for an event in a list of several selected: date, title, actors; escaped Markdown."""
    t = _english_or(translator)
    actors = i18n.actor_names(t, row.get("actors") or []) or t("detail.no_actors")
    title = row.get("title") or row.get("sentence") or row.get("event_id")
    return f"{escape_markdown(normalized_date(row, t))} · **{escape_markdown(title)}** · {escape_markdown(actors)}"


def lines(text: object) -> list[str]:
    return [line for line in str(text or "").splitlines() if line.strip()]


# --- rendering ---------------------------------------------------------------------------------------------


def render_event(row: Mapping[str, Any], container: Any,
                 find_actors: ActorFinder = registry_actor_mentions,
                 translator: i18n.Translator | None = None) -> None:
    """The full detail of one event, into `container` (a Streamlit container or `st`). The labels are ours
    (Markdown from the locale files); every value from the data is escaped."""
    t = _english_or(translator)
    container.markdown(f"#### {escape_markdown(row.get('title') or t('detail.no_title'))}")
    written = escape_markdown(row.get("date_text") or t("detail.no_date_text"))
    flags = escape_markdown(", ".join(date_flags(row, t)))
    container.markdown(t("detail.date_line", written=written, normalized=escape_markdown(normalized_date(row, t)))
                       + (f" · {flags}" if flags else ""))
    kind = escape_markdown(t.label(i18n.EVENT_TYPE, row["event_type"]) if row.get("event_type") else t("chart.untyped"))
    cameo = f" (CAMEO {escape_markdown(row['cameo_code'])})" if row.get("cameo_code") else ""
    actors = escape_markdown(i18n.actor_names(t, row.get("actors") or []) or t("detail.no_actors_named"))
    container.markdown(t("detail.type_line", type=f"{kind}{cameo}", actors=actors))
    candidates = candidate_lines(row, t)
    if candidates:
        container.markdown(t("detail.disagree", dates=escape_markdown("; ".join(candidates))))
    if row.get("corrected"):
        container.caption(t("detail.corrected", notes=escape_markdown(" · ".join(lines(row.get("correction_notes"))))))
    notes = lines(row.get("merge_notes"))
    if notes:
        container.caption(t("detail.merged", notes=escape_markdown(" · ".join(notes))))
    sources = row.get("sources") or []
    container.markdown(t("detail.sources_heading", count=len(sources)))
    for source in sources:
        text = segments_markdown(source_segments(source, row.get("actors") or [], find_actors))
        container.markdown(f"> {text}")
        container.caption(safe.link(source_label(source, t), source.get("url")))
