"""Which characters XeLaTeX sets, and in which font: Charter for Latin text (cvbuilder's own
OpenType conversion), xeCJK's Noto Serif CJK for Chinese, Japanese and Korean, Charis SIL (drawn
from Charter) for Cyrillic, DejaVu Serif for Greek, DejaVu Sans for the arrows and mathematical
operators Charter lacks, and Noto Serif CJK for anything else it has (symbols). The escaping wraps
runs of the last four kinds in their command, so no character falls into a font that lacks it."""

from __future__ import annotations

import functools

from cvbuilder.tex import coverage

CJK_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x303F), (0x3040, 0x9FFF),
    (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F),
    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)  # fmt: skip
"""The blocks xeCJK sets with the CJK font by itself (its CJK character classes)."""
CYRILLIC: tuple[tuple[int, int], ...] = (
    (0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F),
)  # fmt: skip
GREEK: tuple[tuple[int, int], ...] = ((0x0370, 0x03FF), (0x1F00, 0x1FFF))
MATH: tuple[tuple[int, int], ...] = ((0x2190, 0x21FF), (0x2200, 0x22FF))
"""Arrows and mathematical operators Charter lacks: set in DejaVu Sans, which has them all."""

RUN_COMMANDS = {"cyr": "cvcyr", "grk": "cvgrk", "math": "cvmath", "alt": "cvalt"}
"""Escaping's run names → the LaTeX command that sets them (defined in tex/engines.py)."""


def xetex_can_set(cp: int) -> bool:
    """True when the font XeLaTeX would set the character in has it."""
    if coverage.in_ranges(cp, coverage.CHARTER):
        return True
    if coverage.in_ranges(cp, CYRILLIC):
        return coverage.in_ranges(cp, coverage.CHARIS_CYRILLIC)
    if coverage.in_ranges(cp, GREEK):
        return coverage.in_ranges(cp, coverage.DEJAVU_GREEK)
    if coverage.in_ranges(cp, MATH):
        return coverage.in_ranges(cp, coverage.DEJAVU_MATH)
    return coverage.in_ranges(cp, coverage.noto_cjk())


def _class(ranges: list[tuple[int, int]], negate: bool = False) -> str:
    return ("^" if negate else "") + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


@functools.cache
def runs_classes() -> dict[str, str]:
    """Run name → regular-expression class of its characters, in the order to try them: the
    Cyrillic and Greek blocks, the math symbols Charter lacks, then whatever neither Charter
    nor xeCJK sets (a negated class)."""
    charter = coverage.CHARTER
    math = [
        (cp, cp) for a, b in MATH for cp in range(a, b + 1) if not coverage.in_ranges(cp, charter)
    ]
    covered = sorted([*charter, *CJK_BLOCKS, *MATH, (10, 10)])
    return {"cyr": _class(list(CYRILLIC)), "grk": _class(list(GREEK)), "math": _class(math),
            "alt": _class(covered, True)}  # fmt: skip
