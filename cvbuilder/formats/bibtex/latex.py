"""LaTeX in BibTeX values → Unicode text (accents, symbols, formatting, math, HTML)."""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from cvbuilder.formats.bibtex.aas import AAS_JOURNALS
from cvbuilder.formats.bibtex.latex_macros import (
    _ACCENTS,
    _KEEP,
    _KINDS,
    _LIGATURE_TEXT,
    _MATH_ACCENTS,
    _MATH_KEEP,
    _PHYSICS,
    _STAND_INS,
    _TWO,
    _accent,
    _math_accent,
    _script,
    _symbols,
)
from cvbuilder.schema.charset import printable as typesettable  # any engine

# A small reader of the LaTeX that .bib files hold (accents, symbols, formatting, math), written
# for them instead of pylatexenc's general one: ten times faster, and it keeps what a general
# reader drops (the argument of a user macro such as \myname{Ginsburg}, the name of a journal
# macro such as \apj) and reports it.


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
