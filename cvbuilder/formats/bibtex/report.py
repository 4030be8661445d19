"""The report of an import: counts, errors and notes, and the notes gathered per file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cvbuilder.formats.bibtex.common import _listing
from cvbuilder.formats.bibtex.names import Name
from cvbuilder.problems import Problem


@dataclass
class BibReport:
    """What an import did: counts, and every problem or note with its file and line."""

    source: str
    read: int = 0
    written: int = 0
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


_Problem = Callable[[int, str, str], Problem]  # (line, key, message) → a Problem of this file


class _Findings:
    """Macros without a meaning here and characters removed, with the entries they occur in,
    for one note each per file instead of one per entry."""

    def __init__(self) -> None:
        self.places: dict[str, list[tuple[int, str]]] = {}

    def add(self, items: list[str], line: int, key: str) -> None:
        for item in dict.fromkeys(items):
            self.places.setdefault(item, []).append((line, key))

    def problems(self, problem: _Problem) -> list[Problem]:
        out = []
        for item, places in self.places.items():
            (line, key), n = places[0], len(places)
            where = f"in {n} entries" if n > 1 else "in this entry"
            what = (f"character {item} (no font has it) removed {where}" if item.startswith("U+")
                    else f"unknown macro {item} {where}: its argument (or else its name) is "
                    "printed as text")  # fmt: skip
            out.append(problem(line, key, what))
        return out


def _owner_summary(out: list[tuple[dict, int]], owners: list[Name]) -> str | None:
    """How many entries have the owner (among those where names had to tell), naming those
    without when most have."""
    if not owners or not out:
        return None
    missing = [p["id"] for p, _ in out if not any(a.get("owner") for a in p["authors"])]
    owned = len(out) - len(missing)
    who = owners[0].display
    if not missing:
        return None
    if not owned:
        return (f"the owner ({who}) is marked in none of the {len(out)} entries; check the "
                "name (or add name_variants)")  # fmt: skip
    text = f"the owner ({who}) is marked in {owned} of {len(out)} entries"
    return text + (f"; not in: {_listing(missing, 10)}" if owned >= len(missing) else "")
