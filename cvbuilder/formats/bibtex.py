"""BibTeX in and out: real researchers' ``.bib`` files, with their quirks, to publications.

Parsing is bibtexparser 2 (lenient, reports failed blocks with line numbers); LaTeX in
fields becomes Unicode through this module's own reader (pylatexenc's table of symbols, and
what .bib files hold: formatting and user macros around names, journal macros of NASA ADS,
math with sub- and superscripts). Every entry becomes a publication (plain data in the
profile's format), with a note for whatever was repaired or guessed, or is reported with its
line and the reason; fields with no place of their own are kept under ``bibtex`` so an export
gives them back. Reading never raises: hostile input (a crossref cycle, an ``@string``
doubling chain, a field of megabytes) is an error in the report, in bounded time and memory.

The export writes every value so that no character can end a field or start an entry, and
reads each entry back before writing it: whatever the standard fields cannot carry exactly
goes into an ``x-cvbuilder`` field holding JSON, so ``import`` of an ``export`` gives back
the same publications.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import functools
import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvbuilder.problems import Problem
from cvbuilder.schema.charset import SUBSCRIPTS, SUPERSCRIPTS, typesettable

MAX_FIELD = 100_000
"""Characters one field may have after ``@string`` expansion. No real field comes near;
a doubling chain of macros (``@string{a1 = a0 # a0}``, …) would otherwise fill memory."""
MAX_CROSSREF = 8
"""Parents followed through ``crossref`` (BibTeX itself follows one)."""
EXTRA = "x-cvbuilder"
"""Field holding, as JSON, what the export could not say with standard fields."""
ANNOTATIONS = "author+an"
"""biblatex's data annotations of ``author``: where the export writes the owner and roles."""

# --- reading -----------------------------------------------------------------------------

CONFERENCE_ACRONYMS = [
    "NeurIPS",
    "NIPS",
    "ICML",
    "ICLR",
    "CVPR",
    "ICCV",
    "ECCV",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLING",
    "EACL",
    "KDD",
    "WWW",
    "SIGIR",
    "SIGMOD",
    "VLDB",
    "ICDE",
    "MLSys",
    "OSDI",
    "SOSP",
    "NSDI",
    "EuroSys",
    "ASPLOS",
    "ISCA",
    "MICRO",
    "HPCA",
    "PPoPP",
    "ICDCS",
    "INFOCOM",
    "MobiCom",
    "SIGCOMM",
    "UAI",
    "AISTATS",
    "COLT",
    "CoRL",
    "ICRA",
    "IROS",
    "MICCAI",
    "WACV",
    "BMVC",
    "ICASSP",
    "Interspeech",
    "DAC",
    "ICCAD",
    "ICPP",
    "IPDPS",
    "HPDC",
    "CIKM",
    "WSDM",
    "RecSys",
    "ICDM",
    "SDM",
    "ECML",
    "CHI",
    "UIST",
    "SIGGRAPH",
    "ATC",
    "FAST",
    "SoCC",
    "e-Energy",
    "IWQoS",
    "ICPADS",
    "HPCC",
]
_CONF_RX = re.compile(
    r"\b(" + "|".join(map(re.escape, CONFERENCE_ACRONYMS)) + r")\b"
    r"|conference|proceedings|\bproc\.|symposium|\bsymp\.|\bconf\b"
    r"|neural information processing systems"
    r"|acm multimedia|\bacm ?mm\b",
    re.IGNORECASE,
)
_JOURNAL_RX = re.compile(
    r"journal|transactions|\btrans\.|letters|review|magazine|\bj\.|annals|foundations and trends",
    re.IGNORECASE,
)
_REPORT_RX = re.compile(r"technical report|tech\. ?rep|colloquium comput|\beccc\b", re.IGNORECASE)
_PREPRINT_RX = re.compile(r"arxiv|corr\b|preprint|biorxiv|medrxiv|ssrn|techrxiv", re.IGNORECASE)
_TYPES = {
    "conference",
    "journal",
    "workshop",
    "preprint",
    "blog",
    "thesis",
    "book",
    "chapter",
    "patent",
    "report",
    "talk",
    "other",
}
_MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTHS = {m: i for i, m in enumerate(_MONTH_MACROS, start=1)}

# Author markers as they appear in the wild, and the role each stands for. A ``*`` in braces
# is no marker: it is how the export writes a star that belongs to a name.
_MARKERS = [
    (re.compile(r"\$\s*\^\s*\{?\s*\\ast\s*\}?\s*\$|\$\s*\^\s*\{?\s*\*\s*\}?\s*\$"), "equal"),
    (re.compile(r"\$\s*\^\s*\{?\s*\\dagger\s*\}?\s*\$|\\dagger\b|†"), "corresponding"),
    (re.compile(r"\$\s*\^\s*\{?\s*\\ddagger\s*\}?\s*\$|\\ddagger\b|‡"), "lead"),
    (re.compile(r"\\textsuperscript\s*\{\s*\*\s*\}|(?<!\{)\*|\*(?!\})"), "equal"),
    (re.compile(r"\\textsuperscript\s*\{\s*\\dagger\s*\}|\\textdagger\b"), "corresponding"),
    (re.compile(r"\\textsuperscript\s*\{\s*\\ddagger\s*\}|\\textdaggerdbl\b"), "lead"),
    (re.compile("\U0001f4e7|\u2709"), "corresponding"),
    (re.compile("\U0001f4a1"), "lead"),
]
# The words of an ``author+an`` annotation this module understands (``highlight`` is what
# biblatex CV setups use for the owner).
_ROLE_WORDS = {
    "owner": "owner",
    "highlight": "owner",
    "me": "owner",
    "equal": "equal",
    "corresponding": "corresponding",
    "lead": "lead",
}

# Fields read into the publication itself; anything else is kept verbatim under ``bibtex``.
_LINK_FIELDS = {
    "url": "paper",
    "html": "paper",
    "pdf": "pdf",
    "code": "code",
    "codeurl": "code",
    "slides": "slides",
    "slidesurl": "slides",
    "video": "video",
    "website": "project",
    "poster": None,
}
_VENUE_FIELDS = (
    "journal",
    "booktitle",
    "_venue",
    "venue",
    "howpublished",
    "school",
    "institution",
    "publisher",
)


@dataclass
class BibReport:
    """What an import did: counts, and every problem or note with its file and line."""

    source: str
    read: int = 0
    written: int = 0
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


# --- LaTeX → text -------------------------------------------------------------------------
# A small reader of the LaTeX that .bib files hold (accents, symbols, formatting, math), written
# for them instead of pylatexenc's general one: ten times faster, and it keeps what a general
# reader drops (the argument of a user macro such as \myname{Ginsburg}, the name of a journal
# macro such as \apj) and reports it.

# Journal macros of NASA ADS exports: AAS's aas_macros.sty (every macro, its aliases too) and
# the later AASTeX additions (psj, aas, dps, jaavso, maps), as (journal name, abbreviation).
AAS_JOURNALS: dict[str, tuple[str, str]] = {
    "aj": ("The Astronomical Journal", "AJ"),
    "actaa": ("Acta Astronomica", "AcA"),
    "araa": ("Annual Review of Astronomy and Astrophysics", "ARA&A"),
    "apj": ("The Astrophysical Journal", "ApJ"),
    "apjl": ("The Astrophysical Journal Letters", "ApJL"),
    "apjs": ("The Astrophysical Journal Supplement Series", "ApJS"),
    "ao": ("Applied Optics", "ApOpt"),
    "apss": ("Astrophysics and Space Science", "Ap&SS"),
    "aap": ("Astronomy & Astrophysics", "A&A"),
    "aapr": ("The Astronomy and Astrophysics Review", "A&A Rv"),
    "aaps": ("Astronomy & Astrophysics Supplement Series", "A&AS"),
    "azh": ("Astronomicheskii Zhurnal", "AZh"),
    "baas": ("Bulletin of the American Astronomical Society", "BAAS"),
    "bac": ("Bulletin of the Astronomical Institutes of Czechoslovakia", "BAICz"),
    "caa": ("Chinese Astronomy and Astrophysics", "ChA&A"),
    "cjaa": ("Chinese Journal of Astronomy and Astrophysics", "ChJA&A"),
    "icarus": ("Icarus", "Icarus"),
    "jcap": ("Journal of Cosmology and Astroparticle Physics", "JCAP"),
    "jrasc": ("Journal of the Royal Astronomical Society of Canada", "JRASC"),
    "memras": ("Memoirs of the Royal Astronomical Society", "MmRAS"),
    "mnras": ("Monthly Notices of the Royal Astronomical Society", "MNRAS"),
    "na": ("New Astronomy", "NewA"),
    "nar": ("New Astronomy Reviews", "NewAR"),
    "pra": ("Physical Review A", "PhRvA"),
    "prb": ("Physical Review B", "PhRvB"),
    "prc": ("Physical Review C", "PhRvC"),
    "prd": ("Physical Review D", "PhRvD"),
    "pre": ("Physical Review E", "PhRvE"),
    "prl": ("Physical Review Letters", "PhRvL"),
    "pasa": ("Publications of the Astronomical Society of Australia", "PASA"),
    "pasp": ("Publications of the Astronomical Society of the Pacific", "PASP"),
    "pasj": ("Publications of the Astronomical Society of Japan", "PASJ"),
    "rmxaa": ("Revista Mexicana de Astronomía y Astrofísica", "RMxAA"),
    "qjras": ("Quarterly Journal of the Royal Astronomical Society", "QJRAS"),
    "skytel": ("Sky and Telescope", "S&T"),
    "solphys": ("Solar Physics", "SoPh"),
    "sovast": ("Soviet Astronomy", "Soviet Ast."),
    "ssr": ("Space Science Reviews", "SSRv"),
    "zap": ("Zeitschrift für Astrophysik", "ZA"),
    "nat": ("Nature", "Nature"),
    "iaucirc": ("IAU Circulars", "IAUC"),
    "aplett": ("Astrophysical Letters", "Astrophys. Lett."),
    "apspr": ("Astrophysics and Space Physics Research", "Astrophys. Space Phys. Res."),
    "bain": ("Bulletin of the Astronomical Institutes of the Netherlands", "BAN"),
    "fcp": ("Fundamentals of Cosmic Physics", "FCPh"),
    "gca": ("Geochimica et Cosmochimica Acta", "GeoCoA"),
    "grl": ("Geophysical Research Letters", "Geophys. Res. Lett."),
    "jcp": ("The Journal of Chemical Physics", "JChPh"),
    "jgr": ("Journal of Geophysical Research", "J. Geophys. Res."),
    "jqsrt": ("Journal of Quantitative Spectroscopy and Radiative Transfer", "JQSRT"),
    "memsai": ("Memorie della Società Astronomica Italiana", "MmSAI"),
    "nphysa": ("Nuclear Physics A", "NuPhA"),
    "physrep": ("Physics Reports", "PhR"),
    "physscr": ("Physica Scripta", "PhyS"),
    "planss": ("Planetary and Space Science", "Planet. Space Sci."),
    "procspie": ("Proceedings of the SPIE", "Proc. SPIE"),
    "psj": ("The Planetary Science Journal", "PSJ"),
    "jaavso": ("Journal of the American Association of Variable Star Observers", "JAAVSO"),
    "maps": ("Meteoritics and Planetary Science", "M&PS"),
    "aas": ("American Astronomical Society Meeting Abstracts", "AAS"),
    "dps": ("AAS/Division for Planetary Sciences Meeting Abstracts", "DPS"),
}
_ALIASES = {"astap": "aap", "apjlett": "apjl", "apjsupp": "apjs", "applopt": "ao"}
AAS_JOURNALS.update({alias: AAS_JOURNALS[macro] for alias, macro in _ALIASES.items()})

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


_TOKEN = re.compile(
    r"\\(?:[A-Za-z@]+\*?|.|$)|\$\$?|[{}~^_]|---?|``|''|[?!]`|\s+|[^\\{}$~^_\s`'?!-]+|.",
    re.DOTALL,
)
_NESTING = 100  # deeper groups are read by a plain fallback instead of recursion
_HTML_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_HTML_SCRIPT = re.compile(r"<(sub|sup)>([^<>]{1,40})</\1>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|span|u|tt|br|p|font|scp)\b[^<>]{0,200}>", re.I)


class _TooDeep(Exception):
    pass


def _script(text: str, superscript: bool) -> str:
    """A sub- or superscript as text: in Unicode's script forms when every character has one,
    else inline (``B^{*0}`` → ``B*0``); never with ``^`` or ``_``."""
    table = _SUPERSCRIPT if superscript else _SUBSCRIPT
    body = "".join(text.split())
    if body and all(ch in table for ch in body):
        return "".join(table[ch] for ch in body)
    return text.strip()


class _Reader:
    """One pass over the tokens of a value; ``unknown`` collects macros it had no meaning for.
    Each macro is handled by its kind (:data:`_KINDS`), groups recurse up to :data:`_NESTING`."""

    def __init__(self, text: str):
        self.tokens = _TOKEN.findall(text)
        self.i = 0
        self.depth = 0
        self.unknown: list[str] = []

    def until(self, end: str | None, math: bool) -> str:
        out: list[str] = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            if token == end:
                break
            out.append(self.token(token, math))
        return "".join(out)

    def group(self, end: str, math: bool) -> str:
        self.depth += 1
        if self.depth > _NESTING:
            raise _TooDeep
        try:
            return self.until(end, math)
        finally:
            self.depth -= 1

    def token(self, token: str, math: bool) -> str:
        if len(token) > 1 and token[0] == "\\":
            name = token[1:].rstrip("*") or "*"
            kind = _KINDS.get(name)
            return getattr(self, kind)(name, math) if kind else self.symbol(name, math)
        if token == "{":
            return self.group("}", math)
        if token in ("$", "$$"):
            return "" if math else self.group(token, True)
        if token in ("^", "_") and math:
            return _script(self.argument(True), token == "^")
        if not token or token == "}":
            return ""
        if token[0].isspace():
            return " "
        return _LIGATURE_TEXT.get(token, token)

    def peek(self) -> int:
        """Index of the next token that is not a space."""
        j = self.i
        while j < len(self.tokens) and self.tokens[j].isspace():
            j += 1
        return j

    def argument(self, math: bool) -> str:
        """The next argument: a group, a macro, or one character (TeX takes one of a word)."""
        self.i = self.peek()
        if self.i >= len(self.tokens):
            return ""
        token = self.tokens[self.i]
        if token == "{" or token.startswith("\\"):
            self.i += 1
            return self.token(token, math)
        if token in ("}", "$", "$$", ""):
            return ""
        self.tokens[self.i] = token[1:]
        return token[0]

    def skip_space(self, name: str, math: bool) -> None:
        """TeX skips the spaces after a control word (in text; in math they never show)."""
        at = self.i < len(self.tokens) and self.tokens[self.i]
        if name.isalpha() and not math and at and at.isspace():
            self.i += 1

    def symbol(self, name: str, math: bool) -> str:
        text = _symbols().get(name)
        if text is not None:
            self.skip_space(name, math)
            return text
        if not name.isalpha():
            return name  # \? \* … print themselves
        self.unknown.append("\\" + name)
        if self.peek() < len(self.tokens) and self.tokens[self.peek()] == "{":
            return self.argument(math) or name
        return name

    def accent(self, name: str, math: bool) -> str:
        return _accent(self.argument(math), _ACCENTS[name])

    def math_accent(self, name: str, math: bool) -> str:
        return _math_accent(self.argument(True), _MATH_ACCENTS[name])

    def inline_math(self, name: str, math: bool) -> str:
        return self.group("\\)" if name == "(" else "\\]", True)

    def nothing(self, name: str, math: bool) -> str:
        return ""

    def space(self, name: str, math: bool) -> str:
        self.skip_space(name, math)
        return " "

    def switch(self, name: str, math: bool) -> str:
        at = self.i < len(self.tokens) and self.tokens[self.i]
        if name in ("left", "right", "middle") and at and at.startswith("."):
            self.tokens[self.i] = at[1:]  # \left. is no delimiter
        self.skip_space(name, math)
        return ""

    def drop(self, name: str, math: bool) -> str:
        self.argument(math)
        return ""

    def two(self, name: str, math: bool) -> str:
        first = self.argument(math)
        return _TWO[name].format(first, self.argument(math))

    def journal(self, name: str, math: bool) -> str:
        return AAS_JOURNALS[name][0]

    def physics(self, name: str, math: bool) -> str:
        return _PHYSICS[name]  # defined with \xspace: the space after it stays

    def keep(self, name: str, math: bool) -> str:
        text = self.argument(math or name in _MATH_KEEP)
        return _KEEP[name](text) if _KEEP[name] else text


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


def _fallback(value: str) -> str:
    """Text of a value too deeply nested to read: macros and braces removed."""
    return re.sub(r"\\[A-Za-z]+\*?|[{}$]", "", value)


# What makes LaTeX differ from its plain text: without any of these, text is already text.
_ACTIVE = re.compile(r"[$&\\{}~^_<]|--|``|''|[?!]`")


def _plain_chars(text: str, dropped: list[str]) -> str:
    """Characters no font of the documents has, replaced by what they stand for: a styled math
    letter (𝖥, from a paste) by its letter, ADS's box-drawing dash by a dash; private-use and
    invisible format characters are removed and listed in ``dropped``."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch in _STAND_INS:
            out.append(_STAND_INS[ch])
        elif typesettable(ch):
            out.append(ch)
        elif 0x1D400 <= ord(ch) <= 0x1D7FF or 0x2100 <= ord(ch) <= 0x214F:
            out.append(unicodedata.normalize("NFKC", ch))
        elif unicodedata.category(ch) in ("Co", "Cf", "Cn"):
            dropped.append(f"U+{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


# DBLP writes the TeX of a title as escaped text: {\textdollar}{\textbackslash}mathrm\{AC\}
# {\^{}}0{\textdollar} and NC{\textbackslash}textsf\{NC\}. The export writes {\$} and
# {\textbraceleft}, never {\textdollar} or \{: reading these as TeX loses none of its text.
_DBLP_MATH = re.compile(r"\{\\textdollar\}(.{1,300}?)\{\\textdollar\}", re.DOTALL)
_DBLP_MACRO = re.compile(r"\{\\textbackslash\}([A-Za-z]+)\\\{(.{0,100}?)\\\}")
_DBLP_ESCAPES = {"{\\textbackslash}": "\\", "\\{": "{", "\\}": "}", "{\\^{}}": "^", "{\\_}": "_"}
_DBLP_RX = re.compile("|".join(map(re.escape, _DBLP_ESCAPES)))


def _undouble(value: str) -> str:
    """DBLP's escaped TeX (see above) → the TeX itself."""
    value = _DBLP_MATH.sub(lambda m: "$" + _DBLP_RX.sub(lambda e: _DBLP_ESCAPES[e[0]], m[1]) + "$",
                           value)  # fmt: skip
    return _DBLP_MACRO.sub(lambda m: f"\\{m[1]}{{{m[2]}}}", value)


@functools.lru_cache(maxsize=16384)
def _decode(value: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(text, macros without a meaning here, characters removed) of a LaTeX value."""
    text, unknown = value, ()
    if "{\\textdollar}" in value or "{\\textbackslash}" in value:
        text = _undouble(text)
    if "&" in value:
        text = _HTML_ENTITY.sub(lambda m: html.unescape(m[0]), text)
    if "<" in value:
        text = _HTML_SCRIPT.sub(lambda m: _script(m[2], m[1].lower() == "sup"), text)
        text = _HTML_TAG.sub(lambda m: " " if m[0].lower().startswith("<br") else "", text)
    if _ACTIVE.search(text):
        reader = _Reader(text)
        try:
            text = reader.until(None, False)
        except _TooDeep:
            text = _fallback(text)
        unknown = tuple(dict.fromkeys(reader.unknown))
    dropped: list[str] = []
    text = _plain_chars(" ".join(text.split()), dropped)
    return unicodedata.normalize("NFC", text), unknown, tuple(dropped)


def _latex_to_text(value: str, unknown: list[str] | None = None) -> str:
    """LaTeX → Unicode text, each run of whitespace one space (as LaTeX prints it). Macros
    without a meaning here (and characters removed) are added to ``unknown``."""
    text, macros, dropped = _decode(value)
    if unknown is not None:
        unknown.extend(macros + dropped)
    return text


def _norm(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form, for comparing names and titles."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]", "", text.lower().replace("-", " ")).strip()


def _short(text: str, limit: int = 60) -> str:
    """``text`` cut for a message: a report line never carries a megabyte of input."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(items: list[str], limit: int = 5) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(_short(i, 30) for i in items[:limit]) + more


_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}


def _suffix(word: str) -> str | None:
    """``Jr.``, ``III`` … in their usual spelling, or ``None`` for any other word."""
    return _SUFFIXES.get(word.lower().rstrip("."))


@functools.lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_norm(text).split())


@functools.lru_cache(maxsize=16384)
def _given(first: str) -> tuple[str, ...]:
    """Given names as comparable tokens: ``Jean-Luc`` → jean luc; ``H.P.``, ``HP`` → h p."""
    tokens: list[str] = []
    for word in re.split(r"[\s.\-‐]+", first):
        letters = list(word) if word.isalpha() and word.isupper() and len(word) <= 3 else [word]
        tokens.extend(_norm(t) for t in letters)
    return tuple(t for t in tokens if t)


def _same_token(a: str, b: str) -> bool:
    """The same name, an initial of it, or its short form (``Chris`` for ``Christopher``)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and (len(short) == 1 or len(short) >= 3 or short == long)


def _given_match(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """2: the same first given name; 1: compatible through initials, or one has none. Middle
    names may be left out on either side, but initials that differ mean another person."""
    if not a or not b:
        return 1
    if not _same_token(a[0], b[0]):
        return 0
    middle_a, middle_b = {t[0] for t in a[1:]}, {t[0] for t in b[1:]}
    if middle_a and middle_b and not (middle_a <= middle_b or middle_b <= middle_a):
        return 0
    return 2 if a[0] == b[0] and len(a[0]) > 1 else 1


@dataclass(frozen=True)
class Name:
    first: str
    last: str
    jr: str = ""

    @classmethod
    def parse(cls, text: str, decode: Callable[[str], str] | None = None) -> Name:
        """``Tang, Zhenheng`` or ``Zhenheng Tang`` or ``Z. Tang`` (``Evans, II, Neal J.`` and
        ``Neal J. Evans II`` keep the suffix apart); ``decode`` turns each part into text after
        splitting, so braces in LaTeX (``{Barack and Obama}``) keep a name whole, as in BibTeX."""
        if decode is None:
            return _plain_name(text)
        from bibtexparser.middlewares.names import parse_single_name_into_parts

        parts = parse_single_name_into_parts(text.strip(), strict=False)
        first, last = decode(" ".join(parts.first)), decode(" ".join([*parts.von, *parts.last]))
        jr = decode(" ".join(parts.jr))
        words = first.split()
        if not jr and len(words) > 1 and _suffix(last):  # "Neal J. Evans II", "Iii, Hal Daumé"
            first, last, jr = " ".join(words[:-1]), words[-1], last
        return cls(first, last, _suffix(jr) or jr)

    @property
    def display(self) -> str:
        return " ".join(p for p in (self.first, self.last, self.jr) if p)

    def matches(self, other: Name) -> bool:
        """The same person as far as names tell: see :meth:`match_strength`."""
        return self.match_strength(other) > 0

    def match_strength(self, other: Name) -> int:
        """2: same family and first given name; 1: compatible through initials (``C. W.
        Tessum`` and ``Tessum, Christopher``) or a missing given name; 0: another person. Names
        split differently (``Valdez, André Calero`` and ``Calero Valdez, André``; ``DJ Short
        Gianotti``) match when all their words agree in order."""
        last_a, last_b = _words(self.last), _words(other.last)
        given_a, given_b = _given(self.first), _given(other.first)
        if last_a and last_a == last_b:
            return _given_match(given_a, given_b)
        whole_a, whole_b = (*given_a, *last_a), (*given_b, *last_b)
        if (
            last_a
            and last_b
            and len(whole_a) == len(whole_b) > 1
            and whole_a[-1] == whole_b[-1]
            and all(map(_same_token, whole_a, whole_b))
        ):
            return 2 if whole_a == whole_b else 1
        return 0


@functools.lru_cache(maxsize=16384)
def _plain_name(text: str) -> Name:
    return Name.parse(text, _latex_to_text)


_WRAPPER = re.compile(r"\\([A-Za-z]+)\s*\{")
_SWITCH_GROUP = re.compile(
    r"\{\s*\\(?:bf|it|em|sc|sl|rm|sf|tt|bfseries|itshape|scshape|upshape|normalfont)(?![A-Za-z])\s*"
)


def _closing(text: str, start: int) -> int | None:
    """Index of the brace closing the one at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and text[i - 1 : i] != "\\":
            depth += 1
        elif text[i] == "}" and text[i - 1 : i] != "\\":
            depth -= 1
            if depth == 0:
                return i
    return None


def _unwrap(text: str) -> tuple[str, list[str], str | None]:
    """A name without the formatting around it or its parts, so its comma and words count as
    BibTeX counts them: ``\\textbf{Marshall, H.P.}`` → ``Marshall, H.P.``, ``{\\bf Hogg}`` →
    ``Hogg``, a user macro ``{\\myname{Ginsburg}}`` → ``{Ginsburg}``. Returns (text, user
    macros taken off, the word when the whole name was one macro around one word)."""
    unknown: list[str] = []
    whole = re.fullmatch(r"\s*\{?\s*\\([A-Za-z]+)\s*\{\s*([^\s{}\\,]+)\s*\}\s*\}?\s*", text)
    pos = 0
    while m := _WRAPPER.search(text, pos):
        name = m[1]
        plain = _KINDS.get(name) == "keep" and _KEEP[name] is None
        user = name not in _KINDS and name not in _symbols()
        close = _closing(text, m.end() - 1) if plain or user else None
        if close is None:
            pos = m.end()
            continue
        if user:
            unknown.append("\\" + name)
        text = text[: m.start()] + text[m.end() : close] + text[close + 1 :]
        pos = m.start()
    while m := _SWITCH_GROUP.search(text):
        close = _closing(text, m.start())
        if close is None:
            break
        text = text[: m.start()] + text[m.end() : close] + text[close + 1 :]
    word = whole[2] if whole and whole[1] not in _KINDS and whole[1] not in _symbols() else None
    return text, unknown, word


_MISPLACED = re.compile(r"\{\\([\"'`^~=.])\s*([A-Za-z])([^{}]*\sand\s[^{}]*)\}")


def _top_commas(name: str) -> list[str]:
    """The comma-separated parts of a name, commas inside braces not counting."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(name):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(name[start:i].strip())
            start = i + 1
    return [*parts, name[start:].strip()]


def _initials(word: str) -> bool:
    """``DJ``, ``D.J.``, ``A``: a given name written as initials."""
    return bool(re.fullmatch(r"[A-Z]{1,3}|(?:[A-Z]\.-?)+", word))


def _bare(text: str) -> list[str]:
    """The words of a name part without macros and braces."""
    return re.sub(r"\\[A-Za-z]+\s*|\\.|[{}]", "", text).split()


def _named(part: str) -> bool:
    """``DJ Short Gianotti``: a whole name, initials first (no surname starts that way)."""
    words = _bare(part)
    return len(words) > 1 and not part.lstrip().startswith("{") and _initials(words[0])


_EXTENDED = re.compile(r"\s*(family|given|prefix|suffix)\s*=\s*(.*?)\s*", re.DOTALL)


@functools.lru_cache(maxsize=16384)
def _comma_list(name: str) -> tuple[str, ...]:
    """One BibTeX name, or the people of a list written with commas (``Akbar, R, DJ Short
    Gianotti, GD Salvucci``; ``Farrell, J`` and ``Bazin, P`` on two lines without ``and``):
    BibTeX allows two commas only around a suffix (``Evans, II, Neal J.``). A comma before
    ``and`` (``Feldman, AF,``) is dropped; biblatex's ``family=Zerda, given=Adam`` is read."""
    parts = _top_commas(name)
    if not parts[-1]:
        parts.pop()
    keys = dict(m.groups() for p in parts if (m := _EXTENDED.fullmatch(p)))
    if "family" in keys and all("=" in p for p in parts):
        last = " ".join(filter(None, (keys.get("prefix"), keys["family"])))
        return (", ".join(filter(None, (last, keys.get("suffix"), keys.get("given")))),)
    lines = [line.strip() for line in name.splitlines() if line.strip()]
    if len(parts) > 2 and len(lines) > 1 and all(len(_top_commas(x)) == 2 for x in lines):
        return tuple(lines)
    named = len(parts) > 1 and _named(parts[0]) and (len(parts) > 2 or _named(parts[1]))
    if (len(parts) <= 2 and not named) or (len(parts) == 3 and _suffix(parts[1])):
        return (", ".join(parts),) if parts else ()
    if len(parts) % 2 == 0 and all(_initials(p.replace(" ", "")) for p in parts[1::2]):
        return tuple(f"{a}, {b}" for a, b in zip(parts[::2], parts[1::2], strict=True))
    head = 2 if not named and len(parts[1].split()) == 1 else 1  # "Akbar, R": surname, initials
    return (", ".join(parts[:head]), *parts[head:])


def _braced_list(text: str) -> bool:
    """``Lievens, Hans and Brangers, Isis``: people in ``Last, First`` form, which inside one
    pair of braces (BibTeX's one name) can only be a list braced by mistake."""
    names = _split_people(text)
    return len(names) > 1 and all(len(_top_commas(_unwrap(n)[0])) == 2 for n in names)


def _repair_people(people: str) -> tuple[str, list[str]]:
    """An author list as BibTeX would have read it had it been written right: an accent group
    that swallowed the rest (``M{\\"uller, A and Guido, S.}``) closed after its letter, people
    separated by commas split; (the list, notes saying what was repaired)."""
    notes = []
    fixed = _MISPLACED.sub(r"{\\\1\2}\3", people)
    if fixed != people:
        notes.append(f"braces around the authors repaired: read as {_short(fixed, 80)!r}")
    inner = fixed[1:-1] if fixed.startswith("{") and _closing(fixed, 0) == len(fixed) - 1 else ""
    if _braced_list(inner):
        fixed = inner
        notes.append("the author list was one name in braces: read as a list")
    names = _split_people(fixed)
    split = [person for name in names for person in _comma_list(name)]
    if split != names:
        fixed = " and ".join(split)
        if len(split) != len(names):
            notes.append(f"authors separated by commas or line breaks: read as {len(split)} people")
        elif not any("=" in name for name in names):
            notes.append("a comma before 'and' dropped")
    return fixed, notes


@functools.lru_cache(maxsize=16384)
def _author(raw: str) -> tuple[dict[str, Any] | None, bool, tuple[str, ...], str | None]:
    """One BibTeX author → (author mapping, is-'others', user macros and characters dropped,
    the word of a whole-name macro such as ``\\myname{eli}``)."""
    roles: dict[str, bool] = {}
    text = raw.strip()
    if text.lower() in ("others", "et al.", "et al"):
        return None, True, (), None
    for rx, role in _MARKERS:
        text, n = rx.subn("", text)
        if n:
            roles[role] = True
    text = re.sub(r"\$\s*\^\s*\{?\s*\}?\s*\$", "", text)  # empty leftovers such as $^{}$
    text, unknown, word = _unwrap(text)
    name = Name.parse(text, lambda part: _latex_to_text(part, unknown))
    return {"name": name.display, **roles}, False, tuple(dict.fromkeys(unknown)), word


def _authors(people: str, unknown: list[str] | None = None) -> tuple[list[dict[str, Any]], bool]:
    """An ``author`` field → (authors, et al.); names that come out empty are skipped."""
    authors, et_al, _ = _people(people, unknown)
    return authors, et_al


_AND = re.compile(r"[{}]|\s+and\s+", re.IGNORECASE)


def _split_people(people: str) -> list[str]:
    """The names of an ``author`` field: split at ``and`` outside braces, as BibTeX does
    (bibtexparser's splitter loses a letter after ``and \\textbf``)."""
    out, depth, start = [], 0, 0
    for m in _AND.finditer(people):
        if m[0] in "{}":
            depth += 1 if m[0] == "{" else -1
        elif depth == 0:
            out.append(people[start : m.start()])
            start = m.end()
    out.append(people[start:])
    return [name.strip() for name in out if name.strip()]


def _people(
    people: str, unknown: list[str] | None = None
) -> tuple[list[dict[str, Any]], bool, list[str | None]]:
    """(authors, et al., per author the word of a whole-name macro) of an ``author`` field."""
    authors: list[dict[str, Any]] = []
    words: list[str | None] = []
    et_al = False
    for raw in _split_people(people):
        author, others, macros, word = _author(raw)
        et_al |= others
        if unknown is not None:
            unknown.extend(macros)
        if author and author["name"]:
            authors.append(dict(author))
            words.append(word)
    return authors, et_al, words


def _owner_macros(
    authors: list[dict[str, Any]], words: list[str | None], owners: list[Name]
) -> list[str]:
    """Authors written only as a user macro around one word (``\\myname{eli}``) that is a name
    of the owner become the owner; a note says so."""
    notes = []
    for i, word in enumerate(words):
        owner = next((o for o in owners if word and _norm(word) in
                      (*_words(o.last), *_given(o.first)[:1])), None)  # fmt: skip
        if owner is not None and not Name.parse(authors[i]["name"]).matches(owner):
            notes.append(f"author {i + 1} is written {authors[i]['name']!r} inside a macro: "
                         f"taken as the owner, {owner.display}")  # fmt: skip
            authors[i]["name"] = owner.display
    return notes


def _read_annotations(text: str, count: int) -> tuple[dict[int, set[str]], bool] | None:
    """``1=owner,equal; 3=corresponding`` (biblatex data annotations of ``author``) → (roles by
    author index, whether every word was understood); ``None`` when it is no annotation list.
    Words of other CV setups (``first``, ``PI``) are left out: the field is kept as written."""
    marks: dict[int, set[str]] = {}
    complete = True
    for item in filter(None, (part.strip() for part in text.split(";"))):
        m = re.fullmatch(r"(\d{1,4})\s*=\s*(.*)", item, re.DOTALL)
        if not m or not 1 <= int(m[1]) <= count:
            return None
        words = {w.strip().lower() for w in m[2].split(",")}
        complete &= words <= _ROLE_WORDS.keys()
        marks.setdefault(int(m[1]) - 1, set()).update(_ROLE_WORDS[w] for w in words
                                                      if w in _ROLE_WORDS)  # fmt: skip
    return marks, complete


def _mark_owner(authors: list[dict[str, Any]], owners: list[Name]) -> list[str]:
    """Mark the one author who best matches an owner name; a note when several tie."""
    strength = [max((Name.parse(a["name"]).match_strength(o) for o in owners), default=0)
                for a in authors]  # fmt: skip
    best = max(strength, default=0)
    matches = [i for i, s in enumerate(strength) if s and s == best]
    if len(matches) == 1:
        authors[matches[0]]["owner"] = True
    elif len(matches) > 1:
        names = ", ".join(f"{i + 1} ({authors[i]['name']})" for i in matches)
        return [
            f"owner is ambiguous: authors {names} all match; mark the right one with "
            "'owner: true' in a publication with the same id"
        ]
    return []


def _infer_type(
    entry_type: str, venue: str, fields: dict[str, str], venue_key: str | None = None
) -> str:
    """The publication type, from the venue when the entry type cannot be trusted (al-folio
    types everything @article; some files put a journal in @inproceedings)."""
    explicit = fields.get("pubtype", "").strip().lower()
    if explicit in _TYPES:
        return explicit
    et = entry_type.lower()
    fixed = {
        "phdthesis": "thesis",
        "mastersthesis": "thesis",
        "thesis": "thesis",
        "book": "book",
        "incollection": "chapter",
        "inbook": "chapter",
        "techreport": "report",
        "report": "report",
        "patent": "patent",
    }
    if et in fixed:
        return fixed[et]
    text = " ".join([venue, fields.get("abbr", "")])
    if re.search(r"workshop", text, re.IGNORECASE):
        return "workshop"
    if re.search(r"\bblog", text, re.IGNORECASE):
        return "blog"
    if _PREPRINT_RX.search(text) and not _CONF_RX.search(venue):
        return "preprint"
    if _REPORT_RX.search(text):
        return "report"
    if _CONF_RX.search(text):
        return "conference"
    if venue_key == "journal" or _JOURNAL_RX.search(venue):
        return "journal"
    if et in ("inproceedings", "conference", "proceedings"):
        return "conference"
    if fields.get("arxiv") or fields.get("eprint") or (et in ("unpublished", "misc") and not venue):
        return "preprint"
    return "other"


# A link as the profile accepts it (a subset of the model's rule, so an import validates).
_LINK = re.compile(r"^(https?://\S+|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
_WRAPPED = re.compile(r"^\\(?:url|href)\s*\{((?:[^{}]|\{\})*)\}")
_LINK_ESCAPES = re.compile(
    r"\\text(backslash|braceleft|braceright)(?:\{\}|(?![A-Za-z]))|\\~(?:\{\})?|\\([_%#&${}])"
)
_LINK_CHARS = {"backslash": "\\", "braceleft": "{", "braceright": "}"}


def _unescape_link(value: str) -> str:
    """Undo LaTeX escapes in a link (``a\\_b`` → ``a_b``), the export's included."""
    return _LINK_ESCAPES.sub(lambda m: _LINK_CHARS[m[1]] if m[1] else m[2] or "~", value)


def _url(value: str) -> str | None:
    """A web address, also when written as ``\\url{…}`` or ``\\href{…}{…}`` or escaped."""
    value = value.strip()
    m = _WRAPPED.match(value)
    if m:
        value = m.group(1).strip()
    value = _unescape_link(value)
    return value if _LINK.match(value) else None


def _tag(word: str) -> str | None:
    tag = re.sub(r"\s+", "-", word.strip().lower())
    return tag if len(tag) <= 100 and re.match(r"^[a-z0-9][a-z0-9_.+-]*$", tag) else None


def _read_extra(text: str) -> dict[str, Any] | None:
    """The JSON object of an ``x-cvbuilder`` field, or ``None`` if it holds anything else."""
    from cvbuilder.formats.jsonresume import JSONProblem, parse_json

    try:
        value = parse_json(text)
    except JSONProblem:
        return None
    return value if isinstance(value, dict) else None


def _apply_extra(pub: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any] | None:
    """``pub`` with the ``x-cvbuilder`` values set (``null`` removes a key), or ``None`` when
    the result is no valid publication: a hand-edited field must not break callers."""
    from pydantic import ValidationError

    from cvbuilder.schema.model import Publication

    out = {k: v for k, v in pub.items() if extra.get(k, "") is not None}
    out.update({k: v for k, v in extra.items() if v is not None})
    try:
        Publication.model_validate(out)
    except ValidationError:
        return None
    return out


def _status(text: str) -> str | None:
    """What a year field says instead of a year (``in prep``, ``submitted``), if it is short
    words worth printing."""
    return text if re.fullmatch(r"[A-Za-z][A-Za-z .,\-]{0,39}", text) else None


def _entry_authors(
    fields: dict[str, str], take: Callable[[str], str], owners: list[Name], unknown: list[str]
) -> tuple[list[dict[str, Any]], bool, list[str]]:
    """(authors, et al., notes): the authors, else the editors, else the collaboration, else
    (a talk, a poster, a grant of a personal CV) the owner, when the owner's name is known."""
    people, notes = _repair_people(take("author"))
    authors, et_al, words = _people(people, unknown)
    for name, why in _STAND_IN_AUTHORS:
        if authors or et_al or not fields.get(name, "").strip():
            continue
        authors, et_al, words = _people(take(name), unknown)
        if authors:
            notes.append(f"no author: {why}")
    if authors or et_al:
        return authors, et_al, notes + _owner_macros(authors, words, owners)
    if owners:
        notes.append(f"no author: listed as the owner's own work ({owners[0].display})")
        return [{"name": owners[0].display, "owner": True}], False, notes
    return [], False, [*notes, "no author: listed without authors"]


_STAND_IN_AUTHORS = (
    ("editor", "the editors are listed as authors"),
    ("collaboration", "the collaboration is listed as the author"),
)


def _doi_link(value: str, links: dict[str, str], notes: list[str]) -> bool:
    """Put a ``doi`` field into ``links``: the bare DOI (``doi:``, ``https://dx.doi.org/`` and
    the like taken off; short DOIs ``10/abc`` too), or, for a web address that is no DOI, the
    paper's link with a note. False when it is neither (then it is kept as written)."""
    from cvbuilder.schema.model import bare_doi

    value = _unescape_link(value)
    doi = bare_doi(value)
    if doi:
        links["doi"] = doi
        return True
    url = _url(value) or _url("https://" + value.strip())
    free = [t for t in ("paper", "project") if links.get(t, url) == url]
    if url and "." in url.split("/")[2] and free:
        links[free[0]] = url
        notes.append(f"doi {_short(value)!r} is a web address, not a DOI: linked as the "
                     f"{free[0]}")  # fmt: skip
        return True
    notes.append(f"doi {_short(value)!r} is not a DOI; kept as written")
    return False


def entry_to_publication(
    entry_type: str,
    key: str,
    fields: dict[str, str],
    owners: list[Name],
    unknown: list[str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """One entry's evaluated fields → (publication data, notes); ``ValueError`` if unusable.
    Macros without a meaning here (and characters removed) are added to ``unknown``."""
    notes: list[str] = []
    extras: dict[str, str] = {}
    used: set[str] = set()
    unknown = [] if unknown is None else unknown

    def take(key: str) -> str:
        used.add(key)
        return fields.get(key, "").strip()

    def text(key: str) -> str:
        return _latex_to_text(take(key), unknown)

    title = text("title")
    if not title:
        raise ValueError("no title")
    authors, et_al, more = _entry_authors(fields, take, owners, unknown)
    notes += more
    pub: dict[str, Any] = {"id": key, "title": title, "authors": authors}
    if et_al:
        pub["et_al"] = True

    venue_key = next(
        (k for k in _VENUE_FIELDS if fields.get(k, "").strip() and not _url(fields[k])
         and "\\url" not in fields[k]),
        None,
    )  # fmt: skip
    venue = text(venue_key) if venue_key else ""
    if venue:
        pub["venue"] = venue
    journal = re.fullmatch(r"\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*", fields.get(venue_key or "", ""))
    if take("abbr"):
        pub["venue_short"] = _latex_to_text(fields["abbr"], unknown)
    elif journal and journal[1] in AAS_JOURNALS:  # \apj: The Astrophysical Journal (ApJ)
        pub["venue_short"] = AAS_JOURNALS[journal[1]][1]
    year_text = take("year") or take("date")  # biblatex writes date = {2020-05-01}
    m = re.search(r"(?<!\d)\d{4}(?!\d)", year_text)
    status = None if m else _status(_latex_to_text(year_text))
    if m:
        pub["year"] = int(m.group())
    elif status:
        notes.append(f"no year: {status!r} is printed instead")
    else:
        notes.append(f"no year (year = {_short(year_text)!r})" if year_text else "no year")
        if year_text:
            extras["year"] = fields.get("year") or fields["date"]
    month = take("month").lower()[:3]
    if month in _MONTHS or (month.isdigit() and 1 <= int(month) <= 12):
        pub["month"] = _MONTHS.get(month) or int(month)
    elif month:
        extras["month"] = fields["month"]
    pub["type"] = _infer_type(entry_type, venue, fields, venue_key)
    used.add("pubtype")

    note = [_latex_to_text(take(k), unknown) for k in ("note", "_note") if fields.get(k)]
    award = take("award_name") or take("award")
    if award:
        note.append(_latex_to_text(award, unknown))
    if fields.get("award_name") and fields.get("award"):
        extras["award"] = fields["award"]
    if status and status.lower() not in (n.lower() for n in note):
        note.append(status)
    if any(note):
        pub["note"] = "; ".join(n for n in note if n)

    links: dict[str, str] = {}
    for key, target in _LINK_FIELDS.items():
        if key in fields:
            url = _url(take(key))
            if url and target and target not in links:
                links[target] = url
            else:
                extras[key] = fields[key]
    if "paper" not in links and venue_key != "howpublished":
        url = _url(fields.get("howpublished", ""))
        if url:
            links["paper"] = url
            used.add("howpublished")
    arxiv = take("arxiv")
    if not arxiv and fields.get("archiveprefix", "").strip().lower() == "arxiv":
        arxiv = take("eprint")
        used.add("archiveprefix")
    if arxiv:
        links["arxiv"] = _unescape_link(arxiv)
    if take("doi") and not _doi_link(fields["doi"], links, notes):
        extras["doi"] = fields["doi"]
    if links:
        pub["links"] = links

    selected = take("selected").lower()
    if selected in ("true", "yes", "1"):
        pub["selected"] = True
    elif selected and selected not in ("false", "no", "0"):
        extras["selected"] = fields["selected"]
    words = [w for w in re.split(r"[,;]", take("keywords")) if w.strip()]
    tags = [t for t in (_tag(w) for w in words) if t]
    if tags:
        pub["tags"] = list(dict.fromkeys(tags))
    if len(tags) < len(words):  # keywords that are no tag: keep them all, as written
        extras["keywords"] = fields["keywords"]

    notes.extend(_owner_and_roles(fields, authors, owners, used))
    for key, value in fields.items():
        if key not in used and key not in extras:
            extras[key] = value
    extra = extras.pop(EXTRA, None)
    if extras:
        pub["bibtex"] = dict(sorted(extras.items()))
    if extra is None:
        return pub, notes
    changes = _read_extra(extra)
    done = _apply_extra(pub, changes) if changes is not None else None
    if done is None:
        pub.setdefault("bibtex", {})[EXTRA] = extra
        notes.append(f"{EXTRA} is not a JSON object of publication fields; kept as written")
    return done or pub, notes


def _owner_and_roles(
    fields: dict[str, str], authors: list[dict[str, Any]], owners: list[Name], used: set[str]
) -> list[str]:
    """Owner and roles from ``author+an`` (the export's word, or another CV setup's, whose
    other words are left as written), else the owner guessed from the names."""
    found = _read_annotations(fields[ANNOTATIONS], len(authors)) if ANNOTATIONS in fields else None
    if found is None:
        notes = []
        if ANNOTATIONS in fields:
            notes.append(f"{ANNOTATIONS} not understood (e.g. '1=owner; 2=equal'); kept as written")
        return notes + _mark_owner(authors, owners)
    marks, complete = found
    if complete:
        used.add(ANNOTATIONS)
    for i, roles in sorted(marks.items()):
        authors[i].update(dict.fromkeys(sorted(roles), True))
    if complete or any(a.get("owner") for a in authors):
        return []  # the file says who the owner is: no guessing from names
    return _mark_owner(authors, owners)


_SWALLOWED = re.compile(
    r"^\{(?P<v1>(?:[^{}]|\{[^{}]*\})*)\}\s*\n\s*(?P<k>[A-Za-z_][\w-]*)\s*=\s*"
    r"(?P<v2>.*)$",
    re.DOTALL,
)


def _split_swallowed_fields(fields: dict[str, str]) -> dict[str, str]:
    """Recover a missing comma: ``title = {A}\\n author = {B}`` was read as one raw value."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        m = _SWALLOWED.match(value)
        if m and m["k"].lower() not in fields:
            out[key] = "{" + m["v1"] + "}"
            out[m["k"].lower()] = m["v2"].strip().rstrip(",").strip()
        else:
            out[key] = value
    return out


def _repair(raw: str) -> tuple[str | None, str]:
    """Close braces left open at the end of a field line (``title = {Unbalanced,``), and an
    entry left open before the next one; (the repaired text or ``None``, what was done)."""
    lines = raw.splitlines()
    changed = False
    for i, line in enumerate(lines):
        if not re.match(r"^\s*[A-Za-z_][\w-]*\s*=\s*\{", line):
            continue
        depth = line.count("{") - line.count("}")
        if depth > 0 and line.rstrip().endswith(","):
            lines[i] = line.rstrip()[:-1] + "}" * depth + ","
            changed = True
    if changed:
        return "\n".join(lines), "unbalanced braces repaired"
    last = raw.rstrip().rsplit("\n", 1)[-1]
    if raw.count("{") - raw.count("}") == 1 and last.count("{") == last.count("}"):
        return raw.rstrip() + "}", "entry not closed before the next one; '}' added"
    return None, ""


def _parse(text: str) -> Any:
    """bibtexparser, with its log chatter silenced: failures are reported through BibReport."""
    import logging

    import bibtexparser

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(text, parse_stack=[])  # raw values: see _Macros
    finally:
        logger.setLevel(level)


_MONTH_NAMES = [date.strftime("%B") for date in (dt.date(2000, m, 1) for m in range(1, 13))]
_BARE_WORDS = {*(m.lower() for m in _MONTH_NAMES), "true", "false", "yes", "no"}


def _split_concat(value: str) -> list[str]:
    """Top-level ``#``-separated parts of a raw BibTeX value (braces and quotes respected)."""
    if "#" not in value:
        return [value.strip()]
    parts, depth, quoted, current = [], 0, False, []
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


class _TooLong(ValueError):
    """A value over MAX_FIELD characters, or past the file's expansion budget."""


@dataclass
class _Macros:
    """``@string`` macros, expanded with a cap per value and a budget for the whole file, so
    a doubling chain stops with an error instead of filling memory."""

    budget: int  # characters all expanded values of the file may still take
    values: dict[str, str | None] = field(default_factory=dict)  # None: too long to use

    def define(self, name: str, raw: str) -> str | None:
        """Define a macro; why it cannot be used, if it cannot."""
        try:
            self.values[name.lower()] = self.evaluate(raw, [])
        except _TooLong as exc:
            self.values[name.lower()] = None
            return str(exc)
        return None

    def evaluate(self, value: str, undefined: list[str]) -> str:
        """A raw BibTeX value → its text: braces/quotes removed, macros and month names
        resolved, ``#`` concatenation joined. Unknown macros stay as written and are listed;
        ``_TooLong`` past the caps."""
        out: list[str] = []
        size = 0
        for part in _split_concat(value):
            text = self._part(part, undefined)
            size += len(text)
            if size > MAX_FIELD:
                raise _TooLong(f"is longer than {MAX_FIELD:,} characters")
            out.append(text)
        if size > self.budget:
            raise _TooLong("is past what @string macros may expand this file to")
        self.budget -= size
        return "".join(out)

    def _part(self, part: str, undefined: list[str]) -> str:
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            return part[1:-1]
        if part.isdigit():
            return part
        key = part.lower()
        if key in self.values:
            text = self.values[key]
            if text is None:
                raise _TooLong(f"uses @string {_short(part, 30)!r}, which is too long")
            return text
        if len(part) == 3 and key in _MONTHS:
            return _MONTH_NAMES[_MONTHS[key] - 1]
        if key in _BARE_WORDS:  # month = January, selected = true: meant as text
            return part
        if part:
            undefined.append(part)
        return part


@dataclass
class _Keys:
    """The evaluated fields of a file's entries by key. Keys that differ in case are different
    entries; a ``crossref`` finds its parent by the exact key, else ignoring case (as BibTeX)."""

    fields: dict[str, dict[str, str]]

    def __post_init__(self) -> None:
        self.folded = {}
        for key in self.fields:
            self.folded.setdefault(key.lower(), key)

    def find(self, target: str) -> str | None:
        target = target.strip()
        return target if target in self.fields else self.folded.get(target.lower())


def _inherit(key: str, keys: _Keys) -> tuple[dict[str, str], str | None]:
    """An entry's fields completed from its crossref chain, nearest parent first (a parent's
    title becomes the booktitle), and a note when the chain is broken, loops or is too long."""
    fields = dict(keys.fields[key])
    chain = [key]
    target = fields.get("crossref", "").strip()
    while target:
        parent = keys.find(target)
        if parent is None:
            return fields, f"crossref {_short(target)!r} not found in this file"
        if parent == key and len(chain) == 1:
            return fields, "crossref points to the entry itself; ignored"
        if parent in chain:
            loop = " → ".join(_short(k, 30) for k in [*chain, parent])
            return fields, f"crossref cycle ({loop}); followed up to the cycle"
        if len(chain) > MAX_CROSSREF:
            return fields, f"crossref chain longer than {MAX_CROSSREF}; stopped at {target!r}"
        chain.append(parent)
        for name, value in keys.fields[parent].items():
            into = "booktitle" if name == "title" else name
            if into not in fields and name not in ("crossref", "author"):
                fields[into] = value
        target = keys.fields[parent].get("crossref", "").strip()
    return fields, None


_Raw = tuple[Any, int, list[str], str]  # (bibtexparser entry, line, notes, key)
_Problem = Callable[[int, str, str], Problem]  # (line, key, message) → a Problem of this file
_COMMENTED = re.compile(r"\s*%[^@]*@")  # "%@grant{…": BibTeX would still read it; its writer not


def _raw_title(entry: Any) -> str:
    return _norm(next((str(f.value) for f in entry.fields if f.key.lower() == "title"), ""))


def _entries(library: Any, report: BibReport, problem: _Problem, lines: list[str]) -> list[_Raw]:
    """The library's entries with their line and key. The same key twice: the same work is kept
    once, another work is kept under a new key; keys that differ only in case, entries
    commented out with ``%`` and broken blocks are reported."""
    from bibtexparser import model

    first: dict[str, tuple[Any, int]] = {}
    out: list[_Raw] = []
    for block in library.blocks:
        line = getattr(block, "start_line", 0) + 1
        notes: list[str] = []
        raw = getattr(block, "raw", "") or ""
        if raw.lstrip().startswith("@") and _COMMENTED.match(lines[line - 1] if line <= len(lines)
                                                            else ""):  # fmt: skip
            key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", raw)
            report.notes.append(problem(line, key[1] if key else "", "commented out with '%'; "
                                        "skipped"))  # fmt: skip
            continue
        if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, model.String
        ):
            message = "@string defined again; the first definition is used"
            report.notes.append(problem(line, block.key, message))
            continue
        if isinstance(block, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
            entry = block.ignore_error_block
            if not isinstance(entry, model.Entry):
                continue
        elif isinstance(block, model.Entry):
            entry = block
        elif isinstance(block, model.ParsingFailedBlock):
            entry = _repaired(block, line, report, problem, notes)
            if entry is None:
                continue
        else:
            continue
        counts = Counter(f.key.lower() for f in entry.fields)
        twice = sorted(name for name, n in counts.items() if n > 1)
        if twice:
            notes.append(f"field(s) {', '.join(twice)} given twice; the first value is used")
        key = entry.key
        if key in first:
            earlier, at = first[key]
            if _raw_title(earlier) == _raw_title(entry):
                report.read += 1
                message = f"duplicate key {_short(key)!r}: the same work as on line {at}; kept once"
                report.notes.append(problem(line, key, message))
                continue
            n = 2
            while f"{key}-{n}" in first:
                n += 1
            key = f"{key}-{n}"
            notes.append(f"duplicate key {_short(entry.key)!r} (line {at}) names another work; "
                         f"kept as {_short(key)!r}")  # fmt: skip
        first[key] = (entry, line)
        out.append((entry, line, notes, key))
    by_case: dict[str, tuple[str, int]] = {}
    for _, line, notes, key in out:
        other = by_case.setdefault(key.lower(), (key, line))
        if other[0] != key:
            notes.append(f"key {_short(key)!r} differs from {_short(other[0])!r} (line "
                         f"{other[1]}) only in case: both are kept, but BibTeX and LaTeX "
                         "citations may confuse them")  # fmt: skip
    return out


def _repaired(block: Any, line: int, report: BibReport, problem: _Problem, notes: list[str]) -> Any:
    """The entry of a block bibtexparser could not read, if repairing it is unambiguous;
    else ``None``, with the block reported (an unclosed @comment only as a note)."""
    kind = re.match(r"\s*@\s*(\w*)", block.raw)
    kind = kind.group(1).lower() if kind else ""
    if kind in ("comment", "preamble"):
        report.notes.append(problem(line, "", f"@{kind} not closed before the next entry; skipped"))
        return None
    if kind == "string":
        report.errors.append(
            problem(line, "", "@string could not be read (unbalanced braces or quotes?); skipped")
        )
        return None
    repaired, how = _repair(block.raw)
    again = _parse(repaired) if repaired else None
    if again is not None and len(again.entries) == 1 and not again.failed_blocks:
        notes.append(how)
        return again.entries[0]
    report.read += 1
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", block.raw)
    report.errors.append(problem(
        line, key.group(1) if key else "",
        "entry could not be read (unbalanced braces or quotes?) and could not be "
        "repaired unambiguously; entry skipped",
    ))  # fmt: skip
    return None


def _evaluate(entry: Any, macros: _Macros, notes: list[str]) -> dict[str, str] | str:
    """An entry's fields as text (macros resolved), or why they cannot be: a field too long."""
    raw: dict[str, str] = {}
    for f in entry.fields:
        raw.setdefault(f.key.lower(), str(f.value))
    fields: dict[str, str] = {}
    undefined: list[str] = []
    for key, value in _split_swallowed_fields(raw).items():
        try:
            fields[key] = macros.evaluate(value, undefined)
        except _TooLong as exc:
            return f"field {_short(key, 30)!r} {exc}"
    if undefined:
        notes.append(f"undefined @string macro(s) kept as text: {_listing(undefined)}")
    return fields


# Entry types of volumes that hold other works: a personal list has them as crossref parents.
_CONTAINERS = {"proceedings", "mvproceedings", "collection", "mvcollection", "mvbook",
               "periodical", "mvreference", "reference"}  # fmt: skip
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?:\s|$)")


def _names_owner(fields: dict[str, str], owners: list[Name]) -> bool:
    people = " and ".join(fields.get(k, "") for k in ("author", "editor") if fields.get(k))
    return any(Name.parse(a["name"]).matches(o) for a in _authors(people)[0] for o in owners)


def _container(entry_type: str, parent: bool, fields: dict[str, str], owners: list[Name]) -> str:
    """Why an entry is a volume of other people's works and no publication, or ''."""
    kind = entry_type.lower()
    if (kind not in _CONTAINERS and kind != "book") or _names_owner(fields, owners):
        return ""
    if parent:
        return f"@{kind} that other entries cite (crossref): not listed as a publication"
    if kind in _CONTAINERS and owners:
        return f"@{kind} that does not name the owner: a volume, not listed as a publication"
    return ""


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


def read_bib(text: str, source: str, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Parse BibTeX text → [(publication data, line)], and a report of what happened.

    Never raises: every entry that cannot be used is an error in the report, with its line."""
    report = BibReport(source)
    owner_names = [Name.parse(o) for o in owners if o.strip()]
    library = _parse(text)
    lines = text.splitlines()

    def problem(line: int | None, key: str, message: str) -> Problem:
        return Problem(source, line, None, _short(key), message)

    macros = _Macros(budget=4 * len(text) + 1_000_000)
    for block in library.strings:
        why = macros.define(block.key, str(block.value))
        if why:
            line = getattr(block, "start_line", 0) + 1
            message = f"@string value {why}; entries using it are skipped"
            report.errors.append(problem(line, block.key, message))
    for i, line_text in enumerate(lines, start=1):
        if _CONFLICT.match(line_text):
            marker = _short(line_text.strip(), 30)
            report.notes.append(problem(i, "", f"git merge-conflict marker {marker!r} ignored; "
                                        "check the entries around it"))  # fmt: skip

    raw = _entries(library, report, problem, lines)
    evaluated: dict[str, dict[str, str]] = {}
    unusable: dict[str, str] = {}
    for entry, _, notes, key in raw:
        fields = _evaluate(entry, macros, notes)
        if isinstance(fields, str):
            unusable[key] = fields
            fields = {}
        evaluated[key] = fields

    keys = _Keys(evaluated)
    parents = {keys.find(f.get("crossref", "")) for f in evaluated.values()} - {None}
    findings = _Findings()
    out: list[tuple[dict, int]] = []
    guessed: list[tuple[dict, int]] = []  # the owner found by name, not by author+an
    for entry, line, notes, key in raw:
        report.read += 1
        if key in unusable:
            report.errors.append(problem(line, key, f"{unusable[key]}; entry skipped"))
            continue
        why = _container(entry.entry_type, key in parents, evaluated[key], owner_names)
        if why:
            report.notes.append(problem(line, key, why))
            continue
        fields, note = _inherit(key, keys)
        if note:
            notes.append(note)
        unknown: list[str] = []
        try:
            pub, more = entry_to_publication(entry.entry_type, key, fields, owner_names, unknown)
        except ValueError as exc:
            hint = next((f" ({n})" for n in notes if n.startswith("crossref")), "")
            report.errors.append(problem(line, key, f"{exc}{hint}; entry skipped"))
            continue
        findings.add(unknown, line, key)
        report.notes.extend(problem(line, key, n) for n in [*notes, *more])
        out.append((pub, line))
        said = fields.get(ANNOTATIONS)
        said = _read_annotations(said, len(pub["authors"])) if said is not None else None
        if not (said and said[1]):  # the file does not say who the owner is
            guessed.append((pub, line))
    report.notes.extend(findings.problems(problem))
    summary = _owner_summary(guessed, owner_names)
    if summary:
        report.notes.append(problem(None, "", summary))
    report.written = len(out)
    report.errors.sort(key=lambda p: p.line or 0)
    report.notes.sort(key=lambda p: p.line or 0)
    return out, report


def read_bib_file(path: Path, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Read a .bib file (UTF-8, or else Windows-1252 or Latin-1, with a note).

    Raises :class:`cvbuilder.files.FileProblem` for a path that is no readable regular file
    under the size limit; everything else is in the report."""
    from cvbuilder.files import read_input

    raw = read_input(path).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return read_bib(text, str(path), owners)
    try:  # Windows-1252 is Latin-1 with typographic quotes and dashes where Latin-1 has controls
        text, encoding = raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "Latin-1"
    entries, report = read_bib(text, str(path), owners)
    message = f"not UTF-8 (byte 0x{raw[bad]:02x}); read as {encoding}"
    report.notes.insert(0, Problem(str(path), raw.count(b"\n", 0, bad) + 1, None, "", message))
    return entries, report


def to_yaml(publications: list[dict[str, Any]]) -> str:
    """``publications:`` as YAML in the profile's own format (plain strings where possible)."""
    import yaml

    def compact(pub: dict[str, Any]) -> dict[str, Any]:
        authors = [a["name"] if set(a) == {"name"} else a for a in pub["authors"]]
        return {**pub, "authors": authors}

    class Dumper(yaml.SafeDumper):
        pass

    def flow_authors(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
        flow = set(data) <= {"name", "owner", "equal", "corresponding", "lead"}
        return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow or None)

    Dumper.add_representer(dict, flow_authors)
    body = yaml.dump(
        {"publications": [compact(p) for p in publications]},
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return body


# --- writing -----------------------------------------------------------------------------

_ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "thesis": "phdthesis",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "patent": "patent",
}
_VENUE_KEY = {
    "inproceedings": "booktitle",
    "article": "journal",
    "phdthesis": "school",
    "techreport": "institution",
    "book": "publisher",
    "incollection": "booktitle",
    "misc": "howpublished",
    "patent": "howpublished",
}
_LINK_KEYS = {
    "paper": "url",
    "pdf": "pdf",
    "code": "code",
    "arxiv": "arxiv",
    "doi": "doi",
    "slides": "slides",
    "video": "video",
    "project": "website",
}
_ROLES = ("owner", "equal", "corresponding", "lead")
# Characters LaTeX (or BibTeX) treats specially, as commands in braces that read back as them:
# a brace or backslash in text can then neither unbalance nor end a field.
_TEXT_CHARS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "$": r"{\$}",
    "%": r"{\%}",
    "&": r"{\&}",
    "#": r"{\#}",
    "_": r"{\_}",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
    '"': '{"}',
}
_NAME_CHARS = {"*": "{*}", "†": r"{\dag}", "‡": r"{\ddag}"}  # else read as author markers
_LIGATURES = {"--", "``", "''", "?`", "!`"}  # LaTeX joins these; {} keeps them apart
_LINK_ESCAPED = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_+:.-]*$")


def _balanced(text: str) -> bool:
    depth = 0
    for m in re.finditer(r"[{}]", text):
        depth += 1 if m[0] == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _safe(value: str) -> bool:
    """True when ``{value}`` is one field value to BibTeX, to bibtexparser (which ignores
    braces after a backslash) and to this module: braces balanced either way, no backslash
    before the closing brace, no line that starts an entry."""
    return (
        _balanced(value)
        and _balanced(re.sub(r"\\[{}]", "", value))
        and not value.endswith("\\")
        and not re.search(r"\n\s*@", value)
    )


@functools.cache
def _latex_char(ch: str) -> str:
    """One character as LaTeX that reads back as it (pylatexenc's name for it, in braces),
    or the character itself."""
    if ch in _TEXT_CHARS:
        return _TEXT_CHARS[ch]
    if ch.isascii():
        return ch
    from pylatexenc.latexencode import unicode_to_latex

    code = unicode_to_latex(
        ch, replacement_latex_protection="braces-all", unknown_char_warning=False
    )
    return code if _safe(code) and _latex_to_text(code) == ch else ch


def _latex(text: str, name: bool = False) -> str:
    """Unicode text → LaTeX that :func:`_latex_to_text` reads back as the same text; in a
    name, also the characters the import would take for author markers."""
    out: list[str] = []
    prev = ""
    for ch in " ".join(text.split()):
        if prev + ch in _LIGATURES:
            out.append("{}")
        out.append((_NAME_CHARS.get(ch) if name else None) or _latex_char(ch))
        prev = ch
    return "".join(out)


def _read_name(raw: str) -> str | None:
    """What the import makes of one written author: the name, or ``None`` for anything else
    (several people, 'others', a marker)."""
    authors, et_al = _authors(raw)
    return authors[0]["name"] if len(authors) == 1 and len(authors[0]) == 1 and not et_al else None


def _bib_name(name: str) -> str:
    """One author: ``Last, First`` when that reads back as ``name``, else the whole name in
    braces (one last name that no ``and`` or comma can split)."""
    parts = Name.parse(name)
    order = (parts.last, parts.jr, parts.first) if parts.jr else (parts.last, parts.first)
    plain = ", ".join(_latex(p, name=True) for p in order if p)
    lone_and = re.search(r"(?i)(?:^|\s)and(?:\s|$)", plain)  # other tools split there
    if not lone_and and _read_name(plain) == name:
        return plain
    braced = _latex(name, True)
    return "{{" + braced + "}}" if _braced_list(braced) else "{" + braced + "}"


def _annotations(authors: list[Any]) -> str:
    """Owner and roles as biblatex data annotations: ``1=owner,equal; 3=corresponding``."""
    marks = [(i, [r for r in _ROLES if getattr(a, r)]) for i, a in enumerate(authors, start=1)]
    return "; ".join(f"{i}={','.join(roles)}" for i, roles in marks if roles)


def _fields(pub: Any, etype: str) -> list[tuple[str, str]]:
    """A publication's standard BibTeX fields: (name, value written inside braces)."""
    authors = [_bib_name(a.name) for a in pub.authors] + (["others"] if pub.et_al else [])
    fields = [("title", "{" + _latex(pub.title) + "}")]  # inner braces keep its capitals
    if authors:
        fields.append(("author", " and ".join(authors)))
        fields.append((ANNOTATIONS, _annotations(pub.authors)))  # its absence means "guess"
    if pub.venue:
        fields.append((_VENUE_KEY[etype], _latex(pub.venue)))
    if pub.venue_short:
        fields.append(("abbr", _latex(pub.venue_short)))
    if pub.year:
        fields.append(("year", str(pub.year)))
    if pub.month:
        fields.append(("month", _MONTH_MACROS[pub.month - 1]))
    fields.append(("pubtype", pub.type.value))
    if pub.note:
        fields.append(("note", _latex(pub.note)))
    for target, key in _LINK_KEYS.items():
        value = getattr(pub.links, target)
        if value:
            fields.append((key, re.sub(r"[\\{}]", lambda m: _LINK_ESCAPED[m[0]], value)))
    if pub.selected:
        fields.append(("selected", "true"))
    keywords = pub.bibtex.get("keywords", "")  # the file's own, which gave the tags
    if not keywords or not _safe(keywords):
        keywords = ", ".join(pub.tags)
    if keywords:
        fields.append(("keywords", keywords))
    taken = {k for k, _ in fields} | {"crossref", EXTRA}
    fields.extend(
        (k, v)
        for k, v in pub.bibtex.items()
        if k.lower() not in taken and _FIELD_NAME.match(k) and _safe(v)
    )
    return fields


def _format(etype: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{etype}{{{key},\n{body}\n}}\n"


def _json(data: dict[str, Any]) -> str:
    """JSON that BibTeX holds safely: ASCII, and braces inside strings as ``\\u`` escapes, so
    the only braces are the JSON's own, balanced."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return re.sub(
        r'"(?:[^"\\]|\\.)*"',
        lambda m: m[0].replace("{", "\\u007b").replace("}", "\\u007d"),
        text,
    )


def _difference(pub: Any, key: str, text: str) -> dict[str, Any]:
    """What reading ``text`` back gets wrong about ``pub``: the values to set (``None``:
    remove). A publication without id gets its citation key."""
    from pydantic import ValidationError

    from cvbuilder.schema.model import Publication

    want = pub.model_dump(mode="json", exclude_defaults=True)
    want.setdefault("id", key)
    back, _ = read_bib(text, "export", [])
    got: dict[str, Any] = back[0][0] if len(back) == 1 else {}
    with contextlib.suppress(ValidationError):  # then compared as read
        got = Publication.model_validate(got).model_dump(mode="json", exclude_defaults=True)
    diff = {k: v for k, v in want.items() if got.get(k) != v}
    diff.update({k: None for k in got if k not in want})
    return diff


def _entry(pub: Any, key: str) -> str:
    """One publication as an entry that reads back exactly: standard fields, plus
    ``x-cvbuilder`` with whatever they do not carry (a summary, a priority, …)."""
    etype = _ENTRY_TYPES.get(pub.type.value, "misc")
    fields = _fields(pub, etype)
    text = _format(etype, key, fields)
    diff = _difference(pub, key, text)
    return _format(etype, key, [*fields, (EXTRA, _json(diff))]) if diff else text


# Letters that Unicode does not decompose into an ASCII letter and an accent.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d",
                          "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})  # fmt: skip


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return re.sub(r"[^a-z0-9]", "", text)


def _keys(publications: list[Any]) -> list[str]:
    """Citation keys: each publication's id, else ``lastnameYEARword`` in ASCII; unique
    regardless of case (as BibTeX compares them), a clash getting a letter."""
    reserved = {p.id.lower() for p in publications if p.id}
    used: set[str] = set()
    keys = []
    for pub in publications:
        word = next((w for w in map(_ascii, pub.title.split()) if w), "")
        last = Name.parse(pub.authors[0].name).last if pub.authors else ""
        base = pub.id or f"{_ascii(last)}{pub.year or ''}{word}" or "entry"
        key, n = base, 0
        while key.lower() in used or (key != pub.id and key.lower() in reserved):
            n += 1
            key = base + (chr(ord("a") + n - 1) if n <= 26 else str(n))
        used.add(key.lower())
        keys.append(key)
    return keys


def export(publications: list[Any]) -> str:
    """Publications → BibTeX that :func:`read_bib` reads back to exactly the same data.

    No value can end its field or start an entry: text is LaTeX with every special character
    as a command, links escape only ``\\ { }``, and raw ``bibtex`` values that would unbalance
    the file go into ``x-cvbuilder``. The owner and the roles are biblatex annotations
    (``author+an = {1=owner; 2=equal,corresponding}``), never markers in a name; keys are
    ASCII and unique."""
    keys = _keys(publications)
    return "\n".join(_entry(pub, key) for pub, key in zip(publications, keys, strict=True))
