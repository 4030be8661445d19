"""Page budget: make a variant fit ``max_pages``, fill it, and say exactly what it cost.

First the layout is tightened within the bounds it declares (its ``TIGHTEST``, part of the
layout contract in :mod:`cvbuilder.layout`: spacing, margins, font size no smaller than 10 pt;
options stay between the variant's values and those bounds). If that is not enough, entries are
left out by the rule of :mod:`cvbuilder.select.ranking` (lowest priority and oldest first, the
longest section first; never a current position or a whole section while entries ranked below
them stay), and the page is filled again: every left-out entry that still fits comes back,
most important first. Every compile logs where each entry starts (``\\cvmark``), so what fits is
predicted from measured heights rather than found by trial: usually three to five TeX runs,
never more than :data:`MAX_RUNS`. :attr:`Fitted.fill` says how full the last page is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from typing import Any

from cvbuilder.schema import sections
from cvbuilder.schema.model import Profile
from cvbuilder.select.ranking import (
    DROPPABLE,
    FILL,
    Sizes,
    choose,
    drop_order,
    protected,
    year,
)
from cvbuilder.tex.compile import Compiled
from cvbuilder.tex.publish import discard

__all__ = ["DROPPABLE", "MAX_RUNS", "BudgetError", "Fitted", "Measure", "drop_order", "fit"]

MAX_RUNS = 8


class BudgetError(Exception):
    """The document cannot fit its page budget."""


@dataclass
class Measure:
    pages: int
    top: int  # y of the top of the text area, in sp from the bottom of the page
    height: int  # text height in sp
    line: int  # baselineskip in sp
    marks: list[tuple[str, int, int]]  # (id, page, y) in document order

    @classmethod
    def from_log(cls, log: str, pages: int) -> Measure:
        geom = re.search(r"^CVGEOM (\d+) (\d+) (\d+)", log, re.M)
        if geom is None:
            raise BudgetError("the layout does not report positions (no \\cvmark in its output)")
        found = re.finditer(r"^CVMARK (\S+) (\d+) (-?\d+)", log, re.M)
        marks = [(m[1], int(m[2]), int(m[3])) for m in found]
        return cls(pages, int(geom[1]), int(geom[2]), int(geom[3]), marks)

    def distance(self, a: tuple[str, int, int], b: tuple[str, int, int]) -> int:
        """Vertical space from mark ``a`` down to mark ``b``, across page breaks."""
        _, pa, ya = a
        _, pb, yb = b
        if pa == pb:
            return ya - yb
        bottom = self.top - self.height
        return (ya - bottom) + (self.top - yb) + (pb - pa - 1) * self.height

    def _end(self) -> tuple[str, int, int] | None:
        return next((m for m in reversed(self.marks) if m[0] == "doc:end"), None)

    @property
    def content(self) -> int:
        """Height the document needs, as if pages were one continuous strip."""
        end = self._end()
        if end is None:
            return self.pages * self.height
        return (end[1] - 1) * self.height + (self.top - end[2])

    @property
    def fill(self) -> float:
        """How full the last page is: the share of the text height above the end of the text."""
        end = self._end()
        return 1.0 if end is None else round((self.top - end[2]) / self.height, 4)

    def entry_heights(self) -> dict[tuple[str, int], int]:
        """Height of each marked entry: from its mark to the next mark."""
        out = {}
        for here, after in zip(self.marks, self.marks[1:], strict=False):
            section, _, index = here[0].partition(":")
            if index.isdigit():
                out[(section, int(index))] = max(self.distance(here, after), self.line)
        return out


def too_long(result: Compiled, limit: int) -> str:
    """By how much a prose document is over its page limit, in lines (a letter is never set
    smaller to fit: the writer decides what to cut)."""
    pages = f"{limit} page{'s' if limit > 1 else ''}"
    try:
        measure = Measure.from_log(result.log, result.pages)
    except BudgetError:
        return f"{result.pages} pages, over its limit of {pages}; shorten it"
    over = measure.content - limit * measure.height
    lines = max(1, -(-over // measure.line))
    return (f"{result.pages} pages: about {lines} line{'s' if lines != 1 else ''} too long for "
            f"{pages}; shorten it (or raise max_pages)")  # fmt: skip


def without(profile: Profile, omit: set[tuple[str, int]]) -> tuple[Profile, dict[str, list[int]]]:
    """The profile minus ``omit``, and for each section the original index of each kept entry."""
    updates, kept = {}, {}
    for section in DROPPABLE:
        items = getattr(profile, section)
        kept[section] = [i for i in range(len(items)) if (section, i) not in omit]
        updates[section] = [items[i] for i in kept[section]]
    return profile.model_copy(update=updates), kept


def tightened(options: Any, tightest: Mapping[str, float], t: float) -> Any:
    """Options moved a fraction ``t`` (0 to 1) of the way towards the layout's tightest bounds:
    never past them, and never looser than the variant's own values."""
    t = min(max(t, 0.0), 1.0)
    updates: dict[str, Any] = {}
    for key, bound in tightest.items():
        current = getattr(options, key)
        if bound < current:
            value = current + (bound - current) * t
            updates[key] = round(value) if isinstance(current, int) else round(value, 3)
    return options.model_copy(update=updates)


def describe(profile: Profile, section: str, index: int) -> str:
    entry = getattr(profile, section)[index]
    label = sections.BY_NAME[section].label
    if label is None:
        raise KeyError(section)
    y = year(section, entry)
    when = f" ({y})" if y and y < 9999 else ""
    return f"{section}: {getattr(entry, label)}{when}"


@dataclass
class Fitted:
    result: Compiled
    runs: int
    omitted: list[str]
    options: Any
    fill: float = 1.0
    """How full the last page is (0 to 1), from the positions TeX logged."""


class _Runs:
    """The TeX runs of one budget: counted, and every one but the published one discarded."""

    def __init__(self, compile_doc: Callable[[Profile, Any], Compiled]) -> None:
        self.compile_doc = compile_doc
        self.attempts: list[Compiled] = []

    @property
    def count(self) -> int:
        return len(self.attempts)

    def __call__(self, profile: Profile, options: Any) -> tuple[Compiled, Measure]:
        result = self.compile_doc(profile, options)
        self.attempts.append(result)
        return result, Measure.from_log(result.log, result.pages)

    def done(self, best: Compiled, measure: Measure, omitted: list[str], options: Any) -> Fitted:
        self.discard(keep=best)
        return Fitted(best, self.count, omitted, options, measure.fill)

    def discard(self, keep: Compiled | None = None) -> None:
        for other in self.attempts:
            if other is not keep:
                discard(other)


def fit(
    profile: Profile,
    options: Any,
    tightest: Mapping[str, float],
    max_pages: int,
    compile_doc: Callable[[Profile, Any], Compiled],
) -> Fitted:
    """Compile, and if over budget tighten, then choose the entries to keep (see
    :mod:`cvbuilder.select.ranking`), predicting each step from measured heights."""
    attempt = _Runs(compile_doc)
    try:
        first, m0 = attempt(profile, options)
        if first.pages <= max_pages:
            return attempt.done(first, m0, [], options)
        capacity = max_pages * m0.height - m0.line  # one line of safety
        tight_options = tightened(options, tightest, 1.0)
        tight, m1 = attempt(profile, tight_options)
        if tight.pages <= max_pages:
            # Loosen again as far as the two measurements say still fits.
            gained = m0.content - m1.content
            t = (m0.content - capacity) / gained if gained > 0 else 1.0
            if t < 0.9:
                middle_options = tightened(options, tightest, max(t, 0.0) + 0.05)
                middle, m2 = attempt(profile, middle_options)
                if middle.pages <= max_pages:
                    return attempt.done(middle, m2, [], middle_options)
            return attempt.done(tight, m1, [], tight_options)
        return _choose_entries(profile, tight_options, max_pages, m1, attempt)
    except BaseException:
        attempt.discard()
        raise


def _choose_entries(
    profile: Profile, options: Any, max_pages: int, measure: Measure, attempt: _Runs
) -> Fitted:
    """Leave entries out and fill the page again. Each choice is predicted from the last TeX
    run that fitted (at first the run with every entry): its exact height, plus the measured
    heights of what changes. A choice that does not fit (a heading that must not end a page
    goes to the next with what follows; a wider date column) makes later choices predict
    less than it did, by what spilled over. It stops when a choice would be tried twice."""
    order = drop_order(profile)
    protect = {(s, i) for s, i in order if protected(getattr(profile, s)[i])}
    sizes = Sizes(measure.line)
    sizes.update(measure, {s: list(range(len(getattr(profile, s)))) for s in DROPPABLE})
    base, shown = measure, set(order)
    capacity = max_pages * measure.height - measure.line  # one line of safety
    enough = round((max_pages - 1 + FILL) * measure.height)
    tried: set[frozenset[tuple[str, int]]] = set()
    best: tuple[Compiled, Measure, frozenset[tuple[str, int]]] | None = None
    while attempt.count < MAX_RUNS:
        keep, predicted = choose(order, protect, sizes, base.content, shown, capacity, enough)
        omit = frozenset(set(order) - keep)
        if omit in tried:
            break
        tried.add(omit)
        reduced, kept = without(profile, omit)
        current, measure = attempt(reduced, options)
        sizes.update(measure, kept)
        if current.pages <= max_pages:
            if best is None or measure.content > best[1].content:
                best = (current, measure, omit)
            base, shown = measure, keep
            capacity = max(capacity, measure.content)  # what fit, fits
        else:  # below this prediction by what spilled over (a line to 4), not below what fit
            spilled = measure.content - max_pages * measure.height
            capacity = min(capacity, predicted - min(max(spilled, measure.line), 4 * measure.line))
            capacity = max(capacity, best[1].content if best else 0)
    if best is not None:
        current, measure, omit = best
        return attempt.done(current, measure, _omitted(profile, order, omit, protect), options)
    most = max(tried, key=len, default=frozenset())
    raise BudgetError(
        f"does not fit {max_pages} page{'s' if max_pages > 1 else ''}: still "
        f"{measure.pages} pages after tightening the layout and leaving out "
        f"{len(most)} of {len(order)} entries that may be left out ({attempt.count} TeX "
        "runs); shorten the summary, education or skills, or raise max_pages"
    )


def _omitted(
    profile: Profile, order: list[tuple[str, int]], omit: Set[tuple[str, int]], protect: Set[Any]
) -> list[str]:
    """What was left out, in the order it went. An entry left out that the rule keeps before
    some that stay (going on, the last of its section, or newer than what its section keeps)
    did not fit what was left of the page, and says so: only its length keeps it out."""
    rank = {item: k for k, item in enumerate(order)}
    kept = [rank[item] for item in order if item not in omit]
    lowest: dict[str, int] = {}  # each section's lowest-ranked entry kept
    for item in order:
        if item not in omit:
            lowest.setdefault(item[0], rank[item])
    top = {item[0]: rank[item] for item in order if item in omit}  # its highest left out
    out = []
    for item in order:
        if item in omit:
            text = describe(profile, *item)
            k, section = rank[item], item[0]
            broken = item in protect or section not in lowest or lowest[section] < k
            if k == top[section] and kept and kept[0] < k and broken:
                text += " — did not fit the space left"
            out.append(text)
    return out
