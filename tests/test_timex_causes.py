"""The causes bench/RESULTS.md gives for wrong timex values (bench/timexeval/causes.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timexeval.causes import (
    COMPATIBLE,
    DURATION_OR_DATE,
    OTHER,
    SAME_YEAR,
    VAGUE,
    WEEK_OFF,
    cause_counts,
    cause_table,
    value_error_cause,
)
from bench.timexeval.corpora import TimexSpan
from bench.timexeval.evaluation import MISSED, WRONG_VALUE, ErrorCase


@pytest.mark.parametrize(
    ("gold", "predicted", "cause"),
    [
        ("1989-WXX", "1989-W43", COMPATIBLE),
        ("1998-10-23", "1998-10-23TNI", COMPATIBLE),
        ("PAST_REF", "PXY", VAGUE),
        ("1995", "FUTURE_REF", VAGUE),
        ("P1W", "1998-W33", DURATION_OR_DATE),
        ("1998-08-07", "1998-08-14", WEEK_OFF),
        ("1998-08-07", "1998-08-08", SAME_YEAR),
        ("1988-Q3", "1988", SAME_YEAR),
        ("1999-10-23", "1998-10-23", OTHER),
        ("P12Y", "P13Y", OTHER),
    ],
)
def test_each_wrong_value_gets_the_first_cause_that_applies(gold: str, predicted: str, cause: str) -> None:
    assert value_error_cause(gold, predicted) == cause


def error(kind: str, gold_value: str, predicted_value: str | None) -> ErrorCase:
    gold = TimexSpan(0, 9, "DATE", gold_value, text="last week")
    predicted = TimexSpan(0, 9, "DATE", predicted_value, text="last week") if predicted_value else None
    return ErrorCase(kind, "doc", gold, predicted, "[[last week]]")


def test_the_table_counts_wrong_values_only_and_shows_examples() -> None:
    errors = [error(WRONG_VALUE, "P1W", "1998-W33"), error(WRONG_VALUE, "P1W", "1998-W34"), error(MISSED, "P1W", None)]
    assert cause_counts(errors) == {DURATION_OR_DATE: 2}
    table = cause_table(errors, examples=1)
    assert "| a duration against a date for the same words | 2 | 'last week': gold `P1W`, we `1998-W33` |" in table
    assert "vague" not in table  # causes without matches are left out
