"""Which entries a page budget keeps: the order they are left out in, and the choice of what
fits, predicted from the heights TeX measured.

The rule. Entries go lowest ``priority`` first. Inside a priority each section loses its oldest
entry (tailored to a job: its least relevant, see :mod:`cvbuilder.apply.tailor`), the section
with the most entries left giving first (ties: the older entry, then the section that gives
first in :data:`DROPPABLE`: publications, news, awards, certificates, service, teaching,
projects, volunteering, experience). So a section keeps at least one entry while another keeps
two or more, and a section is emptied only once every other section is down to its newest
entry. An entry still going on (``end: present``, such as the current job) goes only after
every finished entry, whatever their priorities (unless it has a negative priority itself).

The choice. The page is filled in the reverse of that order, most important first: each entry
is kept if it still fits and keeping it breaks none of the above, that is, if no entry left out
that ranks above it is of the same section (no hole inside a section), is still going on (when
this one is not) or was the last of a section now empty. Only when that leaves the page less
than :data:`FILL` full does a second pass keep whatever else fits, in the same order: the
entries that held those back are too tall for what is left of the page, so keeping the others
costs them nothing (the build says they did not fit the space left).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from cvbuilder.schema import sections
from cvbuilder.schema.model import Profile
from cvbuilder.select.variants import entry_year

Item = tuple[str, int]  # (section, index in the profile the budget was given)
Mark = tuple[str, int, int]  # (id, page, y): where TeX put an entry (see budget.Measure)


class Positions(Protocol):
    """What one TeX run reports (:class:`cvbuilder.select.budget.Measure`)."""

    marks: list[Mark]

    def distance(self, a: Mark, b: Mark) -> int: ...


DROPPABLE = sections.DROPPABLE
"""Sections whose entries may be left out, in the order they give (see
:mod:`cvbuilder.schema.sections`); education, skills and the summary always stay."""

FILL = 0.85
"""How full the last page should be when entries were left out: below this, the second pass."""


def year(section: str, entry: Any) -> int:
    if section == "service":
        return max((y for v in entry.venues for y in v.years), default=0)
    if section == "teaching":
        m = re.search(r"\d{4}", entry.term)
        return int(m.group()) if m else 0
    return entry_year(section, entry) or 0


def protected(entry: Any) -> bool:
    """Still going on (``end: present``) and not given a negative priority: such an entry goes
    only after every other."""
    end = getattr(entry, "end", None)
    return bool(getattr(end, "present", False)) and entry.priority >= 0


def drop_order(profile: Profile) -> list[Item]:
    """Entries in the order they are left out (see the module's docstring): lowest priority
    first; inside a priority the oldest of each section first, taking from the section whose
    tail is longest (the 12th paper goes before the 3rd job), then the older entry, then the
    section that gives first; an ongoing entry after every finished one."""
    keyed = []
    for order, section in enumerate(DROPPABLE):
        items = getattr(profile, section)
        newest_first = sorted(  # the most relevant to a job first (apply.tailor), then newest
            range(len(items)), key=lambda i, s=section: (-items[i]._relevance, -year(s, items[i]))
        )
        for depth, i in enumerate(newest_first):
            entry = items[i]
            key = (protected(entry), entry.priority, -depth, year(section, entry), order, -i)
            keyed.append((key, (section, i)))
    return [item for _, item in sorted(keyed)]


class Sizes:
    """Heights measured so far, all at the same (tightened) options, in sp: each entry's, from
    its mark to the next mark, and each section's heading (with the space above it and anything
    before its first entry), from the mark before the section's first entry. A height measured
    across a page break includes the blank foot of the page: it is kept only until the entry
    is measured on one page."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.entries: dict[Item, int] = {}
        self.heads: dict[str, int] = {}
        self._split: set[Item] = set()

    def update(self, measure: Positions, kept: Mapping[str, list[int]]) -> None:
        """Read one TeX run; ``kept`` maps each section to the original index of each entry
        the run showed (its marks count the entries shown)."""
        marks = measure.marks
        for k, (here, after) in enumerate(itertools.pairwise(marks)):
            section, _, index = here[0].partition(":")
            if section not in kept or not index.isdigit() or int(index) >= len(kept[section]):
                continue
            item = (section, kept[section][int(index)])
            split = here[1] != after[1]
            if not split or item not in self.entries or item in self._split:
                self.entries[item] = max(measure.distance(here, after), 0)
                (self._split.add if split else self._split.discard)(item)
            if k > 0 and not marks[k - 1][0].startswith(section + ":"):  # its first entry
                self.heads[section] = max(measure.distance(marks[k - 1], here), 0)

    def entry(self, item: Item) -> int:
        return self.entries.get(item, self.line)

    def head(self, section: str) -> int:
        return self.heads.get(section, 2 * self.line)


def choose(
    order: list[Item],
    protect: set[Item],
    sizes: Sizes,
    content: int,
    shown: Iterable[Item],
    capacity: int,
    enough: int,
) -> tuple[set[Item], int]:
    """The entries to keep, and the content they are predicted to need, from a TeX run that
    showed ``shown`` and needed ``content`` (see :attr:`Measure.content`): what remains without
    any entry that may go, plus the entries of ``order`` (the drop order) taken from its end,
    each if it fits in ``capacity`` and the rule allows it; if that needs less than ``enough``,
    a second pass keeps whatever else fits (see the module's docstring)."""
    shown = set(shown)
    fixed = content - sum(sizes.entry(e) for e in shown)
    fixed -= sum(sizes.head(s) for s in {s for s, _ in shown})
    keep: set[Item] = set()
    room = _fill(order, protect, sizes, keep, capacity - fixed, strict=True)
    if capacity - room < enough:
        room = _fill(order, protect, sizes, keep, room, strict=False)
    return keep, capacity - room


def _fill(
    order: list[Item], protect: set[Item], sizes: Sizes, keep: set[Item], room: int, strict: bool
) -> int:
    """Add to ``keep`` the entries that fit in ``room``, most important first; the room left."""
    count = Counter(s for s, _ in keep)
    closed: set[str] = set()  # sections with an entry left out that ranks above the rest
    only_ongoing = stop = False
    for item in reversed(order):
        if item in keep:
            continue
        section = item[0]
        cost = sizes.entry(item) + (0 if count[section] else sizes.head(section))
        allowed = not strict or (
            section not in closed and not stop and (item in protect or not only_ongoing)
        )
        if allowed and cost <= room:
            keep.add(item)
            count[section] += 1
            room -= cost
            continue
        closed.add(section)
        only_ongoing = only_ongoing or item in protect
        stop = stop or not count[section]
    return room
