"""@string macros: raw BibTeX values → text, capped against doubling chains."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from cvbuilder.formats.bibtex.common import _MONTHS, _listing, _short

MAX_FIELD = 100_000
"""Characters one field may have after ``@string`` expansion. No real field comes near;
a doubling chain of macros (``@string{a1 = a0 # a0}``, …) would otherwise fill memory."""

_MONTH_NAMES = [date.strftime("%B") for date in (dt.date(2000, m, 1) for m in range(1, 13))]
_BARE_WORDS = {*(m.lower() for m in _MONTH_NAMES), "true", "false", "yes", "no"}


def _split_concat(value: str) -> list[str]:
    """Top-level ``#``-separated parts of a raw BibTeX value (braces and quotes respected)."""
    if "#" not in value:
        return [value.strip()]
    parts, depth, quoted, current = [], 0, False, []
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


class _TooLong(ValueError):
    """A value over MAX_FIELD characters, or past the file's expansion budget."""


@dataclass
class _Macros:
    """``@string`` macros, expanded with a cap per value and a budget for the whole file, so
    a doubling chain stops with an error instead of filling memory."""

    budget: int  # characters all expanded values of the file may still take
    values: dict[str, str | None] = field(default_factory=dict)  # None: too long to use

    def define(self, name: str, raw: str) -> str | None:
        """Define a macro; why it cannot be used, if it cannot."""
        try:
            self.values[name.lower()] = self.evaluate(raw, [])
        except _TooLong as exc:
            self.values[name.lower()] = None
            return str(exc)
        return None

    def evaluate(self, value: str, undefined: list[str]) -> str:
        """A raw BibTeX value → its text: braces/quotes removed, macros and month names
        resolved, ``#`` concatenation joined. Unknown macros stay as written and are listed;
        ``_TooLong`` past the caps."""
        out: list[str] = []
        size = 0
        for part in _split_concat(value):
            text = self._part(part, undefined)
            size += len(text)
            if size > MAX_FIELD:
                raise _TooLong(f"is longer than {MAX_FIELD:,} characters")
            out.append(text)
        if size > self.budget:
            raise _TooLong("is past what @string macros may expand this file to")
        self.budget -= size
        return "".join(out)

    def _part(self, part: str, undefined: list[str]) -> str:
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            return part[1:-1]
        if part.isdigit():
            return part
        key = part.lower()
        if key in self.values:
            text = self.values[key]
            if text is None:
                raise _TooLong(f"uses @string {_short(part, 30)!r}, which is too long")
            return text
        if len(part) == 3 and key in _MONTHS:
            return _MONTH_NAMES[_MONTHS[key] - 1]
        if key in _BARE_WORDS:  # month = January, selected = true: meant as text
            return part
        if part:
            undefined.append(part)
        return part


_SWALLOWED = re.compile(
    r"^\{(?P<v1>(?:[^{}]|\{[^{}]*\})*)\}\s*\n\s*(?P<k>[A-Za-z_][\w-]*)\s*=\s*"
    r"(?P<v2>.*)$",
    re.DOTALL,
)


def _split_swallowed_fields(fields: dict[str, str]) -> dict[str, str]:
    """Recover a missing comma: ``title = {A}\\n author = {B}`` was read as one raw value."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        m = _SWALLOWED.match(value)
        if m and m["k"].lower() not in fields:
            out[key] = "{" + m["v1"] + "}"
            out[m["k"].lower()] = m["v2"].strip().rstrip(",").strip()
        else:
            out[key] = value
    return out


def _evaluate(entry: Any, macros: _Macros, notes: list[str]) -> dict[str, str] | str:
    """An entry's fields as text (macros resolved), or why they cannot be: a field too long."""
    raw: dict[str, str] = {}
    for f in entry.fields:
        raw.setdefault(f.key.lower(), str(f.value))
    fields: dict[str, str] = {}
    undefined: list[str] = []
    for key, value in _split_swallowed_fields(raw).items():
        try:
            fields[key] = macros.evaluate(value, undefined)
        except _TooLong as exc:
            return f"field {_short(key, 30)!r} {exc}"
    if undefined:
        notes.append(f"undefined @string macro(s) kept as text: {_listing(undefined)}")
    return fields
