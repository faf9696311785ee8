r"""Fast, exact candidate generation: where each timex rule can match, found in one pass over the text.

Running every rule's `finditer` over the whole text costs one full regex scan per rule (~90 of them). Instead:

1. Each rule's compiled pattern is parsed (`re._parser`) into its *heads*: regexes that a prefix of every match
   must match, such as `vor[\s]{1,}(?:[\d]{1,4}|drei|...)` or `märz`. A head follows the rule from its start element
   by element (literals, classes and their repeats, every branch and optional part while the head is still a run of
   literal characters, whole groups as one alternation after that) and is cut where the walk cannot follow or the
   head gets long. Cutting and leaving out assertions only weaken a head: it stays a necessary condition.
2. One scanner regex finds, in C, every position not preceded by a word character (all rules begin with
   `(?<![\w])`, see `grammar._bounded`) where some head matches, as a trie of the heads. It also reports the longest
   *literal* head there (the heads' leading literal characters), which decides the rules to try: those with a
   literal head that is a prefix of it, or with a first character class that matches the character there.
3. Each such rule is tried with `pattern.match(text, position)`, which sees the text before the position for
   lookbehinds just as `finditer` does. A rule's next try starts where its last match ended, so each rule yields
   exactly the matches `finditer` would, in the same order.

A rule that could match empty, lacks the leading `(?<![\w])`, or whose start cannot be told (it begins with a
broad class such as `.`) keeps its plain `finditer`; rules whose literal heads fold into each other when case is
ignored ("s" and "ſ") leave the whole grammar to `finditer`. Every approximation errs towards trying a rule more
often, never less, so the result is the one `all_candidates_reference` gives. Nothing here knows a language or a
word: the heads come from the compiled rules alone, so rules edited in the resource files are covered automatically.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

RuleMatch = tuple[int, re.Match[str]]  # (index of the rule's pattern, one of its matches)

# The scanner is case-insensitive and Unicode like the rules. Heads keep only positive classes, so a rule that is
# case-sensitive somewhere just gets more positions to try from a case-insensitive head, never fewer.
_SCAN_FLAGS = re.IGNORECASE | re.UNICODE
# Heads are cut after this many elements (characters or character-class repeats); a rule whose heads number more
# than _MAX_HEADS gets shorter ones. Longer heads select better, but alternations multiply them.
_HEAD_LENGTHS = (24, 12, 6, 3, 1)
_MAX_HEADS = 2000
# Memo size of the per-position dispatch (keys are short text snippets): bounded so memory stays flat.
_MEMO_LIMIT = 4096
# The dispatch also looks at this many characters at a hit, against the first characters of each rule's heads.
_SNIPPET = 4
# Characters that ignore-case matching pairs with others besides their lowercase (i and dotless ı, s and ſ, ...).
_EXTRA_CASES: frozenset[int] = frozenset(_casefix._EXTRA_CASES) | frozenset(
    code for codes in _casefix._EXTRA_CASES.values() for code in codes)
# Alternations of this many branches in the scanner are split into groups of _GUARD_GROUP behind a class check.
_GUARD_MIN_BRANCHES = 10
_GUARD_GROUP = 8

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_MEANING_FLAGS = re.ASCII | re.LOCALE  # local (?a:...) changes what \w, \s and \d mean: heads stop there
_WORD_CLASS = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]
# Classes a head may contain: positive ones only (a negated class can match more when case matters, so it would not
# stay a superset under the scanner's IGNORECASE). Digits are narrow enough to start a head; spaces and word
# characters may only follow, else the scanner would stop almost everywhere.
_CATEGORIES = {sre.CATEGORY_DIGIT: (r"\d", True), sre.CATEGORY_SPACE: (r"\s", False), sre.CATEGORY_WORD: (r"\w", False)}


def all_candidates_reference(text: str, patterns: Sequence[re.Pattern[str]]) -> list[RuleMatch]:
    """The straightforward path: every pattern's `finditer` over the whole text, in pattern order."""
    return [(index, match) for index, pattern in enumerate(patterns) for match in pattern.finditer(text)]


# --- heads of one pattern ----------------------------------------------------------------------------------------


class _Unanchored(Exception):
    """The pattern may match where no head of it can be told: it needs a full `finditer`."""


class _TooMany(Exception):
    """The heads multiply past _MAX_HEADS at this length."""


@dataclass(frozen=True)
class _Element:
    source: str  # regex source matching what this part of the rule consumes (or more)
    literal: str = ""  # the case-folded character, if the element is one literal character
    char_class: str = ""  # else the class of its characters (the source without a quantifier)
    narrow: bool = True  # rare enough in text to start a head (not \s or \w)


@dataclass(frozen=True)
class _Head:
    elements: tuple[_Element, ...]

    @property
    def literal(self) -> str:
        """The leading literal characters (case-folded): the part the dispatch trie knows."""
        chars = []
        for element in self.elements:
            if not element.literal:
                break
            chars.append(element.literal)
        return "".join(chars)

    @property
    def first_class(self) -> str:
        """A class the first character of a match is in, for heads that do not start with a literal."""
        return self.elements[0].char_class

    def opening(self, length: int) -> str:
        """Regex source for at most `length` characters that every match of the head starts with: its elements
        while each is one character (a literal or a class), then the class of a repeated one once (if it must occur
        at least once)."""
        parts = []
        for element in self.elements[:length]:
            if element.literal:
                parts.append(element.source)
                continue
            if not element.char_class or element.source.startswith(element.char_class + "{0,"):
                break  # an alternation, or a class that may be left out
            parts.append(element.char_class)
            if element.source != element.char_class:
                break  # a class repeated: its first character is known, not how many follow
        return "".join(parts)


_Continuation = tuple[list[Any], int, "_Continuation"] | None  # what is still to match: (items, next index, rest)


def _case_folded(code: int) -> str | None:
    """The character the regex engine folds `code` to when ignoring case, if that matches exactly the same text
    characters (it does unless folding gives an uncased character, which the engine then matches literally);
    None otherwise. Folding lets "Jahr" in a rule and "jahr" in a word table share one trie branch."""
    folded = _sre.unicode_tolower(code)
    if folded == code or _sre.unicode_iscased(folded):
        return chr(folded)
    return None


def _class_source(items: list[tuple[Any, Any]]) -> tuple[str, bool]:
    """A character class (a bracket's items) as regex source, and whether it is narrow enough to start a head;
    raises _Unanchored for negated or unknown classes."""
    parts, narrow = [], True
    for op, av in items:
        if op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            part, narrow_category = _CATEGORIES[av]
            parts.append(part)
            narrow = narrow and narrow_category
        else:
            raise _Unanchored
    return "[" + "".join(parts) + "]", narrow


def _quantifier(low: int, high: int) -> str:
    return f"{{{low},{'' if high == sre.MAXREPEAT else high}}}"


@cache
def _literal(code: int) -> _Element | None:
    folded = _case_folded(code)
    return None if folded is None else _Element(re.escape(folded), literal=folded)


def _single(item: tuple[Any, Any], low: int = 1, high: int = 1) -> _Element:
    """One literal or class, repeated low to high times."""
    op, av = item
    once = low == high == 1
    if op is sre.LITERAL:
        if once and (literal := _literal(av)) is not None:
            return literal
        char_class, narrow = _class_source([item])
    elif op is sre.IN:
        char_class, narrow = _class_source(av)
    else:
        raise _Unanchored  # ANY, NOT_LITERAL: nothing narrow, or case-sensitive negation
    return _Element(char_class + ("" if once else _quantifier(low, high)), char_class=char_class, narrow=narrow)


def _source(items: list[tuple[Any, Any]]) -> str:
    """Regex source matching at least what `items` match (assertions left out, groups made plain); raises
    _Unanchored for what has no such source (back references, negations)."""
    return "".join(_item_source(item) for item in items)


def _item_source(item: tuple[Any, Any]) -> str:
    op, av = item
    if op in (sre.LITERAL, sre.IN):
        return _single(item).source
    if op in _ZERO_WIDTH:
        return ""
    if op is sre.SUBPATTERN and not av[1] & _MEANING_FLAGS:
        return f"(?:{_source(av[3].data)})"
    if op is sre.ATOMIC_GROUP:
        return f"(?:{_source(av.data)})"
    if op in (sre.BRANCH, sre.GROUPREF_EXISTS):
        branches = [branch.data if branch else [] for branch in _branches(item)]
        if all(kind is sre.LITERAL for branch in branches for kind, _ in branch):
            # Words ("januar|jänner|..."): as a trie, so a position costs one path, not a try per word.
            return "(?:" + _alternatives_source(_trie([_single(i).source for i in b] for b in branches)) + ")"
        return "(?:" + "|".join(_source(branch) for branch in branches) + ")"
    if op in _REPEATS:
        low, high, body = av
        return f"(?:{_source(body.data)}){_quantifier(low, high)}"
    raise _Unanchored


def _branches(item: tuple[Any, Any]) -> list[Any]:
    op, av = item
    return list(av[1]) if op is sre.BRANCH else list(av[1:])  # GROUPREF_EXISTS: (group, yes, no or None)


def _element(item: tuple[Any, Any], converted: dict[int, _Element]) -> _Element:
    """`item` as one element; `converted` keeps the alternations already converted (by the id of the parsed item,
    alive while its pattern is walked), as one alternation may follow many heads."""
    op, av = item
    if op in _REPEATS and len(av[2].data) == 1 and av[2].data[0][0] in (sre.LITERAL, sre.IN):
        return _single(av[2].data[0], av[0], av[1])  # "\s+", "\d{1,4}": one element
    if op in (sre.LITERAL, sre.IN):
        return _single(item)
    if id(item) not in converted:
        converted[id(item)] = _Element(_item_source(item), narrow=False)
    return converted[id(item)]


def _next_item(rest: _Continuation) -> tuple[tuple[Any, Any] | None, _Continuation]:
    while rest is not None:
        items, index, outer = rest
        if index < len(items):
            return items[index], (items, index + 1, outer)
        rest = outer
    return None, None


def _literal_run(elements: tuple[_Element, ...]) -> bool:
    return all(element.literal for element in elements)


class _HeadWalker:
    """Enumerates the heads of a parsed pattern. While a head is still a run of literal characters, every branch,
    optional part and repeat is followed separately, so the literal trie gets whole words ("im", "seit", ...);
    after that, a group becomes one element (an alternation) instead of multiplying the heads."""

    def __init__(self, max_elements: int) -> None:
        self.max_elements = max_elements
        self.heads: set[_Head] = set()
        self.converted: dict[int, _Element] = {}

    def end(self, elements: tuple[_Element, ...]) -> None:
        """The head is complete: the match may end here, go on in a way not followed, or the head is long enough."""
        if not elements:
            raise _Unanchored
        self.heads.add(_Head(elements))
        if len(self.heads) > _MAX_HEADS:
            raise _TooMany

    def append(self, elements: tuple[_Element, ...], item: tuple[Any, Any]) -> tuple[_Element, ...] | None:
        """`elements` plus `item` as an element, or None (after ending the head) if it cannot be one."""
        try:
            element = _element(item, self.converted)
        except _Unanchored:
            self.end(elements)
            return None
        if not elements and not element.narrow:
            raise _Unanchored  # a head starting with \s or \w would stop the scanner almost everywhere
        return (*elements, element)

    def walk(self, elements: tuple[_Element, ...], rest: _Continuation) -> None:
        while len(elements) < self.max_elements:
            item, rest = _next_item(rest)
            if item is None:
                return self.end(elements)
            op, av = item
            if op in _ZERO_WIDTH:
                continue  # assertions only restrict where a match is: leaving them out keeps the head necessary
            if op is sre.SUBPATTERN and not av[1] & _MEANING_FLAGS:
                rest = (av[3].data, 0, rest)
            elif op is sre.ATOMIC_GROUP:
                rest = (av.data, 0, rest)
            elif _literal_run(elements) and op in (sre.BRANCH, sre.GROUPREF_EXISTS):
                for branch in _branches(item):
                    self.walk(elements, (branch.data if branch else [], 0, rest))
                return None
            elif _literal_run(elements) and op in _REPEATS:
                return self.repeat(elements, op, av, rest)
            elif (extended := self.append(elements, item)) is None:
                return None
            else:
                elements = extended
        return self.end(elements)

    def repeat(self, elements: tuple[_Element, ...], op: Any, av: tuple[int, int, Any], rest: _Continuation) -> None:
        low, high, body = av
        if low == 0:
            self.walk(elements, rest)  # no iteration at all
            low = 1
        if high == 0:
            return None
        if len(body.data) == 1 and body.data[0][0] in (sre.LITERAL, sre.IN):
            extended = self.append(elements, (op, (low, high, body)))
            return None if extended is None else self.walk(extended, rest)
        if body.getwidth()[0] == 0:  # an iteration may consume nothing: unrolling it would not terminate
            return self.end(elements)
        if high == 1:
            return self.walk(elements, (body.data, 0, rest))
        # X{low,high} is X followed by X{low-1,high-1}.
        again = [(op, (low - 1, high if high == sre.MAXREPEAT else high - 1, body))]
        return self.walk(elements, (body.data, 0, (again, 0, rest)))


def _starts_unbounded(pattern: re.Pattern[str], parsed: Any) -> bool:
    """Whether a match may start right after a word character (no leading `(?<![\\w])` as the scanner has)."""
    if pattern.flags & (re.ASCII | re.LOCALE) or not parsed.data:  # an ASCII \w would allow starts after "é"
        return True
    op, av = parsed.data[0]
    return not (op is sre.ASSERT_NOT and av[0] == -1 and av[1].data == _WORD_CLASS)


def pattern_heads(pattern: re.Pattern[str]) -> frozenset[_Head] | None:
    """The heads of a rule's pattern, or None when it must be scanned in full."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0 or _starts_unbounded(pattern, parsed):
        return None  # empty matches make finditer step differently; starts after a word are not scanned
    for max_elements in _HEAD_LENGTHS:
        walker = _HeadWalker(max_elements)
        try:
            walker.walk((), (parsed.data, 0, None))
        except _Unanchored:
            return None
        except _TooMany:
            continue
        return frozenset(walker.heads)
    return None


def with_first_char_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a lookahead for the characters its matches can start with, when its heads tell them: the
    same matches, but the engine rules out most positions with one class check instead of trying every branch."""
    heads = pattern_heads(pattern)
    if not heads:
        return pattern
    # Every match starts with what the first element of one of its heads matches (case ignored, a superset).
    chars = {re.escape(e.literal) if e.literal else e.char_class[1:-1] for e in (h.elements[0] for h in heads)}
    try:  # the pattern keeps its own flags; the guard ignores case like the heads
        return re.compile(f"(?=(?i:[{''.join(sorted(chars))}]))(?:{pattern.pattern})", pattern.flags)
    except re.error:  # inline global flags ("(?x)...") cannot move inside a group
        return pattern


# --- the scanner ---------------------------------------------------------------------------------------------------


_END = None  # trie key: a sequence ends here
_Trie = dict[Any, "_Trie"]


def _trie(sequences: Iterable[Iterable[Any]]) -> _Trie:
    root: _Trie = {}
    for sequence in sequences:
        node = root
        for part in sequence:
            node = node.setdefault(part, {})
        node[_END] = {}
    return root


def _alternatives_source(node: _Trie) -> str:
    """Regex for a trie of sequences of regex parts that matches any of the sequences, the longest it can."""
    branches = [part + _alternatives_source(node[part]) for part in sorted(p for p in node if p is not _END)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body  # greedy: a longer sequence first, this one if it fails


def _any_source(node: _Trie) -> str:
    """Regex for a trie of heads (sequences of elements) that matches if any head does: a complete one is enough."""
    if _END in node:
        return ""
    elements = sorted(node, key=lambda element: element.source)
    if len(elements) >= _GUARD_MIN_BRANCHES:
        return _guarded(elements, node)
    branches = [element.source + _any_source(node[element]) for element in elements]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _guarded(elements: list[_Element], node: _Trie) -> str:
    """Many branches in groups, each behind a lookahead for the first characters of its branches: the engine tries
    every branch of an alternation in turn, so one class check that rules out a whole group saves most tries."""
    known = [e for e in elements if e.literal or e.char_class]
    groups = [known[i : i + _GUARD_GROUP] for i in range(0, len(known), _GUARD_GROUP)]
    branches = [
        "(?=[" + "".join(re.escape(e.literal) if e.literal else e.char_class[1:-1] for e in group) + "])(?:"
        + "|".join(e.source + _any_source(node[e]) for e in group) + ")"
        for group in groups
    ]
    branches += [e.source + _any_source(node[e]) for e in elements if not (e.literal or e.char_class)]
    return "(?:" + "|".join(branches) + ")"


def _trie_is_unambiguous(words: Iterable[str]) -> bool:
    """No text character can follow two branches of the literal trie (exotic case-insensitive pairs like "s" and
    "ſ"); if one could, the trie's match would not be the longest literal head, nor would its prefixes be all the
    literal heads matching there."""
    children: dict[str, set[str]] = {}
    for word in words:
        for length in range(len(word)):
            children.setdefault(word[:length], set()).add(word[length])
    for chars in children.values():
        ordered = sorted(chars)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if re.fullmatch(re.escape(first), second, _SCAN_FLAGS) or re.fullmatch(
                    re.escape(second), first, _SCAN_FLAGS
                ):
                    return False
    return True


@dataclass
class _Dispatch:
    """Which rules to try at a scanner hit, memoised on the hit's key: the longest literal head matching there, or
    the character there if none does. The key decides the answer: every literal head matching at the position is a
    prefix of the longest one (the trie is unambiguous), and class heads look at the first character only."""

    literal_heads: tuple[tuple[int, re.Pattern[str]], ...]  # per rule: its literal heads as one pattern
    class_heads: tuple[tuple[int, re.Pattern[str]], ...]  # per rule: the first classes of its other heads
    # Per rule: the openings of all its heads (_Head.opening(_SNIPPET)) as one pattern, None if it has no heads.
    openings: tuple[re.Pattern[str] | None, ...] = ()
    memo: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def rules_for(self, key: str, snippet: str = "") -> tuple[int, ...]:
        """The rules to try where the longest literal head is `key` (or the character there) and the text there
        starts with `snippet` (the next _SNIPPET characters, fewer at the end: an opening longer than that cannot
        match there either). The memo is keyed on both."""
        memo_key = f"{key}\0{snippet}"
        found = self.memo.get(memo_key)
        if found is None:
            rules = {i for i, heads in self.literal_heads if heads.match(key)}
            rules.update(i for i, heads in self.class_heads if heads.match(key))
            if snippet:
                rules = {i for i in rules if (opening := self.openings[i]) is None or opening.match(snippet)}
            found = tuple(sorted(rules))
            if len(self.memo) >= _MEMO_LIMIT:  # bounded, so memory stays flat whatever the text
                self.memo.clear()
            self.memo[memo_key] = found
        return found


def _alternation(sources: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(set(sources))) + ")"


@dataclass
class RuleScanner:
    """All matches of a list of patterns, as `all_candidates_reference` finds them, from one scan of the text."""

    patterns: tuple[re.Pattern[str], ...]
    unanchored: tuple[int, ...]  # scanned in full with finditer
    hits: re.Pattern[str] | None  # where an anchored rule may match; group 1: the longest literal head there
    dispatch: _Dispatch
    # `hits` without IGNORECASE, for text lowered first (a third faster); None if its source has capitals
    hits_folded: re.Pattern[str] | None = None

    def matches(self, text: str) -> list[RuleMatch]:
        found = self._anchored_matches(text)
        for index in self.unanchored:
            found[index] = list(self.patterns[index].finditer(text))
        return [(index, match) for index in sorted(found) for match in found[index]]

    def _anchored_matches(self, text: str) -> dict[int, list[re.Match[str]]]:
        if self.hits is None:
            return {}
        matchers = [pattern.match for pattern in self.patterns]
        rules_for = self.dispatch.rules_for
        memo = self.dispatch.memo
        found: dict[int, list[re.Match[str]]] = {}
        resume = [0] * len(matchers)  # where each rule's finditer would search next: after its last match
        folded = folded_text(text) if self.hits_folded is not None else None
        hits, scanned = (self.hits_folded, folded) if folded is not None else (self.hits, text)
        for hit in hits.finditer(scanned):  # type: ignore[union-attr]
            position = hit.start()
            key = hit.group(1) or scanned[position]
            snippet = scanned[position : position + _SNIPPET]
            rules = memo.get(f"{key}\0{snippet}") or rules_for(key, snippet)
            for index in rules:
                if position >= resume[index] and (match := matchers[index](text, position)) is not None:
                    if index in found:
                        found[index].append(match)
                    else:
                        found[index] = [match]
                    resume[index] = match.end()  # > position: rules that may match empty are unanchored
        return found


def build_scanner(patterns: Sequence[re.Pattern[str]]) -> RuleScanner | None:
    """The scanner for these patterns (compiled `(?<![\\w])(?:...)(?![\\w])` rules), or None if their literal heads
    cannot be told apart reliably (then every pattern is scanned in full)."""
    heads = [pattern_heads(pattern) for pattern in patterns]
    literal_heads, class_heads = [], []
    for index, found in enumerate(heads):
        if words := {re.escape(h.literal) for h in found or () if h.literal}:
            literal_heads.append((index, re.compile(_alternation(words), _SCAN_FLAGS)))
        if classes := {h.first_class for h in found or () if not h.literal}:
            class_heads.append((index, re.compile(_alternation(classes), _SCAN_FLAGS)))
    literals = {h.literal for found in heads for h in found or () if h.literal}
    if not _trie_is_unambiguous(literals):
        return None
    hits = None
    if all_heads := [h for found in heads for h in found or ()]:
        # Some head matches here (the filter); then the longest literal head, if any, for the dispatch.
        filter_source = _any_source(_trie(h.elements for h in all_heads))
        longest_source = _alternatives_source(_trie(map(re.escape, word) for word in literals))
        hits = re.compile(rf"(?<![\w])(?={filter_source})(?=({longest_source})|)", _SCAN_FLAGS)
    openings = tuple(
        re.compile(_alternation(h.opening(_SNIPPET) for h in found), _SCAN_FLAGS) if found else None
        for found in heads
    )
    hits_folded = None
    if hits is not None and not _CAPITAL_OUTSIDE_ESCAPES.search(_ESCAPE.sub("", hits.pattern)):
        hits_folded = re.compile(hits.pattern, hits.flags & ~re.IGNORECASE)
    return RuleScanner(
        patterns=tuple(patterns),
        unanchored=tuple(i for i, found in enumerate(heads) if found is None),
        hits=hits,
        dispatch=_Dispatch(tuple(literal_heads), tuple(class_heads), openings),
        hits_folded=hits_folded,
    )


_ESCAPE = re.compile(r"\\.")
_CAPITAL_OUTSIDE_ESCAPES = re.compile(r"[A-Z]|\(\?-")  # a capital letter, or a group that turns IGNORECASE off


def folded_text(text: str) -> str | None:
    """`text` lowercased, where a case-sensitive search of lowercase heads in it finds what a case-insensitive
    search finds in `text`: the same length, and no character the engine folds otherwise than `str.lower` does
    or matches with another one besides (dotless ı, long ſ, micro µ, Kelvin K and the like); None if not."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    if not text.isascii():
        for char in set(text):
            if char >= "\x80":
                low = char.lower()
                if (len(low) != 1 or ord(low) in _EXTRA_CASES or ord(char) in _EXTRA_CASES
                        or _sre.unicode_tolower(ord(char)) != ord(low)):
                    return None
    return lowered
