"""What TeX's log says: the error lines worth showing, overfull boxes, characters no font
had, and the page count."""

from __future__ import annotations

import re


def log_excerpt(log: str, context: int = 3) -> str:
    """The ``!`` error lines (or ``file:line:`` errors) with a little context."""
    lines = log.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^[^:\s]+\.tex:\d+: ", line):
            out.extend(lines[i : i + context + 1])
            out.append("")
    return "\n".join(out).strip() or "\n".join(lines[-15:])


def log_warnings(log: str) -> list[str]:
    return [
        m.group(0)
        for m in re.finditer(r"^(Overfull|Underfull) \\[hv]box.*$", log, re.M)
        if m.group(1) == "Overfull"
    ]


_LOST = re.compile(r"^Missing character: There is no (.+?) (?:\(U\+[0-9A-F]+\) )?in font", re.M)


def lost_characters(log: str) -> list[str]:
    """Characters TeX dropped because the font has no glyph (XeLaTeX does so silently)."""
    return list(dict.fromkeys(m.group(1) for m in _LOST.finditer(log)))


def page_count(log: str) -> int:
    m = re.search(r"Output written on .*?\((\d+) pages?", log)
    return int(m.group(1)) if m else 0
