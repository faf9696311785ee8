"""Which mentions merging compares: the pairs a joining rule could link, found without comparing every pair.

Comparing every mention with every other is quadratic: 20 s at 5,000 mentions, hours at 100,000. A rule of
events/merge.py links two mentions of compatible types only on evidence, and each kind of evidence can be looked
up instead of searched for:

- an actor in common, with dates that agree or lie within `day_slack` (`shared_actors`, `near_dates`): for each
  actor, its mentions sorted by first day, each compared with those starting before its last day (plus slack);
- a city in common with dates that agree (`same_place`): the same sweep, per city;
- `strong_shared_actors` actors in common where one date is unresolved (`undated`): an index of actor sets;
- alike wording (`similar_wording`; `near_dates` and `undated` on wording): a set-similarity join with the prefix
  filter (two token sets with Jaccard similarity >= t share a token among the rarest |A| - ceil(t|A|) + 1 of
  each), kept to pairs whose dates are not apart;
- the same exact day where one side names no actor (`same_day`): an index of exact dates.

Every pair a rule could link is among the pairs found (tests/test_merge_scale.py checks the merged table against
comparing every pair); the rules then decide as before. Thresholds that make evidence unnecessary (no actor or no
wording required) fall back to comparing every pair whose dates are not apart.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # merge.py imports this module
    from events.merge import Mention, MergeRules

Pair = tuple[int, int]
_NEVER = math.inf  # an open end, as a day number


def type_groups(mentions: Sequence[Mention], rules: MergeRules) -> list[list[int]]:
    """The mentions that may be compared at all, in groups no link can cross: a type with the types compatible
    with it (transitively, a superset of the pairs `types_compatible` allows); unmergeable types in none."""
    parent: dict[str, str] = {}

    def root(kind: str) -> str:
        while parent.setdefault(kind, kind) != kind:
            kind = parent[kind]
        return kind

    for one, other in rules.compatible_types:
        parent[root(one)] = root(other)
    groups: dict[str, list[int]] = {}
    for index, mention in enumerate(mentions):
        kind = mention.record["event_type"]
        if kind not in rules.unmergeable_types:
            groups.setdefault(root(kind), []).append(index)
    return list(groups.values())


class _Days:
    """First and last day of each mention as numbers (open ends infinite), for cheap comparisons."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.first = [-_NEVER if m.first == date.min else m.first.toordinal() for m in mentions]
        self.last = [_NEVER if m.last == date.max else m.last.toordinal() for m in mentions]
        self.dated = [m.dated for m in mentions]

    def not_apart(self, i: int, j: int, slack: int) -> bool:
        """Whether the dates of two mentions overlap or lie at most `slack` days apart, or one is undated."""
        if not (self.dated[i] and self.dated[j]):
            return True
        return self.first[i] <= self.last[j] + slack and self.first[j] <= self.last[i] + slack


def _ordered(i: int, j: int) -> Pair:
    return (i, j) if i < j else (j, i)


def _date_sweep(members: Sequence[int], days: _Days, slack: int) -> Iterator[Pair]:
    """Pairs of dated members whose dates are not apart: sorted by first day, each member is compared with the
    members starting before its last day (plus slack) only."""
    dated = sorted((i for i in members if days.dated[i]), key=lambda i: days.first[i])
    for position, i in enumerate(dated):
        reach = days.last[i] + slack
        for j in itertools.islice(dated, position + 1, None):
            if days.first[j] > reach:
                break
            yield _ordered(i, j)


def _all_date_pairs(members: Sequence[int], days: _Days, slack: int) -> Iterator[Pair]:
    yield from _date_sweep(members, days, slack)
    undated = [i for i in members if not days.dated[i]]
    dated = [i for i in members if days.dated[i]]
    for position, i in enumerate(undated):
        for j in itertools.chain(dated, itertools.islice(undated, position + 1, None)):
            yield _ordered(i, j)


def _shared_actor_pairs(members: Sequence[int], mentions: Sequence[Mention], days: _Days, slack: int) -> Iterator[Pair]:
    by_actor: dict[str, list[int]] = {}
    for i in members:
        for actor in set(mentions[i].actors):
            by_actor.setdefault(actor, []).append(i)
    for holders in by_actor.values():
        yield from _date_sweep(holders, days, slack)


def _shared_place_pairs(members: Sequence[int], mentions: Sequence[Mention], days: _Days) -> Iterator[Pair]:
    by_place: dict[str, list[int]] = {}
    for i in members:
        for place in set(mentions[i].places):
            by_place.setdefault(place, []).append(i)
    for holders in by_place.values():
        yield from _date_sweep(holders, days, 0)


def _undated_actor_pairs(
    members: Sequence[int], mentions: Sequence[Mention], days: _Days, shared: int
) -> Iterator[Pair]:
    """An undated mention with every mention that names `shared` of its actors (as one key: a set of actors)."""
    undated = [i for i in members if not days.dated[i] and len(set(mentions[i].actors)) >= shared]
    if not undated:
        return
    by_actors: dict[tuple[str, ...], list[int]] = {}
    for i in members:
        for key in itertools.combinations(sorted(set(mentions[i].actors)), shared):
            by_actors.setdefault(key, []).append(i)
    for i in undated:
        for key in itertools.combinations(sorted(set(mentions[i].actors)), shared):
            for j in by_actors[key]:
                if j != i:
                    yield _ordered(i, j)


Key = object  # where a mention is filed for the wording join: a year, a day, or a word for "anywhere"


def _rarest_first(members: Sequence[int], mentions: Sequence[Mention], min_words: int) -> dict[int, list[str]]:
    """The content words of each member with enough of them, rarest in the group first (the prefix filter's
    order; ties by the word, so every mention uses the same order)."""
    worded = [i for i in members if len(mentions[i].tokens) >= min_words]
    frequency = Counter(token for i in worded for token in mentions[i].tokens)
    rank = {token: place for place, token in enumerate(sorted(frequency, key=lambda t: (frequency[t], t)))}
    return {i: sorted(mentions[i].tokens, key=rank.__getitem__) for i in worded}


def _alike_wording(
    mentions: Sequence[Mention], ordered: Mapping[int, list[str]], threshold: float,
    filed_under: Callable[[int], Iterable[Key]], asking: Mapping[int, Iterable[Key]],
    partner: Callable[[int, int], bool], filed: Iterable[int],
) -> Iterator[Pair]:
    """Pairs (i in `asking`, j in `filed` filed under a key i looks up, partner(i, j)) whose content words have a
    Jaccard similarity of at least `threshold`, as `_evidence` computes it. Candidates come from the prefix
    filter (two sets that alike share a token among the rarest |A| - ceil(t|A|) + 1 of each), kept apart by key
    so that only mentions near in time meet. `ordered`: the words of each mention with enough, rarest first."""
    prefixes = {i: tokens[: len(tokens) - math.ceil(threshold * len(tokens) - 1e-9) + 1]
                for i, tokens in ordered.items()}
    postings: dict[tuple[str, Key], list[int]] = {}
    for i in filed:
        if i in prefixes:
            for key in filed_under(i):
                for token in prefixes[i]:
                    postings.setdefault((token, key), []).append(i)
    for i, keys in asking.items():
        if i not in prefixes:
            continue
        words = mentions[i].tokens
        partners = {j for key in keys for token in prefixes[i] for j in postings.get((token, key), ())}
        for j in partners:
            if j != i and partner(i, j):
                other = mentions[j].tokens
                if len(words & other) / len(words | other) >= threshold:
                    yield _ordered(i, j)


_WIDE_YEARS = 3  # a date spanning more years than this is filed as wide, not under each year
_SHORT_DAYS = 31  # an exact date spanning at most this many days is filed under each day


def _wording_pairs(
    members: Sequence[int], mentions: Sequence[Mention], days: _Days, rules: MergeRules
) -> Iterator[Pair]:
    """Pairs that alike wording may join. Where both name actors and share one, the actor sweep has them; where
    both name actors and share none, only `near_dates` and `undated` can join them (on strong wording). So:
    `min_wording_similarity` between a mention naming no actor and any whose dates overlap, and
    `strong_wording_similarity` between an undated mention and any, or exact days near each other.

    The side that is rarer is filed (mentions naming no actor, undated ones, exact days), and every mention that
    could pair with it asks: under each year or day of its date, so that only mentions near in time meet."""
    ordered = _rarest_first(members, mentions, rules.min_content_words)
    slack = rules.day_slack

    def wide(i: int) -> bool:
        return mentions[i].last.year - mentions[i].first.year > _WIDE_YEARS

    def years_of(i: int) -> list[Key]:
        return list(range(mentions[i].first.year, mentions[i].last.year + 1))

    def filed_by_year(i: int) -> list[Key]:  # a mention naming no actor
        return ["wide"] if wide(i) else ["narrow", *years_of(i)]

    def years_to_ask(i: int) -> list[Key]:  # any dated mention: overlapping ones, narrow in its years, or wide
        return ["wide", "narrow"] if wide(i) else ["wide", *years_of(i)]

    dated = [i for i in members if days.dated[i]]
    yield from _alike_wording(
        mentions, ordered, rules.min_wording_similarity, filed_by_year, {i: years_to_ask(i) for i in dated},
        lambda i, j: days.not_apart(i, j, 0), [i for i in dated if not mentions[i].actors],
    )

    def short(i: int) -> bool:  # an exact date of a few days, filed under each of them (an open end is not)
        return days.last[i] - days.first[i] <= _SHORT_DAYS

    def filed_by_day(i: int) -> list[Key]:  # an undated mention, or an exact date
        if not days.dated[i]:
            return ["undated"]
        return list(range(int(days.first[i]), int(days.last[i]) + 1)) if short(i) else ["long"]

    def days_to_ask(i: int) -> list[Key]:  # undated ones for all; exact dates near it for an exact date
        if not mentions[i].specific:
            return ["undated"]
        near = range(int(days.first[i]) - slack, int(days.last[i]) + slack + 1) if short(i) else ()
        return ["undated", "long", *near]

    def near_or_undated(i: int, j: int) -> bool:
        return not (days.dated[i] and days.dated[j]) or (mentions[i].specific and mentions[j].specific
                                                        and days.not_apart(i, j, slack))

    yield from _alike_wording(
        mentions, ordered, rules.strong_wording_similarity, filed_by_day, {i: days_to_ask(i) for i in members},
        near_or_undated, [i for i in members if not days.dated[i] or mentions[i].specific],
    )


def _same_day_pairs(members: Sequence[int], mentions: Sequence[Mention]) -> Iterator[Pair]:
    """A mention naming no actor with every mention stated for exactly the same day."""
    by_day: dict[tuple[date, date], list[int]] = {}
    for i in members:
        if mentions[i].specific:
            by_day.setdefault((mentions[i].first, mentions[i].last), []).append(i)
    for same in by_day.values():
        for i, j in itertools.combinations(same, 2):
            if not (mentions[i].actors and mentions[j].actors):
                yield _ordered(i, j)


def _unique(pairs: Iterable[Pair]) -> Iterator[Pair]:
    seen: set[Pair] = set()
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            yield pair


def candidate_pairs(mentions: Sequence[Mention], rules: MergeRules) -> Iterator[Pair]:
    """Index pairs (i < j), each once, that include every pair of mentions a rule of `rules` could link."""
    days = _Days(mentions)
    slack = rules.day_slack
    wording = min(rules.min_wording_similarity, rules.strong_wording_similarity)
    needs_evidence = (rules.min_shared_actors >= 1 and rules.strong_shared_actors >= 1 and wording > 0
                      and rules.min_shared_places >= 1)
    for group in type_groups(mentions, rules):
        if not needs_evidence:  # a rule may link without evidence: every pair whose dates are not apart
            yield from _all_date_pairs(group, days, slack)
            continue
        yield from _unique(itertools.chain(
            _shared_actor_pairs(group, mentions, days, slack),
            _shared_place_pairs(group, mentions, days) if "same_place" in rules.rules else (),
            _undated_actor_pairs(group, mentions, days, rules.strong_shared_actors),
            _wording_pairs(group, mentions, days, rules),
            _same_day_pairs(group, mentions),
        ))
