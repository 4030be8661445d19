"""Text as people write it: HTML → the profile's markup, characters no font has."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from cvbuilder.schema.charset import printable as any_engine
from cvbuilder.schema.charset import typesettable

_GAP = "\ue000"  # where a character was left out, until the spacing around it is tidied
_GAPS = re.compile(r"[ \t]*\ue000[\ue000 \t]*")
_OPENING, _CLOSING = "\n([{\"'“‘", "\n)]}.,;:!?\"'”’"


def _tidy_gaps(text: str) -> str:
    """Remove the gaps left by dropped characters without leaving '( React' or double spaces."""

    def gap(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not before or not after or before in _OPENING or after in _CLOSING:
            return ""
        return " " if m[0].strip(_GAP) else ""

    return _GAPS.sub(gap, text).strip()


@dataclass
class Printable:
    """Text made printable where that keeps its meaning (see :func:`printable`)."""

    text: str
    dropped: list[str] = field(default_factory=list)  # emoji, symbols, invisible characters
    unaccented: list[str] = field(default_factory=list)  # Latin letters written without accent


def printable(text: str) -> Printable:
    """``text`` with each character pdfLaTeX cannot print replaced where a plain equivalent
    means the same (``…`` → ``...``, full-width ``，`` → ``,``), so a document needs XeLaTeX
    only for real letters of other scripts (CJK, Cyrillic, Greek), which stay; characters no
    font has are unaccented (``ǹ`` → ``n``) or, as decoration (emoji, symbols, invisible
    format characters), dropped."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return Printable(text)
    out: list[str] = []
    result = Printable(text)
    for ch in text:
        if typesettable(ch) or ch in "\n\t" or unicodedata.category(ch) == "Cc":
            out.append(ch)
            continue
        compatible = unicodedata.normalize("NFKC", ch)
        if compatible != ch and all(typesettable(c) for c in compatible):
            out.append(compatible)
            continue
        if any_engine(ch):
            out.append(ch)
            continue
        if unicodedata.name(ch, "").startswith("LATIN"):
            decomposed = unicodedata.normalize("NFKD", ch)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            if base and all(any_engine(c) for c in base):
                out.append(base)
                result.unaccented.append(ch)
                continue
        if unicodedata.category(ch)[0] in "SCMZ":  # symbols, format, private use, marks, spaces
            out.append(_GAP)
            if ch not in result.dropped:
                result.dropped.append(ch)
            continue
        out.append(ch)
    result.text = _tidy_gaps("".join(out)) if result.dropped else "".join(out)
    return result


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` no font of the documents has, each once, in order."""
    return list(dict.fromkeys(ch for ch in text if ch != "\n" and not any_engine(ch)))


_SCRIPTS = {"CJK": "CJK", "HIRAGANA": "Japanese kana", "KATAKANA": "Japanese kana",
            "HANGUL": "Korean Hangul"}  # fmt: skip


def in_script(text: str) -> str | None:
    """ "'Матвей Жучков' is written in Cyrillic script, which no font cvbuilder uses has" when what
    no font has in ``text`` is letters of other scripts (a clearer message than every
    character's name); ``None`` when it refuses something else or nothing."""
    letters = [ch for ch in unprintable(text) if unicodedata.category(ch)[0] in "LN"]
    if not letters:
        return None
    words = (unicodedata.name(ch, "unnamed").split()[0].split("-")[0] for ch in letters)
    scripts = sorted({_SCRIPTS.get(w, w.title()) for w in words})
    named = " and ".join(scripts[:3]) + (" and others" if len(scripts) > 3 else "")
    shown = text if len(text) <= 40 else text[:39] + "…"
    return f"{shown!r} is written in {named} script, which no font cvbuilder uses has"


_PARENS = re.compile(r"\s*\(([^()]*)\)")
_LETTER = re.compile(r"[^\W\d_]")


def _readable(text: str) -> bool:
    return bool(_LETTER.search(text)) and not unprintable(text)


def latin_part(text: str, name: bool = False) -> str | None:
    """The part of a one-line text pdfLaTeX can print when the rest is the same thing in
    another script: ``Trajectry (前身为…)`` → ``Trajectry``, ``北京大学 (Peking University)``
    → ``Peking University``, and for a person's name also ``Abraham Yang 杨杨`` → ``Abraham
    Yang``. ``None`` when no such part exists (the text is all in another script)."""
    outside = _PARENS.sub(lambda m: "" if unprintable(m[1]) else m[0], text).strip()
    if _readable(outside):
        return outside
    inside = [m[1].strip() for m in _PARENS.finditer(text) if _readable(m[1])]
    if len(inside) == 1 and not _readable(_PARENS.sub("", text)):
        return inside[0]
    if name:
        words = [w for w in re.split(r"[\s/|,;·・]+", text) if w and not unprintable(w)]
        joined = " ".join(words).strip("()[] ")
        if _readable(joined):
            return joined
    return None


# HTML as résumé themes render it: only text that uses these tags (or entities) is read as HTML,
# so 'a < b' or 'R&D' stay as written.
_HTML_TAG = re.compile(
    r"</?\s*(a|b|strong|em|i|u|br|p|ul|ol|li|span|div|h[1-6]|small|sup|sub|code|hr|font|mark|"
    r"s|del|strike|blockquote|pre|img|table|tr|td|th)\b[^<>]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCKS = {"br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "hr",
           "table"}  # fmt: skip
_EMPHASIS = {"b": "**", "strong": "**", "em": "*", "i": "*"}
_HIDDEN = {"script", "style", "head", "title"}
_LINKABLE = re.compile(r"^(https?://|mailto:)\S+$", re.IGNORECASE)


class _HTML(HTMLParser):
    """HTML → the profile's markup (``**bold**``, ``*italic*``, ``[label](url)``) or plain
    text; items of a top-level ``<ul>``/``<ol>`` are collected apart, as list entries."""

    def __init__(self, markup: bool):
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.frames: list[list[str]] = [[]]  # the text, then the list item being read
        self.items: list[str] = []
        self.lost: list[str] = []  # link targets that plain text cannot keep
        self.open: list[tuple[str, int, int, str]] = []  # (tag, frame, position, href)
        self.lists = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in ("ul", "ol"):
            self.lists += 1
            self.frames[-1].append("\n")
        elif tag == "li":
            if self.lists <= 1:
                self._end_item()
                self.frames.append([])
            else:
                self.frames[-1].append("\n")
        elif tag in _BLOCKS:
            self.frames[-1].append("\n")
        elif tag in _EMPHASIS or tag == "a":
            href = (dict(attrs).get("href") or "") if tag == "a" else ""
            self.open.append((tag, len(self.frames) - 1, len(self.frames[-1]), href.strip()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.frames[-1].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("ul", "ol"):
            if self.lists == 1:
                self._end_item()
            self.lists = max(0, self.lists - 1)
        elif tag == "li" and self.lists <= 1:
            self._end_item()
        elif tag in _BLOCKS:
            self.frames[-1].append("\n")
        elif tag in _EMPHASIS or tag == "a":
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.frames[-1].append(re.sub(r"\s+", " ", data))

    def _close(self, tag: str) -> None:
        """Wrap what an emphasis or link tag enclosed, if it opened in the same frame."""
        for n in range(len(self.open) - 1, -1, -1):
            name, frame, start, href = self.open[n]
            if name != tag:
                continue
            del self.open[n:]
            if frame != len(self.frames) - 1:
                return
            parts = self.frames[frame]
            content = "".join(parts[start:])
            core = content.strip()
            lead, trail = (
                content[: len(content) - len(content.lstrip())],
                content[len(content.rstrip()) :],
            )
            if tag != "a":
                wrapped = (
                    f"{_EMPHASIS[tag]}{core}{_EMPHASIS[tag]}" if core and self.markup else core
                )
            else:
                href = href.rstrip(">")  # '<a href=\'https://…>\'>' is a common slip
                if self.markup and _LINKABLE.match(href):
                    label = (core or href).replace("[", "(").replace("]", ")")
                    target = href.replace("(", "%28").replace(")", "%29")
                    wrapped = f"[{label}]({target})"
                else:
                    wrapped = core or href
                    if href and href not in core:
                        self.lost.append(href)
            parts[start:] = [lead, wrapped, trail]
            return

    def _end_item(self) -> None:
        if len(self.frames) > 1:
            self.open = [o for o in self.open if o[1] < len(self.frames) - 1]
            item = _squeeze("".join(self.frames.pop()))
            if item:
                self.items.append(item)

    def result(self) -> tuple[str, list[str], list[str]]:
        self.close()
        while len(self.frames) > 1:
            self._end_item()
        return _squeeze("".join(self.frames[0])), self.items, self.lost


def _squeeze(text: str) -> str:
    """Whitespace as HTML shows it: runs of spaces collapse, empty lines go."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def from_html(text: str, markup: bool) -> tuple[str, list[str], list[str]] | None:
    """Text written as HTML → (its markup or plain text, the items of its lists, link targets
    plain text could not keep); ``None`` when ``text`` uses no HTML (the common case)."""
    if "<" in text and _HTML_TAG.search(text):
        parser = _HTML(markup)
        parser.feed(text)
        return parser.result()
    if "&" in text and _ENTITY.search(text):
        text = _ENTITY.sub(lambda m: html.unescape(m[0]).replace("\xa0", " "), text)
        return re.sub(r"(?<=\S) {2,}", " ", text), [], []
    return None
