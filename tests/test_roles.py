"""Who acts on whom: actor1 and actor2, and the state a head of state or government acts for."""

from __future__ import annotations

from datetime import date

import pytest

from events import extract_events
from events.actors import load_registry

DCT = date(2024, 12, 15)


def _roles(text: str, lang: str) -> tuple[list[str], list[str]]:
    events = extract_events(text, lang=lang, dct=DCT, merge=False)
    assert len(events) == 1, events[["event_type", "sentence"]]
    return list(events.iloc[0]["actor1"]), list(events.iloc[0]["actor2"])


@pytest.mark.parametrize(
    ("text", "lang", "actor1", "actor2"),
    [
        # Both sign: joined by "und", "and", even with a title between.
        ("Putin und Lukaschenko unterzeichneten am Freitag einen Vertrag.", "de",
         ["Vladimir Putin", "Russia", "Alexander Lukashenko", "Belarus"], []),
        ("Russian President Vladimir Putin and Belarusian leader Alexander Lukashenko signed a treaty on Friday.",
         "en", ["Vladimir Putin", "Russia", "Alexander Lukashenko", "Belarus"], []),
        # One acts on the other.
        ("Putin met Lukashenko in Sochi on Friday.", "en",
         ["Vladimir Putin", "Russia"], ["Alexander Lukashenko", "Belarus"]),
        ("Am Freitag empfing Putin Lukaschenko in Moskau.", "de",
         ["Vladimir Putin", "Russia"], ["Alexander Lukashenko", "Belarus"]),
        ("Russland griff am Montag die Ukraine an.", "de", ["Russia"], ["Ukraine"]),
        ("Die EU verhängte am Montag Sanktionen gegen Belarus.", "de", ["European Union"], ["Belarus"]),
        # The passive: the agent after "by", "von"; without one, who it was done to.
        ("Tsikhanouskaya was arrested by Belarusian police on Sunday.", "en",
         ["Belarus"], ["Sviatlana Tsikhanouskaya"]),
        ("Am Sonntag wurde Zichanouskaja festgenommen.", "de", [], ["Sviatlana Tsikhanouskaya"]),
    ],
)
def test_who_acts_on_whom(text: str, lang: str, actor1: list[str], actor2: list[str]) -> None:
    assert _roles(text, lang) == (actor1, actor2)


def test_a_head_of_state_acting_makes_the_state_an_actor() -> None:
    events = extract_events("Putin signed a decree on the nuclear doctrine on Tuesday.", lang="en", dct=DCT)
    assert list(events.iloc[0]["actors"]) == ["Vladimir Putin", "Russia"]
    # By the office held at the event's date: Putin was prime minister in 2010, and still acted for Russia;
    # Medvedev was president then, and is no state's agent now.
    registry = load_registry("en")
    assert registry.acting_for("Vladimir Putin", date(2010, 1, 1)) == ["Russia"]
    assert registry.acting_for("Dmitry Medvedev", date(2010, 1, 1)) == ["Russia"]
    assert registry.acting_for("Dmitry Medvedev", DCT) == []
    assert registry.acting_for("Sviatlana Tsikhanouskaya", DCT) == []  # no office
    assert registry.acting_for("Russia", DCT) == []  # a state acts for itself


def test_actors_of_another_clause_keep_no_role() -> None:
    actor1, actor2 = _roles("Lukaschenko unterzeichnete am Freitag den Vertrag, sagte ein Sprecher in Warschau.",
                            "de")
    assert actor1 == ["Alexander Lukashenko", "Belarus"] and actor2 == []
