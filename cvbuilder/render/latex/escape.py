"""Profile text → LaTeX that prints exactly that text: escaping, links and inline markup.

Everything a profile says reaches LaTeX through :func:`esc`, :func:`markup` or :func:`href`;
layouts never paste raw profile strings into LaTeX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from pylatex.utils import _latex_special_chars

from cvbuilder.schema.charset import MATH, MATH_NOT_TEXT, SUBSCRIPTS, SUPERSCRIPTS
from cvbuilder.tex.engines import current
from cvbuilder.tex.scripts import RUN_COMMANDS, runs_classes

# PyLaTeX's table, plus characters that T1 fonts would turn into something else:
# ^ and ~ as ASCII (not accents), < > as themselves (not ¡ ¿), and ligature
# breakers so `` '' ,, << >> -- never become quotes, guillemets or dashes.
_ESCAPES = {
    **_latex_special_chars,
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
    "'": r"\textquotesingle{}",
    '"': r"\textquotedbl{}",
    ",,": ",{},{}",  # a third comma after it must not make a ligature either
    "\n": " ",
    "…": "...",  # T1 has no ellipsis glyph; \textellipsis would extract as ". . ."
    **{chr(cp): rf"\ensuremath{{{cmd}}}" for cp, cmd in MATH.items()},
}
_SCRIPTS = {"sup": (SUPERSCRIPTS, r"\textsuperscript"), "sub": (SUBSCRIPTS, r"\textsubscript")}


def _pattern(escapes: dict[str, str], runs: dict[str, str] | None = None) -> re.Pattern[str]:
    """Scripts, then special characters, then ``runs`` (name → a character class) in order."""
    return re.compile(
        "|".join(
            [
                *(f"(?P<{k}>[{''.join(map(re.escape, t))}]+)" for k, (t, _) in _SCRIPTS.items()),
                r"(?P<tight>(?<=[A-Za-z])\+\+|(?<=\b[A-Z])#)",  # C++, C#, F#: set tight
                *map(re.escape, sorted(escapes, key=len, reverse=True)),
                # a run of words: "Иван Петров" is one \\cvcyr{…}, spaces included
                *(
                    f"(?P<{name}>[{chars}]+(?: +[{chars}]+)*)"
                    for name, chars in (runs or {}).items()
                ),
            ]
        )
    )


_ESCAPE_RX = _pattern(_ESCAPES)

# Under XeLaTeX Greek is text, not math; runs of characters Charter lacks and xeCJK does not
# set are wrapped in a font that has them: \cvcyr, \cvgrk or \cvalt (see tex/scripts.py).
_XE_ESCAPES = {k: v for k, v in _ESCAPES.items()
               if not 0x370 <= ord(k[0]) <= 0x3FF and k not in MATH_NOT_TEXT}  # fmt: skip
"""Greek, and the math symbols whose math glyphs read back wrong, are text under XeLaTeX."""
_XE_ESCAPE_RX: re.Pattern[str] | None = None  # compiled on first use (a long class)


_LONG_WORD = re.compile(r"\S{40,}")


def esc(text: str) -> str:
    """Plain profile text → LaTeX that prints exactly that text.

    A run of 40 or more characters without a space (a pasted URL, a hash) may break every 20
    characters, so it wraps instead of running off the page."""
    out, pos = [], 0
    for match in _LONG_WORD.finditer(text):
        out.append(_escape(text[pos : match.start()]))
        word = match.group()
        out.append(
            r"\allowbreak{}".join(_escape(word[i : i + 20]) for i in range(0, len(word), 20))
        )
        pos = match.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


_ASCII_TRIGGERS = "".join(sorted({k for k in _ESCAPES if len(k) == 1 and k.isascii()} | {"+", "#"}))
_ASCII_LONGER = [re.escape(k) for k in _ESCAPES if len(k) > 1 and k.isascii()]  # ",,"
_ASCII_SPECIAL = re.compile("|".join([f"[{re.escape(_ASCII_TRIGGERS)}]", *_ASCII_LONGER]))
"""The ASCII characters any pattern above acts on: ASCII text without them is its own LaTeX
(most profile text: checking it is ten times cheaper than the long pattern)."""


def _escape(text: str) -> str:
    global _XE_ESCAPE_RX
    if text.isascii() and not _ASCII_SPECIAL.search(text):
        return text
    if current().name == "xelatex":
        if _XE_ESCAPE_RX is None:
            _XE_ESCAPE_RX = _pattern(_XE_ESCAPES, runs_classes())
        return _XE_ESCAPE_RX.sub(_replace, text)
    return _ESCAPE_RX.sub(_replace, text)


def _replace(m: re.Match[str]) -> str:
    """A special character's LaTeX, or a run of ²/₂-style characters as a real script."""
    kind = m.lastgroup
    if kind is None:
        return _ESCAPES[m.group()]
    if kind == "tight":
        return r"\cvtight{+}\cvtight{+}" if m.group() == "++" else r"\cvtight{\#}"
    if kind in RUN_COMMANDS:
        return rf"\{RUN_COMMANDS[kind]}{{{m.group()}}}"
    table, command = _SCRIPTS[kind]
    base = "".join(table[ch] for ch in m.group()).replace("\u2212", r"\textminus{}")
    return f"{command}{{{base}}}"


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


_RAW_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def encode_url(url: str) -> str:
    """The URL with everything a PDF viewer or TeX could misread percent-encoded, keeping its
    meaning: a raw ``%`` becomes ``%25``; in a ``mailto:`` address ``#``, ``?`` and ``%`` are
    part of the address (``a#b@x.org``), so they are encoded too."""
    if url.lower().startswith("mailto:"):
        return "mailto:" + quote(url[7:], safe="@!$&'*+,;=-._~")
    return quote(_RAW_PERCENT.sub("%25", url), safe="/:?&=+$,;@!*()'-._~%#[]")


def href(url: str, label: str) -> str:
    r"""A link; ``label`` is LaTeX already. Only http(s), mailto and doi links are clickable."""
    if url.lower().startswith("doi:"):
        url = "https://doi.org/" + url[4:]
    if not url.lower().startswith(_SAFE_SCHEMES):
        return label
    safe = encode_url(url).replace("\\", "%5C").replace("%", r"\%").replace("#", r"\#")
    return rf"\href{{{safe}}}{{{label}}}"


_MD = None
_MARKUP_CHARS = re.compile(r"[*_\[]")


def markup(text: str) -> str:
    """Tiny inline markup (**bold**, *italic*, [label](https://…)) → LaTeX; the rest is escaped."""
    global _MD
    if not _MARKUP_CHARS.search(text):
        return esc(text)  # nothing to parse: skip markdown-it (and its import)
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("zero").enable(["emphasis", "link"])
    out: list[str] = []
    link_stack: list[tuple[int, str]] = []
    for tok in _MD.parseInline(text)[0].children or []:
        if tok.type == "text":
            out.append(esc(tok.content))
        elif tok.type == "strong_open":
            out.append(r"\textbf{")
        elif tok.type == "em_open":
            out.append(r"\emph{")
        elif tok.type in ("strong_close", "em_close"):
            out.append("}")
        elif tok.type == "link_open":
            link_stack.append((len(out), str(tok.attrs.get("href", ""))))
        elif tok.type == "link_close":
            start, url = link_stack.pop()
            out[start:] = [href(url, "".join(out[start:]))]
        else:
            out.append(esc(tok.content))
    return "".join(out)


def join(parts: Iterable[str | None], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)
