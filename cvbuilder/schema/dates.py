"""Partial dates as written on a CV: ``2024``, ``2024-09``, ``2024-09-01``, ``present``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from cvbuilder import locales
from cvbuilder.problems import shown

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month or day; ``present`` sorts after every real date."""

    year: int
    month: int = 0
    day: int = 0
    present: bool = False

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        return (int(self.present), self.year, self.month, self.day)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        if self.present:
            return "present"
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def display(self) -> str:
        """Human form used in documents, in the current locale: ``Sep 2024``, ``2024年9月``,
        ``2024``, ``Present`` (see :mod:`cvbuilder.locales`)."""
        locale = locales.current()
        if self.present:
            return locale("date.present")
        if self.month:
            return locale.month_year(self.year, self.month)
        return str(self.year)


PRESENT = PartialDate(year=9999, present=True)


_EXPECTED = "must be a date such as 2024, 2024-09, 2024-09-01 or present"


def parse_date(value: Any) -> PartialDate:
    """Accept ``YYYY`` (int or str), ``YYYY-MM``, ``YYYY-MM-DD`` or ``present``.

    Anything else is a ``ValueError`` whose message never quotes a huge number or float (a
    5,000-digit integer cannot even be turned into text)."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1000 <= value <= 9999:
            raise ValueError(f"{_EXPECTED}; a year has four digits")
        return PartialDate(value)
    if not isinstance(value, str):
        raise ValueError(_EXPECTED)
    text = value.strip()
    if text.lower() == "present":
        return PRESENT
    m = _PATTERN.match(text)
    if not m:
        raise ValueError(
            f"{shown(value)} is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or present"
        )
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12:
        raise ValueError(f"{value!r}: month must be 01-12")
    if m[3]:
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{value!r}: {exc}") from None
    return PartialDate(year, month, day)


Date = Annotated[
    PartialDate,
    BeforeValidator(parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|present)$"},
            ],
            "description": "YYYY, YYYY-MM, YYYY-MM-DD or present",
            "examples": ["2024-09", "present"],
        }
    ),
]


def span(start: PartialDate | None, end: PartialDate | None) -> str:
    """``Sep 2020 – Aug 2024``; a single date when start and end coincide or one is missing."""
    if start and end and start != end:
        return locales.current()("date.range", start=start.display(), end=end.display())
    return (start or end).display() if (start or end) else ""
