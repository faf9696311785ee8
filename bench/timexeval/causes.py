"""Why a relaxed match has the wrong value: each wrong value sorted into one cause, so bench/RESULTS.md can say what
is left and the count is rerun with the scores instead of being done by hand.

The causes are tried in this order, the first that applies wins:
- compatible: the predicted value says no less than the gold and nothing against it (`compatible_value`: gold
  `1989-WXX`, we `1989-W43`; gold `1998-10-23`, we `1998-10-23TNI`);
- vague: one side is a vague reference (PAST_REF, PRESENT_REF, FUTURE_REF), the other a date or duration;
- duration or date: one side is a duration, the other a date ("a year earlier" as a date, or "a year" as P1Y);
- week off: two days exactly a week apart (a weekday counted back instead of ahead, or the other way);
- same year: two dates in the same year at another granularity or period ("last year" 1988 against 1988-Q3);
- other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from bench.timexeval.evaluation import WRONG_VALUE, ErrorCase
from bench.timexeval.scoring import compatible_value, normalize_value

COMPATIBLE = "compatible"
VAGUE = "vague"
DURATION_OR_DATE = "duration or date"
WEEK_OFF = "week off"
SAME_YEAR = "same year"
OTHER = "other"
CAUSES = {
    COMPATIBLE: "our value says no less than the gold and nothing against it",
    VAGUE: "a vague reference (PAST_REF, PRESENT_REF, FUTURE_REF) against a date or duration",
    DURATION_OR_DATE: "a duration against a date for the same words",
    WEEK_OFF: "a day a week off (a weekday counted back instead of ahead, or the other way)",
    SAME_YEAR: "the same year at another granularity or period (year, quarter, month, day)",
    OTHER: "other",
}
_VAGUE_VALUES = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})(?!\d)")


def _day(value: str) -> date | None:
    found = _DAY.match(value)
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def value_error_cause(gold: str, predicted: str) -> str:
    """The cause (a key of CAUSES) of a predicted value that differs from the gold value."""
    gold, predicted = normalize_value(gold), normalize_value(predicted)
    if compatible_value(gold, predicted):
        return COMPATIBLE
    if gold in _VAGUE_VALUES or predicted in _VAGUE_VALUES:
        return VAGUE
    if gold.startswith("P") != predicted.startswith("P"):
        return DURATION_OR_DATE
    gold_day, predicted_day = _day(gold), _day(predicted)
    if gold_day and predicted_day and abs((gold_day - predicted_day).days) == 7:
        return WEEK_OFF
    gold_year, predicted_year = _YEAR.match(gold), _YEAR.match(predicted)
    if gold_year and predicted_year and gold_year.group(1) == predicted_year.group(1):
        return SAME_YEAR
    return OTHER


def cause_counts(errors: Sequence[ErrorCase]) -> Counter[str]:
    return Counter(
        value_error_cause(error.gold.value, error.predicted.value)
        for error in errors
        if error.kind == WRONG_VALUE and error.gold is not None and error.predicted is not None
    )


def cause_table(errors: Sequence[ErrorCase], examples: int = 2) -> str:
    """A Markdown table: each cause, how many wrong values it explains, and a few of them."""
    samples: dict[str, list[str]] = {cause: [] for cause in CAUSES}
    for error in errors:
        if error.kind != WRONG_VALUE or error.gold is None or error.predicted is None:
            continue
        cause = value_error_cause(error.gold.value, error.predicted.value)
        sample = f"{error.gold.text!r}: gold `{error.gold.value}`, we `{error.predicted.value}`"
        if len(samples[cause]) < examples and sample not in samples[cause]:
            samples[cause].append(sample)
    counts = cause_counts(errors)
    lines = ["| cause of a wrong value | matches | for example |", "|---|---|---|"]
    lines += [
        f"| {CAUSES[cause]} | {counts[cause]} | {'; '.join(samples[cause])} |" for cause in CAUSES if counts[cause]
    ]
    return "\n".join(lines)
