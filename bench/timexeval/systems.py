"""The systems scored side by side: chronik's tagger, dateparser's search_dates and HeidelTime's shipped output."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bench.timexeval.corpora import Baseline, CorpusSpec, GoldDocument, TimexSpan

Tagger = Callable[[GoldDocument], list[TimexSpan]]


@dataclass
class SystemRun:
    """One system's predictions on (some of) a corpus' documents, keyed by document name."""

    system: str
    predictions: dict[str, tuple[TimexSpan, ...]] = field(default_factory=dict)
    seconds: float | None = None  # None: not run here (shipped output)
    failures: list[str] = field(default_factory=list)  # "doc: error", documents scored with no predictions
    notes: list[str] = field(default_factory=list)


def run_tagger(system: str, tagger: Tagger, documents: Sequence[GoldDocument]) -> SystemRun:
    """Tag every document; a crash on one document is recorded and scored as no output, so one bad rule being
    edited elsewhere does not hide the scores of all the others."""
    run = SystemRun(system)
    started = time.perf_counter()
    for document in documents:
        try:
            run.predictions[document.name] = tuple(tagger(document))
        except Exception as error:  # any tagger failure is reported, not fatal
            run.failures.append(f"{document.name}: {type(error).__name__}: {error}")
            run.predictions[document.name] = ()
    run.seconds = time.perf_counter() - started
    return run


# --- chronik ---------------------------------------------------------------------------------------------------------


def chronik_tagger(spec: CorpusSpec, doc_type: str | None = None) -> Tagger:
    """chronik's `tag_timexes` as a user calls it: with the document's language and date, and a doc type only
    when one is asked for (None: the tagger's default)."""
    from events import tag_timexes  # imported here so the readers and scorer work without the package

    options = {} if doc_type is None else {"doc_type": doc_type}

    def tag(document: GoldDocument) -> list[TimexSpan]:
        return [
            TimexSpan(t.start, t.end, t.type, t.value, t.mod, t.text, t.rule)
            for t in tag_timexes(document.text, lang=spec.lang, dct=document.dct, **options)
        ]

    return tag


# --- dateparser ------------------------------------------------------------------------------------------------------


def locate_in_order(text: str, substrings: Sequence[str]) -> list[tuple[int, int, int]]:
    """(index, start, end) for each substring that could be placed (search_dates returns strings, not positions).

    Each one is searched forward from the end of the previous one, so repeated strings ("Die", "May") land on
    successive occurrences. search_dates collapses whitespace runs ("drei  Minuten" comes back as "drei Minuten"),
    so any whitespace in a substring matches any whitespace run in the text. A substring not found is left out.
    """
    placed = []
    cursor = 0
    for index, substring in enumerate(substrings):
        words = substring.split()
        if not words:
            continue
        found = re.compile(r"\s+".join(map(re.escape, words))).search(text, cursor)
        if found:
            placed.append((index, found.start(), found.end()))
            cursor = found.end()
    return placed


def iso_day(value: datetime) -> str:
    """YYYY-MM-DD with a 4-digit year (strftime drops leading zeros of early years on some platforms)."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def dateparser_tagger(spec: CorpusSpec, unplaced_counter: list[int]) -> Tagger:
    from dateparser.search import search_dates

    def tag(document: GoldDocument) -> list[TimexSpan]:
        base = datetime.combine(document.dct or date.today(), datetime.min.time())
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(document.text, languages=[spec.lang], settings=settings) or []
        placed = locate_in_order(document.text, [substring for substring, _ in found])
        unplaced_counter[0] += len(found) - len(placed)
        # search_dates always returns a full datetime, so the value it stands for is a calendar day.
        return [
            TimexSpan(start, end, "DATE", iso_day(found[index][1]), text=document.text[start:end])
            for index, start, end in placed
        ]

    return tag


def run_dateparser(spec: CorpusSpec, documents: Sequence[GoldDocument]) -> SystemRun:
    unplaced = [0]
    run = run_tagger("dateparser", dateparser_tagger(spec, unplaced), documents)
    if unplaced[0]:
        run.notes.append(f"dateparser: {unplaced[0]} returned substrings not found in the text (ignored)")
    return run


# --- HeidelTime (shipped output) -------------------------------------------------------------------------------------


def heideltime_run(baseline: Baseline) -> SystemRun:
    run = SystemRun("heideltime", predictions=dict(baseline.predictions))
    if baseline.text_mismatches:
        run.notes.append(f"heideltime: text differs from gold, not scored: {', '.join(baseline.text_mismatches)}")
    if baseline.missing:
        run.notes.append(f"heideltime: no output file for {', '.join(baseline.missing)}")
    return run
