"""The detail panel for the selected event: pure helpers that shape one event for reading, and small render
functions that only place their results on the page.

Article text never reaches the page as markup. A quote from an article is shown verbatim, as HTML built from
escaped text (`quote_html`), not as Markdown: Streamlit's Markdown rewrites " -- " into a dash and " -> " into an
arrow after parsing, where no escape stops it. The sentence is cut into segments at the offsets of its date
expression and actor mentions, every segment is escaped, and only then are the highlights (`<mark>` for the date,
`<strong>` for actors) put around them. Other values from the data (titles, names, addresses) go through
`dashboard.safe` into Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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


# The quotes' look, close to Streamlit's own blockquote and :blue-background[]; static, never from data.
QUOTE_CSS = """
.chronik-quote {margin: 0.25rem 0 0.75rem 0; padding: 0.1rem 0 0.1rem 1rem; border-left: 0.2rem solid
 rgba(49, 51, 63, 0.2); font-size: 1rem; line-height: 1.6; white-space: pre-wrap; overflow-wrap: anywhere;}
.chronik-quote mark {background: rgba(28, 131, 225, 0.1); color: rgb(0, 66, 128); padding: 0 0.2em;
 border-radius: 0.25rem;}
"""


def quote_html(pieces: Sequence[Segment], lang: str = "") -> str:
    """The segments as one verbatim quote in HTML: every character escaped, the date marked, actors bold. The
    quote's language is set, so a browser reads (and hyphenates) it as what it is."""
    parts = []
    for piece in pieces:
        text = html.escape(piece.text, quote=True)
        if piece.kind == "date" and text.strip():
            parts.append(f"<mark>{text}</mark>")
        elif piece.kind == "actor" and text.strip():
            parts.append(f"<strong>{text}</strong>")
        else:
            parts.append(text)
    language = f' lang="{html.escape(lang, quote=True)}"' if re.fullmatch(r"[a-z]{2,3}", lang or "") else ""
    return f'<blockquote class="chronik-quote"{language}>{"".join(parts)}</blockquote>'


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
    """The dates the sources give, when they disagree (see `dates_disagree`): "2024-12-06 (2 sources)"."""
    t = _english_or(translator)
    candidates = row.get("date_candidates") or []
    if not dates_disagree(candidates):
        return []
    return [f"{c['value']} ({t('detail.sources', count=int(c['count']))})" for c in candidates]


def _candidate_span(value: str) -> tuple[date, date] | None:
    """A date candidate's days: "2024-12-06", "2024-12-01..2024-12-31", "2024-12-01.." (open end), "..2024-12-31";
    None for "unresolved" or anything else."""
    first, _, last = value.partition("..") if ".." in value else (value, "", value)
    try:
        return (date.fromisoformat(first) if first else date.min, date.fromisoformat(last) if last else date.max)
    except ValueError:
        return None


def dates_disagree(candidates: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the sources' dates contradict each other: two of them of which neither contains the other (5 and 6
    December). "December 2024" and "6 December 2024" agree: one is the other, said less exactly."""
    spans = [span for span in (_candidate_span(str(c.get("value") or "")) for c in candidates) if span]
    return any(not (a[0] <= b[0] and b[1] <= a[1]) and not (b[0] <= a[0] and a[1] <= b[1])
               for index, a in enumerate(spans) for b in spans[index + 1:])


def source_link(source: Mapping[str, Any]) -> str | None:
    """The article's address to link to, when the events carry one that may be linked (`safe.link_target`)."""
    return safe.link_target(source.get("url"))


@dataclass(frozen=True)
class SourceDocument:
    """An article the event's sources come from, and its quotes (the sources), in the order first cited."""

    doc_id: str
    title: str
    published: date | None
    url: str | None  # a linkable address (`safe.link_target`), or None
    quotes: tuple[Mapping[str, Any], ...]


def _published(value: object) -> date | None:
    return None if _missing(value) or value in ("", None) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def source_documents(sources: Sequence[Mapping[str, Any]]) -> list[SourceDocument]:
    """The event's sources grouped by article: its title, publication date and address, then its quotes."""
    order: list[str] = []
    quotes: dict[str, list[Mapping[str, Any]]] = {}
    for source in sources:
        doc_id = str(source.get("doc_id") or "")
        if doc_id not in quotes:
            order.append(doc_id)
            quotes[doc_id] = []
        quotes[doc_id].append(source)
    documents = []
    for doc_id in order:
        cited = quotes[doc_id]
        first = cited[0]
        documents.append(SourceDocument(
            doc_id=doc_id, title=str(first.get("doc_title") or ""),
            published=next((day for day in (_published(s.get("doc_date")) for s in cited) if day), None),
            url=next((url for url in (source_link(s) for s in cited) if url), None), quotes=tuple(cited)))
    return documents


def document_line(document: SourceDocument, translator: i18n.Translator | None = None) -> str:
    """The article a quote is from, as safe Markdown: its title, publication date and a link to it."""
    t = _english_or(translator)
    title = document.title or t("detail.untitled", name=document.doc_id or t("detail.unknown_document"))
    parts = [f"**{escape_markdown(title)}**"]
    parts.append(t("detail.published", day=document.published.isoformat()) if document.published
                 else t("detail.no_publication_date"))
    if document.url:
        parts.append(safe.link(t("detail.open_article"), document.url))
    return " · ".join(parts)


# The joining rules' names in `merge_notes` lines ("[shared_actors] joined ..."); "[analyst]" marks a merge the
# analyst made. Each has a phrase in the locale files (merge_rule.<name>); an unknown rule is left unnamed.
_MERGE_RULE = re.compile(r"^\[(\w+)\]")


def merge_summary(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> str:
    """How many reports in how many articles were read as this one event, and by which rules: the why of
    `merge_notes`, without the ids it names. "" for an event of one report."""
    t = _english_or(translator)
    sources = row.get("sources") or []
    if len(sources) < 2:
        return ""
    rules = list(dict.fromkeys(match.group(1) for line in lines(row.get("merge_notes"))
                               if (match := _MERGE_RULE.match(line)) and t.has(f"merge_rule.{match.group(1)}")))
    articles = len({str(source.get("doc_id")) for source in sources})
    text = t("detail.merged", reports=len(sources), articles=t("detail.articles", count=articles))
    return text + (t("detail.merged_because", rules="; ".join(t(f"merge_rule.{rule}") for rule in rules))
                   if rules else "")


# What a correction changed, by the words `events.correction_log.describe` starts its line with.
_CORRECTION_KINDS = {"date": "date", "actors": "actors", "type": "type", "title": "title", "hidden": "hidden",
                     "shown again": "shown_again", "merged": "merged", "split off": "split_off",
                     "added by hand": "added"}
_CORRECTION_LINE = re.compile(r"^#\d+ (" + "|".join(re.escape(word) for word in _CORRECTION_KINDS) + r")\b")


def correction_summary(row: Mapping[str, Any], translator: i18n.Translator | None = None) -> str:
    """What the analyst changed about this event, in the reader's words ("Corrected: date, actors"); "" if
    nothing. The correction log keeps the details (numbers, authors, notes)."""
    if not row.get("corrected"):
        return ""
    t = _english_or(translator)
    kinds = list(dict.fromkeys(_CORRECTION_KINDS[match.group(1)] for line in lines(row.get("correction_notes"))
                               if (match := _CORRECTION_LINE.match(line))))
    return t("detail.corrected", what=", ".join(t(f"detail.corrected_{kind}") for kind in kinds)
             or t("detail.corrected_other"))


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
    (Markdown from the locale files); every value from the data is escaped, and quotes are verbatim HTML."""
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
    for note in (correction_summary(row, t), merge_summary(row, t)):
        if note:
            container.caption(note)
    sources = row.get("sources") or []
    container.markdown(t("detail.sources_heading", count=len(sources)))
    for document in source_documents(sources):
        container.markdown(document_line(document, t))
        container.html("".join(quote_html(source_segments(source, row.get("actors") or [], find_actors),
                                          str(source.get("lang") or "")) for source in document.quotes))
