"""JSON Resume in and out (https://jsonresume.org/schema, 1.x, and the older 0.x key names).

Import maps every standard section to the profile and reports, by JSON path, whatever had no
place. It takes any JSON value without raising: a value of the wrong kind (a number for a
name, a string for a list) is reported and left out, the rest imported. Real files are read
the way their authors meant them (see ``tests/data/wild/README.md``): HTML in text becomes the
profile's markup, dates such as ``07/2025``, ``May 2022`` or ``'16`` are understood, a missing
end date means ongoing, a profile with only a user name gets its link, non-standard keys that
have an obvious place (``experience`` for ``work``, ``Technical skills``, ``authors``) go there
with a note, and characters pdfLaTeX cannot print are left out one by one where the rest of
the text still reads. Export writes standard keys only where the standard has a place and
keeps everything else under ``x-cvbuilder`` keys (documented in the README), so export →
import gives the same profile back.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cvbuilder.schema.charset import typesettable
from cvbuilder.schema.dates import parse_date

EXTRA = "x-cvbuilder"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
MAX_DEPTH = 200
"""Deepest JSON nesting read: no résumé comes near, and ``json.loads`` recurses (100,000
nested brackets raise RecursionError), so depth is checked before it runs."""
UNKNOWN = "Unknown"  # the name of a person the document does not name printably


# --- reading JSON ------------------------------------------------------------------------


class JSONProblem(ValueError):
    """Text that is not JSON this module reads; ``line`` and ``col`` (1-based) say where."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


class Document(dict):  # type: ignore[type-arg]
    """A JSON object read from a file, with ``notes`` on what reading it repaired (comments);
    :func:`to_profile` reports them, so a caller needs nothing extra to pass them on."""

    notes: list[str]


# Strings (skipped), brackets (counted), and the non-JSON constants json.loads accepts.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|NaN|-?Infinity', re.DOTALL)
# Strings (kept) and comments (blanked): what JSONC editors (VS Code) allow in .json files.
_COMMENTS = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _where(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def _check(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and NaN/Infinity, in one pass without recursion."""
    depth = 0
    for m in _TOKENS.finditer(text):
        token = m[0]
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise JSONProblem(
                    *_where(text, m.start()), f"nested deeper than {MAX_DEPTH} levels"
                )
        elif token in "]}":
            depth -= 1
        else:
            raise JSONProblem(*_where(text, m.start()), f"not valid JSON: {token} is no JSON value")


def _int(digits: str) -> int | str:
    """A JSON integer; thousands of digits stay text (Python refuses to convert them)."""
    return int(digits) if len(digits) <= 1000 else digits


def parse_json(text: str) -> Any:
    """JSON text → its value; :class:`JSONProblem` for anything that is not JSON or is nested
    deeper than :data:`MAX_DEPTH`."""
    _check(text)
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise JSONProblem(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None


def _without_comments(text: str) -> tuple[str, list[int]]:
    """``//`` and ``/* */`` comments outside strings blanked out (newlines kept, so positions
    stay), and the lines they start on. A ``//`` inside a string (``https://``) is text."""
    lines: list[int] = []

    def blank(m: re.Match[str]) -> str:
        if m[0][0] == '"':
            return m[0]
        lines.append(text.count("\n", 0, m.start()) + 1)
        return re.sub(r"[^\n]", " ", m[0])

    return _COMMENTS.sub(blank, text), lines


def _ranges(numbers: list[int], most: int = 8) -> str:
    """[17, 18, 19, 33] → '17-19, 33' for a report line, at most ``most`` runs."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    shown = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs[:most])
    return shown + (", …" if len(runs) > most else "")


def load_json(path: Path) -> Any:
    """The value of a JSON file: UTF-8, a byte-order mark allowed.

    A file that is JSON only once its ``//`` or ``/* */`` comments are skipped (JSONC, which
    editors accept in ``.json`` files) is read without them; the result is then a
    :class:`Document` whose note says so. Raises :class:`cvbuilder.files.FileProblem`, one
    line naming the file: from :func:`cvbuilder.files.read_input` (no regular file, too big),
    or ``{path}:{line}:{col}: not valid JSON: {msg}`` (also for bytes that are not UTF-8, and
    NaN or Infinity), or ``{path}:{line}:{col}: nested deeper than 200 levels``."""
    from cvbuilder.files import FileProblem, read_input

    raw = read_input(path).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - raw.rfind(b"\n", 0, exc.start)
        byte = raw[exc.start]
        raise FileProblem(
            f"{path}:{line}:{col}: not valid JSON: byte 0x{byte:02x} is not UTF-8"
        ) from None
    try:
        return parse_json(text)
    except JSONProblem as exc:
        problem = exc
    bare, comments = _without_comments(text)
    if comments:
        try:
            value = parse_json(bare)
        except JSONProblem:
            pass
        else:
            if isinstance(value, dict):
                value = Document(value)
                lines = f"line{'s' if len(comments) > 1 else ''} {_ranges(comments)}"
                value.notes = [f"$: comments on {lines} skipped (JSON has none)"]
            return value
    raise FileProblem(f"{path}:{problem}") from None


# --- import: the report --------------------------------------------------------------------


@dataclass
class Report:
    unplaced: list[str] = field(default_factory=list)  # "work[0].description: …"

    def note(self, path: str, why: str) -> None:
        self.unplaced.append(f"{path}: {why}")


def _empty(value: Any) -> bool:
    """JSON Resume files are full of empty strings, lists and objects: they mean 'absent'."""
    return value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def _describe(value: Any) -> str:
    """A JSON value for a report line: short, never the whole of a huge or deep value."""
    if isinstance(value, str):
        return repr(value if len(value) <= 120 else value[:119] + "…")
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        keys = ", ".join(repr(k)[:30] for k in list(value)[:4])
        return f"an object ({keys}{', …' if len(value) > 4 else ''})"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return _number(value) or "a number of thousands of digits"
    return _kind(value)


def _number(value: float) -> str | None:
    """A JSON number as text (``4.0``, ``94115``); ``None`` if too long to print."""
    try:
        return str(value)
    except ValueError:  # an int of thousands of digits
        return None


def _clean(value: Any, depth: int = 0) -> Any:
    """Drop empty strings, lists and mappings, down to MAX_DEPTH levels."""
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, dict):
        out = {k: _clean(v, depth + 1) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in (_clean(x, depth + 1) for x in value) if not _empty(v)]
    return value.strip() if isinstance(value, str) else value


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _shown(ch: str) -> str:
    """A character for a report line; an invisible one (a mark, a format character) escaped."""
    if unicodedata.category(ch)[0] in "MCZ":
        return f"'\\u{ord(ch):04x}'" if ord(ch) <= 0xFFFF else f"'\\U{ord(ch):08x}'"
    return repr(ch)


def _characters(chars: list[str]) -> str:
    """``'🚀' (U+1F680 ROCKET), …`` for a report line, at most five."""
    names = ", ".join(
        f"{_shown(ch)} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"
        for ch in chars[:5]
    )
    return names + (f" and {len(chars) - 5} more" if len(chars) > 5 else "")


# --- import: text as people write it -------------------------------------------------------

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
    """Text made printable by pdfLaTeX where that keeps its meaning (see :func:`printable`)."""

    text: str
    dropped: list[str] = field(default_factory=list)  # emoji, symbols, invisible characters
    unaccented: list[str] = field(default_factory=list)  # Latin letters written without accent


def printable(text: str) -> Printable:
    """``text`` with each character pdfLaTeX cannot print replaced where a plain equivalent
    means the same (``…`` → ``...``, full-width ``，`` → ``,``, ``ǹ`` → ``n``) and dropped where
    it is decoration (emoji, symbols, invisible format characters). Letters and digits of other
    scripts (CJK, Cyrillic) stay: dropping them would change what the text says, so the
    profile refuses the field instead."""
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
        if unicodedata.name(ch, "").startswith("LATIN"):
            decomposed = unicodedata.normalize("NFKD", ch)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            if base and all(typesettable(c) for c in base):
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
    """The characters of ``text`` pdfLaTeX cannot print, each once, in order."""
    return list(dict.fromkeys(ch for ch in text if ch != "\n" and not typesettable(ch)))


_SCRIPTS = {"CJK": "CJK", "HIRAGANA": "Japanese kana", "KATAKANA": "Japanese kana",
            "HANGUL": "Korean Hangul"}  # fmt: skip


def in_script(text: str) -> str | None:
    """ "'Матвей Жучков' is written in Cyrillic script, which pdfLaTeX cannot print" when what
    pdfLaTeX refuses in ``text`` is letters of other scripts (a clearer message than every
    character's name); ``None`` when it refuses something else or nothing."""
    letters = [ch for ch in unprintable(text) if unicodedata.category(ch)[0] in "LN"]
    if not letters:
        return None
    words = (unicodedata.name(ch, "unnamed").split()[0].split("-")[0] for ch in letters)
    scripts = sorted({_SCRIPTS.get(w, w.title()) for w in words})
    named = " and ".join(scripts[:3]) + (" and others" if len(scripts) > 3 else "")
    shown = text if len(text) <= 40 else text[:39] + "…"
    return f"{shown!r} is written in {named} script, which pdfLaTeX cannot print"


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


# --- import: dates as people write them --------------------------------------------------

PRESENT_WORDS = frozenset({
    "present", "now", "current", "currently", "today", "ongoing", "to date", "till date",
    "till now", "until now", "to present", "actual", "atual", "atualmente", "presente",
    "actualidad", "actualmente", "présent", "aujourd'hui", "heute", "jetzt", "attuale", "oggi",
    "heden", "nu", "nå", "nyt", "teraz", "obecnie", "н.в.", "сейчас", "настоящее время",
    "по настоящее время", "至今", "现在", "目前", "現在", "現在まで",
})  # fmt: skip
"""End dates meaning 'still going' (compared in lower case)."""
UNKNOWN_END = frozenset({"?", "??", "???", "...", "…", "tbd", "tba"})
"""End dates meaning 'not known yet': read as ongoing, with a note."""

_MONTH_WORDS = [
    ("january", "janvier", "januar", "enero", "janeiro", "gennaio", "jan", "jän"),
    ("february", "février", "fevrier", "februar", "febrero", "fevereiro", "febbraio", "feb"),
    ("march", "mars", "märz", "marz", "marzo", "março", "marco", "mar"),
    ("april", "avril", "abril", "aprile", "apr", "avr"),
    ("may", "mai", "mayo", "maio", "maggio"),
    ("june", "juin", "juni", "junio", "junho", "giugno", "jun"),
    ("july", "juillet", "juli", "julio", "julho", "luglio", "jul", "juil"),
    ("august", "août", "aout", "agosto", "aug", "ago"),
    ("september", "septembre", "septiembre", "setembro", "settembre", "sep", "sept", "set"),
    ("october", "octobre", "oktober", "octubre", "outubro", "ottobre", "oct", "okt", "out"),
    ("november", "novembre", "noviembre", "novembro", "nov"),
    ("december", "décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre", "dec",
     "dez", "dic"),
]  # fmt: skip
MONTHS: dict[str, int] = {w: i for i, words in enumerate(_MONTH_WORDS, 1) for w in words}
"""Month names and abbreviations (English, French, German, Spanish, Portuguese, Italian)."""

_WORD = r"([^\W\d_]+)\.?"


def _two_digit(yy: str) -> int:
    """``'16`` → 2016, ``'98`` → 1998: CVs name years of the last and this century."""
    return 2000 + int(yy) if int(yy) <= 50 else 1900 + int(yy)


# Each written form → (year, month, day); 0 for a part not given, None for a word that is no
# month name. Tried in order on the whole text.
_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[Any, ...] | None]]] = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\d.*"), lambda m: (m[1], m[2], m[3])),  # a time
    (re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?"), lambda m: (m[1], m[2], m[3] or 0)),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), lambda m: (m[2], m[1], 0)),  # 07/2025
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), lambda m: _day_month(m[3], m[1], m[2])),
    (re.compile(_WORD + r",?\s+(\d{4})"), lambda m: _named(m[2], m[1], 0)),  # May 2022
    (re.compile(r"(\d{4})\s+" + _WORD), lambda m: _named(m[1], m[2], 0)),  # 2022 May
    (re.compile(r"(\d{1,2})\.?\s+" + _WORD + r",?\s+(\d{4})"), lambda m: _named(m[3], m[2], m[1])),
    (
        re.compile(_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"),
        lambda m: _named(m[3], m[1], m[2]),
    ),
    (re.compile(r"['’‘`](\d{2})"), lambda m: (_two_digit(m[1]), 0, 0)),  # '16
]


def _named(year: str, month: str, day: Any) -> tuple[Any, ...] | None:
    number = MONTHS.get(month.lower())
    return None if number is None else (year, number, day)


def _day_month(year: str, a: str, b: str) -> tuple[Any, ...]:
    """``28/09/2023`` or ``09/28/2023``: the order is clear only when one part exceeds 12."""
    if int(a) > 12 >= int(b):
        return year, b, a
    if int(b) > 12 >= int(a) or a == b:
        return year, a, b
    return (year, 0, 0, "ambiguous")


_DATE_IN_TEXT = re.compile(
    r"(?<!\d)(\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.]\d{4}|\d{4})(?!\d)"
)


@dataclass(frozen=True)
class ReadDate:
    value: str | None  # 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'present'
    note: str | None = None  # what the reader should know (a guess, a part left out)


def _checked(parts: tuple[Any, ...], raw: str) -> ReadDate | None:
    """Parts → a date the profile accepts, keeping what is valid of an impossible one."""
    year, month, day = (int(p or 0) for p in parts[:3])
    if not 1000 <= year <= 9999:
        return None
    if len(parts) > 3:
        return ReadDate(str(year), f"{raw!r}: day and month could be either way round; kept "
                                   f"the year {year}")  # fmt: skip
    if not month:
        return ReadDate(str(year))
    if not 1 <= month <= 12:
        return ReadDate(str(year), f"{raw!r} has no month {month}; kept the year {year}")
    if day:
        text = f"{year:04d}-{month:02d}-{day:02d}"
        try:
            return ReadDate(str(parse_date(text)))
        except ValueError:
            kept = f"{year:04d}-{month:02d}"
            return ReadDate(kept, f"{raw!r} is no day of the calendar; kept {kept}")
    return ReadDate(f"{year:04d}-{month:02d}")


def read_date(raw: Any, end: bool = False) -> ReadDate:
    """A date as written in a JSON Resume file → what the profile accepts, and a note when
    something was guessed or left out. ``value`` is ``None`` for no date at all. For an end
    date, words such as 'Present', 'now' or 'current' mean ongoing."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        return ReadDate(None, f"{_describe(raw)} is not a date; left out")
    if isinstance(raw, int):
        try:
            return ReadDate(str(parse_date(raw)))
        except ValueError:
            return ReadDate(None, f"{_describe(raw)} is not a date; left out")
    text = " ".join(raw.split()).strip(" ,;")
    word = text.lower()
    if word in PRESENT_WORDS:
        if end:
            return ReadDate("present")
        return ReadDate(None, f"{raw!r} means ongoing, which only an end date can be; left out")
    if word in UNKNOWN_END and end:
        return ReadDate("present", f"{raw!r} read as ongoing (present)")
    try:
        return ReadDate(str(parse_date(text)))
    except ValueError:
        pass
    for form, parts_of in _FORMS:
        m = form.fullmatch(text)
        parts = parts_of(m) if m else None
        if parts:
            read = _checked(parts, raw)
            if read:
                return read
    found = [r for r in (_checked(_span_parts(t), raw) for t in _DATE_IN_TEXT.findall(text)) if r]
    if found:  # '2017-05 - 2019-04, 2025-02', 'Summer 2019'
        values = sorted({r.value for r in found if r.value}, key=parse_date)
        value = values[-1] if end else values[0]
        which = "the year" if len(values) == 1 and len(value) == 4 else (
            "the latest date" if end else "the earliest date")  # fmt: skip
        return ReadDate(value, f"{raw!r} is not one date; kept {which}, {value}")
    return ReadDate(None, f"{_describe(raw)} is not a date; left out")


def _span_parts(token: str) -> tuple[Any, ...]:
    parts = re.split(r"[-/.]", token)
    if len(parts) == 2 and len(parts[1]) == 4:  # 07/2025
        return parts[1], parts[0], 0
    return (*parts, 0, 0)[:3]


# --- import: web addresses and social profiles -------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_DOMAIN = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.I)


def web_address(text: str) -> str:
    """``github.com/x`` or ``www.example.org`` → ``https://…``; anything else as written."""
    text = text.strip()
    if not _SCHEME.match(text) and _DOMAIN.match(text):
        return "https://" + text
    return text


def _is_web(text: Any) -> bool:
    return isinstance(text, str) and bool(re.match(r"^https?://\S+$", web_address(text), re.I))


def _host(url: str) -> str:
    try:
        host = urlsplit(web_address(url)).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class Network:
    """A site where a profile is a user name: its usual name, its address (``{user}``, and
    ``{host}`` for Mastodon's many servers), and what a user name there looks like as a pattern
    naming those parts (anything else cannot become a link)."""

    name: str
    template: str
    user: str = r"@?(?P<user>[\w.-]+)"  # a leading @ (as in '@ada') is no part of the name

    def url(self, user: str) -> str | None:
        m = re.fullmatch(self.user, user.strip().strip("/"))
        return self.template.format(**m.groupdict()) if m else None

    def bare(self, url: str) -> bool:
        """True for the site's address without a user (``https://www.linkedin.com/in/``)."""
        plain = re.sub(r"^https?://(www\.)?", "", url.lower()).rstrip("/@~")
        empty = self.template.format(user="", host="")
        return plain == re.sub(r"^https?://(www\.)?", "", empty).rstrip("/@~")


_NETWORK_LIST: list[tuple[Network, tuple[str, ...]]] = [  # each with the other names it goes by
    (Network("GitHub", "https://github.com/{user}", r"@?(?P<user>[A-Za-z0-9-]+)"), ()),
    (Network("GitLab", "https://gitlab.com/{user}", r"@?(?P<user>[\w.-]+(/[\w.-]+)*)"), ()),
    (Network("Bitbucket", "https://bitbucket.org/{user}"), ()),
    (Network("LinkedIn", "https://www.linkedin.com/in/{user}", r"(?P<user>[\w%-]+)"),
     ("linked in",)),
    (Network("Twitter", "https://twitter.com/{user}", r"@?(?P<user>\w+)"), ()),
    (Network("X", "https://x.com/{user}", r"@?(?P<user>\w+)"),
     ("x (twitter)", "twitter/x", "x/twitter", "x.com")),
    (Network("ORCID", "https://orcid.org/{user}", r"(?P<user>\d{4}-\d{4}-\d{4}-\d{3}[\dX])"), ()),
    (Network("Google Scholar", "https://scholar.google.com/citations?user={user}",
             r"(?P<user>[\w-]{12})"), ("scholar",)),
    (Network("Stack Overflow", "https://stackoverflow.com/users/{user}",
             r"(?P<user>\d+(/[\w-]+)?)"), ()),
    (Network("Mastodon", "https://{host}/@{user}",
             r"@?(?P<user>[\w.]+)@(?P<host>[\w-]+(\.[\w-]+)+)"), ()),
    (Network("Bluesky", "https://bsky.app/profile/{user}"), ()),
    (Network("Medium", "https://medium.com/@{user}"), ()),
    (Network("Kaggle", "https://www.kaggle.com/{user}"), ()),
    (Network("Hugging Face", "https://huggingface.co/{user}"), ()),
    (Network("DEV", "https://dev.to/{user}"), ("dev.to",)),
    (Network("CodePen", "https://codepen.io/{user}"), ()),
    (Network("Dribbble", "https://dribbble.com/{user}"), ()),
    (Network("Behance", "https://www.behance.net/{user}"), ()),
    (Network("ResearchGate", "https://www.researchgate.net/profile/{user}"), ()),
    (Network("Instagram", "https://www.instagram.com/{user}"), ()),
    (Network("Facebook", "https://www.facebook.com/{user}"), ()),
    (Network("YouTube", "https://www.youtube.com/@{user}"), ()),
    (Network("Twitch", "https://www.twitch.tv/{user}"), ()),
    (Network("Reddit", "https://www.reddit.com/user/{user}"), ()),
    (Network("Telegram", "https://t.me/{user}", r"@?(?P<user>\w+)"), ()),
    (Network("Keybase", "https://keybase.io/{user}"), ()),
    (Network("HackerRank", "https://www.hackerrank.com/profile/{user}"), ()),
    (Network("LeetCode", "https://leetcode.com/u/{user}"), ()),
    (Network("SoundCloud", "https://soundcloud.com/{user}"), ()),
    (Network("npm", "https://www.npmjs.com/~{user}"), ()),
]  # fmt: skip


def _network_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


NETWORKS: dict[str, Network] = {
    _network_key(alias): network
    for network, aliases in _NETWORK_LIST
    for alias in (network.name, *aliases)
}
"""Networks by name (case, spaces and punctuation ignored: 'Google Scholar', 'googlescholar')."""
_NETWORK_HOSTS = {_host(n.template): n.name for n, _ in _NETWORK_LIST if "{host}" not in n.template}
"""The network a profile's URL belongs to, by its host (without www.)."""


# --- import: keys as people write them ---------------------------------------------------

STANDARD: dict[str, frozenset[str]] = {
    section: frozenset(keys.split())
    for section, keys in {
        "basics": "name label image email phone url summary location profiles",
        "work": "name location description position url startDate endDate summary highlights",
        "volunteer": "organization position url startDate endDate summary highlights",
        "education": "institution url area studyType startDate endDate score courses",
        "awards": "title date awarder summary",
        "certificates": "name date url issuer",
        "publications": "name publisher releaseDate url summary",
        "skills": "name level keywords",
        "languages": "language fluency",
        "interests": "name keywords",
        "references": "name reference",
        "projects": "name description highlights keywords startDate endDate url roles entity type",
    }.items()
}
"""The keys of JSON Resume 1.0, per section."""

SECTION_ALIASES: dict[str, str] = {
    "work": "work", "experience": "work", "workexperience": "work", "employment": "work",
    "professionalexperience": "work", "jobs": "work",
    "volunteer": "volunteer", "volunteering": "volunteer", "community": "volunteer",
    "education": "education",
    "awards": "awards", "honors": "awards", "honours": "awards",
    "certificates": "certificates", "certifications": "certificates",
    "publications": "publications",
    "skills": "skills", "technicalskills": "skills",
    "languages": "languages",
    "interests": "interests", "hobbies": "interests",
    "references": "references",
    "projects": "projects", "projecthighlights": "projects", "personalprojects": "projects",
    "sideprojects": "projects",
}  # fmt: skip
"""Top-level keys (case, spaces, '_' and '-' ignored) → the JSON Resume section they hold."""

_DATES = {"from": "startDate", "to": "endDate", "start": "startDate", "end": "endDate"}
_TASKS = {k: "highlights" for k in ("activities", "responsibilities", "achievements", "tasks",
                                     "duties", "highlightGroups")}  # fmt: skip
RENAMES: dict[str, dict[str, str | tuple[str, str]]] = {
    "basics": {"picture": "image", "photo": "image", "avatar": "image", "aboutMe": "summary",
               "about": "summary", "bio": "summary", "objective": "summary", "title": "label",
               "headline": "label", "mobile": "phone"},
    "work": {"company": "name", "organization": "name", "employer": "name", "title": "position",
             "role": "position", **_DATES, **_TASKS,
             "technologies": ("highlights", "Technologies: ")},
    "volunteer": {"company": "organization", "name": "organization", "title": "position",
                  "role": "position", **_DATES, **_TASKS,
                  "technologies": ("highlights", "Technologies: ")},
    "education": {"gpa": "score", "grade": "score", "degree": "studyType", "major": "area",
                  "field": "area", "school": "institution", "university": "institution",
                  **_DATES, "advisor": "advisors", "advisors": "advisors",
                  "supervisor": "advisors", "supervisors": "advisors",
                  "coAdvisor": "co_advisors", "coAdvisors": "co_advisors",
                  "co_advisor": "co_advisors", "co_advisors": "co_advisors", "thesis": "thesis",
                  "thesisTitle": "thesis", "highlights": "highlights", "summary": "highlights",
                  "description": "highlights",
                  "specialization": ("highlights", "Specialization: "),
                  "minor": ("highlights", "Minor: ")},
    "awards": {"name": "title", "issuer": "awarder"},
    "certificates": {"title": "name", "authority": "issuer", "organization": "issuer"},
    "publications": {"title": "name", "details": "summary", "description": "summary",
                     "abstract": "summary", "journal": "publisher", "venue": "publisher",
                     "conference": "publisher", "date": "releaseDate", "year": "releaseDate",
                     "author": "authors", "authors": "authors"},
    "skills": {"category": "name", "items": "keywords", "skills": "keywords"},
    "languages": {"name": "language", "level": "fluency", "proficiency": "fluency"},
    "references": {"text": "reference", "quote": "reference"},
    "projects": {"title": "name", "summary": "description", "technologies": "keywords",
                 "tools": "keywords", **_DATES, "activities": "highlights"},
}  # fmt: skip
"""Non-standard keys with an obvious place → the key whose place that is (with a prefix when a
list becomes one line). A key already present wins; lists are joined."""
ALIAS_RENAMES: dict[str, dict[str, str | tuple[str, str]]] = {"work": {"description": "summary"}}
"""In a non-standard list such as ``experience``, ``description`` describes the job itself."""
OLD_KEYS = frozenset({"company", "gpa", "picture"})  # 0.x names, read without a note
URL_KEYS = ("url", "website", "websiteLink", "link", "homepage", "web")
"""Keys holding an entry's web address; the first that is one wins, the rest go if the same."""
LIST_KEYS = frozenset({"highlights", "keywords", "courses", "roles", "advisors", "co_advisors",
                       "authors"})  # fmt: skip
THEME_KEYS = frozenset({"icon", "iconClass", "emoji", "pinned"})
"""Keys that only tell one theme how to draw an entry: reported once per section."""
LISTS = frozenset({"highlights", "courses", "keywords", "items", "roles", "authors"})
"""Profile keys holding lists (a single text counts as a list of one)."""
_LOCATION_KEYS = {"town": "city", "state": "region", "province": "region",
                  "countrycode": "countryCode", "postalcode": "postalCode", "zip": "postalCode",
                  "zipcode": "postalCode"}  # fmt: skip


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


_SPELLINGS: dict[str, dict[str, str]] = {
    section: {_key(k): k for k in (*STANDARD[section], *RENAMES.get(section, {}), *URL_KEYS)}
    for section in STANDARD
}
"""Per section, keys by their spelling-free form: 'Start Date' and 'start_date' are startDate."""


def _as_list(value: Any, prefix: str = "") -> list[Any]:
    """A value as list entries; groups (``{"section": …, "items": […]}``) are flattened, and
    with a prefix a list of words becomes one line (``Technologies: Go, Rust``)."""
    if _empty(value):
        return []
    values = value if isinstance(value, list) else [value]
    flat: list[Any] = []
    for v in values:
        grouped = v.get("items") if isinstance(v, dict) else None
        flat.extend(grouped if isinstance(grouped, list) else [v])
    if not prefix:
        return flat
    words = [str(v).strip() for v in flat if isinstance(v, (str, int, float)) and v is not True
             and v is not False]  # fmt: skip
    words = [w for w in words if w]
    return [prefix + ", ".join(words)] if words else []


Items = Iterator[tuple[str, dict[str, Any], dict[str, Any]]]  # (JSON path, object, x-cvbuilder)
KINDS = {"released": "raw", "summary": "markup", "highlights": "markup", "description": "markup",
         "reference": "markup", "url": "url", "homepage": "url", "email": "raw"}  # fmt: skip
"""How a profile field's text is read: markup fields keep HTML emphasis and links as markup,
web addresses get a scheme, plain text loses its HTML tags; 'raw' is taken as written."""


# --- import: the reader --------------------------------------------------------------------


class _Reader:
    """One JSON Resume document → profile data: every value is taken through a method that
    checks its kind and reports, by JSON path, what does not fit, was repaired or is left
    over."""

    def __init__(self, doc: dict[str, Any], report: Report):
        self.doc, self.report = doc, report
        self.html: list[str] = []  # paths of text read as HTML
        self.sources: dict[str, list[str]] = {}  # section → its keys in the document
        for key in doc:
            section = SECTION_ALIASES.get(_key(key)) if isinstance(key, str) else None
            if section:
                self.sources.setdefault(section, []).append(key)
        for section, keys in self.sources.items():
            keys.sort(key=lambda k: k != section)  # the standard key first

    # -- objects and keys --

    def section(self, name: str) -> Items:
        for key in self.sources.get(name, []):
            value = self.doc.pop(key)
            if key != name and not _empty(value):
                self.report.note(key, f"not a JSON Resume section; read as '{name}'")
            yield from self.objects(value, key, name, alias=key != name)

    def objects(
        self, value: Any, path: str, section: str | None = None, alias: bool = False
    ) -> Items:
        """A list of objects → (path, object with its keys read, its x-cvbuilder data), one at
        a time so the report follows the document's order; renamed keys are noted after."""
        if _empty(value):
            return
        if not isinstance(value, list):
            self.report.note(path, f"expected a list, not {_kind(value)}; left out")
            return
        renamed: dict[tuple[str, str], list[int]] = {}
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if _empty(_clean(item)):  # nothing but empty values: a theme's placeholder
                continue
            if not isinstance(item, dict):
                self.report.note(where, f"expected an object, not {_kind(item)}; left out")
                continue
            item = dict(item)
            for key in [k for k in item if k in THEME_KEYS]:
                if not _empty(item.pop(key)):
                    renamed.setdefault((key, ""), []).append(i)
            if section:
                item = self.keys(
                    item,
                    where,
                    section,
                    alias,
                    lambda src, dst, i=i: renamed.setdefault((src, dst), []).append(i),
                )
            yield where, item, self.extra(item, where)
        for (src, dst), numbers in renamed.items():
            read = "read as its profile field" if src == dst else f"read as {dst!r}"
            what = f"not standard; {read}" if dst else "a theme's display setting; left out"
            self.report.note(f"{path}[{_ranges(numbers, 100)}].{src}", what)

    def keys(
        self,
        item: dict[str, Any],
        where: str,
        section: str,
        alias: bool,
        seen: Callable[[str, str], None],
    ) -> dict[str, Any]:
        """The object with its keys as the standard spells them: spelling variants ('Start
        Date'), the web address among its candidates, and non-standard names (RENAMES)."""
        spellings = _SPELLINGS.get(section, {})
        out: dict[str, Any] = {}
        for k, v in item.items():
            key = spellings.get(_key(k), k) if isinstance(k, str) else k
            out[key if key not in out else k] = v
        self.web_address(out, where)
        renames = {**RENAMES.get(section, {}), **(ALIAS_RENAMES.get(section, {}) if alias else {})}
        for src, target in renames.items():
            if src not in out:
                continue
            dst, prefix = target if isinstance(target, tuple) else (target, "")
            value = out[src]
            if _empty(value):
                out.pop(src)
                continue
            if dst in LIST_KEYS:
                joined = _as_list(out.get(dst) if dst != src else None) + _as_list(value, prefix)
                out.pop(src)
                out[dst] = joined
            elif src == dst:
                pass
            elif _empty(out.get(dst)):
                out[dst] = out.pop(src)
            else:
                continue  # the standard key wins; this one is reported as having no place
            if src not in OLD_KEYS and (src not in STANDARD[section] or src != dst):
                seen(src, dst)
        return out

    def web_address(self, item: dict[str, Any], where: str) -> None:
        """Put the best of an object's web addresses (url, website, websiteLink, …) under
        'url': one with a scheme beats a bare domain; others naming the same site go."""
        found = [k for k in URL_KEYS if k in item and not _empty(item[k])]
        if not found or found == ["url"]:
            return
        web = [k for k in found if isinstance(item[k], str) and _is_web(item[k])]
        web.sort(key=lambda k: not _SCHEME.match(item[k].strip()))
        best = web[0] if web else "url" if "url" in found else found[0]
        value = item.pop(best)
        for k in found:
            if k == best:
                continue
            other = item.pop(k)
            texts = isinstance(other, str) and isinstance(value, str)
            same = texts and (
                other.strip().lower() == value.strip().lower()
                or (_is_web(other) and _host(other) == _host(value))
            )
            if not same:
                self.report.note(
                    f"{where}.{k}",
                    f"no place in the profile for {_describe(other)}; "
                    f"left out (the web address is {_describe(value)})",
                )
        item["url"] = value

    def extra(self, item: dict[str, Any], path: str) -> dict[str, Any]:
        """The ``x-cvbuilder`` data an export left on ``item`` (removed from it)."""
        value = item.pop(EXTRA, None)
        if _empty(value):
            return {}
        if not isinstance(value, dict):
            where = f"{path}.{EXTRA}" if path else EXTRA
            self.report.note(where, f"expected an object, not {_kind(value)}; left out")
            return {}
        return _clean(value)

    # -- text --

    def read(self, value: Any, path: str, kind: str = "text") -> tuple[str | None, list[str]]:
        """A value as text of ``kind`` (see KINDS), and the items of lists it held as HTML."""
        if isinstance(value, str):
            text = value.strip()
        elif _empty(value):
            return None, []
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and _number(value):
            text = _number(value) or ""
        else:
            self.report.note(path, f"expected text, not {_describe(value)}; left out")
            return None, []
        if not text:
            return None, []
        if kind == "url":
            return web_address(text), []
        if kind == "raw":
            return text, []
        items: list[str] = []
        read = from_html(text, markup=kind == "markup")
        if read:
            text, items, lost = read
            self.html.append(path)
            if lost:
                shown = ", ".join(lost[:3]) + (", …" if len(lost) > 3 else "")
                self.report.note(path, f"links left out (plain text has none): {shown}")
            if kind != "markup":  # one line: breaks and list items run on
                text, items = "; ".join(t for t in [text.replace("\n", " "), *items] if t), []
        text = self.printable(text, path)
        items = [t for t in (self.printable(i, path) for i in items) if t]
        if kind == "text" and unprintable(text):
            part = latin_part(text)
            if part:
                why = in_script(text) or f"{_describe(text)}: pdfLaTeX cannot print " + (
                    _characters(unprintable(text)))  # fmt: skip
                self.report.note(path, f"{why}; kept {part!r}")
                text = part
        return text or None, items

    def printable(self, text: str, path: str) -> str:
        fixed = printable(text)
        if fixed.dropped:
            them = "it" if len(fixed.dropped) == 1 else "them"
            self.report.note(path, f"left out {_characters(fixed.dropped)}: pdfLaTeX cannot "
                                   f"print {them}; the rest of the text is kept")  # fmt: skip
        if fixed.unaccented:
            self.report.note(path, f"{_characters(fixed.unaccented)} written without accent: "
                                   "pdfLaTeX's fonts have no such letter")  # fmt: skip
        return fixed.text

    def as_text(self, value: Any, path: str, kind: str = "text") -> str | None:
        """A value as text; items of an HTML list are appended as '• item' lines."""
        text, items = self.read(value, path, kind)
        if items:
            text = "\n".join([*([text] if text else []), *(f"• {i}" for i in items)])
        return text

    def text(self, item: dict[str, Any], key: str, path: str, kind: str = "text") -> str | None:
        return self.as_text(item.pop(key, None), f"{path}.{key}", kind)

    def paragraph(self, item: dict[str, Any], key: str, path: str) -> tuple[str | None, list[str]]:
        """A markup paragraph and, apart, the items of lists written in it as HTML."""
        return self.read(item.pop(key, None), f"{path}.{key}", "markup")

    def texts(self, item: dict[str, Any], key: str, path: str, kind: str = "text") -> list[str]:
        """A list of texts; a single text counts as a list of one, and an HTML list in an
        entry adds entries."""
        value, where = item.pop(key, None), f"{path}.{key}"
        values = value if isinstance(value, list) else [value]
        out: list[str] = []
        for i, v in enumerate(values):
            text, items = self.read(v, f"{where}[{i}]" if isinstance(value, list) else where, kind)
            out.extend(t for t in [text, *items] if t)
        return out

    def names(self, item: dict[str, Any], key: str, path: str) -> list[str]:
        """People as a list, or as one text 'A, B and C'."""
        out = []
        for text in self.texts(item, key, path):
            out.extend(n for n in re.split(r"\s*(?:;|,|&|\band\b)\s*", text) if n.strip())
        return out

    # -- dates --

    def date(self, item: dict[str, Any], key: str, path: str, end: bool = False) -> str | None:
        raw = item.pop(key, None)
        if _empty(raw):
            return None
        read = read_date(raw, end)
        if read.note:
            self.report.note(f"{path}.{key}", read.note)
        return read.value

    def span(self, item: dict[str, Any], path: str) -> dict[str, str]:
        """startDate and endDate → start and end. JSON Resume's rule: a start without an end
        (no endDate, an empty one, null) is ongoing, so the end is 'present'. A lone
        non-standard ``date`` is the entry's date (start and end)."""
        missing_end = _empty(item.get("endDate"))
        out = {
            k: v
            for k, v in [
                ("start", self.date(item, "startDate", path)),
                ("end", self.date(item, "endDate", path, end=True)),
            ]
            if v
        }
        if "start" in out and "end" not in out and missing_end:
            out["end"] = "present"
        if not out and not _empty(item.get("date")):
            value = self.date(item, "date", path)
            if value:
                out = {"start": value, "end": value}
                self.report.note(f"{path}.date", "not standard; read as the entry's date")
        return out

    def rest(self, path: str, item: dict[str, Any]) -> None:
        for key, value in item.items():
            if not _empty(value):
                self.report.note(
                    f"{path}.{key}", f"no place in the profile for {_describe(value)}; left out"
                )


def _name(r: _Reader, basics: dict[str, Any]) -> str:
    """The person's name as pdfLaTeX can print it: as written, else its Latin part (``Abraham
    Yang 杨杨`` → ``Abraham Yang``, ``山田 太郎 (Taro Yamada)`` → ``Taro Yamada``), else
    'Unknown' with a note naming the characters."""
    from cvbuilder.schema.charset import check_text

    raw = r.text(basics, "name", "basics", "name")
    if not raw:
        r.report.note("basics.name", f"missing; the profile says '{UNKNOWN}'")
        return UNKNOWN
    try:
        check_text(raw)
        return raw
    except ValueError as exc:
        why = in_script(raw) or f"{_describe(raw)}: {exc}"
    part = latin_part(raw, name=True)
    if part:
        r.report.note("basics.name", f"{why}; kept {part!r}")
        return part
    r.report.note("basics.name", f"{why}; the profile says '{UNKNOWN}': write the name in "
                                 "Latin letters as person.name")  # fmt: skip
    return UNKNOWN


def _social(r: _Reader, p: dict[str, Any], path: str) -> dict[str, Any] | None:
    """One ``basics.profiles`` entry → a profile link: a missing, bare or scheme-less URL is
    made from the user name where the network is known, and a missing network is named after
    the site of its URL. What still lacks a network or URL is kept only if the profile allows
    it (a user name alone)."""
    from cvbuilder.schema.model import SocialProfile

    required = {k for k, f in SocialProfile.model_fields.items() if f.is_required()}
    net, user = r.text(p, "network", path), r.text(p, "username", path)
    url = r.text(p, "url", path, "url")
    if user and (_SCHEME.match(user) or _DOMAIN.match(user)) and "/" in user:
        url, user = url or web_address(user), None  # a URL written as the user name
    network = NETWORKS.get(_network_key(net or ""))
    if url and network and network.bare(url):
        url = None  # 'https://www.linkedin.com/in/' without the user
    if not url and user:
        made = network.url(user) if network else None
        if not made and "url" not in required and (net or "network" not in required):
            return {k: v for k, v in [("network", net), ("username", user)] if v}  # as text
        if not made:
            why = (f"{user!r} does not look like a {network.name} user name" if network
                   else f"no web address is known for the network {net!r}" if net
                   else "no network is named")  # fmt: skip
            r.report.note(path, f"{why}, so no link can be made; left out")
            return None
        url = made
    if url and not net:
        net = _NETWORK_HOSTS.get(_host(url)) or _host(url) or None
    if not (net and url):
        r.report.note(path, "needs a network and a url; left out")
        return None
    return {"network": net, "url": url, **({"username": user} if user else {})}


def _person(r: _Reader, basics: dict[str, Any]) -> dict[str, Any]:
    """``basics`` → ``person``: the name, contacts, location and profiles; the summary stays
    in ``basics`` for the caller."""
    person: dict[str, Any] = {"name": _name(r, basics)}
    for src, dst in [("label", "position"), ("email", "email"), ("phone", "phone"),
                     ("url", "homepage")]:  # fmt: skip
        value = r.text(basics, src, "basics", KINDS.get(dst, "text"))
        if value:
            person[dst] = value
    location = basics.pop("location", None)
    if isinstance(location, dict):
        where = "basics.location"
        location = {_LOCATION_KEYS.get(_key(k), k) if isinstance(k, str) else k: v
                    for k, v in location.items()}  # fmt: skip
        city, region = r.text(location, "city", where), r.text(location, "region", where)
        country = r.text(location, "country", where)
        code = r.text(location, "countryCode", where)
        parts = [p for p in (city, region, country or code) if p]
        for part in [p for p in parts if unprintable(p)]:  # keep the parts that print
            if len(parts) > 1:
                r.report.note(where, f"{in_script(part) or repr(part)}; left out of the place")
                parts.remove(part)
        if parts:
            person["location"] = ", ".join(parts)
        r.rest(where, location)
    elif not _empty(location):
        place = r.as_text(location, "basics.location")  # 0.x files: a plain string
        if place:
            person["location"] = place
    profiles = []
    for path, p, extra in r.objects(basics.pop("profiles", None), "basics.profiles"):
        social = _social(r, p, path)
        if social:
            r.rest(path, p)
            profiles.append({**social, **extra})
    if profiles:
        person["profiles"] = profiles
    return person


def to_profile(doc: Any) -> tuple[dict[str, Any], Report]:
    """Any JSON value (a JSON Resume document) → profile data and a report, by JSON path, of
    what had no place or was repaired. Never raises; :func:`usable` then removes what the
    schema refuses."""
    report = Report()
    if not isinstance(doc, dict):
        report.note("$", f"a JSON Resume document is an object, not {_kind(doc)}; left out")
        return {"person": {"name": UNKNOWN}}, report
    for note in getattr(doc, "notes", []):
        report.unplaced.append(note)
    doc = dict(doc)
    r = _Reader(doc, report)
    profile: dict[str, Any] = {}
    top_extra = r.extra(doc, "")

    basics = doc.pop("basics", None)
    if not isinstance(basics, dict):
        if not _empty(basics):
            report.note("basics", f"expected an object, not {_kind(basics)}; left out")
        basics = {}
    basics.pop("$schema", None)
    renamed: list[tuple[str, str]] = []
    basics = r.keys(basics, "basics", "basics", False, lambda s, d: renamed.append((s, d)))
    basics_extra = r.extra(basics, "basics")
    person = _person(r, basics)
    summary = r.as_text(basics.pop("summary", None), "basics.summary", "markup")
    if summary:
        profile["summary"] = summary
    for src, dst in renamed:
        report.note(f"basics.{src}", f"not standard; read as '{dst}'")
    r.rest("basics", basics)
    profile["person"] = {**person, **basics_extra}

    def entries(
        name: str,
        first: tuple[str, str, str],
        fields: list[tuple[str, str]] = (),  # type: ignore[assignment]
        dates: list[tuple[str, str]] = (),  # type: ignore[assignment]
        span: bool = False,
    ) -> list[tuple[str, dict[str, Any]]]:
        """Map one section: ``first`` is (JSON key, profile key, default when missing). Items
        of HTML lists in a paragraph join the entry's highlights when it has them."""
        out = []
        has_highlights = any(dst == "highlights" for _, dst in fields)
        for path, item, extra in r.section(name):
            src, dst, default = first
            entry: dict[str, Any] = {dst: r.text(item, src, path) or default}
            if span:
                entry.update(r.span(item, path))
            for src, dst in dates:
                value = r.date(item, src, path)
                if value:
                    entry[dst] = value
            spilled: list[str] = []
            for src, dst in fields:
                kind = KINDS.get(dst, "text")
                if dst in ("advisors", "co_advisors"):
                    value = r.names(item, src, path)
                elif dst in LISTS:
                    value = r.texts(item, src, path, "raw" if dst == "authors" else kind)
                elif kind == "markup" and has_highlights:
                    value, items = r.paragraph(item, src, path)
                    spilled += items
                else:
                    value = r.text(item, src, path, kind)
                if value:
                    entry[dst] = value
            if spilled:
                entry["highlights"] = [*spilled, *entry.get("highlights", [])]
            r.rest(path, item)
            out.append((path, {**entry, **extra}))
        return out

    def plain(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [entry for _, entry in entries(*args, **kwargs)]

    job = [("position", "role"), ("location", "location"), ("url", "url"),
           ("summary", "summary"), ("highlights", "highlights")]  # fmt: skip
    for key, section, org in [("experience", "work", "name"), ("volunteer", "volunteer",
                                                                "organization")]:  # fmt: skip
        profile[key] = plain(section, (org, "organization", UNKNOWN), job, span=True)
        for entry in profile[key]:
            entry.setdefault("role", "Member")

    education = []
    for _, entry in entries("education", ("institution", "institution", UNKNOWN),
                            [("studyType", "degree"), ("area", "field"), ("score", "score"),
                             ("courses", "courses"), ("url", "url"), ("location", "location"),
                             ("advisors", "advisors"), ("co_advisors", "co_advisors"),
                             ("thesis", "thesis"), ("highlights", "highlights")],
                            span=True):  # fmt: skip
        entry.setdefault("degree", entry.get("field") or "Studies")
        education.append(entry)
    profile["education"] = education

    awards = []
    for _path, entry in entries("awards", ("title", "title", "Award"),
                               [("awarder", "issuer"), ("summary", "summary"), ("url", "url")],
                               [("date", "date")]):  # fmt: skip
        year = re.match(r"\d{4}", entry["date"]) if isinstance(entry.get("date"), str) else None
        if year:
            entry.setdefault("year", int(year[0]))
        awards.append(entry)  # without a date, it prints without one: nothing is lost
    profile["awards"] = awards

    certificate = [("issuer", "issuer"), ("url", "url")]
    profile["certificates"] = plain(
        "certificates", ("name", "name", "Certificate"), certificate, [("date", "date")]
    )

    profile["publications"] = _publications(r, entries, profile["person"].get("name"), report)
    profile["skills"] = plain("skills", ("name", "category", "Skills"),
                              [("level", "level"), ("keywords", "items")])  # fmt: skip
    profile["languages"] = plain("languages", ("language", "language", UNKNOWN),
                                 [("fluency", "fluency")])  # fmt: skip
    profile["references"] = plain("references", ("name", "name", "Reference"),
                                  [("reference", "reference")])  # fmt: skip
    profile["projects"] = plain("projects", ("name", "name", "Project"),
                                [("description", "description"), ("highlights", "highlights"),
                                 ("keywords", "keywords"), ("url", "url"), ("roles", "roles"),
                                 ("entity", "entity"), ("type", "kind")], span=True)  # fmt: skip

    interests = []
    for path, item, _extra in r.section("interests"):
        name, keywords = r.text(item, "name", path), r.texts(item, "keywords", path)
        text = (
            f"{name}: {', '.join(keywords)}" if name and keywords else name or ", ".join(keywords)
        )
        if text:
            interests.append(text)
        r.rest(path, item)
    profile["interests"] = interests

    meta = doc.pop("meta", None)
    if isinstance(meta, dict):
        modified = r.text(meta, "lastModified", "meta")
        m = re.match(r"^\d{4}-\d{2}-\d{2}", modified or "")
        if m and "updated" not in top_extra:
            profile["updated"] = m.group()
        r.rest("meta", meta)
    elif not _empty(meta):
        report.note("meta", f"no place in the profile for {_describe(meta)}; left out")
    doc.pop("$schema", None)
    for key in doc:
        if not _empty(doc[key]):
            report.note(key, "not a JSON Resume section; left out")
    if r.html:
        more = f" and {len(r.html) - 3} more" if len(r.html) > 3 else ""
        report.note(
            f"{', '.join(r.html[:3])}{more}",
            "HTML read as the profile's markup (**bold**, *italic*, [label](url))",
        )
    profile.update(top_extra)
    restore(profile)
    from cvbuilder.schema.model import Profile

    order = list(Profile.model_fields)
    ordered = sorted(profile.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {k: v for k, v in ordered if v not in ([], None)}, report


def _authors(
    r: _Reader, names: list[str], owner: Any, path: str
) -> tuple[list[dict[str, Any]], bool]:
    """Author texts (markers such as ``*`` allowed) → authors with the owner marked, and
    whether the list ends in 'et al.'."""
    from cvbuilder.formats.bibtex import Name, _mark_owner
    from cvbuilder.schema.model import Author

    if len(names) == 1:  # one text: 'A; B', BibTeX's 'Last, First and Last, First', 'A, B and C'
        text = names[0]
        bibtex = " and " in text and "," in text and ";" not in text
        names = re.split(r"\s*;\s*" if ";" in text else r"\s+and\s+" if bibtex
                         else r"\s*,\s*|\s+and\s+|\s*&\s*", text)  # fmt: skip
    authors, et_al = [], False
    for i, one in enumerate(names):
        if one.strip().lower() in ("et al.", "et al", "others", "…", "...", ""):
            et_al |= bool(one.strip())
            continue
        author = Author._from_string(one)
        name = r.printable(author["name"], f"{path}[{i}]")
        if name:
            authors.append({**author, "name": name})
    if isinstance(owner, str) and owner != UNKNOWN and authors:
        for note in _mark_owner(authors, [Name.parse(owner)]):
            r.report.note(path, note)
        if not any(a.get("owner") for a in authors):
            r.report.note(path, f"the profile's owner ({owner}) is not among the authors")
    return authors, et_al


def _publications(
    r: _Reader,
    entries: Callable[..., list[tuple[str, dict[str, Any]]]],
    owner: Any,
    report: Report,
) -> list[dict[str, Any]]:
    """``publications`` → publications; without authors (JSON Resume has none), the owner is
    listed."""
    from cvbuilder.formats.bibtex import _infer_type
    from cvbuilder.schema.model import Publication

    needs_year = Publication.model_fields["year"].is_required()  # work in progress has none
    publications = []
    for path, entry in entries("publications", ("name", "title", "Untitled"),
                               [("publisher", "venue"), ("url", "url"), ("summary", "summary"),
                                ("authors", "authors"), ("releaseDate", "released")]):  # fmt: skip
        written = entry.pop("released", None)
        read = read_date(written) if written else ReadDate(None)
        if read.note:
            report.note(f"{path}.releaseDate", read.note)
        m = re.match(r"^(\d{4})(?:-(\d{2}))?", read.value or "")
        if m:
            entry.setdefault("year", int(m[1]))
            if m[2]:
                entry.setdefault("month", int(m[2]))
        elif written and _LETTER.search(written) and written.lower() not in PRESENT_WORDS:
            entry.setdefault("note", written)  # 'submitted', 'in press'
        if "url" in entry:
            links = entry.get("links")
            entry["links"] = {
                "paper": entry.pop("url"),
                **(links if isinstance(links, dict) else {}),
            }
        venue = entry.get("venue")
        entry.setdefault("type", _infer_type("misc", venue if isinstance(venue, str) else "", {}))
        names = entry.get("authors")
        if names and all(isinstance(a, str) for a in names):
            entry["authors"], et_al = _authors(r, names, owner, f"{path}.authors")
            if et_al:
                entry.setdefault("et_al", True)
        if not entry.get("authors"):
            entry["authors"] = [
                {"name": owner if isinstance(owner, str) else UNKNOWN, "owner": True}
            ]
            report.note(path, "JSON Resume has no authors: the profile's owner is listed")
        if "year" not in entry and needs_year:
            report.note(f"{path}.releaseDate", "no year, which a publication needs: left out")
            continue
        publications.append(entry)
    return publications


def usable(data: dict[str, Any], report: Report) -> dict[str, Any]:
    """Remove what the profile schema refuses (a malformed email, an unprintable character),
    saying so, until the rest validates: an imported profile builds as it is.

    A refused optional value goes; a refused required one takes its list entry with it (an
    author without a name, a job without an organization); a person without a usable name is
    called 'Unknown'. Never raises."""
    from pydantic import ValidationError

    from cvbuilder.schema.model import Profile

    for _ in range(12):  # each round removes what the last one left invalid: a name, then …
        try:
            Profile.model_validate(data)
            return data
        except ValidationError as exc:
            errors = exc.errors()
        if not _remove(data, errors, report):
            break
    report.note("$", f"could not be made valid; only the name '{UNKNOWN}' is kept")
    return {"person": {"name": UNKNOWN}}


_Loc = tuple[Any, ...]


def _existing(data: Any, loc: tuple[Any, ...]) -> _Loc:
    """The longest part of an error location that exists in ``data`` (pydantic adds steps
    of its own, such as union members)."""
    path: list[Any] = []
    here = data
    for part in loc:
        inside = isinstance(here, dict) and isinstance(part, str) and part in here
        if inside or (isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)):
            here = here[part]
            path.append(part)
    return tuple(path)


def _remove(data: dict[str, Any], errors: list[dict[str, Any]], report: Report) -> bool:
    """Remove what each error points at (or name the person 'Unknown'); whether anything
    changed."""
    from cvbuilder.problems import format_path

    targets: dict[_Loc, str] = {}
    for err in errors:
        path = _existing(data, tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        value = _at(data, path)
        if "cannot be typeset" in message and isinstance(value, str):
            message = in_script(value) or message
        if err["type"] == "missing":  # a required value: its list entry goes instead
            field_name = format_path(tuple(err["loc"][len(path) :])) or "a value"
            message = f"needs {field_name}"
            items = [i for i, p in enumerate(path) if isinstance(p, int)]
            path = path[: items[-1] + 1] if items else path[:1]
        targets.setdefault(path, message)
    paths = [p for p in targets if not any(p[:n] in targets for n in range(1, len(p)))]
    for path in sorted(paths, key=_order, reverse=True):  # later list entries first
        if path in _NAMELESS:
            person = data.get("person")
            data["person"] = {**(person if isinstance(person, dict) else {}), "name": UNKNOWN}
        else:
            container = data
            for part in path[:-1]:
                container = container[part]
            del container[path[-1]]
    for path in paths:  # in the order of the errors: the profile's order
        if path in _NAMELESS:
            report.note("person.name", f"{targets[path]}; the profile says '{UNKNOWN}'")
        else:
            report.note(format_path(path), f"{targets[path]}; left out")
    return bool(paths)


def _at(data: Any, path: _Loc) -> Any:
    for part in path:
        data = data[part]
    return data


_NAMELESS = {(), ("person",), ("person", "name")}  # fixed by naming the person 'Unknown'


def _order(path: _Loc) -> tuple[tuple[int, Any], ...]:
    """Sort key for paths mixing keys and indices: later list entries are removed first."""
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)


def restore(profile: dict[str, Any]) -> dict[str, Any]:
    """Undo the export's bookkeeping keys after :func:`to_profile` (ongoing, single dates,
    years)."""
    for key in ("experience", "volunteer", "education", "projects"):
        for item in _dicts(profile.get(key)):
            if item.pop("ongoing", False):
                item["end"] = "present"
            if item.pop("x-no-end", False):  # a single date, exported as start = end
                item.pop("end", None)
    for item in _dicts(profile.get("awards")):
        if item.pop("x-date-from-year", False):
            item.pop("date", None)
    return profile


# --- export ------------------------------------------------------------------------------


def _pick(data: dict[str, Any], mapping: list[tuple[str, str]]) -> tuple[dict, dict]:
    """Split a dumped item into standard keys and the rest (kept under x-cvbuilder)."""
    standard = {dst: data.pop(src) for src, dst in mapping if src in data}
    return standard, data


def from_profile(profile: Any) -> dict[str, Any]:
    """A profile → a JSON Resume document (valid against the official schema)."""
    data = profile.model_dump(mode="json", exclude_defaults=True)
    out: dict[str, Any] = {"$schema": SCHEMA_URL}

    person = data.pop("person")
    basics, rest = _pick(person, [("name", "name"), ("position", "label"), ("email", "email"),
                                  ("phone", "phone"), ("homepage", "url")])  # fmt: skip
    if "summary" in data:
        basics["summary"] = data.pop("summary")
    if "location" in rest:
        basics["location"] = {"city": rest.pop("location")}
    if "profiles" in rest:
        basics["profiles"] = rest.pop("profiles")
    if rest:
        basics[EXTRA] = rest
    out["basics"] = basics

    def section(name: str, key: str, mapping: list[tuple[str, str]], fix=None) -> None:
        items = []
        for item in data.pop(key, []):
            if fix:
                fix(item)
            standard, rest = _pick(item, mapping)
            if rest:
                standard[EXTRA] = rest
            items.append(standard)
        if items:
            out[name] = items

    def ongoing(item: dict[str, Any]) -> None:
        """JSON Resume reads a start without an end as ongoing: 'present' is written as no
        endDate, and a single date (a start only) as an end equal to the start."""
        if item.get("end") == "present":
            item.pop("end")
            item["ongoing"] = True
        elif "start" in item and "end" not in item:
            item["end"] = item["start"]
            item["x-no-end"] = True

    job = [("role", "position"), ("organization", "name"), ("start", "startDate"),
           ("end", "endDate"), ("location", "location"), ("url", "url"), ("summary", "summary"),
           ("highlights", "highlights")]  # fmt: skip
    section("work", "experience", job, ongoing)
    volunteer = [(s, "organization" if d == "name" else d) for s, d in job]
    section("volunteer", "volunteer", volunteer, ongoing)
    section("education", "education",
            [("institution", "institution"), ("field", "area"), ("degree", "studyType"),
             ("start", "startDate"), ("end", "endDate"), ("score", "score"),
             ("courses", "courses"), ("url", "url")], ongoing)  # fmt: skip

    def award_date(item: dict[str, Any]) -> None:
        if "date" not in item and item.get("year") is not None:
            item["date"] = str(item["year"])
            item["x-date-from-year"] = True
        else:
            item.pop("year", None)

    section("awards", "awards", [("title", "title"), ("date", "date"), ("issuer", "awarder"),
                                 ("summary", "summary")], award_date)  # fmt: skip
    section(
        "certificates",
        "certificates",
        [("name", "name"), ("date", "date"), ("issuer", "issuer"), ("url", "url")],
    )

    def publication(item: dict[str, Any]) -> None:
        year, month = item.pop("year", None), item.pop("month", None)
        if year:  # work in progress has none
            item["releaseDate"] = f"{year}-{month:02d}" if month else str(year)
        elif month:
            item["month"] = month
        links = item.get("links", {})
        if "paper" in links:
            item["url"] = links.pop("paper")
            if not links:
                item.pop("links")

    section("publications", "publications",
            [("title", "name"), ("venue", "publisher"), ("releaseDate", "releaseDate"),
             ("url", "url"), ("summary", "summary")], publication)  # fmt: skip
    section("skills", "skills", [("category", "name"), ("level", "level"), ("items", "keywords")])
    section("languages", "languages", [("language", "language"), ("fluency", "fluency")])
    if data.get("interests"):
        out["interests"] = [{"name": text} for text in data.pop("interests")]
    section("references", "references", [("name", "name"), ("reference", "reference")])
    section("projects", "projects",
            [("name", "name"), ("description", "description"), ("highlights", "highlights"),
             ("keywords", "keywords"), ("start", "startDate"), ("end", "endDate"),
             ("url", "url"), ("roles", "roles"), ("entity", "entity"), ("kind", "type")],
            ongoing)  # fmt: skip
    if data:
        out[EXTRA] = data  # news, service, teaching, extra sections, variants, …
    return out
