"""TIMEX3 value shapes: what a well-formed value looks like, and how to read one apart."""

from __future__ import annotations

import re

VAGUE_REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")

_YEAR = r"(?:BC)?(?:\d{4}|XXXX)"
_CALENDAR_POINT = (
    rf"(?:{_YEAR}"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?"  # month, day
    r"|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?"  # ISO week, weekday or weekend
    r"|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"  # quarter, half, season
    r"|\d{3}|\d{2})"  # decade (199), century (19)
)
_TIME_OF_DAY = r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|MI|AF|EV|NI|DT))?"
_DURATION = r"P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|Q|H|DE|CE))*(?:T(?:(?:\d+(?:\.\d+)?|X)(?:H|M|S))+)?"

DATE_VALUE = re.compile(rf"^(?:{_CALENDAR_POINT}{_TIME_OF_DAY}|{'|'.join(VAGUE_REFS)})$")
DURATION_VALUE = re.compile(rf"^{_DURATION}$")


def is_well_formed(value: str, timex_type: str) -> bool:
    """Whether `value` is a TIMEX3 value of the given type."""
    if timex_type in ("DATE", "TIME"):
        return bool(DATE_VALUE.match(value))
    if timex_type == "DURATION":
        return bool(DURATION_VALUE.match(value)) and value != "P"
    if timex_type == "SET":
        return bool(DURATION_VALUE.match(value) and value != "P") or bool(DATE_VALUE.match(value))
    return False
