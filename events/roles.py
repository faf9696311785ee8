"""Who acts on whom: the actors of an event as `actor1` (who acts: signs, attacks, arrests) and `actor2` (whom it is
done to: who is attacked, arrested, met), as ACLED and GDELT code them.

Read from the clause of the event's trigger, by word order and a few function words, which are language data
(`events/resources/<lang>/extraction.toml`, table `[roles]`):
- after an agent preposition of a passive clause ("festgenommen von der Polizei", "killed by NATO") an actor acts;
- after a target preposition ("Angriff auf Kiew", "sanctions against Belarus") it is acted on;
- in a passive clause ("Gaddafi was killed", "Journalisten wurden festgenommen") the others are acted on;
- in an active clause the first actor acts, with every actor joined to it by "und", "and" or a comma ("Putin und
  Lukaschenko unterzeichneten"); the others are acted on ("Putin empfing Lukaschenko"). Where the language puts
  the subject before the verb (English), an actor after the trigger only is acted on ("a missile strike hit Kyiv").
Actors of other clauses of the sentence stay among the event's `actors` without a role. A person who acts for a
state (`ActorRegistry.acting_for`) gives the state the person's role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from events.model import ActorMention
from events.resources import load_resource

# How far back (in characters) a preposition may stand before the actor it introduces: "by the Russian army".
_PREPOSITION_REACH = 40


@dataclass(frozen=True)
class RoleCues:
    passive: re.Pattern[str]  # auxiliaries that make a clause passive ("wurde", "were")
    agent: re.Pattern[str]  # a preposition introducing the agent, at the end of the text before an actor
    target: re.Pattern[str]  # a preposition introducing the target, likewise
    joined: re.Pattern[str]  # what joins two actors into one subject ("und", "and", ",")
    subject_before_verb: bool  # the subject of an active clause comes before its verb (English), or anywhere


def _words(words: Sequence[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered) or "(?!)"


@cache
def role_cues(lang: str) -> RoleCues:
    data = load_resource("extraction", lang).get("roles", {})
    # The preposition, then at most an article or adjective or two, then the actor: "von der russischen Armee".
    before_actor = r"(?:\s+[\w-]+){0,3}?\s*$"
    return RoleCues(
        passive=re.compile(rf"(?<!\w)(?:{_words(data.get('passive', []))})(?!\w)", re.IGNORECASE),
        agent=re.compile(rf"(?<!\w)(?:{_words(data.get('agent', []))}){before_actor}", re.IGNORECASE),
        target=re.compile(rf"(?<!\w)(?:{_words(data.get('target', []))}){before_actor}", re.IGNORECASE),
        # The joining word may come with a title: "Putin and Belarusian leader Lukashenko".
        joined=re.compile(rf"^\s*(?:,|{_words(data.get('joining', []))})(?:\s+[\w-]+){{0,3}}?\s*$", re.IGNORECASE),
        subject_before_verb=bool(data.get("subject_before_verb", False)),
    )


@dataclass(frozen=True)
class Roles:
    actor1: tuple[str, ...] = ()
    actor2: tuple[str, ...] = ()


def assign_roles(
    text: str, clause: tuple[int, int], trigger: tuple[int, int] | None, mentions: Sequence[ActorMention],
    cues: RoleCues,
) -> Roles:
    """The roles of the event whose trigger is at `trigger` (None: no trigger, the roles by word order alone),
    from the actor mentions of its clause (others are ignored)."""
    inside = sorted((m for m in mentions if clause[0] <= m.start and m.end <= clause[1]), key=lambda m: m.start)
    if not inside:
        return Roles()
    passive = cues.passive.search(text, clause[0], clause[1]) is not None
    acts: list[ActorMention] = []
    acted_on: list[ActorMention] = []
    rest: list[ActorMention] = []
    for mention in inside:
        before = text[max(clause[0], mention.start - _PREPOSITION_REACH) : mention.start]
        if passive and cues.agent.search(before):
            acts.append(mention)
        elif cues.target.search(before):
            acted_on.append(mention)
        else:
            rest.append(mention)
    if cues.subject_before_verb and trigger is not None and rest and rest[0].start > trigger[0]:
        # English: nothing before the verb is an actor ("A missile strike hit Kyiv"): all are acted on.
        acted_on.extend(rest)
    elif passive or acts:
        acted_on.extend(rest)
    elif rest:
        # The first actor of an active clause acts, and all joined to it; a plural reference ("die beiden
        # Machthaber") is one mention per actor at the same place.
        subject = [rest[0]]
        for mention in rest[1:]:
            last = subject[-1]
            if mention.start == last.start or cues.joined.match(text[last.end : mention.start]):
                subject.append(mention)
            else:
                break
        acts.extend(subject)
        acted_on.extend(m for m in rest if m not in subject)
    actor1 = tuple(dict.fromkeys(m.actor for m in acts))
    actor2 = tuple(dict.fromkeys(m.actor for m in acted_on if m.actor not in actor1))
    return Roles(actor1, actor2)
