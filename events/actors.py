"""The actor registry and the finder of actor mentions.

Who the actors are is language-neutral data (`events/resources/actors.toml`: canonical name, kind, country,
CAMEO code, offices with dates). How a language names them is data too (`events/resources/<lang>/actors.toml`:
aliases, capitals used as metonyms, epithets, country adjectives with the nouns that make them name an actor,
role nouns and phrase templates, plural references, and the rule that generates inflected forms). This module
turns both into a few compiled regular expressions and resolves what they match.

A mention is found by one of these routes (`ActorMention.via`):
- alias: a name or its generated genitive ("Putins"), an acronym, or a capital standing for its country
  ("Moskau", "Kyiv"); hyphenated compounds count ("Belarus-Regime", "Ukraine-Krieg"), closed compounds do not
  ("Russlanddeutsche" names nobody);
- adjective: a country adjective before an actor noun ("die russische Armee"), never alone ("belarussischen
  Städten");
- epithet: a fixed description of one person ("der Minsk-Autokrat");
- role: an office named through its country ("der russische Präsident", "Russia's president", "Kreml-Chef"),
  resolved to whoever held it at the document date (without a date: the current holder); when nobody in the
  registry held it, the mention names the country. A role phrase directly before a person's name is a title
  ("US-Präsident Biden") and yields only the name (and any country alias inside the title);
- coreference: a plural reference ("die beiden Machthaber", "the two leaders") to the two persons (or
  countries) most recently named in the same or the previous sentence. The one case where mentions share a
  span: one mention per actor referred to. Singular pronouns ("er", "he") are not resolved.

Media and sources (ntv.de, Tagesspiegel, quoted experts) are not in the registry: they are not event actors.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from events.model import ActorMention, Sentence
from events.resources import ResourceError, load_resource

ACTOR_KINDS = ("person", "organisation", "country", "group")
# unregistered: events/people.py; group: a country's armed opposition ("the rebels", find_group_mentions)
VIA_KINDS = ("alias", "adjective", "epithet", "role", "coreference", "unregistered", "group")
# When candidates of equal length compete, the more specific route wins.
_VIA_RANK = {"epithet": 0, "role": 1, "adjective": 2, "alias": 3}
# Between a title and the name it belongs to: "US-Präsident Biden", "the Russian president, Vladimir Putin".
_TITLE_GAP = re.compile(r"\s*,?\s+")


@dataclass(frozen=True)
class Role:
    role: str  # head_of_state, head_of_government, foreign_minister, ...
    of: str  # canonical name of the country or organisation
    start: date | None = None
    end: date | None = None  # exclusive: the day the successor took over; None = still in office

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    country: str = ""
    cameo: str = ""
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class SurfaceForm:
    """A literal string that names an actor."""

    actor: str
    via: str  # alias or epithet
    metonym: bool = False  # a capital or seat of power standing for a country


@dataclass(frozen=True)
class CoreferenceRule:
    pattern: re.Pattern[str]
    kind: str  # the kind of actor referred to
    count: int  # how many actors the phrase refers to
    # Resolve only when exactly `count` actors of the kind are in view ("er" after one person, not after two).
    unambiguous: bool = False


@dataclass(frozen=True)
class RolePattern:
    """A compiled role template or the fixed role phrases; `fixed` maps a phrase to (role, of)."""

    pattern: re.Pattern[str]
    fixed: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ActorRegistry:
    """Every actor and every way one language names them, compiled for matching. Read-only."""

    lang: str
    actors: Mapping[str, Actor]
    surface_forms: Mapping[str, SurfaceForm]
    adjective_forms: Mapping[str, str]  # casefolded adjective form -> country
    role_nouns: Mapping[str, str]  # casefolded role noun -> role id
    place_forms: Mapping[str, str]  # country/organisation alias (and genitive) -> actor, for role templates
    metonym_blockers: frozenset[str]
    role_blockers: tuple[str, ...]  # word beginnings that void a role phrase ("früher", "former")
    surface_pattern: re.Pattern[str] | None
    adjective_pattern: re.Pattern[str] | None
    role_patterns: tuple[RolePattern, ...]
    coreference_rules: tuple[CoreferenceRule, ...]
    acting_roles: frozenset[str] = frozenset()  # offices whose holder acts for the state (`acting_for`)

    def actor(self, name: str) -> Actor:
        return self.actors[name]

    def acting_for(self, name: str, day: date | None) -> list[str]:
        """The states and organisations a person acts for on `day` by an office (`acting_roles`): "Vladimir
        Putin" on 2024-12-06 acts for Russia. Without a day, by the offices held now; none for an actor who is
        no person or holds no such office."""
        actor = self.actors.get(name)
        if actor is None or actor.kind != "person":
            return []
        held = [r for r in actor.roles if r.role in self.acting_roles
                and (r.covers(day) if day is not None else r.end is None)]
        return list(dict.fromkeys(r.of for r in held))

    def holder(self, role: str, of: str, day: date | None) -> str | None:
        """Who held `role` of `of` on `day`; without a day, the current (open-ended) holder."""
        spans = [(actor.name, r) for actor in self.actors.values() for r in actor.roles if (r.role, r.of) == (role, of)]
        if day is None:
            current = [(r.start or date.min, name) for name, r in spans if r.end is None]
            return max(current)[1] if current else None
        holders = [(r.start or date.min, name) for name, r in spans if r.covers(day)]
        return max(holders)[1] if holders else None


# --- building the registry -----------------------------------------------------------------------------


def load_registry(lang: str, extra: Mapping[str, Any] | None = None) -> ActorRegistry:
    """The registry for `lang`: the built-in actors, with `extra` (user overrides) merged over them.

    `extra` has the shape of `events/resources/actors.toml` (a list `actor` of canonical entries, which may
    carry language-independent `aliases`) plus, per language, a table shaped like `<lang>/actors.toml`:
    `{"actor": [{"name": "Maria Kalesnikava", "kind": "person"}], "de": {"aliases": {...}}}`. Entries
    of an existing actor update its fields (its `aliases` are added to); lists in the language tables are
    extended. `events.actorfile` reads and checks such a file.
    """
    if not extra:
        return _builtin_registry(lang)
    entries = _merge_actor_entries(load_resource("actors"), extra)
    return _build_registry(lang, [*entries, *_gazetteer_countries(lang, entries)],
                           _deep_merge(load_resource("actors", lang), extra.get(lang, {})))


def read_actor_file(path: str | Path) -> dict[str, Any]:
    """Read a user's actor file (TOML, the shape `load_registry` takes as `extra`)."""
    with Path(path).open("rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ResourceError(f"{path}: not valid TOML: {error}") from error


def load_registry_file(path: str | Path, lang: str) -> ActorRegistry:
    """The registry for `lang` with the actor file at `path` merged over the built-ins (`--actors my.toml`)."""
    return load_registry(lang, read_actor_file(path))


@cache
def display_names(lang: str) -> dict[str, str]:
    """How `lang` names actors in a list or on a chart, where that differs from the canonical name ("Russia" ->
    "Russland"): the `[names]` table of the language's actors file. Canonical names stay the keys of the data."""
    return {str(actor): str(name) for actor, name in load_resource("actors", lang).get("names", {}).items()}


@cache
def _builtin_registry(lang: str) -> ActorRegistry:
    entries = list(load_resource("actors").get("actor", ()))
    return _build_registry(lang, [*entries, *_gazetteer_countries(lang, entries)], load_resource("actors", lang))


def _gazetteer_countries(lang: str, entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every country of the world as an actor, by the names the gazetteer gives it in `lang` ("Libyen"), unless
    actors.toml has it already (by CAMEO code or name): a country acts in the news whether or not we listed it."""
    from events.places import country_names, iso3  # the gazetteer is read only when a registry is built

    known = {str(e.get("cameo")) for e in entries if e.get("kind") == "country"} | {e["name"] for e in entries}
    countries = []
    for code, (name, names) in country_names(lang).items():
        cameo = iso3(code)
        if cameo in known or name in known:
            continue
        countries.append({"name": name, "kind": "country", "cameo": cameo,
                          "aliases": [alias for alias in names if alias != name]})
    return countries


def _merge_actor_entries(base: Mapping[str, Any], extra: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A user's entry for a known actor replaces the fields it gives, except `aliases`, which are added: a user
    who adds a spelling should not lose the built-in ones."""
    merged = {entry["name"]: dict(entry) for entry in base.get("actor", ())}
    for entry in extra.get("actor", ()):
        known = merged.get(entry["name"], {})
        built_in = list(known.get("aliases", ()))
        aliases = built_in + [alias for alias in entry.get("aliases", ()) if alias not in built_in]
        merged[entry["name"]] = {**known, **entry, **({"aliases": aliases} if aliases else {})}
    return list(merged.values())


def _deep_merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = [*merged[key], *value]
        else:
            merged[key] = value
    return merged


def _parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _parse_actors(entries: Iterable[Mapping[str, Any]]) -> dict[str, Actor]:
    actors = {}
    for entry in entries:
        kind = entry.get("kind", "")
        if kind not in ACTOR_KINDS:
            raise ResourceError(f"actor {entry.get('name')!r}: kind must be one of {ACTOR_KINDS}, not {kind!r}")
        roles = tuple(
            Role(r["role"], r["of"], _parse_date(r.get("from")), _parse_date(r.get("to")))
            for r in entry.get("roles", ())
        )
        actors[entry["name"]] = Actor(entry["name"], kind, entry.get("country", ""), entry.get("cameo", ""), roles)
    for actor in actors.values():
        for role in actor.roles:
            if role.of not in actors:
                raise ResourceError(f"actor {actor.name!r}: role of unknown actor {role.of!r}")
    return actors


def _build_registry(lang: str, actor_entries: list[dict[str, Any]], data: Mapping[str, Any]) -> ActorRegistry:
    actors = _parse_actors(actor_entries)

    def known(name: str, section: str) -> str:
        if name not in actors:
            raise ResourceError(f"{lang}/actors.toml [{section}]: unknown actor {name!r}")
        return name

    inflection = data.get("inflection", {})
    suffixes = list(inflection.get("genitive_suffixes", ()))
    inflected_kinds = set(inflection.get("genitive_kinds", ()))
    exempt = tuple(inflection.get("genitive_exempt_endings", ())) or None

    def with_genitives(name: str, forms: Iterable[str]) -> list[str]:
        forms = list(forms)
        if actors[name].kind not in inflected_kinds:
            return forms
        return forms + [f + s for f in forms for s in suffixes if not (exempt and f.endswith(exempt))]

    surface: dict[str, SurfaceForm] = {}
    places: dict[str, str] = {}
    for entry in actor_entries:
        name = entry["name"]
        base_forms = [name, *entry.get("aliases", ()), *data.get("aliases", {}).get(name, ())]
        for form in with_genitives(name, base_forms):
            surface[form] = SurfaceForm(name, "alias")
    for name in data.get("aliases", {}):
        known(name, "aliases")
    metonyms = data.get("metonyms", {})
    for name, forms in metonyms.get("places", {}).items():
        for form in with_genitives(known(name, "metonyms"), forms):
            surface[form] = SurfaceForm(name, "alias", metonym=True)
    for name, forms in data.get("epithets", {}).items():
        for form in forms:
            surface[form] = SurfaceForm(known(name, "epithets"), "epithet")
    for form, sf in surface.items():
        if actors[sf.actor].kind in ("country", "organisation") and not sf.metonym and sf.via == "alias":
            places[form] = sf.actor

    adjectives = data.get("adjectives", {})
    endings = adjectives.get("endings", [""])
    adjective_forms: dict[str, str] = {}
    for name, stems in adjectives.get("stems", {}).items():
        for stem in stems:
            for ending in endings:
                adjective_forms[(stem + ending).casefold()] = known(name, "adjectives")
    for name, forms in adjectives.get("invariable", {}).items():
        for form in forms:
            adjective_forms[form.casefold()] = known(name, "adjectives")

    roles = data.get("roles", {})
    role_nouns = {noun.casefold(): role for noun, role in roles.get("nouns", {}).items()}
    actor_nouns = [*adjectives.get("nouns", ()), *roles.get("nouns", {})]

    adjective_pattern = None
    if adjective_forms and actor_nouns:
        adjective_pattern = re.compile(
            rf"(?<![\w-])(?P<adjective>{_flexible_alternation(adjective_forms)})"
            rf"(?:\s+(?P<intervening>{adjectives.get('intervening', '(?!)')}))?"
            rf"\s+(?P<noun>{_flexible_alternation(actor_nouns)})(?!\w)"
        )

    role_patterns = _compile_role_patterns(roles, places, with_genitives, known)
    coreference_rules = tuple(
        CoreferenceRule(
            re.compile(rf"(?<!\w)(?:{'|'.join(rule['patterns'])})(?!\w)"), rule.get("kind", "person"),
            int(rule.get("count", 2)), bool(rule.get("unambiguous", False)),
        )
        for rule in data.get("coreference", ())
    )
    surface_pattern = re.compile(rf"(?<!\w)(?:{_trie_pattern(surface)})(?!\w)") if surface else None
    return ActorRegistry(
        lang=lang,
        actors=MappingProxyType(actors),
        surface_forms=MappingProxyType(surface),
        adjective_forms=MappingProxyType(adjective_forms),
        role_nouns=MappingProxyType(role_nouns),
        place_forms=MappingProxyType(places),
        metonym_blockers=frozenset(metonyms.get("not_after", ())),
        role_blockers=tuple(word.casefold() for word in roles.get("not_after", ())),
        surface_pattern=surface_pattern,
        adjective_pattern=adjective_pattern,
        role_patterns=role_patterns,
        coreference_rules=coreference_rules,
        acting_roles=frozenset(load_resource("actors").get("acting_roles", ())),
    )


def _compile_role_patterns(
    roles: Mapping[str, Any], places: Mapping[str, str], with_genitives: Any, known: Any
) -> tuple[RolePattern, ...]:
    patterns = []
    nouns = list(roles.get("nouns", {}))
    if nouns and places:
        place_alternation = _trie_pattern(places)
        genitives = {g: p for form, p in places.items() for g in with_genitives(p, [form]) if g != form}
        genitive_alternation = _trie_pattern(genitives) if genitives else "(?!)"
        for template in roles.get("templates", ()):
            body = (
                template.replace("{place_genitive}", f"(?P<place_genitive>{genitive_alternation})")
                .replace("{place}", f"(?P<place>{place_alternation})")
                .replace("{role}", f"(?P<role>{_flexible_alternation(nouns)})")
            )
            patterns.append(RolePattern(re.compile(rf"(?<![\w-])(?:{body})(?!\w)")))
    fixed = {entry["phrase"]: (entry["role"], known(entry["of"], "roles")) for entry in roles.get("fixed", ())}
    if fixed:
        patterns.append(RolePattern(re.compile(rf"(?<![\w-])(?:{_trie_pattern(fixed)})(?!\w)"), fixed))
    return tuple(patterns)


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for many literal strings, as a trie: fast, and the longest match is tried first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node_pattern(trie)


def _trie_node_pattern(node: Mapping[str, Any]) -> str:
    branches = [re.escape(char) + _trie_node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    single = len(branches) == 1
    group = f"(?:{branches[0]})" if single else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return group + "?"  # the word may end here; greedy `?` tries the longer words first
    return branches[0] if single else group


def _flexible_alternation(forms: Iterable[str]) -> str:
    """Alternation of word forms whose words may start upper or lower case ("Russische", "russische")."""
    unique = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(" ".join(_flexible_word(word) for word in form.split()) for form in unique)


def _flexible_word(word: str) -> str:
    first, rest = word[0], re.escape(word[1:])
    if first.lower() == first.upper():
        return re.escape(first) + rest
    return f"[{re.escape(first.upper())}{re.escape(first.lower())}]{rest}"


# --- finding mentions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    actor: str
    via: str
    is_role: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


def find_actor_mentions(
    text: str, sentences: Sequence[Sentence], registry: ActorRegistry, *, dct: date | None = None
) -> list[ActorMention]:
    """Actor mentions in `text`, sorted by offset, non-overlapping (the longest match wins).

    `sentences` (from `split_sentences`) bound the window of plural references; `dct` (the document date)
    decides who holds an office named by a role phrase.
    """
    candidates = [
        *_surface_candidates(text, registry),
        *_adjective_candidates(text, registry, dct),
        *_role_candidates(text, registry, dct),
    ]
    candidates = _drop_titles_before_names(text, candidates, registry)
    chosen = _Spans()
    for candidate in sorted(candidates, key=lambda c: (-c.length, c.start, _VIA_RANK[c.via])):
        chosen.add_if_free(candidate.start, candidate.end, candidate)
    mentions = [ActorMention(c.actor, c.start, c.end, text[c.start : c.end], c.via) for c in chosen.items()]
    return _resolve_coreferences(text, sentences, registry, mentions)


class _Spans:
    """Non-overlapping spans kept in offset order, so an overlap test is a binary search."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._items: list[Any] = []

    def is_free(self, start: int, end: int) -> bool:
        index = bisect_right(self._starts, start)
        if index > 0 and self._ends[index - 1] > start:
            return False
        return index == len(self._starts) or self._starts[index] >= end

    def add_if_free(self, start: int, end: int, item: Any) -> bool:
        if not self.is_free(start, end):
            return False
        index = bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        self._items.insert(index, item)
        return True

    def items(self) -> list[Any]:
        return list(self._items)

    def items_before(self, offset: int) -> list[Any]:
        return self._items[: bisect_right(self._ends, offset)]


def _surface_candidates(text: str, registry: ActorRegistry) -> Iterable[_Candidate]:
    if registry.surface_pattern is None:
        return
    for match in registry.surface_pattern.finditer(text):
        form = registry.surface_forms[match.group()]
        if form.metonym and _word_before(text, match.start()) in registry.metonym_blockers:
            continue  # "in der Hauptstadt Warschau": a place, not an actor
        yield _Candidate(match.start(), match.end(), form.actor, form.via)


def _adjective_candidates(text: str, registry: ActorRegistry, dct: date | None) -> Iterable[_Candidate]:
    if registry.adjective_pattern is None:
        return
    for match in registry.adjective_pattern.finditer(text):
        country = registry.adjective_forms[match.group("adjective").casefold()]
        role = registry.role_nouns.get(match.group("noun").casefold())
        if role and (match.group("intervening") or _role_voided(text, match.start(), registry)):
            continue  # "opposition leader", "der frühere russische Präsident": not the office holder
        holder = registry.holder(role, country, dct) if role else None
        if holder:
            yield _Candidate(match.start(), match.end(), holder, "role", is_role=True)
        else:
            yield _Candidate(match.start(), match.end(), country, "adjective", is_role=role is not None)


def _role_candidates(text: str, registry: ActorRegistry, dct: date | None) -> Iterable[_Candidate]:
    for role_pattern in registry.role_patterns:
        for match in role_pattern.pattern.finditer(text):
            if _role_voided(text, match.start(), registry):
                continue
            if role_pattern.fixed:
                role, place = role_pattern.fixed[match.group()]
            else:
                groups = match.groupdict()
                role = registry.role_nouns[groups["role"].casefold()]
                place = registry.place_forms.get(groups.get("place") or "") or _genitive_place(
                    registry, groups.get("place_genitive") or ""
                )
            holder = registry.holder(role, place, dct)
            yield _Candidate(match.start(), match.end(), holder or place, "role", is_role=True)


def _role_voided(text: str, start: int, registry: ActorRegistry) -> bool:
    word = _word_before(text, start).casefold()
    return bool(word) and word.startswith(registry.role_blockers)


def _genitive_place(registry: ActorRegistry, form: str) -> str:
    return registry.surface_forms[form].actor


def _drop_titles_before_names(
    text: str, candidates: list[_Candidate], registry: ActorRegistry
) -> list[_Candidate]:
    """A role phrase right before a person's name is that person's title: keep the name, drop the title."""
    person_starts = sorted(
        c.start for c in candidates if c.via == "alias" and registry.actors[c.actor].kind == "person"
    )

    def name_follows(end: int) -> bool:
        index = bisect_left(person_starts, end)
        return index < len(person_starts) and _TITLE_GAP.fullmatch(text, end, person_starts[index]) is not None

    return [c for c in candidates if not (c.is_role and name_follows(c.end))]


def _word_before(text: str, position: int) -> str:
    match = re.search(r"(\w+)\W*$", text[max(0, position - 40) : position])
    return match.group(1) if match else ""


def _resolve_coreferences(
    text: str, sentences: Sequence[Sentence], registry: ActorRegistry, mentions: list[ActorMention]
) -> list[ActorMention]:
    """Add one mention per actor that a plural reference ("die beiden Machthaber") stands for.

    Antecedents are the most recent distinct actors of the rule's kind in the same sentence (before the
    phrase) or the previous one; resolved references count as antecedents for later ones.
    """
    if not registry.coreference_rules:
        return mentions
    sentence_starts = [s.start for s in sentences]

    def sentence_index(offset: int) -> int:
        return bisect_right(sentence_starts, offset) - 1 if sentence_starts else 0

    def paragraph_of(offset: int) -> int:
        index = sentence_index(offset)
        return sentences[index].paragraph if 0 <= index < len(sentences) else 0

    phrases = sorted(
        (match.start(), match.end(), rule)
        for rule in registry.coreference_rules
        for match in rule.pattern.finditer(text)
    )
    # Groups of mentions sharing a span (a resolved plural reference is one group of several mentions).
    groups = _Spans()
    for mention in mentions:
        groups.add_if_free(mention.start, mention.end, [mention])
    for start, end, rule in phrases:
        if not groups.is_free(start, end):
            continue
        window = sentence_index(start) - 1
        # An unambiguous rule looks at every actor in view, so that a second candidate can veto it.
        wanted = rule.count + 1 if rule.unambiguous else rule.count
        antecedents: list[str] = []
        for group in reversed(groups.items_before(start)):
            if sentence_index(group[0].start) < window or len(antecedents) == wanted:
                break
            if paragraph_of(group[0].start) != paragraph_of(start):
                break
            for mention in reversed(group):
                kind = registry.actors[mention.actor].kind
                if kind == rule.kind and mention.actor not in antecedents and len(antecedents) < wanted:
                    antecedents.append(mention.actor)
        if len(antecedents) == rule.count:
            phrase = text[start:end]
            groups.add_if_free(
                start, end, [ActorMention(a, start, end, phrase, "coreference") for a in reversed(antecedents)]
            )
    return [mention for group in groups.items() for mention in group]


# --- groups named without their country ---------------------------------------------------------------------


@cache
def _group_pattern(lang: str) -> re.Pattern[str] | None:
    groups = load_resource("actors", lang).get("groups", {})
    words = sorted({w for forms in groups.values() for w in forms}, key=len, reverse=True)
    if not words:
        return None
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


def english_demonym(country: str) -> str:
    """The English adjective of a country ("Libya" -> "Libyan"), from actors.toml's [demonyms]; "" for none."""
    return str(load_resource("actors").get("demonyms", {}).get(country, ""))


def group_name(country: str) -> str:
    """The canonical name of a country's armed opposition: "Libyan rebels" (Wikipedia's way), else "rebels in X"."""
    demonym = english_demonym(country)
    return f"{demonym} rebels" if demonym else f"rebels in {country}"


def find_group_mentions(
    text: str, registry: ActorRegistry, country: str | None, taken: Sequence[ActorMention] = ()
) -> list[ActorMention]:
    """Mentions of a country's armed opposition by a word alone ("die Rebellen", "rebel forces"): the rebels of
    the country before it ("syrische Rebellen", "Libyan rebels") or else of `country`, the one the article is
    about. Nothing without a country to give them."""
    pattern = _group_pattern(registry.lang)
    if pattern is None:
        return []
    spans = sorted((m.start, m.end) for m in taken)
    mentions = []
    for match in pattern.finditer(text):
        before = re.search(r"(\w+)\s+$", text[max(0, match.start() - 40) : match.start()])
        of = registry.adjective_forms.get(before.group(1).casefold()) if before else None
        start = match.start() - len(before.group(0)) if of and before else match.start()
        owner = of or country
        if owner is None or any(s < match.end() and start < e for s, e in spans if s != start):
            continue
        mentions.append(ActorMention(group_name(owner), start, match.end(), text[start : match.end()], "group"))
    return mentions
