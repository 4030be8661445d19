"""Where each value of a profile came from: a line and column in the YAML, or a .bib line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cvbuilder.problems import Problem, format_path

Loc = tuple[Any, ...]
Marks = dict[Loc, tuple[int, int]]


@dataclass
class Positions:
    """Where each value came from: a line in the YAML, or (for BibTeX entries) a .bib line.

    ``raw`` keeps the text of values YAML did not read as text (``12345``, ``yes``,
    ``1.0e+999``), keyed by location (a key's own text under ``(*loc, "__key__")``), so a
    message can quote what the person wrote."""

    filename: str
    marks: Marks = field(default_factory=dict)
    origins: dict[Loc, tuple[str, int]] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)

    def at(self, loc: Loc, key: bool = False) -> tuple[str, int | None, int | None]:
        if key and (*loc, "__key__") in self.marks:
            return (self.filename, *self.marks[(*loc, "__key__")])
        while loc and loc not in self.marks and loc not in self.origins:
            loc = loc[:-1]
        if loc in self.origins:
            file, line = self.origins[loc]
            return file, line, None
        return (self.filename, *self.marks.get(loc, (None, None)))

    def problem(self, loc: Loc, message: str, key: bool = False) -> Problem:
        return Problem(*self.at(loc, key), format_path(loc), message)
