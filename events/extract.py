"""Pipeline: one document in, one events dataframe out.

language -> sentences -> timexes -> actor mentions -> triggers -> events. Each event is one dated happening in
one sentence: a date expression with the event triggers nearest to it. A sentence with no date of its own that
names a happening already dated nearby ("in Folge der Proteste") takes that date, marked as inferred.

`extract_document` is a pure function of a document and the language resources that returns plain records
(`events.schema.EventMention`), so batches can be spread over processes or a cluster without change; the event
table is built from a whole batch of them at once (`events.schema.mentions_frame`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from typing import Any

import pandas as pd

from events.actors import ActorRegistry, find_actor_mentions, find_group_mentions, load_registry
from events.eventtypes import OTHER, Trigger, event_type_info, event_type_label, find_triggers, naming_triggers
from events.factuality import (
    FactualityCues,
    clause_of,
    clauses,
    dateline_end,
    factuality_cues,
    is_negated,
    is_no_report,
    is_unreal,
    unreal_spans,
)
from events.langdetect import detect_language
from events.merge import merge_events
from events.model import ActorMention, Document, Interval, Sentence, Timex
from events.people import find_unregistered_people, people_between
from events.places import (
    Gazetteer,
    PlaceMention,
    document_countries,
    find_place_mentions,
    iso3,
    load_gazetteer,
    place_of,
)
from events.resources import load_resource
from events.roles import RoleCues, assign_roles, role_cues
from events.schema import EventMention, mentions_frame
from events.sentences import split_sentences
from events.timex import as_date, tag_timexes, timex_interval
from events.titles import compose_title

# A news article's lead: the sentences whose dateless happenings are its fresh news (`_fresh_news_mentions`).
FRESH_NEWS_SENTENCES = 12
# How many sentences back a dateless sentence may look for the dated mention of the same happening.
INFERENCE_WINDOW_SENTENCES = 8
# Leading characters two trigger words must share to count as the same word in different inflections.
STEM_LENGTH = 6
# How many sentences back "damals" / "at the time" looks for the date it refers to.
ANAPHORA_WINDOW_SENTENCES = 3
# Vague references make an event only with a trigger ("kürzlich ... Vertrag"), never alone ("jetzt").
_VAGUE_VALUES = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
# The present and the future as such are no dates of a happening.
_NO_EVENT_VALUES = ("PRESENT_REF", "FUTURE_REF")
# Rules whose name starts with this refer to the passage's date, not the document's ("damals", "at the time").
ANAPHORIC_RULE_PREFIX = "anaphoric"
# A title names this many actors at most.
# How alike a written name and the canonical one must be to be two spellings of it ("Lukaschenko"/"Lukashenko").
SAME_NAME_SIMILARITY = 0.6


@dataclass(frozen=True)
class LanguageResources:
    """What extraction needs for one language, loaded once and passed in (no hidden global state)."""

    lang: str
    registry: ActorRegistry
    hypothetical: re.Pattern[str]  # words that make a sentence speak of what could happen
    # Words before a trigger that make it the object of another event ("protestierten gegen den Vertrag").
    argument_cue: re.Pattern[str]
    role_cues: RoleCues
    gazetteer: Gazetteer


def _word_alternation(words: Sequence[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")" if ordered else "(?!)"


def load_language_resources(lang: str, actors: Mapping[str, Any] | None = None) -> LanguageResources:
    cues = load_resource("extraction", lang)
    hypothetical = re.compile(rf"(?<!\w){_word_alternation(cues.get('hypothetical', []))}(?!\w)", re.IGNORECASE)
    # The cue, then an article and an adjective at most before the trigger: "gegen den neuen Vertrag".
    argument_cue = re.compile(
        rf"(?<!\w){_word_alternation(cues.get('argument_prepositions', []))}\s+(?:[\w-]+\s+){{0,2}}$",
        re.IGNORECASE,
    )
    return LanguageResources(
        lang=lang, registry=load_registry(lang, actors), hypothetical=hypothetical, argument_cue=argument_cue,
        role_cues=role_cues(lang), gazetteer=load_gazetteer(lang),
    )


@dataclass
class _DatedMention:
    """A date in a sentence, with the triggers attached to it: the seed of one event."""

    sentence_index: int
    sentence: Sentence
    timex: Timex | None
    interval: Interval
    date_text: str
    timex_value: str
    timex_mod: str
    resolved: bool
    inferred: bool
    triggers: list[Trigger] = field(default_factory=list)
    trigger_keys: set[str] = field(default_factory=set)


def _distance(trigger: Trigger, timex: Timex) -> int:
    if trigger.end <= timex.start:
        return timex.start - trigger.end
    if timex.end <= trigger.start:
        return trigger.start - timex.end
    return 0


def _interval_of(timex: Timex, following: Timex | None, dct: date | None) -> Interval:
    interval = timex_interval(timex.value, timex.mod, dct)
    if following is None or timex.range_end != following.start:
        return interval
    # A range "von 1939 bis 1945": from the first date's start to the second's end.
    last = timex_interval(following.value, following.mod, dct)
    return Interval(
        start=interval.start,
        end=last.end,
        precision=interval.precision,
        vague=interval.vague or last.vague,
        open_start=interval.open_start,
        open_end=last.open_end,
    )


def _event_timexes(timexes: list[Timex], sentence: Sentence) -> list[tuple[Timex, Timex | None]]:
    """The dates in a sentence that can anchor events; a range counts once, with its second date."""
    inside = [t for t in timexes if sentence.start <= t.start and t.end <= sentence.end and t.type in ("DATE", "TIME")]
    out: list[tuple[Timex, Timex | None]] = []
    skip: set[int] = set()
    for index, timex in enumerate(inside):
        if timex.start in skip:
            continue
        following = inside[index + 1] if index + 1 < len(inside) else None
        if following is not None and timex.range_end == following.start:
            skip.add(following.start)
            out.append((timex, following))
        else:
            out.append((timex, None))
    return out


def _date_text(text: str, timex: Timex, following: Timex | None) -> str:
    if following is not None:
        return text[timex.start : following.end]
    return timex.text


def _dated_mentions(
    text: str, sentences: list[Sentence], timexes: list[Timex], triggers_by_sentence: list[list[Trigger]],
    dct: date | None, unreal_by_sentence: Sequence[Sequence[tuple[int, int]]] = (),
) -> list[_DatedMention]:
    mentions: list[_DatedMention] = []
    last_dated: _DatedMention | None = None
    for index, sentence in enumerate(sentences):
        unreal = unreal_by_sentence[index] if unreal_by_sentence else ()
        # A date in a conditional or hypothetical clause, a caption or a dateline dates no happening.
        candidates = [(t, f) for t, f in _event_timexes(timexes, sentence) if not is_unreal(t.start, unreal)]
        triggers = triggers_by_sentence[index]
        seeds: list[_DatedMention] = []
        for timex, following in candidates:
            anaphoric = timex.rule.startswith(ANAPHORIC_RULE_PREFIX)
            if anaphoric and last_dated is not None and index - last_dated.sentence_index <= ANAPHORA_WINDOW_SENTENCES:
                # "damals": the date of the passage, not a vague "some time before the document date".
                seeds.append(_DatedMention(
                    index, sentence, timex, last_dated.interval, last_dated.date_text, last_dated.timex_value,
                    last_dated.timex_mod, last_dated.resolved, inferred=True,
                ))
                continue
            seeds.append(_DatedMention(
                index, sentence, timex, _interval_of(timex, following, dct), _date_text(text, timex, following),
                timex.value, timex.mod, timex.resolved, inferred=False,
            ))
        # Each trigger belongs to the date nearest to it (specific dates win ties over vague ones).
        for trigger in triggers:
            if not seeds:
                break
            nearest = min(
                seeds,
                key=lambda seed: (
                    _distance(trigger, seed.timex) if seed.timex else 0,
                    seed.timex_value in _VAGUE_VALUES,
                ),
            )
            nearest.triggers.append(trigger)
            nearest.trigger_keys.add(trigger.key)
        # "jetzt", "künftig", "eine demokratische Zukunft" place nothing on a timeline: no event from them alone.
        kept = [
            s for s in seeds
            if s.timex_value not in _NO_EVENT_VALUES and (s.triggers or s.timex_value not in _VAGUE_VALUES)
        ]
        # A specific date with no trigger still makes an event ("other"), unless the sentence has a typed one.
        if any(s.triggers for s in kept):
            kept = [s for s in kept if s.triggers]
        mentions.extend(kept)
        if kept:
            last_dated = kept[-1]
    return mentions


def _stem(word: str) -> str:
    # A crude, language-neutral stem: enough to see "Protesten" and "Proteste" as one word.
    return word.casefold()[:STEM_LENGTH]


def _inferred_mentions(
    sentences: list[Sentence], triggers_by_sentence: list[list[Trigger]], dated: list[_DatedMention],
    hypothetical: re.Pattern[str],
) -> list[_DatedMention]:
    """Dateless sentences that speak of a happening dated nearby take its date ("in Folge der Proteste")."""
    dated_sentences = {m.sentence_index for m in dated}
    inferred: list[_DatedMention] = []
    for index, sentence in enumerate(sentences):
        triggers = triggers_by_sentence[index]
        if index in dated_sentences or not triggers or hypothetical.search(sentence.text):
            continue
        keys = {t.key for t in triggers}
        candidates = [
            m for m in dated
            if m.sentence_index < index
            and index - m.sentence_index <= INFERENCE_WINDOW_SENTENCES
            and m.trigger_keys & keys
            and m.timex is not None  # dated in its own sentence (possibly by "damals"), not inferred
        ]
        # The same word ("Protesten" ... "der Proteste") links more surely than the same concept
        # ("demonstrations" ... "the protests"); among equals the nearest wins.
        stems = {_stem(t.text) for t in triggers}
        antecedent = max(
            candidates,
            key=lambda m: (bool(stems & {_stem(t.text) for t in m.triggers}), m.sentence_index),
            default=None,
        )
        if antecedent is None:
            continue
        # The shared key names the earlier happening; the sentence's own event is what else it reports.
        own = [t for t in triggers if t.key not in antecedent.trigger_keys]
        if not own:
            continue
        inferred.append(_DatedMention(
            index, sentence, None, antecedent.interval, antecedent.date_text, antecedent.timex_value,
            antecedent.timex_mod, antecedent.resolved, inferred=True, triggers=own,
            trigger_keys={t.key for t in triggers},
        ))
    return inferred


def _fresh_news_mentions(
    sentences: list[Sentence], triggers_by_sentence: list[list[Trigger]], seeded: list[_DatedMention],
    dct: date | None, hypothetical: re.Pattern[str],
) -> list[_DatedMention]:
    """Sentences of a news article's lead that report a happening without a date of their own ("Rice called
    Gaddafi delusional"): news tells what just happened, so they take the publication day and the day before,
    marked inferred and vague. Only with a publication date, only in the first `FRESH_NEWS_SENTENCES` sentences,
    and only for a trigger that names a happening (a reporting verb alone does not)."""
    if dct is None:
        return []
    taken = {m.sentence_index for m in seeded}
    # A happening the article dates elsewhere ("beschließen Militär-Abkommen" in the headline, the treaty
    # "kürzlich" in the text) is no fresh news of the publication day.
    dated_types = {t.event_type for m in seeded if m.timex is not None for t in m.triggers}
    # Approximate: merged with a mention that dates the happening, it never wins over that date.
    interval = Interval(start=dct - timedelta(days=1) if dct > date.min else dct, end=dct, precision="approximate",
                        vague=True)
    fresh: list[_DatedMention] = []
    for index, sentence in enumerate(sentences[:FRESH_NEWS_SENTENCES]):
        triggers = [t for t in triggers_by_sentence[index] if not t.light]
        if index in taken or not triggers or hypothetical.search(sentence.text):
            continue
        if {t.event_type for t in triggers} & dated_types:
            continue
        fresh.append(_DatedMention(index, sentence, None, interval, "", "", "", True, inferred=True,
                                   triggers=triggers, trigger_keys={t.key for t in triggers}))
    return fresh


def _main_trigger(
    triggers: list[Trigger], timex: Timex | None, arguments: frozenset[tuple[int, int]] = frozenset()
) -> Trigger | None:
    """The trigger that names the event: not one that is the object of another ("gegen den Vertrag"), then the
    one closest to the date, then the one of higher priority."""
    if not triggers:
        return None

    def is_argument(trigger: Trigger) -> bool:
        return (trigger.start, trigger.end) in arguments

    if timex is None:
        return min(triggers, key=lambda t: (is_argument(t), -event_type_info(t.event_type).priority))
    return min(
        triggers, key=lambda t: (is_argument(t), _distance(t, timex), -event_type_info(t.event_type).priority)
    )


def _span_distance(start: int, end: int, other_start: int, other_end: int) -> int:
    if end <= other_start:
        return other_start - end
    if other_end <= start:
        return start - other_end
    return 0


def _focus_distance(seed: _DatedMention, mention: ActorMention) -> int:
    """How far an actor mention is from what an event consists of in its sentence: its date and triggers."""
    spans = [(t.start, t.end) for t in seed.triggers]
    if seed.timex is not None:
        spans.append((seed.timex.start, seed.timex.end))
    if not spans:
        return 0
    return min(_span_distance(start, end, mention.start, mention.end) for start, end in spans)


def _assign_actors(seeds: list[_DatedMention], mentions: list[ActorMention]) -> dict[int, list[ActorMention]]:
    """Actor mentions of each event: those of its sentence; where a sentence holds several events, each actor
    mention goes to the event it stands nearest to ("... Massendemonstrationen seit Ausrufung der Republik Belarus
    im Jahr 1991" puts Belarus with 1991, not with the protests)."""
    actors: dict[int, list[ActorMention]] = {id(seed): [] for seed in seeds}
    by_sentence: dict[int, list[_DatedMention]] = {}
    for seed in seeds:
        by_sentence.setdefault(seed.sentence_index, []).append(seed)
    for group in by_sentence.values():
        sentence = group[0].sentence
        for mention in mentions:
            if not (sentence.start <= mention.start and mention.end <= sentence.end):
                continue
            owner = min(group, key=lambda seed: _focus_distance(seed, mention)) if len(group) > 1 else group[0]
            actors[id(owner)].append(mention)
    return actors


def _event_day(seed: _DatedMention, dct: date | None) -> date | None:
    """The day whose office holders act in the event: its first day where known, else the document date."""
    return seed.interval.start if seed.interval.start is not None else dct


def _with_states(names: Sequence[str], registry: ActorRegistry, day: date | None) -> list[str]:
    """The actors, each person followed by the state or organisation they act for by office ("Vladimir Putin",
    "Russia")."""
    out: list[str] = []
    for name in names:
        for actor in (name, *registry.acting_for(name, day)):
            if actor not in out:
                out.append(actor)
    return out


@dataclass(frozen=True)
class _Participants:
    named: list[str]  # the actors the sentence names, for the title
    actors: list[str]
    actor1: list[str]
    actor2: list[str]
    places: list[dict[str, Any]]


def _participants(
    seed: _DatedMention, text: str, mentions: Sequence[ActorMention], place_mentions: Sequence[PlaceMention],
    trigger: Trigger | None, resources: LanguageResources, dct: date | None,
) -> _Participants:
    """Who took part in the event and in which role, and where it took place."""
    day = _event_day(seed, dct)
    registry = resources.registry
    names = list(dict.fromkeys(m.actor for m in mentions))
    clause = clause_of(text, seed.sentence, trigger.start if trigger else (seed.timex.start if seed.timex else
                                                                            seed.sentence.start))
    roles = assign_roles(text, clause, (trigger.start, trigger.end) if trigger else None, mentions,
                         resources.role_cues)
    # The place nearest to what names the event: its main trigger, else its date.
    focus = [(trigger.start, trigger.end)] if trigger else [(seed.timex.start, seed.timex.end)] if seed.timex else []
    inside = [p for p in place_mentions if seed.sentence.start <= p.start and p.end <= seed.sentence.end]
    # A city that acts ("Moskau reagierte") is no place; one acted on ("the strike hit Kyiv") is.
    acting = [(m.start, m.end) for m in mentions if m.actor in roles.actor1]
    places = place_of(inside, focus, acting)
    actors = _with_states(names, registry, day)
    return _Participants(
        named=names or actors,
        actors=actors,
        actor1=_with_states(roles.actor1, registry, day),
        actor2=[a for a in _with_states(roles.actor2, registry, day) if a not in roles.actor1],
        places=[place.record() for place in places],
    )


def _title(event_type: str, actors: list[str], lang: str, names: Mapping[str, str]) -> str:
    """Who did what, in the article's words: "Wladimir Putin, Alexander Lukaschenko: Vertrag/Abkommen"."""
    return compose_title(event_type_label(event_type, lang), [names.get(actor, actor) for actor in actors])


def _names_as_written(mentions: Sequence[ActorMention]) -> dict[str, str]:
    """Each actor's name as the article usually writes it ("Wladimir Putin", not "Putins"), where that is a
    spelling of the actor's name and not another word for it ("Minsk" for Belarus, "Washington" for the USA)."""
    forms: dict[str, Counter[str]] = {}
    for mention in mentions:
        written = " ".join(mention.text.split())
        if mention.via != "alias":
            continue
        same_name = SequenceMatcher(None, written.split()[-1].casefold(), mention.actor.split()[-1].casefold())
        if same_name.ratio() >= SAME_NAME_SIMILARITY:
            forms.setdefault(mention.actor, Counter())[written] += 1
    # The most frequent form; among equals the one with more words, then the shorter (no genitive -s).
    return {
        actor: max(counts, key=lambda form: (counts[form], len(form.split()), -len(form)))
        for actor, counts in forms.items()
    }


def _event_mention(
    mention: _DatedMention,
    document: Document,
    lang: str,
    participants: _Participants,
    names: Mapping[str, str],
    people: Sequence[ActorMention] = (),
    trigger: Trigger | None = None,
) -> EventMention:
    actors = participants.actors
    event_type = trigger.event_type if trigger else OTHER
    interval = mention.interval
    date_start = mention.timex.start if mention.timex is not None and not mention.inferred else None
    # The whole date as written: for a range ("von 1939 bis 1945") its end is the second date's, not the first's.
    date_end = date_start + len(mention.date_text) if date_start is not None else None
    anchor = date_start if date_start is not None else "i"
    return EventMention(
        event_id=f"{document.doc_id}:{mention.sentence.start}:{anchor}",
        doc_id=document.doc_id,
        doc_title=document.title,
        url=document.url,
        doc_date=document.dct,
        lang=lang,
        start=interval.start,
        end=interval.end,
        precision=interval.precision,
        timex=mention.timex_value,
        timex_mod=mention.timex_mod,
        date_text=mention.date_text,
        date_inferred=mention.inferred,
        date_vague=interval.vague,
        date_resolved=mention.resolved and interval.precision != "unresolved",
        open_start=interval.open_start,
        open_end=interval.open_end,
        title=_title(event_type, participants.named, lang, names),
        event_type=event_type,
        cameo_code=trigger.cameo_code if trigger and trigger.cameo_code else event_type_info(event_type).cameo_code,
        plover=event_type_info(event_type).plover_category,
        actors=actors,
        sentence=mention.sentence.text,
        char_start=mention.sentence.start,
        char_end=mention.sentence.end,
        date_char_start=date_start,
        date_char_end=date_end,
        unregistered_actors=people_between(people, mention.sentence.start, mention.sentence.end),
        actor1=participants.actor1,
        actor2=participants.actor2,
        places=participants.places,
    )


def _main_country(
    mentions: Sequence[ActorMention], places: Sequence[PlaceMention], resources: LanguageResources
) -> str | None:
    """The country the article is about: the one it names most, as an actor or as (the country of) a place."""
    counts: Counter[str] = Counter()
    actors = resources.registry.actors
    for mention in mentions:
        actor = actors.get(mention.actor)
        if actor is not None and actor.kind == "country":
            counts[actor.name] += 1
    names = {actor.cameo: actor.name for actor in actors.values() if actor.kind == "country"}
    for place in places:
        name = names.get(iso3(place.place.country_code))
        if name:
            counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _factual_triggers(
    text: str, sentence: Sentence, triggers: list[Trigger], cues: FactualityCues, following: Sentence | None
) -> tuple[list[Trigger], list[tuple[int, int]]]:
    """The sentence's triggers that report what happened, named as `naming_triggers` says, and the spans of the
    sentence in which nothing happened (unreal clauses, negated clauses, a dateline, the whole of a caption or
    question)."""
    if is_no_report(sentence, cues, following):
        return [], [(sentence.start, sentence.end)]
    unreal = unreal_spans(text, sentence, cues)
    dateline = dateline_end(text, sentence, cues)
    if dateline > sentence.start:
        unreal.append((sentence.start, dateline))
    for trigger in triggers:
        if not is_unreal(trigger.start, unreal) and is_negated(text, sentence, trigger.start, trigger.end, cues):
            unreal.append(clause_of(text, sentence, trigger.start))
    factual = [t for t in triggers if not is_unreal(t.start, unreal)]
    return naming_triggers(factual, clauses(text, sentence), cues.objects_before_verb), unreal


def _place_mentions(
    text: str, resources: LanguageResources, actors: Sequence[ActorMention], people: Sequence[ActorMention]
) -> list[PlaceMention]:
    """The document's place names, read twice: the countries it names make their cities win over others of the
    same name ("Tripoli" in a report on Libya). A name inside a person's ("Wladimir" Putin) is no place."""
    gazetteer = resources.gazetteer
    kinds = resources.registry.actors
    persons = [(m.start, m.end) for m in (*actors, *people)
               if m.via == "unregistered" or (m.actor in kinds and kinds[m.actor].kind == "person")]

    def free(mention: PlaceMention) -> bool:
        return not any(s < mention.end and mention.start < e for s, e in persons)

    first = [m for m in find_place_mentions(text, gazetteer) if free(m)]
    return [m for m in find_place_mentions(text, gazetteer, context=document_countries(first)) if free(m)]


def extract_document(document: Document, resources: LanguageResources | None = None) -> list[EventMention]:
    """The event mentions of one document, in text order, as plain records (`events.schema.mentions_frame`
    makes them a table)."""
    text = document.text
    lang = document.lang or (resources.lang if resources else None) or detect_language(text)
    if resources is None or resources.lang != lang:
        resources = load_language_resources(lang)
    dct = document.dct
    sentences = split_sentences(text, lang)
    timexes = tag_timexes(text, lang=lang, dct=dct)
    mentions = find_actor_mentions(text, sentences, resources.registry, dct=dct)
    people = find_unregistered_people(text, resources.registry, mentions)
    cues = factuality_cues(lang)
    following = [*sentences[1:], None][: len(sentences)]
    factual = [
        _factual_triggers(text, s, find_triggers(text, s, lang), cues, after)
        for s, after in zip(sentences, following, strict=True)
    ]
    triggers_by_sentence = [triggers for triggers, _ in factual]
    unreal_by_sentence = [unreal for _, unreal in factual]
    arguments = frozenset(
        (t.start, t.end)
        for triggers in triggers_by_sentence
        for t in triggers
        if resources.argument_cue.search(text, max(0, t.start - 60), t.start)
    )
    dated = _dated_mentions(text, sentences, timexes, triggers_by_sentence, dct, unreal_by_sentence)
    inferred = _inferred_mentions(sentences, triggers_by_sentence, dated, resources.hypothetical)
    fresh = _fresh_news_mentions(sentences, triggers_by_sentence, dated + inferred, dct, resources.hypothetical)
    ordered = sorted(dated + inferred + fresh, key=lambda m: (m.sentence.start, m.timex.start if m.timex else 0))
    if not ordered:
        return []
    # People the registry does not know act too, under the fullest name the article gives them, and so do
    # "the rebels" of the country the article is about.
    place_mentions = _place_mentions(text, resources, mentions, people)
    groups = find_group_mentions(text, resources.registry, _main_country(mentions, place_mentions, resources),
                                 mentions)
    group_spans = [(g.start, g.end) for g in groups]
    # An adjective mention ("Syrian") inside a group ("Syrian rebels") is the group's.
    registered = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in group_spans)]
    actor_mentions = _assign_actors(ordered, sorted([*registered, *people, *groups], key=lambda m: m.start))
    names = _names_as_written(mentions)
    records = []
    for seed in ordered:
        trigger = _main_trigger(seed.triggers, seed.timex, arguments)
        participants = _participants(seed, text, actor_mentions[id(seed)], place_mentions, trigger, resources, dct)
        if (trigger is None or seed in fresh) and not participants.actors:
            continue  # a date with neither a happening nor anyone to do it ("Im Jahr 2014 ...") is no event
        records.append(_event_mention(seed, document, lang, participants, names, people, trigger))
    return records


def extract_events(
    text: str,
    *,
    lang: str | None = None,
    dct: date | datetime | str | None = None,
    doc_id: str | None = None,
    title: str = "",
    merge: bool = True,
) -> pd.DataFrame:
    """The dated events of `text` as a dataframe (schema: `events.schema.COLUMNS`).

    `lang=None` detects German or English; `dct` is the document date that relative dates resolve against
    (without it they stay unresolved, never guessed from today's date). With `merge` (the default) mentions of
    the same happening in the text become one event (`events.merge.merge_events`), as in `extract_documents`.
    """
    document = Document(text=text, doc_id=doc_id or "doc", lang=lang, dct=as_date(dct), title=title)
    events = mentions_frame(extract_document(document))
    return merge_events(events) if merge else events


def extract_documents(
    documents: Iterable[Document],
    *,
    on_error: Callable[[Document, Exception], None] | None = None,
    merge: bool = True,
    actors: Mapping[str, Any] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> pd.DataFrame:
    """Events of many documents in one frame. A document that fails is reported to `on_error` and skipped;
    without `on_error` the error propagates. `progress` is called after each document, failed or not, with the
    number done and the total (None when `documents` has no length), for a progress bar.

    With `merge` (the default) mentions of the same happening, within a document and across documents, become
    one row listing them all in `sources` (`events.merge.merge_events`); without it, one row per mention.
    `actors` (a user's actor file, `events.actorfile.read_user_actors`) is merged over the built-in registry."""
    mentions: list[EventMention] = []
    resources: dict[str, LanguageResources] = {}
    total = len(documents) if isinstance(documents, Sized) else None
    for done, document in enumerate(documents, start=1):
        try:
            lang = document.lang or detect_language(document.text)
            if lang not in resources:
                resources[lang] = load_language_resources(lang, actors)
            mentions.extend(extract_document(document, resources[lang]))
        except Exception as error:  # one bad document must not stop a batch
            if on_error is None:
                raise
            on_error(document, error)
        if progress is not None:
            progress(done, total)
    events = mentions_frame(mentions)
    return merge_events(events) if merge and not events.empty else events
