"""Actor registry and mention finder: the language files' examples, the sample article, roles by date,
user overrides, English news sentences and edge cases."""

from __future__ import annotations

import ast
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from events.actors import (
    ACTOR_KINDS,
    VIA_KINDS,
    ActorRegistry,
    display_names,
    find_actor_mentions,
    load_registry,
    load_registry_file,
    read_actor_file,
)
from events.model import ActorMention
from events.resources import ResourceError, available_languages, load_resource
from events.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "events" / "corpus" / "belarus-treaty-de.txt"
SAMPLE_DATE = date(2024, 12, 15)


def _mentions(text: str, lang: str, dct: date | None = None, registry: ActorRegistry | None = None
              ) -> list[ActorMention]:
    return find_actor_mentions(text, split_sentences(text, lang), registry or load_registry(lang), dct=dct)


def _triples(text: str, lang: str, dct: date | None = None) -> list[tuple[str, str, str]]:
    return [(m.actor, m.text, m.via) for m in _mentions(text, lang, dct)]


def _examples() -> list[tuple[str, str, date | None, list[list[str]]]]:
    return [
        (lang, ex["text"], date.fromisoformat(ex["dct"]) if "dct" in ex else None, ex["mentions"])
        for lang in available_languages()
        for ex in load_resource("actors", lang).get("examples", ())
    ]


@pytest.mark.parametrize(("lang", "text", "dct", "expected"), _examples())
def test_language_file_examples(lang: str, text: str, dct: date | None, expected: list[list[str]]) -> None:
    assert [list(t) for t in _triples(text, lang, dct)] == expected


# --- the registry -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", available_languages())
def test_registry_builds_for_every_language(lang: str) -> None:
    registry = load_registry(lang)
    for name in ("Vladimir Putin", "Alexander Lukashenko", "Sviatlana Tsikhanouskaya", "Sergei Lavrov",
                 "Belarus", "Russia", "Ukraine", "Soviet Union", "BELPOL", "NATO", "European Union",
                 "Germany", "USA", "China", "Poland", "Lithuania", "Kazakhstan", "Volodymyr Zelensky",
                 "Olaf Scholz", "Joe Biden", "Donald Trump", "Xi Jinping", "Emmanuel Macron"):
        assert name in registry.actors
    assert {actor.kind for actor in registry.actors.values()} <= set(ACTOR_KINDS)
    assert {form.via for form in registry.surface_forms.values()} <= set(VIA_KINDS)
    assert load_registry(lang) is registry  # built-in registries are cached


@pytest.mark.parametrize("lang", available_languages())
def test_display_names_are_for_known_actors_and_differ_from_them(lang: str) -> None:
    names = display_names(lang)
    assert set(names) <= set(load_registry(lang).actors)  # a typo in a key would name nobody
    assert all(name.strip() and name != actor for actor, name in names.items())
    if lang == "de":
        assert names["Russia"] == "Russland" and "Belarus" not in names


def test_actor_facts() -> None:
    registry = load_registry("de")
    assert registry.actor("Belarus").cameo == "BLR"
    assert registry.actor("Alexander Lukashenko").country == "Belarus"
    assert registry.actor("Alexander Lukashenko").roles[0].start == date(1994, 7, 20)
    assert registry.actor("Vladimir Putin").kind == "person"
    assert registry.actor("BELPOL").kind == "group"


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        (date(1995, 1, 1), "Boris Yeltsin"),
        (date(2005, 1, 1), "Vladimir Putin"),
        (date(2008, 5, 7), "Dmitry Medvedev"),  # the day of the handover goes to the successor
        (date(2010, 6, 1), "Dmitry Medvedev"),
        (date(2024, 12, 15), "Vladimir Putin"),
        (None, "Vladimir Putin"),
        (date(1985, 1, 1), None),
    ],
)
def test_office_holder_by_date(day: date | None, holder: str | None) -> None:
    assert load_registry("de").holder("head_of_state", "Russia", day) == holder


def test_sources_and_media_are_not_actors() -> None:
    registry = load_registry("de")
    for name in ("Alexander Friedman", "Friedmann", "ntv.de", "Tagesspiegel", "Universität des Saarlandes"):
        assert name not in registry.surface_forms
        assert name not in registry.actors


# --- the sample article -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_mentions() -> tuple[str, list[ActorMention]]:
    text = SAMPLE.read_text(encoding="utf-8")
    return text, find_actor_mentions(text, split_sentences(text, "de"), load_registry("de"), dct=SAMPLE_DATE)


def test_sample_offsets_order_and_overlap(sample_mentions: tuple[str, list[ActorMention]]) -> None:
    text, mentions = sample_mentions
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.via in VIA_KINDS
    spans = sorted({(m.start, m.end) for m in mentions})
    for (_, end), (next_start, _) in pairwise(spans):
        assert end <= next_start  # only coreference mentions share a span, and they share it exactly


def test_sample_actors_and_forms(sample_mentions: tuple[str, list[ActorMention]]) -> None:
    _, mentions = sample_mentions
    forms: dict[str, set[str]] = {}
    for mention in mentions:
        forms.setdefault(mention.actor, set()).add(mention.text)
    assert forms["Vladimir Putin"] >= {"Wladimir Putin", "Putins", "Wladimir Putins", "die beiden Machthaber"}
    assert forms["Alexander Lukashenko"] >= {
        "Alexander Lukaschenko", "Lukaschenko", "Lukaschenkos", "Minsk-Autokrat", "die beiden Machthaber"
    }
    assert forms["Sviatlana Tsikhanouskaya"] == {"Swjatlana Zichanouskaja"}
    assert forms["Sergei Lavrov"] == {"Sergei Lawrow"}
    assert forms["BELPOL"] == {"BELPOL"}
    assert forms["Soviet Union"] == {"Sowjetunion"}
    assert forms["Russia"] >= {"Russland", "Moskau", "russische Armee", "russischen Truppen"}
    assert forms["Belarus"] >= {"Belarus", "belarussischen Seite", "belarussische Truppen"}
    assert "Minsk" not in forms["Belarus"]  # "in Minsk" is a place (events/places.py), not Belarus acting
    assert forms["Ukraine"] >= {"Ukraine", "Kiew"}
    assert "Poland" not in forms  # "in der polnischen Hauptstadt Warschau" is a place


def _sentence_actors(text: str, mentions: list[ActorMention], beginning: str) -> set[str]:
    (sentence,) = [s for s in split_sentences(text, "de") if beginning in s.text]
    return {m.actor for m in mentions if sentence.start <= m.start < sentence.end}


@pytest.mark.parametrize(
    ("beginning", "actors"),
    [
        ("haben die beiden Machthaber kürzlich in Minsk", {"Vladimir Putin", "Alexander Lukashenko"}),
        ("nach der Präsidentschaftswahl in Minsk", set()),
        ("seit Ausrufung der Republik Belarus", {"Belarus", "Soviet Union"}),
        ("zehntausende Menschen in Belarus festgenommen", {"Alexander Lukashenko", "Belarus"}),
        ("Ab dem 13. August 2020", set()),
        ("Oppositionskandidatin Swjatlana", {"Sviatlana Tsikhanouskaya"}),
        ("rund 1500 politische", {"Belarus"}),
        ("Im Ukraine-Krieg diente Belarus", {"Ukraine", "Belarus", "Russia"}),
        ("Das erklärte der Historiker", set()),
        ("Bislang hat der Minsk-Autokrat", {"Alexander Lukashenko"}),
    ],
)
def test_sample_sentence_actors(
    sample_mentions: tuple[str, list[ActorMention]], beginning: str, actors: set[str]
) -> None:
    text, mentions = sample_mentions
    assert _sentence_actors(text, mentions, beginning) == actors


def test_coreference_needs_two_antecedents_nearby() -> None:
    text = "Putin sprach lange. Danach schwiegen die beiden Machthaber."
    assert [m.via for m in _mentions(text, "de")] == ["alias"]
    far = "Putin traf Lukaschenko. Es regnete. Es war kalt. Die beiden Machthaber schwiegen."
    assert "coreference" not in {m.via for m in _mentions(far, "de")}


# --- roles and epithets by date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dct", "actor", "via"),
    [
        ("Der Kremlchef drohte.", None, "Vladimir Putin", "role"),
        ("Der Kremlchef drohte.", date(2010, 1, 1), "Dmitry Medvedev", "role"),
        ("Der russische Präsident drohte.", date(1995, 1, 1), "Boris Yeltsin", "role"),
        ("Der belarussische Machthaber drohte.", SAMPLE_DATE, "Alexander Lukashenko", "role"),
        ("Der ukrainische Außenminister reiste ab.", SAMPLE_DATE, "Ukraine", "adjective"),
        ("Die Präsidentin der Europäischen Kommission ...", SAMPLE_DATE, None, None),
        ("Nato-Generalsekretär warnte.", date(2020, 1, 1), "Jens Stoltenberg", "role"),
        ("Die Bundeskanzlerin reiste ab.", date(2015, 1, 1), "Angela Merkel", "role"),
    ],
)
def test_roles_resolve_by_document_date(text: str, dct: date | None, actor: str | None, via: str | None) -> None:
    mentions = _mentions(text, "de", dct)
    assert [(m.actor, m.via) for m in mentions] == ([(actor, via)] if actor else [])


def test_title_before_a_name_yields_the_name() -> None:
    assert _triples("Der russische Präsident Wladimir Putin sprach.", "de", SAMPLE_DATE) == [
        ("Vladimir Putin", "Wladimir Putin", "alias")
    ]
    assert _triples("Russia's president, Vladimir Putin, spoke.", "en", SAMPLE_DATE) == [
        ("Russia", "Russia", "alias"), ("Vladimir Putin", "Vladimir Putin", "alias")
    ]


# --- English news sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Belarusian leader Alexander Lukashenko has ruled the country since 1994.", ["Alexander Lukashenko"]),
        ("Tens of thousands were detained after protests against Lukashenko's disputed re-election in 2020.",
         ["Alexander Lukashenko"]),
        ("In early 2022, Russian troops used Belarus as a staging ground for the assault on Kyiv.",
         ["Russia", "Belarus", "Ukraine"]),
        ("Sergei Lavrov said Moscow and Minsk would deepen military ties.",
         ["Sergei Lavrov", "Russia", "Belarus"]),
        ("The Soviet Union collapsed in 1991, and the USSR's republics declared independence.",
         ["Soviet Union", "Soviet Union"]),
        ("Svetlana Tikhanovskaya fled to Vilnius after the vote.", ["Sviatlana Tsikhanouskaya", "Lithuania"]),
        ("President Zelensky met Chancellor Scholz and Emmanuel Macron in Berlin.",
         ["Volodymyr Zelensky", "Olaf Scholz", "Emmanuel Macron"]),
        ("The weather in the capital was mild on Tuesday.", []),
    ],
)
def test_english_sentences(text: str, actors: list[str]) -> None:
    assert [m.actor for m in _mentions(text, "en", SAMPLE_DATE)] == actors


# --- word boundaries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Das Belarus-Regime reagierte.", ["Belarus"]),
        ("Laut BELPOL-Informationen", ["BELPOL"]),
        ("Russlanddeutsche feierten.", []),  # closed compounds name nobody
        ("Die Moskauer Führung schwieg.", ["Russia"]),
        ("Der Moskauer Zirkel schwieg.", []),
        ("Die belarussischen Städte und die russische Sprache.", []),
        ("Die Europäische Union und die Nato.", ["European Union", "NATO"]),
    ],
)
def test_boundaries_and_compounds(text: str, actors: list[str]) -> None:
    assert [m.actor for m in _mentions(text, "de")] == actors


# --- user overrides ---------------------------------------------------------------------------------------


EXTRA = {
    "actor": [
        {"name": "Maria Kalesnikava", "kind": "person", "country": "Belarus", "aliases": ["Kalesnikava"]},
        {"name": "BELPOL", "kind": "organisation"},
    ],
    "de": {"aliases": {"Maria Kalesnikava": ["Maria Kolesnikowa", "Kolesnikowa"], "Belarus": ["Belarussia"]}},
}


def test_extra_actors_merge_over_builtins() -> None:
    registry = load_registry("de", EXTRA)
    assert registry.actor("BELPOL").kind == "organisation"
    assert registry.actor("BELPOL").cameo == "BLROPP"  # other fields kept
    text = "Maria Kolesnikowa und Kolesnikowas Anwälte; Kalesnikava in Belarussia."
    found = [(m.actor, m.text) for m in _mentions(text, "de", registry=registry)]
    assert found == [
        ("Maria Kalesnikava", "Maria Kolesnikowa"), ("Maria Kalesnikava", "Kolesnikowas"),
        ("Maria Kalesnikava", "Kalesnikava"), ("Belarus", "Belarussia"),
    ]
    assert "Maria Kalesnikava" not in load_registry("de").actors  # the built-in registry is untouched


def test_registry_file(tmp_path: Path) -> None:
    path = tmp_path / "my-actors.toml"
    path.write_text(
        '[[actor]]\nname = "Maria Kalesnikava"\nkind = "person"\n\n'
        '[en.aliases]\n"Maria Kalesnikava" = ["Maria Kolesnikova", "Kolesnikova"]\n',
        encoding="utf-8",
    )
    assert read_actor_file(path)["actor"][0]["name"] == "Maria Kalesnikava"
    registry = load_registry_file(path, "en")
    assert [m.actor for m in _mentions("Kolesnikova was jailed.", "en", registry=registry)] == [
        "Maria Kalesnikava"
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {"de": {"aliases": {"Nobody Known": ["Niemand"]}}},
        {"actor": [{"name": "X", "kind": "planet"}]},
        {"actor": [{"name": "X", "kind": "person", "roles": [{"role": "head_of_state", "of": "Atlantis"}]}]},
    ],
)
def test_bad_extra_data_is_reported(extra: dict[str, object]) -> None:
    with pytest.raises(ResourceError):
        load_registry("de", extra)


def test_bad_actor_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[[actor]\nname = ", encoding="utf-8")
    with pytest.raises(ResourceError):
        read_actor_file(path)


# --- edge cases and speed ---------------------------------------------------------------------------------


def test_edge_cases() -> None:
    assert _mentions("", "de") == []
    assert _mentions("Es regnet in der ganzen Stadt.", "de") == []
    assert _mentions("😀 Ærø — Минск", "de") == []
    text = "«Putin» und 😀 Lukaschenko"
    registry = load_registry("de")
    assert [m.text for m in find_actor_mentions(text, [], registry)] == ["Putin", "Lukaschenko"]


# --- language knowledge stays in the data -----------------------------------------------------------------


@pytest.mark.parametrize("module", ["actors", "sentences", "eventtypes", "langdetect"])
def test_engine_code_names_no_language(module: str) -> None:
    # Docstrings and comments may give examples; string literals in the code itself may not name a
    # language or hold a word of one.
    tree = ast.parse((ROOT / "events" / f"{module}.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
    }
    literals = [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
    for literal in literals:
        assert literal not in available_languages(), literal
        for word in ("Putin", "russisch", "Russian", "Präsident", "president", "Vertrag", "treaty", "Protest"):
            assert word not in literal, literal
