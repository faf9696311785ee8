"""The one-pass rule scanner (events/timex/scan.py) finds exactly the matches of running every rule over the text.

Each check compares the scanner with `all_candidates_reference` (every rule's `finditer`, rule by rule): same rules,
same order, same spans of every group. Texts: the resource files' own examples, real news (10kGNAD, TE3-Silver;
skipped without ../shared/corpora), random mixes of temporal fragments and arbitrary Unicode, and synthetic rules
that exercise each regex construct the scanner reads.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.timex import tagger
from events.timex.grammar import Grammar, load_grammar
from events.timex.scan import _MEMO_LIMIT, RuleMatch, all_candidates_reference, build_scanner, folded_text

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not an installed package; the corpus readers are imported from the root
    sys.path.insert(0, str(ROOT))

from bench.timexeval.corpora import corpora_root, read_timeml_text  # noqa: E402

LANGS = ("de", "en")
CORPUS_DOCS = 120  # per language: about 300 k characters, a second for both paths
BOUNDED = r"(?<![\w])(?:{})(?![\w])"  # how grammar.py wraps every rule
# Characters that fold unusually when case is ignored (long s, dotless i, dotted I, Kelvin sign, final sigma, ...).
EXOTIC = "sSſiIıİkKKσςΣµμßẞ\u0307"


def signature(matches: list[RuleMatch]) -> list[tuple[int, tuple[tuple[int, int], ...]]]:
    return [(index, match.regs) for index, match in matches]


def assert_same(text: str, patterns: list[re.Pattern[str]]) -> None:
    scanner = build_scanner(patterns)
    expected = signature(all_candidates_reference(text, patterns))
    found = signature(scanner.matches(text)) if scanner else expected
    assert found == expected, text


def assert_same_as_grammar(text: str, grammar: Grammar) -> None:
    assert grammar.scanner is not None
    patterns = [rule.regex for rule in grammar.rules]
    assert signature(grammar.scanner.matches(text)) == signature(all_candidates_reference(text, patterns)), text


def examples(grammar: Grammar) -> list[str]:
    return [example for rule in grammar.rules for example in rule.examples]


# --- the shipped grammars ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_rule_is_scanned_in_one_pass(lang: str) -> None:
    scanner = load_grammar(lang).scanner
    assert scanner is not None
    names = [load_grammar(lang).rules[i].name for i in scanner.unanchored]
    assert not names, f"rules scanned in full (slow): give them a literal or digit start: {names}"


@pytest.mark.parametrize("lang", LANGS)
def test_resource_examples_match_alike(lang: str) -> None:
    grammar = load_grammar(lang)
    for example in examples(grammar):
        assert_same_as_grammar(example, grammar)
    assert_same_as_grammar("\n".join(examples(grammar)), grammar)
    assert_same_as_grammar(" ".join(examples(grammar)).upper(), grammar)


@pytest.mark.parametrize("lang", LANGS)
def test_tagging_is_unchanged(lang: str) -> None:
    grammar = load_grammar(lang)
    reference = replace(grammar, scanner=None)  # the tagger then runs every rule over the text
    text = "\n".join(examples(grammar))
    assert tagger.tag_with_grammar(text, grammar) == tagger.tag_with_grammar(text, reference)


# --- real news ---------------------------------------------------------------------------------------------------


def german_news() -> list[str]:
    path = corpora_root() / "10kgnad" / "test.csv"
    if not path.is_file():
        pytest.skip(f"{path} not found (set CHRONIK_CORPORA)")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter=";", quotechar="'")  # label;text, quoted with ' (see its README)
        return [row[1] for row in rows if len(row) == 2][:CORPUS_DOCS]


def english_news() -> list[str]:
    paths = sorted((corpora_root() / "tempeval3" / "TE3-Silver").glob("*.tml"))[:CORPUS_DOCS]
    if not paths:
        pytest.skip(f"no TE3-Silver .tml files under {corpora_root()} (set CHRONIK_CORPORA)")
    return [read_timeml_text(path)[0] for path in paths]


@pytest.mark.corpus
@pytest.mark.parametrize(("lang", "read"), [("de", german_news), ("en", english_news)])
def test_real_news_matches_alike(lang: str, read: object) -> None:
    grammar = load_grammar(lang)
    texts = read()  # type: ignore[operator]
    for text in texts:
        assert_same_as_grammar(text, grammar)
    joined = "\n\n".join(texts[:20])
    assert tagger.tag_with_grammar(joined, grammar) == tagger.tag_with_grammar(joined, replace(grammar, scanner=None))


# --- random text ---------------------------------------------------------------------------------------------------


def fragments(lang: str) -> st.SearchStrategy[str]:
    """Pieces of temporal language taken from the grammar itself, so new rules and words are covered too."""
    grammar = load_grammar(lang)
    words = sorted({key for table in grammar.words.values() for key in table})
    pieces = sorted(set(examples(grammar)) | set(words))
    piece = st.sampled_from(pieces)
    return st.one_of(
        piece,
        piece.map(str.upper),
        piece.map(str.title),
        st.integers(0, 3000).map(str),
        st.sampled_from(list(".,;:()[]-–—/'’%§$\n\t")),
        st.text(max_size=6),
        st.text(alphabet=EXOTIC + " .1", max_size=4),
    )


def random_texts(lang: str) -> st.SearchStrategy[str]:
    separators = st.sampled_from(["", " ", " ", "\n", ", ", "-"])
    return st.lists(st.tuples(fragments(lang), separators), max_size=30).map(
        lambda parts: "".join(piece + separator for piece, separator in parts)
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=random_texts("de"))
def test_random_german_text_matches_alike(text: str) -> None:
    assert_same_as_grammar(text, load_grammar("de"))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=random_texts("en"))
def test_random_english_text_matches_alike(text: str) -> None:
    assert_same_as_grammar(text, load_grammar("en"))


# --- synthetic rules: each construct the scanner reads --------------------------------------------------------------

SYNTHETIC = [
    r"(?:im|seit|bis)\s+(?P<T>(?P<year>1\d{3}|20\d{2}))",  # literal words, then classes and repeats
    r"(?:(?:den|die)\s+)?(?:letzten\s+)?(?P<n>\d{1,4}|drei)\s+(?:Tage|Jahre)",  # optional first words
    r"(?-i:[A-Z]\w+)\s+(?-i:morgen)",  # case-sensitive parts: heads ignore case, so they try more, never less
    r"(?<=\d[–-])\d{4}|(?<=\d\s[–-]\s)\d{2}",  # a lookbehind where a match starts
    r"ca\.\s*\d+|Nr\.|§\s?\d+|\(\d{4}\)",  # non-word characters in and at heads
    r"(?>ab|a)c|x*+y|(?:ab){2,3}z|(?:q|r){1,}s",  # atomic group, possessive and counted repeats
    r"(?P<a>[ab])(?P=a)c|(?P<o>\()?d(?(o)\))",  # back reference and conditional group
    r"ſtunde|ſ\w|KELVIN|İstanbul|σigma",  # literals that fold unusually when case is ignored
    r"(?a:\w+)\s+Uhr|\d+(?a:\W)x",  # ASCII-only classes
    r"\w+ing|.ab|[^x]y|\Wz",  # broad starts: these rules need a full scan
    r"a?|(?:b)*",  # may match empty: needs a full scan
]


@pytest.mark.parametrize("source", SYNTHETIC)
def test_synthetic_rule_is_scanned_correctly(source: str) -> None:
    bounded = re.compile(BOUNDED.format(source), re.IGNORECASE | re.UNICODE)
    unbounded = re.compile(source, re.IGNORECASE | re.UNICODE)  # no (?<![\w]): must fall back to a full scan
    for text in ("", "im 1990, seit 2001 und bis 1850.", "Die letzten 3 Tage", "ab ac abababz qrrs xxy (d) d)",
                 "ſtunde ſx Kelvin İSTANBUL ΣIGMA", "1990–2001 und 1990 - 91", "ca. 15 Nr. § 3 (2015)", "éé 12 Uhr",
                 "aac bbc (d) singing xab xy", EXOTIC):
        assert_same(text, [bounded, unbounded])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list(EXOTIC + "abcdqrsxyzTUhrmogenl()–-.§ 0123456789")), max_size=40))
def test_synthetic_rules_match_alike_on_random_text(text: str) -> None:
    patterns = [re.compile(BOUNDED.format(source), re.IGNORECASE | re.UNICODE) for source in SYNTHETIC]
    assert_same(text, patterns)


def test_literals_that_fold_alike_fall_back_to_full_scans() -> None:
    # "s" and "ſ" match each other when case is ignored: a trie with both could miss the longer literal head.
    patterns = [re.compile(BOUNDED.format(word), re.IGNORECASE) for word in ("sab", "ſabc")]
    assert build_scanner(patterns) is None
    assert_same("Sabc ſab sabc", patterns)


def test_dispatch_memory_stays_bounded() -> None:
    # The dispatch memo is keyed by text (here: each of many distinct first characters); it must not grow unbounded.
    scanner = build_scanner([re.compile(BOUNDED.format("[\u4e00-\u9fff]x"), re.IGNORECASE)])
    assert scanner is not None
    text = " ".join(chr(0x4E00 + n) + "x" for n in range(2 * _MEMO_LIMIT))
    assert len(scanner.matches(text)) == 2 * _MEMO_LIMIT
    assert 0 < len(scanner.dispatch.memo) <= _MEMO_LIMIT


@pytest.mark.parametrize(
    ("text", "folds"),
    [("Über März 1990, Straße", True), ("Kelvin \u212a 1990", True), ("ΣΑΣ 1990", False),
     ("İstanbul 1990", False), ("ſeit 1990", False), ("plain ascii", True)],
)
def test_text_is_lowered_for_the_hit_search_only_where_that_finds_the_same(text: str, folds: bool) -> None:
    # ΣΑΣ lowers to σας (a final sigma), İ to two characters, ſ matches s only when case is ignored
    assert (folded_text(text) is not None) is folds
    if folds:
        assert folded_text(text) == text.lower()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_shipped_grammars_search_hits_in_lowered_text(lang: str) -> None:
    scanner = load_grammar(lang).scanner
    assert scanner is not None and scanner.hits_folded is not None
    assert not scanner.hits_folded.flags & re.IGNORECASE
