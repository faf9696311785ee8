"""Score a system run against gold documents and collect its errors, grouped into patterns the rule writer can use."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bench.timexeval.corpora import CorpusSpec, GoldDocument, TimexSpan
from bench.timexeval.scoring import Counts, Scores, count, match, normalize_value
from bench.timexeval.systems import SystemRun

MISSED = "missed"  # false negative: gold timex with no overlapping prediction
SPURIOUS = "spurious"  # false positive: prediction overlapping no gold timex
WRONG_VALUE = "wrong value"  # relaxed match, different value
WRONG_EXTENT = "wrong extent"  # relaxed but not strict match
WRONG_TYPE = "wrong type"  # relaxed match, different type (TIMEX3 gold only)
ERROR_KINDS = (MISSED, SPURIOUS, WRONG_VALUE, WRONG_EXTENT, WRONG_TYPE)

CONTEXT_CHARS = 60


@dataclass(frozen=True)
class ErrorCase:
    kind: str
    document: str
    gold: TimexSpan | None
    predicted: TimexSpan | None
    context: str  # the surrounding text with the gold (else predicted) span in [[ ]]
    dct: date | None = None  # relative values resolve against it, so samples show it


@dataclass
class Evaluation:
    corpus: str
    system: str
    documents: int
    counts: Counts
    seconds: float | None
    errors: list[ErrorCase] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def scores(self) -> Scores:
        return Scores.of(self.counts)

    def errors_of(self, kind: str) -> list[ErrorCase]:
        return [error for error in self.errors if error.kind == kind]


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """`…left [[span]] right…` on one line, so samples stay readable in a terminal."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}[[{text[start:end]}]]{right}"
    return ("…" if start > width else "") + " ".join(snippet.split()) + ("…" if end + width < len(text) else "")


def document_errors(document: GoldDocument, predicted: Sequence[TimexSpan], scores_type: bool) -> list[ErrorCase]:
    pairs = match(document.timexes, predicted)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    errors = []

    def case(kind: str, gold: TimexSpan | None, pred: TimexSpan | None) -> ErrorCase:
        shown = gold or pred
        assert shown is not None
        return ErrorCase(kind, document.name, gold, pred, context(document.text, shown.start, shown.end), document.dct)

    for g, gold in enumerate(document.timexes):
        if g not in matched_gold:
            errors.append(case(MISSED, gold, None))
    for p, pred in enumerate(predicted):
        if p not in matched_pred:
            errors.append(case(SPURIOUS, None, pred))
    for g, p in pairs:
        gold, pred = document.timexes[g], predicted[p]
        if normalize_value(gold.value) != normalize_value(pred.value):
            errors.append(case(WRONG_VALUE, gold, pred))
        if (gold.start, gold.end) != (pred.start, pred.end):
            errors.append(case(WRONG_EXTENT, gold, pred))
        if scores_type and gold.type != pred.type:
            errors.append(case(WRONG_TYPE, gold, pred))
    return errors


def evaluate(spec: CorpusSpec, documents: Sequence[GoldDocument], run: SystemRun) -> Evaluation:
    """Scores over the documents the run covers (dateparser may be limited, HeidelTime may lack some)."""
    scored = [document for document in documents if document.name in run.predictions]
    evaluation = Evaluation(spec.name, run.system, len(scored), Counts(), run.seconds, notes=[*run.notes])
    for document in scored:
        predicted = run.predictions[document.name]
        evaluation.counts += count(document.timexes, predicted)
        evaluation.errors += document_errors(document, predicted, spec.scores_type)
    if run.failures:
        evaluation.notes.append(f"{run.system}: {len(run.failures)} documents failed: " + "; ".join(run.failures[:5]))
    return evaluation


# --- patterns --------------------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_MONTHS = _words(
    "januar jänner februar märz april mai juni juli august september oktober november dezember january "
    "february march may june july october december jan feb mär mar apr jun jul aug sep sept okt oct nov "
    "dez dec"
)
_WEEKDAYS = _words(
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag monday tuesday wednesday "
    "thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
_WORD_CLASSES = {**{word: "<month>" for word in _MONTHS}, **{word: "<weekday>" for word in _WEEKDAYS}}
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "ein eine einen einem zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig "
    "hundert"
)
_WORD_CLASSES.update({word: "<num>" for word in _NUMBER_WORDS})
_LETTERS = re.compile(r"[^\W\d_]+")


def text_shape(text: str) -> str:
    """A timex text with the parts that vary abstracted, so similar errors group together.

    Digits become 9 (keeping their count: a 4-digit year differs from a day), month and weekday names become
    <month>/<weekday>, number words <num>; other words are kept (lowercased) because they name the rule that
    is missing or too eager ("anfang", "last", "jahrhundert").
    """
    shaped = _LETTERS.sub(lambda word: _WORD_CLASSES.get(word.group(), word.group()), text.lower())
    return " ".join(re.sub(r"\d", "9", shaped).split())


def value_shape(value: str) -> str:
    return re.sub(r"\d", "9", normalize_value(value)) or "(empty)"


def error_pattern(error: ErrorCase) -> str:
    """The group an error belongs to: missed by gold text shape, spurious by predicted text shape, wrong values by
    value shapes (gold -> predicted) with the gold text shape, wrong extents by both text shapes."""
    gold, pred = error.gold, error.predicted
    if error.kind == MISSED and gold:
        return text_shape(gold.text)
    if error.kind == SPURIOUS and pred:
        return text_shape(pred.text)
    if error.kind == WRONG_VALUE and gold and pred:
        return f"{text_shape(gold.text)}  ({value_shape(gold.value)} -> {value_shape(pred.value)})"
    if error.kind == WRONG_EXTENT and gold and pred:
        return f"gold '{text_shape(gold.text)}' vs '{text_shape(pred.text)}'"
    if error.kind == WRONG_TYPE and gold and pred:
        return f"{text_shape(gold.text)}  ({gold.type} -> {pred.type})"
    return error.kind


@dataclass(frozen=True)
class Pattern:
    pattern: str
    count: int
    examples: tuple[str, ...]  # distinct concrete texts (with values for wrong values)


def _example(error: ErrorCase) -> str:
    gold, pred = error.gold, error.predicted
    if error.kind == WRONG_VALUE and gold and pred:
        return f"{gold.text!r} {gold.value} -> {pred.value}"
    if error.kind == WRONG_EXTENT and gold and pred:
        return f"{gold.text!r} vs {pred.text!r}"
    shown = gold or pred
    return repr(shown.text) if shown else ""


def frequent_patterns(errors: Sequence[ErrorCase], top: int, examples: int = 3) -> list[Pattern]:
    counts: Counter[str] = Counter()
    samples: dict[str, list[str]] = defaultdict(list)
    for error in errors:
        key = error_pattern(error)
        counts[key] += 1
        example = _example(error)
        if example not in samples[key] and len(samples[key]) < examples:
            samples[key].append(example)
    return [Pattern(key, n, tuple(samples[key])) for key, n in counts.most_common(top)]
