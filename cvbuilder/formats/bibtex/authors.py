"""Author fields: people split as BibTeX splits them, broken lists repaired, role markers."""

from __future__ import annotations

import functools
import re
from typing import Any

from cvbuilder.formats.bibtex.common import _short
from cvbuilder.formats.bibtex.latex import _latex_to_text
from cvbuilder.formats.bibtex.latex_macros import _KEEP, _KINDS, _symbols
from cvbuilder.formats.bibtex.names import Name, _suffix

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
