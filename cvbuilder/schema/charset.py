"""Which characters pdfLaTeX can typeset with our fonts (T1 + TS1 + OT1 + OMS).

The ranges were read off TeX Live's ``t1enc.dfu``, ``ts1enc.dfu``, ``ot1enc.dfu``
and ``omsenc.dfu`` (every ``\\DeclareUnicodeCharacter``). Anything else (CJK,
emoji, most symbols) would stop the TeX run, so validation refuses it up front
and names the field and the character instead.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable

_RANGES: tuple[tuple[int, int], ...] = (
    (32, 126), (160, 293), (296, 311), (313, 318), (321, 328), (330, 357), (360, 382),
    (402, 402), (452, 468), (482, 483), (486, 491), (496, 496), (500, 501), (536, 539),
    (562, 563), (567, 567), (711, 711), (728, 729), (731, 731), (733, 733), (3647, 3647),
    (7682, 7683), (7693, 7693), (7710, 7713), (7717, 7717), (7728, 7729), (7735, 7735),
    (7747, 7747), (7749, 7749), (7751, 7751), (7771, 7771), (7779, 7779), (7789, 7789),
    (7822, 7825), (7838, 7838), (7922, 7923), (8208, 8214), (8216, 8218),
    (8220, 8222), (8224, 8226), (8240, 8241), (8249, 8251), (8253, 8253), (8260, 8260),
    (8270, 8270), (8274, 8274), (8353, 8353), (8356, 8356), (8358, 8358), (8361, 8361),
    (8363, 8364), (8369, 8369), (8451, 8451), (8470, 8471), (8478, 8478), (8480, 8480),
    (8482, 8482), (8486, 8487), (8494, 8494), (8592, 8595), (9001, 9002), (9250, 9251),
    (9702, 9702), (9711, 9711), (9834, 9834), (10216, 10217),
)  # fmt: skip
_STARTS = [r[0] for r in _RANGES]

# Greek letters and mathematical symbols that pdfLaTeX prints in math mode with the base fonts
# (pylatexenc's names, each checked by compiling it): "$\alpha$-Rank" from a .bib stays printable.
MATH: dict[int, str] = {
    0x0393: '\\Gamma', 0x0394: '\\Delta', 0x0398: '\\Theta', 0x039B: '\\Lambda', 0x039E: '\\Xi',
    0x03A0: '\\Pi', 0x03A3: '\\Sigma', 0x03A5: '\\Upsilon', 0x03A6: '\\Phi', 0x03A8: '\\Psi',
    0x03A9: '\\Omega', 0x03B1: '\\alpha', 0x03B2: '\\beta', 0x03B3: '\\gamma', 0x03B4: '\\delta',
    0x03B5: '\\varepsilon', 0x03B6: '\\zeta', 0x03B7: '\\eta', 0x03B8: '\\theta',
    0x03B9: '\\iota', 0x03BA: '\\kappa', 0x03BB: '\\lambda', 0x03BC: '\\mu', 0x03BD: '\\nu',
    0x03BE: '\\xi', 0x03C0: '\\pi', 0x03C1: '\\rho', 0x03C2: '\\varsigma', 0x03C3: '\\sigma',
    0x03C4: '\\tau', 0x03C5: '\\upsilon', 0x03C6: '\\varphi', 0x03C7: '\\chi', 0x03C8: '\\psi',
    0x03C9: '\\omega', 0x03D1: '\\vartheta', 0x03D5: '\\phi', 0x03D6: '\\varpi',
    0x03F1: '\\varrho', 0x03F5: '\\epsilon', 0x210F: '\\hbar', 0x2113: '\\ell', 0x2118: '\\wp',
    0x2135: '\\aleph', 0x2194: '\\leftrightarrow', 0x2195: '\\updownarrow', 0x2196: '\\nwarrow',
    0x2197: '\\nearrow', 0x2198: '\\searrow', 0x2199: '\\swarrow', 0x21A6: '\\mapsto',
    0x21A9: '\\hookleftarrow', 0x21AA: '\\hookrightarrow', 0x21BC: '\\leftharpoonup',
    0x21BD: '\\leftharpoondown', 0x21C0: '\\rightharpoonup', 0x21C1: '\\rightharpoondown',
    0x21CC: '\\rightleftharpoons', 0x21D0: '\\Leftarrow', 0x21D1: '\\Uparrow',
    0x21D2: '\\Rightarrow', 0x21D3: '\\Downarrow', 0x21D4: '\\Leftrightarrow',
    0x21D5: '\\Updownarrow', 0x2200: '\\forall', 0x2202: '\\partial', 0x2203: '\\exists',
    0x2206: '\\Delta', 0x2207: '\\nabla', 0x2208: '\\in', 0x2209: '\\notin', 0x220A: '\\in',
    0x220B: '\\ni', 0x220D: '\\ni', 0x220F: '\\prod', 0x2210: '\\coprod', 0x2211: '\\sum',
    0x2213: '\\mp', 0x2218: '\\circ', 0x2219: '\\bullet', 0x221D: '\\propto', 0x221E: '\\infty',
    0x2220: '\\angle', 0x2223: '\\mid', 0x2225: '\\parallel', 0x2227: '\\wedge', 0x2228: '\\vee',
    0x2229: '\\cap', 0x222A: '\\cup', 0x222B: '\\int', 0x222E: '\\oint', 0x223C: '\\sim',
    0x2240: '\\wr', 0x2243: '\\simeq', 0x2245: '\\cong', 0x2248: '\\approx', 0x224D: '\\asymp',
    0x2250: '\\doteq', 0x2260: '\\neq', 0x2261: '\\equiv', 0x2264: '\\leq', 0x2265: '\\geq',
    0x226A: '\\ll', 0x226B: '\\gg', 0x227A: '\\prec', 0x227B: '\\succ', 0x227C: '\\preceq',
    0x227D: '\\succeq', 0x2282: '\\subset', 0x2283: '\\supset', 0x2286: '\\subseteq',
    0x2287: '\\supseteq', 0x228E: '\\uplus', 0x2291: '\\sqsubseteq', 0x2292: '\\sqsupseteq',
    0x2293: '\\sqcap', 0x2294: '\\sqcup', 0x2295: '\\oplus', 0x2296: '\\ominus',
    0x2297: '\\otimes', 0x2298: '\\oslash', 0x2299: '\\odot', 0x22A2: '\\vdash',
    0x22A3: '\\dashv', 0x22A4: '\\top', 0x22A5: '\\perp', 0x22C0: '\\bigwedge',
    0x22C1: '\\bigvee', 0x22C2: '\\bigcap', 0x22C3: '\\bigcup', 0x22C4: '\\diamond',
    0x22C5: '\\cdot', 0x22C6: '\\star', 0x22C8: '\\bowtie', 0x22EE: '\\vdots', 0x22EF: '\\cdots',
    0x22F1: '\\ddots',
}  # fmt: skip


# Unicode superscript and subscript characters → their base character. The BibTeX reader writes
# `N$_2$H$^+$` as "N₂H⁺"; the layouts set each run as a real \textsuperscript/\textsubscript.
SUPERSCRIPTS: dict[str, str] = {
    **dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True)),
    "⁺": "+", "⁻": "\u2212", "⁼": "=", "⁽": "(", "⁾": ")", "ⁿ": "n", "ⁱ": "i",
}  # fmt: skip
SUBSCRIPTS: dict[str, str] = {
    **dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True)),
    "₊": "+", "₋": "\u2212", "₌": "=", "₍": "(", "₎": ")",
    **dict(zip("ₐₑₒₓₕₖₗₘₙₚₛₜ", "aeoxhklmnpst", strict=True)),
}  # fmt: skip


# Characters the .dfu files declare but Charter cannot really set under pdfLaTeX: a placeholder
# box, a bitmap fallback or a glyph without a Unicode mapping in the text layer (each checked by
# compiling it and reading the PDF back). They go to XeLaTeX, like any other script.
_NOT_RELIABLE = frozenset(
    "ĵŊŋȷ฿‱‽⁎⁒₡₤₦₩₱℗℞℠Ω〈〉␢⟨⟩"
)  # fmt: skip


MATH_NOT_TEXT = frozenset(
    "Δτℏ↦↩↪⇌∉∊∍∏∐∑∘∙∠∣∪∫∮≅≐≠≼≽⊥⋀⋁⋂⋃⋅⋈⋮⋯⋱"
)  # fmt: skip
"""Symbols of :data:`MATH` that pdfLaTeX prints but that do not read back as themselves: built
from several glyphs (≠ is = and a slash, ⋮ three dots), set on another line (∑), or mapped to
a neighbour (Δ as ∆, ∘ as ◦). An ATS would read the wrong text, so they go to XeLaTeX, which
sets them as text in a font that has them (tests/test_scripts.py reads every math symbol back
under each engine)."""


def typesettable(ch: str) -> bool:
    """True when pdfLaTeX can print ``ch`` with the fonts every layout uses."""
    cp = ord(ch)
    if ch in _NOT_RELIABLE or ch in MATH_NOT_TEXT:
        return False
    if cp in MATH or ch in SUPERSCRIPTS or ch in SUBSCRIPTS:
        return True
    i = bisect.bisect_right(_STARTS, cp) - 1
    return i >= 0 and _RANGES[i][0] <= cp <= _RANGES[i][1]


ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_ASCII_CONTROL = ASCII_CONTROL


def printable(ch: str) -> bool:
    """True when some engine cvbuilder uses can print ``ch``: pdfLaTeX's fonts, or under
    XeLaTeX Charter, Noto CJK (Chinese, Japanese, Korean, Greek, Cyrillic) and the math set."""
    if typesettable(ch):
        return True
    from cvbuilder.tex.scripts import xetex_can_set

    return xetex_can_set(ord(ch))


def describe(chars: Iterable[str], limit: int = 5) -> str:
    """``'📧' (U+1F4E7 E-MAIL SYMBOL), …`` for a message."""
    chars = list(chars)
    names = ", ".join(
        f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"
        for ch in chars[:limit]
    )
    return names + (f" and {len(chars) - limit} more" if len(chars) > limit else "")


_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
"""ﬁ → fi: a ligature code point in the text layer is a word an ATS cannot find."""


def printable_text(text: str) -> tuple[str, list[str]]:
    """NFC ``text`` without the characters no engine can print, and those characters (in order
    of appearance). Control characters are a ``ValueError``: they are never meant as text."""
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    control = sorted({ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"})
    if control:
        what = "character" if len(control) == 1 else "characters"
        raise ValueError(f"{what} {describe(control)}: control characters are not text; remove")
    dropped = list(dict.fromkeys(ch for ch in text if ch != "\n" and not printable(ch)))
    if not dropped:
        return text, []
    gone = set(dropped)
    kept = "".join(ch for ch in text if ch not in gone)
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", kept).strip(), dropped  # no gap where it was


def check_text(
    text: str, can_set: Callable[[str], bool] | None = None, engine: str = "pdfLaTeX"
) -> str:
    """Normalise to NFC and raise ``ValueError`` naming every character ``engine`` cannot set
    (``can_set``: its test; pdfLaTeX's fonts by default)."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text  # the common case, checked in C
    can_set = can_set or typesettable
    text = unicodedata.normalize("NFC", text)
    bad = sorted({ch for ch in text if ch != "\n" and not can_set(ch)}, key=text.index)
    if not bad:
        return text
    names = ", ".join(
        f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})" for ch in bad[:5]
    )
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    what = "character" if len(bad) == 1 else "characters"
    raise ValueError(
        f"{what} {names}{more} cannot be typeset by {engine}; remove or replace with plain text"
    )
