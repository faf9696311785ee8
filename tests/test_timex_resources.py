"""The resource files are their own specification: every rule example is tagged by that rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from events.resources import available_languages, load_resource
from events.timex import load_grammar
from events.timex.grammar import GrammarError, compile_grammar
from events.timex.tagger import tag_with_grammar
from events.timex.values import is_well_formed

CASES = [
    (lang, rule.name, example)
    for lang in available_languages()
    for rule in load_grammar(lang).rules
    for example in rule.examples
]


def test_every_language_has_rule_examples() -> None:
    for lang in available_languages():
        grammar = load_grammar(lang)
        with_examples = [rule for rule in grammar.rules if rule.examples]
        assert len(with_examples) >= 0.8 * len([r for r in grammar.rules if not r.negative])


@pytest.mark.parametrize(("lang", "rule_name", "example"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_rule_example_is_tagged_by_its_rule(lang: str, rule_name: str, example: str) -> None:
    timexes = tag_with_grammar(example, load_grammar(lang), dct=None)
    rules = [t.rule for t in timexes]
    assert rule_name in rules, f"{example!r} was tagged by {rules}, not by {rule_name}"
    for timex in timexes:
        assert example[timex.start : timex.end] == timex.text


@pytest.mark.parametrize(("lang", "rule_name", "example"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_rule_example_value_is_well_formed(lang: str, rule_name: str, example: str) -> None:
    from datetime import date

    for timex in tag_with_grammar(example, load_grammar(lang), dct=date(2024, 12, 14)):
        assert is_well_formed(timex.value, timex.type), (example, timex)
        # With a document date every example anchors (a rule naming an unknown unit would not).
        assert timex.resolved, (example, timex)


def test_unknown_reference_in_a_rule_is_reported() -> None:
    data = {"rule": [{"name": "broken", "match": "{nosuchtable}", "type": "DATE", "value": "x"}]}
    with pytest.raises(GrammarError, match="nosuchtable"):
        compile_grammar(data, "xx")


def test_bad_regex_is_reported_with_the_rule_name() -> None:
    data = {"rule": [{"name": "unbalanced", "match": "(abc", "type": "DATE", "value": "x"}]}
    with pytest.raises(GrammarError, match="unbalanced"):
        compile_grammar(data, "xx")


def _code_words(path: Path) -> str:
    """Identifiers and string literals of a module, without its comments and docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words.append(node.value)
        elif isinstance(node, ast.Name):
            words.append(node.id)
    return " ".join(words).lower()


def test_engine_knows_no_language_words() -> None:
    """Language knowledge lives in resource files: the engine's code names no month or relative word."""
    import events.timex as package

    code = " ".join(_code_words(p) for p in Path(package.__file__).parent.glob("*.py"))
    for word in ("august", "januar", "gestern", "yesterday", "kürzlich", "recently", "anfang", "early"):
        assert word not in code, word


def test_each_language_file_parses() -> None:
    for lang in available_languages():
        data = load_resource("timex", lang)
        assert data["rule"], lang
