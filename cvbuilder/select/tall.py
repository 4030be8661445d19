"""Entries taller than a page (a 5,000-author paper), named from the TeX log, so the build can
say which entry to shorten instead of passing on TeX's "Overfull \\vbox"."""

from __future__ import annotations

import re

from cvbuilder.schema.model import Profile

_OVERFULL_VBOX = re.compile(r"^Overfull \\vbox \(([\d.]+)pt too high\)")
_LOG_EVENT = re.compile(r"^(?:CVMARK (\S+) |Overfull \\vbox \(([\d.]+)pt too high\))", re.M)


def name_tall_entries(warnings: list[str], log: str, pages: int, profile: Profile) -> list[str]:
    """Name entries taller than a page (a 5,000-author paper). The layout logs a ``CVMARK`` with
    the page and position of every entry as it is shipped out: an entry whose next mark is more
    than a text height further down is named (LaTeX splits it across pages); an overflow TeX
    could not split ("Overfull \\vbox") is put on the last entry marked before it."""
    from cvbuilder.select.budget import BudgetError, Measure

    tall: dict[tuple[str, int], str] = {}
    try:
        measure = Measure.from_log(log, pages)
    except BudgetError:
        measure = None
    if measure is not None:
        for key, height in measure.entry_heights().items():
            if height > measure.height:
                tall[key] = f"about {height / measure.height:.0f} pages tall"
    last = None
    for m in _LOG_EVENT.finditer(log):
        section, _, index = (last or "").partition(":")
        if m[1] is not None:
            last = m[1]
        elif index.isdigit():
            tall[(section, int(index))] = f"{float(m[2]):.0f} pt taller than a page"
    if not tall:
        return warnings
    return [w for w in warnings if not _OVERFULL_VBOX.match(w)] + [
        f"{_describe(profile, *key)}: this entry is {size}; shorten it "
        "(for a long author list: options.max_authors)"
        for key, size in tall.items()
    ]


def _describe(profile: Profile, section: str, index: int) -> str:
    from cvbuilder.select.budget import describe

    try:
        return describe(profile, section, index)
    except (KeyError, IndexError, AttributeError):
        return f"{section}[{index}]"
