"""Shared by the package's modules: special field names, month macros, text for messages."""

from __future__ import annotations

import re
import unicodedata

EXTRA = "x-cvbuilder"
"""Field holding, as JSON, what the export could not say with standard fields."""
ANNOTATIONS = "author+an"
"""biblatex's data annotations of ``author``: where the export writes the owner and roles."""

_MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTHS = {m: i for i, m in enumerate(_MONTH_MACROS, start=1)}


def _norm(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form, for comparing names and titles."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]", "", text.lower().replace("-", " ")).strip()


def _short(text: str, limit: int = 60) -> str:
    """``text`` cut for a message: a report line never carries a megabyte of input."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(items: list[str], limit: int = 5) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(_short(i, 30) for i in items[:limit]) + more
