"""Page budget: make a variant fit ``max_pages``, fill it, and say exactly what it cost.

First the layout is tightened within the bounds it declares (its ``TIGHTEST``, part of the
layout contract in :mod:`cvbuilder.layout`: spacing, margins, font size no smaller than 10 pt;
options stay between the variant's values and those bounds); if that is not enough, entries are
left out and the page filled again by the rule of :mod:`cvbuilder.select.ranking`: lowest
priority and oldest first, the longest section first, never a section emptied or a current
position dropped while entries ranked below them stay, and then every left-out entry that still
fits is put back, most important first. Every compile logs where each entry starts
(``\\cvmark``), so what fits is predicted from measured heights rather than found by trial:
usually three or four TeX runs, never more than :data:`MAX_RUNS`. :attr:`Fitted.fill` says how
full the last page is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cvbuilder.schema import sections
from cvbuilder.schema.model import Profile
from cvbuilder.select.ranking import DROPPABLE, Sizes, choose, drop_order, protected, year
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
    year_ = year(section, entry)
    when = f" ({year_})" if year_ and year_ < 9999 else ""
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
    run (its exact height, plus the measured heights of what changes) and compiled, until a
    run that fits predicts no other choice, or a choice would be tried twice."""
    order = drop_order(profile)
    protect = {(s, i) for s, i in order if protected(getattr(profile, s)[i])}
    sizes = Sizes(measure.line)
    sizes.update(measure, {s: list(range(len(getattr(profile, s)))) for s in DROPPABLE})
    shown = set(order)
    capacity = max_pages * measure.height - measure.line  # one line of safety
    tried: set[frozenset[tuple[str, int]]] = set()
    best: tuple[Compiled, Measure, frozenset[tuple[str, int]]] | None = None
    while attempt.count < MAX_RUNS:
        keep = choose(order, protect, sizes, measure.content, shown, capacity)
        omit = frozenset(shown.union(order) - keep)
        if omit in tried:
            break
        tried.add(omit)
        reduced, kept = without(profile, omit)
        current, measure = attempt(reduced, options)
        sizes.update(measure, kept)
        shown = keep
        if current.pages <= max_pages:
            if best is None or measure.content > best[1].content:
                best = (current, measure, omit)
        else:  # the prediction was short: the next one must need at least a line less
            capacity = min(capacity, measure.content - measure.line)
    if best is not None:
        current, measure, omit = best
        omitted = [describe(profile, s, i) for s, i in order if (s, i) in omit]
        return attempt.done(current, measure, omitted, options)
    most = max(tried, key=len, default=frozenset())
    raise BudgetError(
        f"does not fit {max_pages} page{'s' if max_pages > 1 else ''}: still "
        f"{measure.pages} pages after tightening the layout and leaving out "
        f"{len(most)} of {len(order)} entries that may be left out ({attempt.count} TeX "
        "runs); shorten the summary, education or skills, or raise max_pages"
    )
