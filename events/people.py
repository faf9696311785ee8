"""People named in an article who are not in the actor registry ("der Historiker Alexander Friedman").

They are offered as actors marked unregistered (`ActorMention.via == "unregistered"`), with the name as written
as the actor's name, so that a user sees who else an article speaks of and can add them to an actor file.

German capitalises every noun, so a capitalised word alone says nothing. A name needs a cue, and the cues are
data (`events/resources/<lang>/people.toml`):
- a known given name, then optionally more given names, initials or a patronymic, particles ("von der"), and a
  surname: "Alexander Friedman", "Peter van der Meer";
- a title or role right before it ("Historiker Friedman", "Außenministerin X", "President Y", "Dr. Z"); then the
  name is either such a full name or one capitalised word.
Words that are never names (months, words that open sentences, headline verbs) and noun endings ("-ung") stop a
candidate. A name that overlaps a registered mention is the registered actor's, not a new one. Once an article
has named "Alexander Friedman", a later "Friedman" (or its genitive) is him too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from events.actors import ActorRegistry
from events.model import ActorMention
from events.resources import load_resource

VIA_UNREGISTERED = "unregistered"
# Words joined by inner hyphens or apostrophes are one token: "Kassym-Jomart", "O'Brien", "US-Präsident".
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# At most this many particles between given name and surname ("van der", "von und zu").
_MAX_PARTICLES = 3


@dataclass(frozen=True)
class PeopleRules:
    """One language's cues for names, from its people.toml (casefolded where matching ignores case)."""

    given_names: frozenset[str]
    particles: frozenset[str]
    patronymic_endings: tuple[str, ...]
    title_words: frozenset[str]  # casefolded; a trailing "." means the word must be followed by a full stop
    title_endings: tuple[str, ...]  # casefolded
    not_names: frozenset[str]
    not_name_endings: tuple[str, ...]  # casefolded
    genitive_suffixes: tuple[str, ...]


@cache
def load_people_rules(lang: str) -> PeopleRules:
    data = load_resource("people", lang)
    titles = data.get("titles", {})
    inflection = load_resource("actors", lang).get("inflection", {})
    return PeopleRules(
        given_names=frozenset(data.get("given_names", ())),
        particles=frozenset(particle.casefold() for particle in data.get("particles", ())),
        patronymic_endings=tuple(data.get("patronymic_endings", ())),
        title_words=frozenset(word.casefold() for word in titles.get("words", ())),
        title_endings=tuple(ending.casefold() for ending in titles.get("endings", ())),
        not_names=frozenset(data.get("not_names", ())),
        not_name_endings=tuple(ending.casefold() for ending in data.get("not_name_endings", ())),
        genitive_suffixes=tuple(inflection.get("genitive_suffixes", ())),
    )


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    parts: int  # how many words: a full name has two or more


def find_unregistered_people(
    text: str, registry: ActorRegistry, registered: Sequence[ActorMention] = ()
) -> list[ActorMention]:
    """Mentions of people not in `registry`, sorted by offset; `registered` are the mentions already found
    (`find_actor_mentions`), whose spans belong to registered actors."""
    rules = load_people_rules(registry.lang)
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    taken = sorted((m.start, m.end) for m in registered)
    names = [
        name
        for name in _candidate_names(text, tokens, rules)
        if not _overlaps(name.start, name.end, taken) and text[name.start : name.end] not in registry.surface_forms
    ]
    canonical = _canonical_names(text, names, rules)
    mentions = [
        ActorMention(canonical[text[n.start : n.end]], n.start, n.end, text[n.start : n.end], VIA_UNREGISTERED)
        for n in names
    ]
    taken = sorted(taken + [(m.start, m.end) for m in mentions])
    mentions += _surname_mentions(text, tokens, canonical, taken, rules, registry)
    return sorted(mentions, key=lambda m: m.start)


def people_between(mentions: Iterable[ActorMention], start: int, end: int) -> list[str]:
    """The distinct names of the unregistered people mentioned between two offsets (a sentence), in order."""
    names: list[str] = []
    for mention in mentions:
        if start <= mention.start and mention.end <= end and mention.actor not in names:
            names.append(mention.actor)
    return names


# --- finding candidates ----------------------------------------------------------------------------------


def _candidate_names(text: str, tokens: list[_Token], rules: PeopleRules) -> Iterable[_Name]:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        name = None
        if (
            _is_title(text, token, rules) and index + 1 < len(tokens)
            and _adjacent(text, token, tokens[index + 1], after_full_stop=_is_dotted_title(text, token, rules))
        ):
            name = _name_at(text, tokens, index + 1, rules, titled=True)
        elif _is_given_name(token.text, rules) and not _in_compound(text, token):
            name = _name_at(text, tokens, index, rules, titled=False)
        if name is None:
            index += 1
            continue
        yield name
        while index < len(tokens) and tokens[index].start < name.end:
            index += 1


def _name_at(text: str, tokens: list[_Token], index: int, rules: PeopleRules, *, titled: bool) -> _Name | None:
    """The name starting at `tokens[index]`: given names, particles and a surname; after a title also one word."""
    first = tokens[index]
    last = index
    given = 0
    while last < len(tokens) and _is_given_part(text, tokens[last], rules) and (
        last == index or _adjacent(text, tokens[last - 1], tokens[last])
    ):
        given += 1
        last += 1
    after = last
    particles = 0
    while (
        after < len(tokens) and particles < _MAX_PARTICLES and given
        and tokens[after].text.casefold() in rules.particles and _adjacent(text, tokens[after - 1], tokens[after])
    ):
        particles += 1
        after += 1
    if given and after < len(tokens) and _adjacent(text, tokens[after - 1], tokens[after]):
        surname = tokens[after]
        if _is_surname(surname.text, rules):
            return _Name(first.start, _surname_end(surname), given + particles + 1)
    if particles == 0 and given >= 2:
        # "Hans Peter" with nothing after it: the last given name is the surname.
        return _Name(first.start, _surname_end(tokens[last - 1]), given)
    if titled and given == 0 and _is_surname(first.text, rules):
        # After a title, two name-like words are a given name the list lacks and a surname
        # ("Bürgermeisterin Rosmarie Pamer"); the price is a rare noun taken along ("Präsident X Journalisten").
        second = tokens[index + 1] if index + 1 < len(tokens) else None
        if second is not None and _adjacent(text, first, second) and _is_surname(second.text, rules) and (
            _POSSESSIVE.search(first.text) is None
        ):
            return _Name(first.start, _surname_end(second), 2)
        return _Name(first.start, _surname_end(first), 1)
    return None


def _is_title(text: str, token: _Token, rules: PeopleRules) -> bool:
    return _is_dotted_title(text, token, rules) or _is_title_word(token.text, rules)


def _is_dotted_title(text: str, token: _Token, rules: PeopleRules) -> bool:
    """An abbreviated title with its full stop ("Dr.", "Prof."): the only place a full stop may precede a name."""
    return text.startswith(".", token.end) and token.text.casefold() + "." in rules.title_words


def _is_title_word(word: str, rules: PeopleRules) -> bool:
    folded = word.casefold()
    return folded in rules.title_words or folded.rsplit("-", 1)[-1].endswith(rules.title_endings)


def _is_given_name(word: str, rules: PeopleRules) -> bool:
    return word in rules.given_names or ("-" in word and all(p in rules.given_names for p in word.split("-")))


def _is_given_part(text: str, token: _Token, rules: PeopleRules) -> bool:
    """A given name, an initial ("George W. Bush") or a patronymic ("Wladimir Wladimirowitsch Putin")."""
    if _is_given_name(token.text, rules):
        return True
    if len(token.text) == 1 and token.text.isupper() and text.startswith(".", token.end):
        return True
    return _is_capitalised(token.text) and token.text.casefold().endswith(rules.patronymic_endings)


def _is_surname(word: str, rules: PeopleRules) -> bool:
    word = _POSSESSIVE.sub("", word)
    if not _is_capitalised(word) or word in rules.not_names or _is_given_name(word, rules):
        return False
    if _is_title_word(word, rules) or word.casefold() + "." in rules.title_words:
        return False  # "Präsident Dr. Nowak": the name comes after the second title
    return not word.casefold().endswith(rules.not_name_endings)


def _is_capitalised(word: str) -> bool:
    """Starts with a capital and is not an acronym ("NATO", "SPD"); one capital letter is an initial."""
    return word[:1].isupper() and (len(word) == 1 or any(char.islower() for char in word))


def _surname_end(token: _Token) -> int:
    possessive = _POSSESSIVE.search(token.text)
    return token.start + possessive.start() if possessive else token.end


def _adjacent(text: str, left: _Token, right: _Token, *, after_full_stop: bool = False) -> bool:
    """Two words of one name: separated by spaces, not by a paragraph. An initial ("W. Bush") or, with
    `after_full_stop`, a title ("Dr. Z") may end in a full stop."""
    gap = text[left.end : right.start]
    if gap.startswith(".") and (len(left.text) == 1 or after_full_stop):
        gap = gap[1:]
    return bool(gap) and gap.isspace() and "\n\n" not in gap


def _in_compound(text: str, token: _Token) -> bool:
    """"Konrad-Adenauer-Stiftung" is one token, but a name glued to a word before it is not a name either."""
    return token.start > 0 and text[token.start - 1] in "-'’"


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of `spans`, which are sorted and do not overlap each other (mentions
    sharing one span are fine); a binary search, since long articles have thousands of mentions."""
    index = bisect_left(spans, (end,))
    return index > 0 and spans[index - 1][1] > start


# --- one person, several mentions ------------------------------------------------------------------------


def _canonical_names(text: str, names: list[_Name], rules: PeopleRules) -> dict[str, str]:
    """Each written name -> the person's name: "Alexander Friedmans" and "Historiker Friedman" are
    "Alexander Friedman" once the article names him so."""
    written = {text[n.start : n.end] for n in names}
    full = {" ".join(text[n.start : n.end].split()) for n in names if n.parts > 1}
    by_surname = _full_names_by_surname(full, rules)
    canonical = {}
    for name in written:
        base = " ".join(_without_genitive(name, written, rules).split())  # a line break inside a name is a space
        if " " not in base:
            base = by_surname.get(base, base)
        canonical[name] = base
    return canonical


def _full_names_by_surname(full_names: Iterable[str], rules: PeopleRules) -> dict[str, str]:
    """Surname -> full name, for surnames only one person in the article has."""
    bases = {_without_genitive(name, set(full_names), rules) for name in full_names}
    owners: dict[str, set[str]] = {}
    for name in bases:
        owners.setdefault(name.rsplit(" ", 1)[-1], set()).add(name)
    return {surname: next(iter(names)) for surname, names in owners.items() if len(names) == 1}


def _without_genitive(name: str, known: set[str], rules: PeopleRules) -> str:
    for suffix in rules.genitive_suffixes:
        if suffix and name.endswith(suffix) and name[: -len(suffix)] in known:
            return name[: -len(suffix)]
    return name


def _surname_mentions(
    text: str, tokens: list[_Token], canonical: dict[str, str], taken: list[tuple[int, int]], rules: PeopleRules,
    registry: ActorRegistry,
) -> list[ActorMention]:
    """A surname alone ("Friedman", "Friedmans") names the person the article introduced with it."""
    by_surname = _full_names_by_surname({name for name in canonical.values() if " " in name}, rules)
    forms = {
        surname + suffix: person
        for surname, person in by_surname.items()
        if surname not in registry.surface_forms
        for suffix in ("", *rules.genitive_suffixes)
    }
    mentions = []
    for token in tokens:
        word = _POSSESSIVE.sub("", token.text)
        person = forms.get(word)
        end = token.start + len(word)
        if person and not _overlaps(token.start, end, taken):
            mentions.append(ActorMention(person, token.start, end, word, VIA_UNREGISTERED))
    return mentions
