"""A user's actor file: the shipped example works, overrides add aliases, mistakes are named up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.actorfile import ActorFileError, parse_user_actors, read_user_actors
from events.actors import find_actor_mentions, load_registry

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "my-actors.toml"


def actors_in(text: str, lang: str, extra: dict | None) -> list[tuple[str, str]]:
    return [(m.actor, m.text) for m in find_actor_mentions(text, [], load_registry(lang, extra))]


def test_the_example_file_adds_people_and_organisations_in_both_languages() -> None:
    extra = read_user_actors(EXAMPLE)
    assert actors_in("Maria Kolesnikowa und das Menschenrechtszentrum Viasna.", "de", extra) == [
        ("Maria Kalesnikava", "Maria Kolesnikowa"), ("Viasna", "Menschenrechtszentrum Viasna"),
    ]
    assert actors_in("Kolesnikova was sentenced; Pratasevich was pardoned.", "en", extra) == [
        ("Maria Kalesnikava", "Kolesnikova"), ("Roman Protasevich", "Pratasevich"),
    ]


def test_an_override_adds_aliases_and_keeps_the_built_in_facts() -> None:
    extra = parse_user_actors(
        b'[[actor]]\nname = "USA"\naliases = ["Uncle Sam"]\n\n[[actor]]\nname = "Belarus"\ncameo = "BYS"\n',
        name="mine.toml",
    )
    registry = load_registry("en", extra)
    assert registry.actor("Belarus").cameo == "BYS" and registry.actor("Belarus").kind == "country"
    assert actors_in("Uncle Sam and the U.S.A. agreed.", "en", extra) == [("USA", "Uncle Sam"), ("USA", "U.S.A.")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[[actor]\nname = 1", "mine.toml: is not valid TOML"),
        (b'[[actor]]\nkind = "person"\n', "mine.toml: actor entry 1 has no name"),
        (b'[[actor]]\nname = "X"\nkind = "planet"\n', "mine.toml: actor 'X': kind must be one of"),
        (b'[[actor]]\nname = "X"\nkind = "person"\naliases = "X2"\n', "aliases must be a list of names"),
        (b'[de.aliases]\n"Nobody Known" = ["Niemand"]\n', "mine.toml: [de.aliases]: unknown actor 'Nobody Known'"),
        (b'[fr.aliases]\n"Russia" = ["Russie"]\n', "mine.toml: unknown section 'fr'"),
        (b'[actors]\nname = "X"\n', "mine.toml: unknown section 'actors'"),
        (b'actor = "X"\n', "write the actors as [[actor]] entries"),
        (b'[[actor]]\nname = "X"\nkind = "person"\nroles = [{role = "head_of_state", of = "Atlantis"}]\n',
         "role of unknown actor 'Atlantis'"),
        (b'[[actor]]\nname = "X"\nkind = "person"\nroles = [{role = "head_of_state", of = "Belarus", '
         b'from = "1994-13-01"}]\n', "mine.toml: does not have the shape of an actor file"),
        ("[[actor]]\nname = \"Łukaszenka\"\n".encode("cp1250"), "mine.toml: is not UTF-8 text"),
    ],
)
def test_a_bad_actor_file_is_one_clear_message(content: bytes, message: str) -> None:
    with pytest.raises(ActorFileError) as raised:
        parse_user_actors(content, name="mine.toml")
    assert message in str(raised.value)


def test_a_missing_actor_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ActorFileError, match=r"nope\.toml: no such file"):
        read_user_actors(tmp_path / "nope.toml")
