"""TempEval-3 timex scoring: strict and relaxed extraction P/R/F1, value F1 and type accuracy.

Definitions (UzZaman et al. 2013):
- strict match: gold and predicted spans are identical;
- relaxed match: the spans overlap. Matching is one-to-one: each gold timex and each prediction is used at most once;
- value F1: relaxed matches whose (normalized) value equals the gold value; precision = correct / predicted,
  recall = correct / gold, as TE3 computes attribute F1;
- type accuracy: share of relaxed matches with the gold type (not scored for TIMEX2 gold, which has no type).
A diagnostic beside them, not a TE3 score: "compatible" value F1 also counts a predicted value that says no less
than the gold and nothing against it (see `compatible_value`): it shows how much of the value error is a choice
between equally true answers of different granularity rather than a wrong date.
Counts are summed over documents before dividing (micro average), as TE3 does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from bench.timexeval.corpora import TimexSpan
from events.timex import timex_interval

# Gold annotations write some values in a non-canonical form that means the same thing; both sides are normalized
# alike before comparing, so format slips in the gold are not counted as wrong values:
# - KRAUTS Dolomiten writes some clock times with a dot ("2010-02-25T20.30" for T20:30);
# - TBAQ has unpadded week numbers ("2000-W6" for W06);
# - KRAUTS pads ISO weekdays ("XXXX-WXX-01" for XXXX-WXX-1, the weekday is one digit);
# - KRAUTS has an underscore for a hyphen ("2014_07") and a misspelt "PRESNT_REF";
# - TIMEX2 (WikiWarsDE) and some taggers (HeidelTime) count durations in decades, centuries and millennia ("P10CE",
#   "P1DE"), the TIMEX3 corpora and ISO 8601 in years ("P1000Y", "P10Y"): the same length either way;
# - TBAQ writes a decade or century both as ISO 8601 reduced precision ("199" for "the 1990s" and "the nineties",
#   "19" for "the 20th century") and with its missing digits as X ("199X" for "1990s", "19XX" for "the 20th
#   century"): a four-character year whose last digits are all X is the decade or century they leave.
_DOTTED_CLOCK = re.compile(r"(T\d\d)\.(\d\d)")
_SHORT_WEEK = re.compile(r"-W(\d)(?!\d)")
_PADDED_WEEKDAY = re.compile(r"(-W(?:\d\d|XX)-)0(\d)(?!\d)")
_UNDERSCORE_IN_DATE = re.compile(r"(?<=\d)_(?=\d)")
_MISSPELT = {"PRESNT_REF": "PRESENT_REF"}
_LONG_UNIT_DURATION = re.compile(r"^P(\d+)(DE|CE|ML)$")
_YEARS_IN = {"DE": 10, "CE": 100, "ML": 1000}
_DECADE_OR_CENTURY_WITH_X = re.compile(r"^(\d{2,3})X{1,2}$")


def normalize_value(value: str) -> str:
    """The value as compared: edge whitespace trimmed ("2014-H2 " in KRAUTS) and the gold format slips above."""
    value = _DOTTED_CLOCK.sub(r"\1:\2", value.strip())
    value = _SHORT_WEEK.sub(r"-W0\1", _UNDERSCORE_IN_DATE.sub("-", value))
    value = _MISSPELT.get(value, value)
    if long_unit := _LONG_UNIT_DURATION.match(value):
        value = f"P{int(long_unit.group(1)) * _YEARS_IN[long_unit.group(2)]}Y"
    if len(value) == 4 and (reduced := _DECADE_OR_CENTURY_WITH_X.match(value)):
        value = reduced.group(1)
    return _PADDED_WEEKDAY.sub(r"\1\2", value)


_TRAILING_UNKNOWN = re.compile(r"(?:-XX)+$")


def compatible_value(gold: str, predicted: str) -> bool:
    """Whether `predicted` is the gold value, or as specific and consistent with it: the gold leaves parts unknown
    that the prediction fills ("1989-WXX" / "1989-W43", "1968-XX" / "1968", "198X" / "198"), or the prediction's
    days lie within the gold's ("1998-10-23" / "1998-10-23TNI", "1988" / "1988-Q3")."""
    gold, predicted = normalize_value(gold), normalize_value(predicted)
    if gold == predicted:
        return True
    if "X" in gold:
        known = _TRAILING_UNKNOWN.sub("", gold).rstrip("X")
        pattern = "".join("[0-9A-Z]" if char == "X" else re.escape(char) for char in known)
        return bool(known) and re.match(pattern, predicted) is not None
    gold_days, predicted_days = timex_interval(gold), timex_interval(predicted)
    return (
        None not in (gold_days.start, gold_days.end, predicted_days.start, predicted_days.end)
        and gold_days.start <= predicted_days.start  # type: ignore[operator]
        and predicted_days.end <= gold_days.end  # type: ignore[operator]
    )


def overlap(a: TimexSpan, b: TimexSpan) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(gold: Sequence[TimexSpan], predicted: Sequence[TimexSpan]) -> list[tuple[int, int]]:
    """One-to-one relaxed matching as (gold index, predicted index) pairs, in gold order.

    Greedy over all overlapping pairs: identical spans first (so the strict count is as high as it can be), then by
    longer overlap, then by position. A prediction spanning two gold timexes matches only one of them; the other
    gold timex is a false negative.
    """
    candidates = [
        (gold_span.start != pred_span.start or gold_span.end != pred_span.end, -overlap(gold_span, pred_span), g, p)
        for g, gold_span in enumerate(gold)
        for p, pred_span in enumerate(predicted)
        if overlap(gold_span, pred_span) > 0
    ]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return sorted(pairs)


@dataclass
class Counts:
    """Raw counts for one document or a whole corpus; add them up, then read the scores."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value_correct: int = 0
    type_correct: int = 0
    value_compatible: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def count(gold: Sequence[TimexSpan], predicted: Sequence[TimexSpan]) -> Counts:
    pairs = match(gold, predicted)
    counts = Counts(gold=len(gold), predicted=len(predicted), relaxed=len(pairs))
    for g, p in pairs:
        gold_span, pred_span = gold[g], predicted[p]
        counts.strict += (gold_span.start, gold_span.end) == (pred_span.start, pred_span.end)
        counts.value_correct += normalize_value(gold_span.value) == normalize_value(pred_span.value)
        counts.type_correct += gold_span.type == pred_span.type
        counts.value_compatible += compatible_value(gold_span.value, pred_span.value)
    return counts


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, correct: int, predicted: int, gold: int) -> PRF:
        precision, recall = _ratio(correct, predicted), _ratio(correct, gold)
        return cls(precision, recall, f1(precision, recall))


@dataclass(frozen=True)
class Scores:
    strict: PRF
    relaxed: PRF
    value: PRF
    type_accuracy: float
    value_compatible: PRF

    @classmethod
    def of(cls, counts: Counts) -> Scores:
        return cls(
            strict=PRF.of(counts.strict, counts.predicted, counts.gold),
            relaxed=PRF.of(counts.relaxed, counts.predicted, counts.gold),
            value=PRF.of(counts.value_correct, counts.predicted, counts.gold),
            type_accuracy=_ratio(counts.type_correct, counts.relaxed),
            value_compatible=PRF.of(counts.value_compatible, counts.predicted, counts.gold),
        )
