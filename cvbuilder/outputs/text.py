"""Plain text for job portals and ATS text boxes, which take neither a PDF nor markup: the same
sections in the same order as the PDF, wrapped at 80 columns, with no markup characters left.

Why it looks the way it does:

* Headings are capitals over a rule of ``=`` (sections) or ``-`` (subheadings): visible in any
  font, and recognised as headings by résumé parsers.
* Dates and publication labels (``[C12]``, as the PDF numbers them) stand in a column left of
  the entry, as in the PDF; continuation lines hang under the text, never under the date.
* Links are written out (``arXiv: https://…``, ``Email: x@y``): there is nothing to click.
  A URL is never broken across lines; one longer than a line stands alone on its line.
* Widths are display columns (:func:`width`): Chinese, Japanese and Korean characters take two,
  and a line may break between two of them, so text in those languages stays within 80 columns.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise
from typing import Any

from cvbuilder.outputs.model import Contact, Entry, Inline, Page, Section

SUFFIX = "txt"
WIDTH = 80
DATE_COLUMN = 22
"""Dates wider than this go on a line of their own above the entry."""

_SPACE = re.compile(r"[^\S\xa0\u202f]+")
"""Where a line may break: whitespace, except the no-break spaces."""
_NO_START = set("、。，．：；！？）］｝」』】〉》〕”’ー・…,.;:!?)]}%")
"""Characters a line must not start with (closing punctuation, CJK or not)."""
_NO_END = set("（［｛「『【〈《〔“‘([{")
"""Characters a line must not end with (opening punctuation)."""
_LABELS = {"email": "Email", "phone": "Phone"}
_SCHEME = re.compile(r"^(https?://(www\.)?|mailto:|tel:)")
_INITIAL = re.compile(r"(?<!\w)(\w\.) (?=\w)")
"""An initial and what follows it ("X. Chu", "A. C. Zhou"): kept on one line."""


def width(text: str) -> int:
    """Display columns of ``text``: wide and full-width characters take 2, marks take 0."""
    return sum(_columns(c) for c in text)


def _columns(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def _pieces(word: str) -> list[str]:
    """``word`` cut where a line may break inside it: next to a wide (CJK) character, keeping
    punctuation with the character it belongs to. URLs and e-mail addresses stay whole."""
    if "://" in word or "@" in word:
        return [word]
    out = [word[0]]
    for prev, c in pairwise(word):
        if (_wide(c) or _wide(prev)) and c not in _NO_START and prev not in _NO_END:
            out.append(c)
        else:
            out[-1] += c
    return out


def wrap(text: str, first: str = "", rest: str = "", limit: int = WIDTH) -> list[str]:
    """``text`` in lines of at most ``limit`` columns: the first line starts with ``first``,
    the others with ``rest`` (a hanging indent). Words are never broken, nor URLs; a piece
    longer than a line stands alone on its line."""
    lines: list[str] = []
    line, bare = first, True
    for w, word in enumerate(x for x in _SPACE.split(text) if x):
        for p, piece in enumerate(_pieces(word)):
            joined = line + (" " if w and not p and not bare else "") + piece
            if width(joined) <= limit or (bare and not line.strip()):
                line, bare = joined, False
                continue
            lines.append(line)
            line, bare = rest + piece, False
    lines.append(line)
    return [x.rstrip() for x in lines]


def shown(url: str) -> str:
    """A URL as written in text: without ``mailto:``/``tel:``, ``https://`` or ``www.``."""
    return _SCHEME.sub("", url).rstrip("/") or url


def inline(runs: Inline) -> str:
    """Runs as plain text: emphasis dropped, a link's target written after its text unless
    the text already says it."""
    out: list[str] = []
    i = 0
    while i < len(runs):
        link = runs[i].link
        j = i + 1
        while link and j < len(runs) and runs[j].link == link:
            j += 1
        said = "".join(r.text for r in runs[i:j])
        out.append(said)
        if link and shown(said.strip()) not in (shown(link), link):
            out.append(f" ({link.removeprefix('mailto:')})")
        i = j
    return "".join(out)


def contact(c: Contact) -> str:
    """``Email: x@y``, ``GitHub: github.com/x``, the homepage as the PDF shows it."""
    if c.kind in _LABELS:
        return f"{_LABELS[c.kind]}: {c.text}"
    if c.kind == "profile" and c.url:
        network, sep, _ = c.text.partition(": ")
        if not sep or shown(network) == shown(c.url):
            return shown(c.url)
        return f"{network}: {shown(c.url)}"
    return c.text


def _heading(title: str, rule: str) -> list[str]:
    lines = wrap(title)
    return [*lines, rule * max(map(width, lines)), ""]


def _label(entry: Entry) -> str:
    return f"[{entry.number}]" if entry.number else entry.date


def _column(section: Section) -> tuple[int, int]:
    """(the label column's width, the gap after a label); (0, 0) when no entry has one."""
    entries = [e for g in section.groups for e in g.entries]
    labels = [width(_label(e)) for e in entries if _label(e)]
    if not labels:
        return 0, 0
    gap = 1 if any(e.number for e in entries) else 2
    return min(max(labels), DATE_COLUMN) + gap, gap


def entry(e: Entry, column: int, gap: int, compact: bool) -> list[str]:
    """One entry: the label (date or number) in its column, the title after it, then its
    lines, bullets and links hanging under the title."""
    label, out = _label(e), []
    if column:
        indent = " " * column
        first = label + " " * (column - width(label))
        if label and width(label) + gap > column:
            out.append(label)
            first = indent
    else:
        first, indent = ("- ", "  ") if compact else ("", "  ")
    title = inline(e.title)
    out += wrap(title, first, indent) if title.strip() else [first.rstrip()]
    for line in e.lines:
        out += wrap(_INITIAL.sub("\\1\xa0", inline(line)), indent, indent + "  ")
    for bullet in e.bullets:
        out += wrap(inline(bullet), indent + "- ", indent + "  ")
    for name, url in e.links:
        out += wrap(f"{name}: {url}", indent, indent + "  ")
    return [x for x in out if x]


def section(s: Section) -> list[str]:
    out = _heading(s.title.upper(), "=")
    for paragraph in s.paragraphs:
        out += [*wrap(inline(paragraph)), ""]
    column, gap = _column(s)
    for group in s.groups:
        if group.heading:
            out += _heading(group.heading, "-")
        blocks = [entry(e, column, gap, s.compact) for e in group.entries]
        apart = not s.compact or any(len(b) > 2 for b in blocks)  # a blank line between
        for block in blocks:
            out += [*block, ""] if apart else block
        out.append("")
    return out


def header(page: Page) -> list[str]:
    name = page.name + (f" ({page.name_native})" if page.name_native else "")
    out = wrap(name) + (wrap(page.headline) if page.headline else [])
    for c in page.contacts:
        out += wrap(contact(c), "", "  ")
    return [*out, ""]


def write(page: Page, variant: Any) -> bytes:
    lines = header(page)
    for s in page.sections:
        lines += section(s)
    if page.updated:
        lines += wrap(page.updated)
    text = "\n".join(lines).replace("\xad", "")
    text = re.sub(r"[\xa0\u202f\t]", " ", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return (re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n").encode("utf-8")
