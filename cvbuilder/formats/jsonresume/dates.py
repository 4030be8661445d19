"""Dates as people write them (07/2025, May 2022, '16, Present) → dates the profile accepts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cvbuilder.formats.jsonresume.report import _describe
from cvbuilder.schema.dates import parse_date

PRESENT_WORDS = frozenset({
    "present", "now", "current", "currently", "today", "ongoing", "to date", "till date",
    "till now", "until now", "to present", "actual", "atual", "atualmente", "presente",
    "actualidad", "actualmente", "présent", "aujourd'hui", "heute", "jetzt", "attuale", "oggi",
    "heden", "nu", "nå", "nyt", "teraz", "obecnie", "н.в.", "сейчас", "настоящее время",
    "по настоящее время", "至今", "现在", "目前", "現在", "現在まで",
})  # fmt: skip
"""End dates meaning 'still going' (compared in lower case)."""
UNKNOWN_END = frozenset({"?", "??", "???", "...", "…", "tbd", "tba"})
"""End dates meaning 'not known yet': read as ongoing, with a note."""

_MONTH_WORDS = [
    ("january", "janvier", "januar", "enero", "janeiro", "gennaio", "jan", "jän"),
    ("february", "février", "fevrier", "februar", "febrero", "fevereiro", "febbraio", "feb"),
    ("march", "mars", "märz", "marz", "marzo", "março", "marco", "mar"),
    ("april", "avril", "abril", "aprile", "apr", "avr"),
    ("may", "mai", "mayo", "maio", "maggio"),
    ("june", "juin", "juni", "junio", "junho", "giugno", "jun"),
    ("july", "juillet", "juli", "julio", "julho", "luglio", "jul", "juil"),
    ("august", "août", "aout", "agosto", "aug", "ago"),
    ("september", "septembre", "septiembre", "setembro", "settembre", "sep", "sept", "set"),
    ("october", "octobre", "oktober", "octubre", "outubro", "ottobre", "oct", "okt", "out"),
    ("november", "novembre", "noviembre", "novembro", "nov"),
    ("december", "décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre", "dec",
     "dez", "dic"),
]  # fmt: skip
MONTHS: dict[str, int] = {w: i for i, words in enumerate(_MONTH_WORDS, 1) for w in words}
"""Month names and abbreviations (English, French, German, Spanish, Portuguese, Italian)."""

_WORD = r"([^\W\d_]+)\.?"


def _two_digit(yy: str) -> int:
    """``'16`` → 2016, ``'98`` → 1998: CVs name years of the last and this century."""
    return 2000 + int(yy) if int(yy) <= 50 else 1900 + int(yy)


# Each written form → (year, month, day); 0 for a part not given, None for a word that is no
# month name. Tried in order on the whole text.
_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[Any, ...] | None]]] = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\d.*"), lambda m: (m[1], m[2], m[3])),  # a time
    (re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?"), lambda m: (m[1], m[2], m[3] or 0)),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), lambda m: (m[2], m[1], 0)),  # 07/2025
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), lambda m: _day_month(m[3], m[1], m[2])),
    (re.compile(_WORD + r",?\s+(\d{4})"), lambda m: _named(m[2], m[1], 0)),  # May 2022
    (re.compile(r"(\d{4})\s+" + _WORD), lambda m: _named(m[1], m[2], 0)),  # 2022 May
    (re.compile(r"(\d{1,2})\.?\s+" + _WORD + r",?\s+(\d{4})"), lambda m: _named(m[3], m[2], m[1])),
    (
        re.compile(_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"),
        lambda m: _named(m[3], m[1], m[2]),
    ),
    (re.compile(r"['’‘`](\d{2})"), lambda m: (_two_digit(m[1]), 0, 0)),  # '16
]


def _named(year: str, month: str, day: Any) -> tuple[Any, ...] | None:
    number = MONTHS.get(month.lower())
    return None if number is None else (year, number, day)


def _day_month(year: str, a: str, b: str) -> tuple[Any, ...]:
    """``28/09/2023`` or ``09/28/2023``: the order is clear only when one part exceeds 12."""
    if int(a) > 12 >= int(b):
        return year, b, a
    if int(b) > 12 >= int(a) or a == b:
        return year, a, b
    return (year, 0, 0, "ambiguous")


_DATE_IN_TEXT = re.compile(
    r"(?<!\d)(\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{4}|\d{4})(?!\d)"
)


@dataclass(frozen=True)
class ReadDate:
    value: str | None  # 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'present'
    note: str | None = None  # what the reader should know (a guess, a part left out)


def _checked(parts: tuple[Any, ...], raw: str) -> ReadDate | None:
    """Parts → a date the profile accepts, keeping what is valid of an impossible one."""
    year, month, day = (int(p or 0) for p in parts[:3])
    if not 1000 <= year <= 9999:
        return None
    if len(parts) > 3:
        return ReadDate(str(year), f"{raw!r}: day and month could be either way round; kept "
                                   f"the year {year}")  # fmt: skip
    if not month:
        return ReadDate(str(year))
    if not 1 <= month <= 12:
        return ReadDate(str(year), f"{raw!r} has no month {month}; kept the year {year}")
    if day:
        text = f"{year:04d}-{month:02d}-{day:02d}"
        try:
            return ReadDate(str(parse_date(text)))
        except ValueError:
            kept = f"{year:04d}-{month:02d}"
            return ReadDate(kept, f"{raw!r} is no day of the calendar; kept {kept}")
    return ReadDate(f"{year:04d}-{month:02d}")


def read_date(raw: Any, end: bool = False) -> ReadDate:
    """A date as written in a JSON Resume file → what the profile accepts, and a note when
    something was guessed or left out. ``value`` is ``None`` for no date at all. For an end
    date, words such as 'Present', 'now' or 'current' mean ongoing."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        return ReadDate(None, f"{_describe(raw)} is not a date; left out")
    if isinstance(raw, int):
        try:
            return ReadDate(str(parse_date(raw)))
        except ValueError:
            return ReadDate(None, f"{_describe(raw)} is not a date; left out")
    text = " ".join(raw.split()).strip(" ,;")
    word = text.lower()
    if word in PRESENT_WORDS:
        if end:
            return ReadDate("present")
        return ReadDate(None, f"{raw!r} means ongoing, which only an end date can be; left out")
    if word in UNKNOWN_END and end:
        return ReadDate("present", f"{raw!r} read as ongoing (present)")
    try:
        return ReadDate(str(parse_date(text)))
    except ValueError:
        pass
    for form, parts_of in _FORMS:
        m = form.fullmatch(text)
        parts = parts_of(m) if m else None
        if parts:
            read = _checked(parts, raw)
            if read:
                return read
    found = [r for r in (_checked(_span_parts(t), raw) for t in _DATE_IN_TEXT.findall(text)) if r]
    if found:  # '2017-05 - 2019-04, 2025-02', 'Summer 2019'
        values = sorted({r.value for r in found if r.value}, key=parse_date)
        value = values[-1] if end else values[0]
        which = "the year" if len(values) == 1 and len(value) == 4 else (
            "the latest date" if end else "the earliest date")  # fmt: skip
        return ReadDate(value, f"{raw!r} is not one date; kept {which}, {value}")
    return ReadDate(None, f"{_describe(raw)} is not a date; left out")


def _span_parts(token: str) -> tuple[Any, ...]:
    parts = re.split(r"[-/.]", token)
    if len(parts) == 2 and len(parts[1]) == 4:  # 07/2025
        return parts[1], parts[0], 0
    return (*parts, 0, 0)[:3]
