"""Macros the LaTeX reader knows: symbol tables, and what each kind of macro does."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from cvbuilder.formats.bibtex.aas import AAS_JOURNALS
from cvbuilder.schema.charset import SUBSCRIPTS, SUPERSCRIPTS, typesettable

# Symbols of particle-physics papers (LHCb's lhcb-symbols-def.tex and the like) that titles use
# without defining them; any other undefined macro keeps its name as text, with a note.
_PHYSICS = {
    "tev": "TeV", "gev": "GeV", "mev": "MeV", "kev": "keV", "ev": "eV", "lhcb": "LHCb",
    "CP": "CP", "invfb": "fb⁻¹", "invpb": "pb⁻¹", "mumu": "μ⁺μ⁻", "ellell": "ℓ⁺ℓ⁻",
    "B": "B", "Bs": "B⁰ₛ", "Bd": "B⁰", "Bu": "B⁺", "Lb": "Λb", "Lz": "Λ", "proton": "p",
    "antiproton": "p-bar", "bquark": "b", "cquark": "c", "squark": "s", "dquark": "d",
    "uquark": "u", "tquark": "t", "Kstarz": "K*0", "jpsi": "J/ψ", "PbPb": "PbPb", "pp": "pp",
}  # fmt: skip

# Characters a .bib file may hold that no font of the documents has, with the character they
# stand for. ``–`` is how ADS writes the box-drawing line of a range (``800─1088 MHz``).
_STAND_INS = {
    "─": "–", "−": "-", "∗": "*", "′": "'", "″": "''",
    "⁄": "/", "∕": "/", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u200a": " ",
}  # fmt: skip

# Superscript and subscript forms (the documents print them raised or lowered; see charset): a
# script whose every character has one is written with them (N₂H⁺, km s⁻¹), any other inline.
_SUPERSCRIPT = {base: ch for ch, base in SUPERSCRIPTS.items()} | {"-": "⁻"}
_SUBSCRIPT = {base: ch for ch, base in SUBSCRIPTS.items()} | {"-": "₋"}

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "b": "\u0331", "r": "\u030a", "k": "\u0328", "t": "\u0361",
}  # fmt: skip
_MATH_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
    "acute": "\u0301", "grave": "\u0300", "dot": "\u0307", "ddot": "\u0308", "breve": "\u0306",
    "check": "\u030c", "vec": "", "bar": "-bar", "overline": "-bar",
}  # fmt: skip
# Font switches and spacing commands: no text of their own.
_SWITCHES = {
    "bf", "it", "rm", "sc", "sf", "tt", "sl", "up", "md", "bfseries", "itshape", "scshape",
    "rmfamily", "sffamily", "ttfamily", "upshape", "mdseries", "normalfont", "slshape", "cal",
    "small", "footnotesize", "scriptsize", "tiny", "large", "Large", "LARGE", "huge", "Huge",
    "normalsize", "relax", "noindent", "displaystyle", "textstyle", "scriptstyle", "boldmath",
    "unboldmath", "nobreak", "allowbreak", "hfill", "hfil", "centering", "raggedright",
    "selectfont", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "bigg", "Bigg", "left", "right",
    "middle", "limits", "nolimits", "xspace", "null", "empty", "strut", "ignorespaces",
    "unskip", "fi", "else", "protect", "em", "/", "-", "@", "!",
}  # fmt: skip
_SPACES = {"\\", " ", ",", ";", ":", ">", "quad", "qquad", "enspace", "thinspace", "newline",
           "linebreak", "par", "space", "enskip", "medskip", "smallskip", "bigskip"}  # fmt: skip
_DROP = {"noop", "label", "index", "cite", "citep", "citet", "nocite", "ref", "color", "hspace",
         "vspace", "phantom", "hphantom", "vphantom", "pagecolor", "sortnoop", "SortNoop",
         "footnote", "thanks"}  # fmt: skip
_TWO = {"frac": "{}/{}", "dfrac": "{}/{}", "tfrac": "{}/{}", "nicefrac": "{}/{}",
        "href": "{1}", "texorpdfstring": "{0}", "textcolor": "{1}", "colorbox": "{1}",
        "stackrel": "{1}", "overset": "{1}", "underset": "{1}"}  # fmt: skip
_OWN = {
    "TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "AmS": "AMS",
    "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^", "textasciitilde": "~",
    "ddag": "‡", "dag": "†", "textdagger": "†", "textdaggerdbl": "‡", "ast": "*",
    "textasteriskcentered": "*", "lt": "<", "gt": ">", "textless": "<", "textgreater": ">",
    "prime": "'", "euro": "€", "S": "§", "P": "¶", "textbar": "|", "textunderscore": "_",
    "ldots": "…", "dots": "…", "textellipsis": "…", "cdots": "⋯", "i": "ı", "j": "ȷ",
    "textendash": "–", "textemdash": "—", "ndash": "–", "mdash": "—", "degree": "°",
    "textdegree": "°", "%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    "textregistered": "®", "texttrademark": "™", "copyright": "©", "textcopyright": "©",
    "checkmark": "✓", "textquotesingle": "'", "textquotedbl": '"', "slash": "/",
    "textperiodcentered": "·", "textbullet": "•", "cdotp": "·", "colon": ":",
}  # fmt: skip


@functools.cache
def _symbols() -> dict[str, str]:
    """Macro → text: pylatexenc's table of plain replacements (letters, Greek, math symbols),
    with ours on top (what the export writes must read back, ``\\ast`` is an asterisk)."""
    from pylatexenc.latex2text import _defaultspecs

    table = {
        spec.macroname: spec.simplify_repl
        for _, category in _defaultspecs.specs
        for spec in category["macros"]
        if isinstance(spec.simplify_repl, str) and "%" not in spec.simplify_repl
    }
    table.pop("today", None)  # a date from the clock
    return {**table, **_OWN}


def _script(text: str, superscript: bool) -> str:
    """A sub- or superscript as text: in Unicode's script forms when every character has one,
    else inline (``B^{*0}`` → ``B*0``); never with ``^`` or ``_``."""
    table = _SUPERSCRIPT if superscript else _SUBSCRIPT
    body = "".join(text.split())
    if body and all(ch in table for ch in body):
        return "".join(table[ch] for ch in body)
    return text.strip()


def _sqrt(text: str) -> str:
    """``√s`` where a font has the root sign, else ``sqrt(s)``."""
    if typesettable("√"):
        return "√" + (text if len(text) <= 1 else f"({text})")
    return f"sqrt({text})"


def _chemistry(text: str) -> str:
    """mhchem's ``\\ce{Al2O3}``: the counts after an element are subscripts."""
    return re.sub(r"(?<=[A-Za-z)\]])\d+", lambda m: _script(m[0], False), text)


# Macros whose argument is printed (formatting, boxes, math alphabets: \mathsf{FICS} is the
# letters FICS), with what happens to it.
_KEEP: dict[str, Callable[[str], str] | None] = {
    **dict.fromkeys([
        "textbf", "textit", "textsl", "textsc", "textrm", "textsf", "texttt", "textup", "textmd",
        "textnormal", "emph", "mkbibbold", "mkbibemph", "mkbibitalic", "mkbibquote", "underline",
        "uline", "uuline", "uwave", "sout", "mbox", "hbox", "fbox", "text", "NoCaseChange",
        "nocase", "url", "path", "ensuremath", "mathrm", "mathbf", "mathsf", "mathit", "mathtt",
        "mathcal", "mathscr", "mathfrak", "mathbb", "mathnormal", "boldsymbol", "bm", "pmb",
        "operatorname", "mathop", "underbrace", "overbrace", "mathring", "textcircled",
    ]),
    "textsuperscript": lambda t: _script(t, True),
    "textsubscript": lambda t: _script(t, False),
    "sqrt": _sqrt,
    "ce": _chemistry,
    "MakeUppercase": str.upper,
    "uppercase": str.upper,
    "MakeLowercase": str.lower,
    "lowercase": str.lower,
}  # fmt: skip
_MATH_KEEP = {n for n in _KEEP if n.startswith("math")} | {
    "ensuremath",
    "boldsymbol",
    "bm",
    "pmb",
    "operatorname",
    "underbrace",
    "overbrace",
    "ce",
    "sqrt",
}
_KINDS: dict[str, str] = {
    **dict.fromkeys(_ACCENTS, "accent"),
    **dict.fromkeys(_MATH_ACCENTS, "math_accent"),
    **dict.fromkeys(_SWITCHES, "switch"),
    **dict.fromkeys(_SPACES, "space"),
    **dict.fromkeys(_DROP, "drop"),
    **dict.fromkeys(_TWO, "two"),
    **dict.fromkeys(_KEEP, "keep"),
    **dict.fromkeys(AAS_JOURNALS, "journal"),
    **dict.fromkeys(_PHYSICS, "physics"),
    "(": "inline_math",
    "[": "inline_math",
    ")": "nothing",
    "]": "nothing",
}
"""Macro → the :class:`_Reader` method that reads it; any other is a symbol or unknown."""
_LIGATURE_TEXT = {"--": "–", "---": "—", "``": "“", "''": "”", "?`": "¿", "!`": "¡", "~": " "}
_DOTLESS = {"ı": "i", "ȷ": "j"}
_SPACING_ACCENTS = {"\u0302": "^", "\u0303": "~", "\u0301": "´", "\u0300": "`", "\u0308": "¨",
                    "\u0304": "¯", "\u0327": "¸"}  # fmt: skip


def _accent(text: str, mark: str) -> str:
    """``\\'e`` → ``é``: the accent on the first character, if a font has the result; else the
    plain character (an accent no font has would stop the build)."""
    if not text:
        return _SPACING_ACCENTS.get(mark, "")  # \^{} prints a circumflex
    base = _DOTLESS.get(text[0], text[0])
    accented = unicodedata.normalize("NFC", base + mark)
    return (accented if len(accented) == 1 and typesettable(accented) else base) + text[1:]


def _math_accent(text: str, mark: str) -> str:
    """``\\bar{c}`` → ``c-bar`` (no font has c̄), ``\\hat{a}`` → ``â``, ``\\vec{v}`` → ``v``."""
    if mark == "-bar":
        return f"{text}-bar" if text else ""
    return _accent(text, mark) if mark else text
