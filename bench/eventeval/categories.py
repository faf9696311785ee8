"""PLOVER categories and finer types of extracted events, from whatever the event table offers.

The table may carry a PLOVER category itself (a column `plover`, `plover_category`, `event_family` or `family`, as
the taxonomy grows one); otherwise the row's CAMEO code is looked up in the CAMEO2PLOVER-2021 table that
../shared/corpora/cameo/PLOVER holds. Chronik's type ids are mapped to the guide's finer types where they name the
same kind of happening.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from bench.eventeval.gold import FINE_TYPES, OTHER, PLOVER_CATEGORIES
from bench.timexeval.corpora import corpora_root

PLOVER_TABLE = Path("cameo") / "PLOVER" / "CAMEO2PLOVER-2021.txt"
_ROW = re.compile(r"^(\d{2,4}):\s*([A-Z]+)")

# Chronik type ids (or their words) that name one of the guide's finer types under another name.
_FINE_TYPE_SYNONYMS = {
    "law": "law/decree", "decree": "law/decree", "law decree": "law/decree", "legislation": "law/decree",
    "exercise": "military exercise", "military exercise": "military exercise", "meeting visit": "meeting",
    "visit": "meeting", "summit": "meeting", "sanction": "sanctions", "referendum": "election",
}  # fmt: skip


def parse_plover_table(text: str) -> dict[str, str]:
    """CAMEO code -> PLOVER category from the CAMEO2PLOVER table's `code: CATEGORY, mode, context` lines. A
    two-digit root listed twice (08: CONCEDE and RETREAT) keeps its first category."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if match and match.group(2) in PLOVER_CATEGORIES:
            table.setdefault(match.group(1), match.group(2))
    return table


@cache
def plover_table(root: Path | None = None) -> Mapping[str, str]:
    path = (root or corpora_root()) / PLOVER_TABLE
    return parse_plover_table(path.read_text(encoding="utf-8"))


def plover_of_cameo(code: str, table: Mapping[str, str]) -> str:
    """The PLOVER category of a CAMEO code (a root like "14" as its "140"); OTHER when PLOVER has none (01, 02,
    no code)."""
    code = code.strip()
    for candidate in (code, code.ljust(3, "0"), code[:3], code[:2]):
        if candidate and candidate in table:
            return table[candidate]
    return OTHER


def plover_of_family(value: str) -> str:
    """A table's own family or category, as a PLOVER category or OTHER (STATEMENT, POLITICS, INCIDENT ...)."""
    value = value.strip().upper()
    return value if value in PLOVER_CATEGORIES else OTHER


def fine_type_of(event_type: str, cameo_code: str = "") -> str | None:
    """The guide's finer type for a Chronik type id, or None when the type names none of them. The old catch-all
    "military" is told apart by its CAMEO code (19x/18x attacks, 15x deployments)."""
    words = event_type.strip().casefold().replace("_", " ").replace("-", " ")
    if words == "military":
        if cameo_code.startswith(("18", "19", "20")):
            return "attack"
        return "deployment" if cameo_code.startswith("15") else None
    if words in FINE_TYPES:
        return words
    return _FINE_TYPE_SYNONYMS.get(words)
