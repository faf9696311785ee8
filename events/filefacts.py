"""What a file says about itself before it is read in full: its publication date and language, and where each
came from, so the analyst can check and correct them per file (the dashboard's upload table, the CLI's
`--date-from-name` and `--dates LIST`).

A date is taken, in this order, from the page's or front matter's metadata, else from a `YYYY-MM-DD` (or
`YYYY_MM_DD`, `YYYYMMDD`) in the file's name, as archives and wire exports name their files.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from events.collections import is_collection
from events.documents import DocumentError, parse_document_date, read_document
from events.langdetect import detect_language

# A date in a file name: 2024-12-06, 2024_12_06, 2024.12.06 or 20241206, not inside a longer number.
_NAME_DATE = re.compile(r"(?<!\d)((?:1[89]|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")

DateSource = Literal["metadata", "file name", ""]


@dataclass(frozen=True)
class FileFacts:
    """A file's publication date and language as it gives them (None where it gives none), and their sources."""

    name: str
    dct: date | None
    date_source: DateSource
    lang: str | None
    lang_source: Literal["metadata", "detected", ""]
    title: str = ""
    collection: bool = False  # a .json/.jsonl/.csv file of many articles, each with its own date and language
    problem: str = ""  # why the file cannot be read (it is still listed, and refused with this reason on reading)
    problem_reason: str = ""  # the DocumentError's reason and details, for a caller that words it in its language
    problem_params: dict[str, object] = field(default_factory=dict)


def date_from_name(name: str) -> date | None:
    """The day a file's name gives (`treaty-2024-12-06.txt`, `20241206_minsk.html`), or None."""
    for match in _NAME_DATE.finditer(Path(name).name):
        try:
            return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        except ValueError:  # 2024-02-30
            continue
    return None


def file_facts(name: str, data: bytes) -> FileFacts:
    """The facts of one uploaded or named file, for a table the analyst checks before the articles are read."""
    if is_collection(name):
        return FileFacts(name, None, "", None, "", collection=True)
    try:
        document = read_document(data, name=name)
    except DocumentError as error:
        from_name = date_from_name(name)
        return FileFacts(name, from_name, "file name" if from_name else "", None, "", problem=str(error),
                         problem_reason=error.reason, problem_params=dict(error.params))
    if document.dct is not None:
        dct, date_source = document.dct, "metadata"
    else:
        dct = date_from_name(name)
        date_source = "file name" if dct else ""
    if document.lang:
        lang, lang_source = document.lang, "metadata"
    else:
        lang, lang_source = detect_language(document.text), "detected"
    return FileFacts(name, dct, date_source, lang, lang_source, title=document.title)  # type: ignore[arg-type]


class DateListError(ValueError):
    """A `date,file` list that cannot be used; the message names the line."""


def read_date_list(path: Path) -> dict[str, date]:
    """A `date,file` list (CSV; a header row is allowed; `;` or `,`): each file's publication date, by its path
    as written and by its name, so `2024-12-06,articles/a.txt` matches `articles/a.txt` and `a.txt`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DateListError(f"{path}: cannot be read ({error})") from None
    dialect = ";" if text.count(";") > text.count(",") else ","
    dates: dict[str, date] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=dialect), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells and cells[0].lower() in ("date", "datum")):
            continue
        if len(cells) < 2 or not cells[1]:
            raise DateListError(f"{path}, line {number}: give a date and a file, as in 2024-12-06,article.txt")
        try:
            day = parse_document_date(cells[0])
        except DocumentError as error:
            raise DateListError(f"{path}, line {number}: {error}") from None
        if day is None:
            raise DateListError(f"{path}, line {number}: the date is empty")
        dates[cells[1]] = day
        dates.setdefault(Path(cells[1]).name, day)
    return dates
