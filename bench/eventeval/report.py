"""The event evaluation as Markdown: one table row per language, the issue's targets, and error listings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bench.eventeval.gold import OTHER, GoldHappening
from bench.eventeval.scoring import ExtractedEvent, LanguageScores, Ratio, SetScore

HEADER = (
    "| lang | docs | gold | events | precision | recall | recall, text-dated | precision, anchored "
    "| recall, anchored | duplicates | type acc (PLOVER) "
    "| finer type acc | actor P | actor R | actor F1 | actor1 F1 | actor2 F1 | place acc | date exact | Other "
    "| no PLOVER category |"
)
RULE = "|" + "---|" * (HEADER.count("|") - 1)

# Issue 13's targets: (label, how to read the score, bound, at least?)
TARGETS = (
    ("event recall", lambda s: s.recall.value, 0.85, True),
    ("precision", lambda s: s.precision.value, 0.80, True),
    ("duplicates", lambda s: s.duplicates.value, 0.05, False),
    ("type accuracy", lambda s: s.type_accuracy.value if s.type_accuracy else None, 0.85, True),
    ("actor F1", lambda s: s.actors.f1, 0.85, True),
    ("place accuracy", lambda s: s.place_accuracy.value if s.place_accuracy else None, 0.80, True),
    ("Other share", lambda s: s.other_share.value, 0.10, False),
)


def number(value: float | None) -> str:
    return "missing" if value is None else f"{value:.3f}"


def ratio(value: Ratio | None) -> str:
    """`0.750 (3/4)`; `missing` when the table has no column for it; `n/a` when there was nothing to score."""
    if value is None:
        return "missing"
    if value.value is None:
        return "n/a (0)"
    return f"{value.value:.3f} ({value.hits}/{value.total})"


def f1(score: SetScore | None) -> str:
    return "missing" if score is None else number(score.f1)


def table_row(scores: LanguageScores, documents: int) -> str:
    cells = [
        scores.lang, str(documents), str(scores.gold), str(scores.events), ratio(scores.precision),
        ratio(scores.recall), ratio(scores.matched_text_dated), ratio(scores.anchored_precision),
        ratio(scores.anchored_recall), ratio(scores.duplicates), ratio(scores.type_accuracy),
        ratio(scores.fine_type_accuracy), number(scores.actors.precision), number(scores.actors.recall),
        number(scores.actors.f1), f1(scores.actor1), f1(scores.actor2), ratio(scores.place_accuracy),
        ratio(scores.date_exact), ratio(scores.other_share), ratio(scores.no_category_share),
    ]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def target_line(scores: LanguageScores) -> str:
    parts = []
    for label, read, bound, at_least in TARGETS:
        value = read(scores)
        if value is None:
            parts.append(f"{label} missing")
            continue
        met = value >= bound if at_least else value <= bound
        parts.append(f"{label} {value:.3f} ({'≥' if at_least else '≤'} {bound:.2f}: {'met' if met else 'not met'})")
    return f"- {scores.lang}: " + "; ".join(parts)


def gold_profile(gold: Sequence[GoldHappening], lang: str) -> str:
    """What the gold of one language holds, for reading the scores: how many are OTHER, dated by publication,
    placed, and how many quote more than one article."""
    happenings = [happening for happening in gold if happening.lang == lang]
    total = len(happenings) or 1
    other = sum(happening.plover == OTHER for happening in happenings)
    by_publication = sum(happening.dated_by == "publication" for happening in happenings)
    placed = sum(happening.place is not None for happening in happenings)
    across = sum(len({quote.doc for quote in happening.quotes}) > 1 for happening in happenings)
    return (
        f"- {lang} gold: {len(happenings)} happenings, {other} OTHER ({other / total:.0%}), "
        f"{by_publication} dated by publication only, {placed} with a place, {across} reported by more than one article"
    )


def _event_line(event: ExtractedEvent) -> str:
    span = f"{event.start}..{event.end}" if event.end != event.start else f"{event.start}"
    source = event.sources[0] if event.sources else None
    where = f"{source.doc}@{source.start}" if source else "?"
    return f"{span} {event.event_type}/{event.plover} [{'; '.join(event.actors)}] {event.title!r} ({where})"


def error_listing(
    scores: LanguageScores, gold: Sequence[GoldHappening], events: Sequence[ExtractedEvent], limit: int
) -> str:
    """Missed gold happenings, unmatched events and type errors of one language, `limit` of each."""
    gold_by_id = {happening.id: happening for happening in gold}
    events_by_id: Mapping[str, ExtractedEvent] = {event.event_id: event for event in events}
    lines = [f"\n{scores.lang}: missed gold happenings ({len(scores.missed)}):"]
    for gold_id in scores.missed[:limit]:
        happening = gold_by_id[gold_id]
        lines.append(
            f"  {gold_id} {happening.start}..{happening.end} {happening.plover}/{happening.fine_type} "
            f"[{'; '.join(happening.actors)}] {happening.summary}"
        )
    lines.append(f"{scores.lang}: events matching no gold happening ({len(scores.unmatched_events)}):")
    lines += [f"  {_event_line(events_by_id[event_id])}" for event_id in scores.unmatched_events[:limit]]
    wrong = [
        (gold_id, events_by_id[event_id])
        for gold_id, event_id in scores.best_event.items()
        if events_by_id[event_id].plover != gold_by_id[gold_id].plover
    ]
    lines.append(f"{scores.lang}: matched with another PLOVER category ({len(wrong)}):")
    lines += [
        f"  {gold_id} gold {gold_by_id[gold_id].plover}: {_event_line(event)}" for gold_id, event in wrong[:limit]
    ]
    return "\n".join(lines)
