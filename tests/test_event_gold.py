"""The hand-made event gold (bench/event_gold/): sound format, and every quote locator pointing at its words."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bench.eventeval.corpus import CorpusMissing, load_article
from bench.eventeval.gold import (
    GOLD_DIR,
    LANGUAGES,
    load_documents,
    load_happenings,
    locator_problems,
    problems,
    row_problems,
)
from bench.eventeval.locate import locator
from bench.eventeval.selection import english_selection, german_selection
from bench.timexeval.corpora import corpora_root


def corpus_texts() -> dict[str, str]:
    try:
        return {document.doc: load_article(document.doc).text for document in load_documents()}
    except CorpusMissing as missing:
        pytest.skip(f"the corpora are not beside the repository ({missing}); run from a checkout beside ../shared")


def test_the_gold_files_are_sound() -> None:
    assert problems() == []


def test_each_language_has_twenty_articles_and_every_article_is_read() -> None:
    documents = load_documents()
    for lang in LANGUAGES:
        annotated = {document.doc for document in documents if document.lang == lang}
        assert len(annotated) >= 20
        quoted = {quote.doc for happening in load_happenings(lang) for quote in happening.quotes}
        assert quoted <= annotated


def test_the_checks_catch_a_broken_line() -> None:
    documents = {document.doc: document for document in load_documents()}
    row = json.loads((GOLD_DIR / "en.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert row_problems(row, documents) == []
    broken = dict(row, plover="STATEMENT", actor1=["Nobody listed"], start="2011-03-09", end="2011-03-01")
    found = " ".join(row_problems(broken, documents))
    assert "plover category" in found and "actor1/actor2" in found and "start after end" in found
    foreign = dict(row, quotes=[dict(row["quotes"][0], doc="10kgnad:28")])
    assert "de document in the en gold" in " ".join(row_problems(foreign, documents))


def test_every_locator_matches_the_corpus_text() -> None:
    texts = corpus_texts()
    happenings = [happening for lang in LANGUAGES for happening in load_happenings(lang)]
    assert locator_problems(happenings, texts) == []


def test_a_shifted_locator_is_caught() -> None:
    texts = corpus_texts()
    happening = load_happenings("de")[0]
    quote = happening.quotes[0]
    shifted = replace(happening, quotes=(replace(quote, start=quote.start + 3),))
    assert locator_problems([shifted], texts)


def test_the_articles_are_the_ones_the_written_rule_picks() -> None:
    corpus_texts()
    root = corpora_root()
    assert [document.doc for document in load_documents()] == german_selection(root) + english_selection(root)


def test_locator_finds_the_sentence_around_the_words() -> None:
    text = "Wien – Die Kammer tagte am 21. August in Graz. Danach ging man heim."
    quote = locator("10kgnad:0", text, "tagte am")
    assert (quote["start"], quote["end"]) == (0, text.index(" Danach"))
    assert quote["words"] == "Wien – Die Kammer tagte am 21. August"
    with pytest.raises(ValueError, match="occurs 0 times"):
        locator("10kgnad:0", text, "Salzburg")
