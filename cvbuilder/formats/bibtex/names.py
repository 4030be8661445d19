"""Author names: their parts, whether two name the same person, and the owner among authors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cvbuilder.formats.bibtex.common import ANNOTATIONS, _norm
from cvbuilder.formats.bibtex.latex import _latex_to_text

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


# The words of an ``author+an`` annotation this package understands (``highlight`` is what
# biblatex CV setups use for the owner).
_ROLE_WORDS = {
    "owner": "owner",
    "highlight": "owner",
    "me": "owner",
    "equal": "equal",
    "corresponding": "corresponding",
    "lead": "lead",
}


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
