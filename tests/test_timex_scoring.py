"""The timex evaluation harness (bench/timexeval): TempEval-3 scorer, corpus readers and report helpers."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package; the harness is imported from the repo root
    sys.path.insert(0, str(ROOT))

from bench.timexeval.corpora import (  # noqa: E402
    CORPORA,
    GoldDocument,
    TimexSpan,
    corpora_root,
    load_corpus,
    load_heideltime,
    read_ace_inline,
    read_timeml,
    timex2_type,
)
from bench.timexeval.evaluation import MISSED, SPURIOUS, WRONG_VALUE, context, document_errors, text_shape  # noqa: E402
from bench.timexeval.report import replace_section  # noqa: E402
from bench.timexeval.scoring import Counts, Scores, compatible_value, count, match, normalize_value  # noqa: E402
from bench.timexeval.systems import locate_in_order  # noqa: E402


def span(start: int, end: int, value: str = "2020", type_: str = "DATE") -> TimexSpan:
    return TimexSpan(start, end, type_, value)


# --- scorer ----------------------------------------------------------------------------------------------------------


def test_identical_spans_match_strictly_and_relaxed() -> None:
    counts = count([span(0, 4), span(10, 14)], [span(0, 4), span(10, 14)])
    assert counts == Counts(
        gold=2, predicted=2, strict=2, relaxed=2, value_correct=2, type_correct=2, value_compatible=2
    )
    scores = Scores.of(counts)
    assert scores.strict.f1 == scores.relaxed.f1 == scores.value.f1 == scores.type_accuracy == 1.0


def test_overlap_is_a_relaxed_but_not_a_strict_match() -> None:
    counts = count([span(3, 12)], [span(0, 12)])
    assert (counts.strict, counts.relaxed) == (0, 1)
    assert Scores.of(counts).strict.f1 == 0.0
    assert Scores.of(counts).relaxed.f1 == 1.0


def test_touching_spans_do_not_overlap() -> None:
    assert count([span(0, 4)], [span(4, 8)]).relaxed == 0


def test_one_prediction_covering_two_gold_timexes_matches_only_one() -> None:
    # "from 1939 to 1945" tagged as one span: one relaxed match, one missed gold, nothing spurious
    counts = count([span(5, 9), span(13, 17)], [span(0, 17)])
    assert (counts.relaxed, counts.gold, counts.predicted) == (1, 2, 1)
    scores = Scores.of(counts)
    assert scores.relaxed.precision == 1.0
    assert scores.relaxed.recall == 0.5


def test_two_predictions_inside_one_gold_timex_count_one_as_spurious() -> None:
    counts = count([span(0, 20)], [span(0, 5), span(10, 20)])
    assert (counts.relaxed, counts.predicted) == (1, 2)
    assert Scores.of(counts).relaxed.precision == 0.5


def test_matching_prefers_identical_spans_so_strict_is_not_undercounted() -> None:
    gold = [span(0, 4), span(5, 9)]
    predicted = [span(0, 9), span(5, 9)]  # the long one overlaps both gold timexes
    assert match(gold, predicted) == [(0, 0), (1, 1)]
    assert count(gold, predicted).strict == 1


def test_value_mismatch_counts_against_value_precision_and_recall() -> None:
    gold = [span(0, 4, "1998-01-08"), span(10, 20, "P3Y", "DURATION"), span(30, 35, "1999")]
    predicted = [span(0, 4, "1998-01-07"), span(10, 20, "P3Y", "DURATION"), span(50, 55, "2000")]
    counts = count(gold, predicted)
    assert (counts.relaxed, counts.value_correct) == (2, 1)
    value = Scores.of(counts).value
    assert value.precision == pytest.approx(1 / 3)
    assert value.recall == pytest.approx(1 / 3)
    assert value.f1 == pytest.approx(1 / 3)


def test_value_is_compared_after_trimming_and_normalizing_gold_format_slips() -> None:
    assert normalize_value("2014-H2 ") == "2014-H2"
    assert normalize_value("2010-02-25T20.30") == "2010-02-25T20:30"
    assert normalize_value("P1.5Y") == "P1.5Y"  # only clock times change
    assert normalize_value("2000-W6") == "2000-W06"
    assert normalize_value("2000-W16") == "2000-W16"
    assert normalize_value("XXXX-WXX-01-TEV") == "XXXX-WXX-1-TEV"
    assert normalize_value("2014-W08-WE") == "2014-W08-WE"
    assert normalize_value("P10CE") == normalize_value("P1000Y") == "P1000Y"  # TIMEX2 centuries, in years
    assert normalize_value("P1DE") == "P10Y"
    # TBAQ writes "the 1990s" both as "199" and "199X", "the 20th century" as "19" and "19XX"
    assert normalize_value("199X") == normalize_value("199") == "199"
    assert normalize_value("19XX") == "19"
    assert normalize_value("19X5") == "19X5"  # an unknown digit inside a year is not a decade
    assert normalize_value("XXXX") == "XXXX"
    assert normalize_value("2014_07") == "2014-07"
    assert normalize_value("PRESNT_REF") == "PRESENT_REF"
    assert normalize_value("PAST_REF") == "PAST_REF"
    assert normalize_value("PXDE") == "PXDE"  # an unknown number of decades has no length in years
    assert count([span(0, 7, "2014-H2 ")], [span(0, 7, "2014-H2")]).value_correct == 1


def test_type_accuracy_is_over_relaxed_matches_only() -> None:
    gold = [span(0, 4, "P1W", "DURATION"), span(10, 14), span(20, 24)]
    predicted = [span(0, 4, "P1W", "DATE"), span(10, 14)]
    assert Scores.of(count(gold, predicted)).type_accuracy == 0.5


def test_no_predictions_and_no_gold_score_zero_without_dividing_by_zero() -> None:
    assert Scores.of(count([span(0, 4)], [])).relaxed.f1 == 0.0
    assert Scores.of(count([], [])).value.f1 == 0.0


def test_counts_add_up_over_documents_micro_average() -> None:
    total = count([span(0, 4)], [span(0, 4)]) + count([span(0, 4), span(5, 9)], [])
    assert (total.gold, total.predicted, total.relaxed) == (3, 1, 1)
    assert Scores.of(total).relaxed.recall == pytest.approx(1 / 3)


# --- readers (small hand-made files) ------------------------------------------------------------------------------


TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2010-01-02" functionInDocument="CREATION_TIME">Jan 2</TIMEX3></DCT>
<TEXT>A &amp; B <EVENT eid="e1">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2010-01-01">Jan. 1</TIMEX3>\
<TIMEX3 tid="t2" type="DATE" value="2010"/> for <TIMEX3 tid="t3" type="DURATION" value="P2H" mod="APPROX">about \
two hours</TIMEX3>.</TEXT>
<TIMEX3 tid="t9" type="DATE" value="2009"/>
</TimeML>
"""


def test_timeml_reader_strips_tags_unescapes_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TIMEML, encoding="utf-8")
    document = read_timeml(path)
    assert document.text == "A & B met on Jan. 1 for about two hours."
    assert document.dct == date(2010, 1, 2)
    assert [(t.text, t.type, t.value, t.mod) for t in document.timexes] == [
        ("Jan. 1", "DATE", "2010-01-01", ""),
        ("about two hours", "DURATION", "P2H", "APPROX"),
    ]  # the empty t2 and the after-TEXT t9 are not gold
    assert all(document.text[t.start : t.end] == t.text for t in document.timexes)


ACE = """<DOC>
<DOCID>x</DOCID>
<DATETIME> <TIMEX2 val="2011-02-16T17:00:00">2011-02-16T17:00:00</TIMEX2> </DATETIME>
<TEXT>
Baltimore & Ohio: <TIMEX2 val="1862-07">Mitte <TIMEX2 val="1862">1862</TIMEX2></TIMEX2> und \
<TIMEX2 val="P3D">drei Tage </TIMEX2>lang.
</TEXT>
</DOC>
"""


def test_ace_reader_tolerates_bare_ampersands_and_counts_outermost_timex2_only(tmp_path: Path) -> None:
    path = tmp_path / "doc.key.xml"
    path.write_text(ACE, encoding="utf-8")
    document = read_ace_inline(path)
    assert document.text == "\nBaltimore & Ohio: Mitte 1862 und drei Tage lang.\n"
    assert document.dct == date(2011, 2, 16)
    assert [(t.text, t.type, t.value) for t in document.timexes] == [
        ("Mitte 1862", "DATE", "1862-07"),
        ("drei Tage", "DURATION", "P3D"),  # trailing space inside the tag trimmed
    ]
    assert all(document.text[t.start : t.end] == t.text for t in document.timexes)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("P3D", "DURATION"), ("1943-02-16T10:00", "TIME"), ("1943-02-16TMO", "DATE"), ("PRESENT_REF", "DURATION")],
)
def test_timex2_type_is_derived_from_the_value(value: str, expected: str) -> None:
    # PRESENT_REF starts with P: harmless, type accuracy is not scored for TIMEX2
    assert timex2_type(value) == expected


# --- helpers ---------------------------------------------------------------------------------------------------------


def test_dateparser_substrings_are_placed_forward_in_order() -> None:
    text = "Die Katze. Die Maus am 3. Mai."
    assert locate_in_order(text, ["Die", "Die", "3. Mai", "nowhere"]) == [(0, 0, 3), (1, 11, 14), (2, 23, 29)]


def test_dateparser_substrings_match_across_collapsed_whitespace() -> None:
    # search_dates returns "drei Minuten" for "drei  Minuten"
    assert locate_in_order("vor drei  Minuten", ["drei Minuten"]) == [(0, 4, 17)]


def test_error_cases_name_missed_spurious_and_wrong_values(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TIMEML, encoding="utf-8")
    document = read_timeml(path)
    predicted = [TimexSpan(13, 19, "DATE", "2010-01-02"), TimexSpan(0, 1, "DATE", "XXXX")]
    kinds = sorted(error.kind for error in document_errors(document, predicted, scores_type=True))
    assert kinds == sorted([MISSED, SPURIOUS, WRONG_VALUE])


def test_context_marks_the_span_on_one_line() -> None:
    assert context("ab\ncd 1999 ef", 6, 10, width=3) == "…cd [[1999]] ef"


def test_text_shape_groups_similar_expressions() -> None:
    assert text_shape("25. Juni 1950") == text_shape("3. Mai 1941").replace("9.", "99.")
    assert text_shape("den 1930er-Jahren") == "den 9999er-jahren"
    assert text_shape("last Tuesday") == "last <weekday>"


def test_replace_section_keeps_everything_outside_its_markers(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    replace_section("timex-eval", "first", path)
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- other:start -->\nkeep\n<!-- other:end -->\n")
    replace_section("timex-eval", "second", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert "<!-- timex-eval:start -->\nsecond\n<!-- timex-eval:end -->" in text
    assert "first" not in text
    assert "<!-- other:start -->\nkeep\n<!-- other:end -->" in text


# --- the real corpora (skipped when ../shared/corpora is absent) -------------------------------------------------


def corpus_or_skip(name: str) -> list[GoldDocument]:
    spec = CORPORA[name]
    if not spec.gold_paths(corpora_root()):
        pytest.skip(f"corpus {name} not found under {corpora_root()} (set CHRONIK_CORPORA)")
    return load_corpus(spec)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "docs", "gold"),
    [("krauts", 100, 401), ("diezeit", 25, 264), ("tbaq", 256, 1822), ("wikiwarsde", 11, 1537)],
)
def test_corpus_counts_and_offsets(name: str, docs: int, gold: int) -> None:
    documents = corpus_or_skip(name)
    assert len(documents) == docs
    assert sum(len(d.timexes) for d in documents) == gold
    assert all(d.dct is not None for d in documents)
    for document in documents:
        for timex in document.timexes:
            assert document.text[timex.start : timex.end] == timex.text, (document.name, timex)


@pytest.mark.corpus
def test_heideltime_output_has_the_gold_text_for_every_krauts_document() -> None:
    documents = corpus_or_skip("krauts")
    baseline = load_heideltime(CORPORA["krauts"], documents)
    if baseline is None:
        pytest.skip("HeidelTime output for KRAUTS not found")
    assert (baseline.text_mismatches, baseline.missing) == ((), ())
    assert sum(len(p) for p in baseline.predictions.values()) == 327


@pytest.mark.parametrize(
    ("gold", "predicted", "compatible"),
    [
        ("1989-WXX", "1989-W43", True),  # the gold leaves the week unknown
        ("1968-XX", "1968", True),
        ("198X", "198", True),
        ("1998-10-23", "1998-10-23TNI", True),  # a part of that day
        ("1988", "1988-Q3", True),  # a quarter of that year
        ("1988-Q3", "1988", False),  # says less than the gold
        ("1989-WXX", "1990-W01", False),
        ("1998-10-23", "1998-10-24", False),
        ("P2Y", "P2Y", True),
        ("P20Y", "P2DE", True),  # the same length, normalized
        ("P20Y", "P2Y", False),  # not dates: exact only
        ("PAST_REF", "1995", False),
    ],
)
def test_compatible_value(gold: str, predicted: str, compatible: bool) -> None:
    assert compatible_value(gold, predicted) is compatible
