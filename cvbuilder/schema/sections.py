"""The one table of sections: name, default heading, how an entry is dated, the field that
names an entry, whether a page budget may leave entries out (and in which order), whether a
tags filter keeps untagged entries, and the order of each document kind. The schema, variants,
the page budget, the building blocks and the layouts all read it, so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_SEASONS = {"winter": 0, "spring": 1, "summer": 2, "autumn": 3, "fall": 3}
_TERM_YEAR = re.compile(r"\b(\d{4})(?:\s*[/–-]\s*(\d{2,4}))?\b")


def term_date(term: str) -> tuple[int, int] | None:
    """(year, season) of a teaching term written as text: "2023 Spring", "2023/24 Fall"."""
    m = _TERM_YEAR.search(term)
    if m is None:
        return None
    season = next((v for k, v in _SEASONS.items() if k in term.lower()), 0)
    return int(m[1]), season


def _ended(entry: Any) -> Any:
    return entry.end if entry.end is not None else entry.start


def _service_year(entry: Any) -> int | None:
    return max((y for v in entry.venues for y in v.years), default=None)


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    """The default heading (a layout may override some, a variant's ``titles`` any)."""
    dated: Callable[[Any], Any] | None = None
    """An entry's date: a PartialDate, a year or (year, season); ``None``: not dated."""
    label: str | None = None
    """The field that names an entry where a report lists it (what a budget left out)."""
    drop_rank: int | None = None
    """Whether a page budget may leave entries out (``None``: never), and which section gives
    first when entries tie (lower first)."""
    core: bool = False
    """A tags filter keeps this section's untagged entries unless a variant says otherwise."""
    sorted: bool = True
    """Dated entries are shown newest first (service groups keep the order written)."""


TABLE: tuple[Section, ...] = (
    Section("summary", "Summary"),
    Section("interests", "Research Interests"),
    Section("news", "News", lambda e: e.date, "text", drop_rank=1),
    Section("education", "Education", _ended, "degree", core=True),
    Section("experience", "Experience", _ended, "role", drop_rank=8, core=True),
    Section("volunteer", "Volunteering", _ended, "role", drop_rank=7, core=True),
    Section("projects", "Projects", _ended, "name", drop_rank=6),
    Section("publications", "Publications", lambda e: e.year, "title", drop_rank=0),
    Section("awards", "Awards", lambda e: e.year, "title", drop_rank=2, core=True),
    Section("certificates", "Certificates", lambda e: e.date, "name", drop_rank=3, core=True),
    Section("service", "Service", _service_year, "role", drop_rank=4, core=True, sorted=False),
    Section("teaching", "Teaching", lambda e: term_date(e.term), "title", drop_rank=5, core=True),
    Section("skills", "Skills", core=True),
    Section("languages", "Languages", core=True),
    Section("references", "References", core=True),
)
"""Every built-in section, in the order an academic CV usually has them."""

BY_NAME: dict[str, Section] = {s.name: s for s in TABLE}
NAMES: tuple[str, ...] = tuple(s.name for s in TABLE)
CORE: tuple[str, ...] = tuple(s.name for s in TABLE if s.core)
DATED: dict[str, Callable[[Any], Any]] = {s.name: s.dated for s in TABLE if s.dated}
DROPPABLE: tuple[str, ...] = tuple(
    s.name for s in sorted((s for s in TABLE if s.drop_rank is not None), key=lambda s: s.drop_rank)
)
TITLES: dict[str, str] = {s.name: s.title for s in TABLE}

ORDER: dict[str, tuple[str, ...]] = {
    "cv": ("summary", "interests", "education", "experience", "projects", "publications",
           "awards", "certificates", "service", "teaching", "volunteer", "skills", "languages",
           "news", "references"),
    "resume": ("summary", "education", "experience", "projects", "publications", "awards",
               "certificates", "skills", "languages"),
}  # fmt: skip
"""The sections of each document kind, in its order, when a variant names none."""
