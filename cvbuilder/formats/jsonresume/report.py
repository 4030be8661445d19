"""The import report, and JSON values as its lines describe them (empty, kind, excerpt)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cvbuilder.formats.jsonresume.json import MAX_DEPTH

UNKNOWN = "Unknown"  # the name of a person the document does not name printably


@dataclass
class Report:
    unplaced: list[str] = field(default_factory=list)  # "work[0].description: …"

    def note(self, path: str, why: str) -> None:
        self.unplaced.append(f"{path}: {why}")


def _empty(value: Any) -> bool:
    """JSON Resume files are full of empty strings, lists and objects: they mean 'absent'."""
    return value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip())


def _kind(value: Any) -> str:
    """What a JSON value is, in JSON's words (see :func:`cvbuilder.problems.kind`)."""
    from cvbuilder.problems import kind

    return kind(value, mapping="an object", none="null")


def _describe(value: Any) -> str:
    """A JSON value for a report line: short, never the whole of a huge or deep value."""
    if isinstance(value, str):
        return repr(value if len(value) <= 120 else value[:119] + "…")
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        keys = ", ".join(repr(k)[:30] for k in list(value)[:4])
        return f"an object ({keys}{', …' if len(value) > 4 else ''})"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return _number(value) or "a number of thousands of digits"
    return _kind(value)


def _number(value: float) -> str | None:
    """A JSON number as text (``4.0``, ``94115``); ``None`` if too long to print."""
    try:
        return str(value)
    except ValueError:  # an int of thousands of digits
        return None


def _clean(value: Any, depth: int = 0) -> Any:
    """Drop empty strings, lists and mappings, down to MAX_DEPTH levels."""
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, dict):
        out = {k: _clean(v, depth + 1) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in (_clean(x, depth + 1) for x in value) if not _empty(v)]
    return value.strip() if isinstance(value, str) else value


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _shown(ch: str) -> str:
    """A character for a report line; an invisible one (a mark, a format character) escaped."""
    if unicodedata.category(ch)[0] in "MCZ":
        return f"'\\u{ord(ch):04x}'" if ord(ch) <= 0xFFFF else f"'\\U{ord(ch):08x}'"
    return repr(ch)


def _characters(chars: list[str]) -> str:
    """``'🚀' (U+1F680 ROCKET), …`` for a report line, at most five."""
    names = ", ".join(
        f"{_shown(ch)} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"
        for ch in chars[:5]
    )
    return names + (f" and {len(chars) - 5} more" if len(chars) > 5 else "")
