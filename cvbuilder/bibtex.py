"""BibTeX in and out: real researchers' ``.bib`` files, with their quirks, to publications.

Parsing is bibtexparser 2 (lenient, reports failed blocks with line numbers); LaTeX
in fields becomes Unicode through pylatexenc. Every entry either becomes a
publication (plain data in the profile's format) or is reported with its line and
the reason; fields with no place of their own are kept under ``bibtex`` so an
export gives them back. Reading never raises: hostile input (a crossref cycle, an
``@string`` doubling chain, a field of megabytes) is an error in the report, in
bounded time and memory.

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
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem

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


@functools.cache
def _decoder() -> Any:
    from pylatexenc import latex2text

    # pylatexenc drops macros it does not know: "The {\TeX} Book" must keep its TeX, and what
    # the export writes for braces, ^ and ‡ must read back as those characters.
    names = {
        "TeX": "TeX",
        "LaTeX": "LaTeX",
        "BibTeX": "BibTeX",
        "LaTeXe": "LaTeX2e",
        "textbraceleft": "{",
        "textbraceright": "}",
        "textasciicircum": "^",
        "ddag": "‡",
    }
    context = latex2text.get_default_latex_context_db()
    context.add_context_category(
        "cvbuilder",
        prepend=True,
        macros=[latex2text.MacroTextSpec(k, v) for k, v in names.items()],
    )
    return latex2text.LatexNodes2Text(
        latex_context=context, math_mode="text", strict_latex_spaces=True
    )


# What makes LaTeX differ from its plain text: without any of these, text is already text.
_ACTIVE = re.compile(r"[$%&\\{}~]|--|``|''|[?!]`")


def _latex_to_text(value: str) -> str:
    """LaTeX → Unicode text, each run of whitespace one space (as LaTeX prints it)."""
    text = value
    if _ACTIVE.search(value):
        try:
            text = _decoder().latex_to_text(value)
        except Exception:  # pylatexenc gives up on malformed macros and deep nesting
            text = re.sub(r"\\[A-Za-z]+\*?|[{}]", "", value)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


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


@dataclass(frozen=True)
class Name:
    first: str
    last: str

    @classmethod
    def parse(cls, text: str, decode: Callable[[str], str] = str.strip) -> Name:
        """``Tang, Zhenheng`` or ``Zhenheng Tang`` or ``Z. Tang``; ``decode`` turns each part
        into text after splitting, so braces in LaTeX (``{Barack and Obama}``) keep a name
        whole, as in BibTeX."""
        from bibtexparser.middlewares.names import parse_single_name_into_parts

        parts = parse_single_name_into_parts(text.strip(), strict=False)
        last = decode(" ".join([*parts.von, *parts.last]))
        jr = decode(" ".join(parts.jr))
        return cls(decode(" ".join(parts.first)), last + (", " + jr if jr else ""))

    @property
    def display(self) -> str:
        return f"{self.first} {self.last}".strip()

    def matches(self, other: Name) -> bool:
        """Same last name, and first names equal or one given as matching initials."""
        return self.match_strength(other) > 0

    def match_strength(self, other: Name) -> int:
        """2: same full first name; 1: compatible only through initials (or no first name)."""
        if _norm(self.last) != _norm(other.last) or not _norm(self.last):
            return 0
        a, b = _norm(self.first).split(), _norm(other.first).split()
        if not a or not b:
            return 1
        initials_only = all(len(t) == 1 for t in a) or all(len(t) == 1 for t in b)
        if "".join(a) == "".join(b) and not initials_only:
            return 2
        ia, ib = "".join(t[0] for t in a), "".join(t[0] for t in b)
        return int(initials_only and (ia.startswith(ib) or ib.startswith(ia)))


def _author(raw: str) -> tuple[dict[str, Any] | None, bool]:
    """One BibTeX author → (author mapping, is-'others')."""
    roles: dict[str, bool] = {}
    text = raw.strip()
    if text.lower() in ("others", "et al.", "et al"):
        return None, True
    for rx, role in _MARKERS:
        text, n = rx.subn("", text)
        if n:
            roles[role] = True
    text = re.sub(r"\$\s*\^\s*\{?\s*\}?\s*\$", "", text)  # empty leftovers such as $^{}$
    name = Name.parse(text, _latex_to_text)
    return {"name": name.display, **roles}, False


def _authors(people: str) -> tuple[list[dict[str, Any]], bool]:
    """An ``author`` field → (authors, et al.); names that come out empty are skipped."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    authors: list[dict[str, Any]] = []
    et_al = False
    for raw in split_multiple_persons_names(people):
        author, others = _author(raw)
        et_al |= others
        if author and author["name"]:
            authors.append(author)
    return authors, et_al


def _read_annotations(text: str, count: int) -> dict[int, set[str]] | None:
    """``1=owner,equal; 3=corresponding`` (biblatex data annotations of ``author``) → roles by
    author index; ``None`` when it says anything else, so it is kept as written instead."""
    marks: dict[int, set[str]] = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        m = re.fullmatch(r"(\d{1,4})\s*=\s*(.*)", item, re.DOTALL)
        words = {w.strip().lower() for w in m[2].split(",")} if m else {""}
        if not m or not 1 <= int(m[1]) <= count or not words <= _ROLE_WORDS.keys():
            return None
        marks.setdefault(int(m[1]) - 1, set()).update(_ROLE_WORDS[w] for w in words)
    return marks


def _mark_owner(authors: list[dict[str, Any]], owners: list[Name]) -> list[str]:
    """Mark the one author who best matches an owner name; a note when several tie."""
    strength = [
        max((Name.parse(a["name"]).match_strength(o) for o in owners), default=0) for a in authors
    ]
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
    return tag if re.match(r"^[a-z0-9][a-z0-9_.+-]*$", tag) else None


def _read_extra(text: str) -> dict[str, Any] | None:
    """The JSON object of an ``x-cvbuilder`` field, or ``None`` if it holds anything else."""
    from .jsonresume import JSONProblem, parse_json

    try:
        value = parse_json(text)
    except JSONProblem:
        return None
    return value if isinstance(value, dict) else None


def _apply_extra(pub: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any] | None:
    """``pub`` with the ``x-cvbuilder`` values set (``null`` removes a key), or ``None`` when
    the result is no valid publication: a hand-edited field must not break callers."""
    from pydantic import ValidationError

    from .model import Publication

    out = {k: v for k, v in pub.items() if extra.get(k, "") is not None}
    out.update({k: v for k, v in extra.items() if v is not None})
    try:
        Publication.model_validate(out)
    except ValidationError:
        return None
    return out


def entry_to_publication(
    entry_type: str, key: str, fields: dict[str, str], owners: list[Name]
) -> tuple[dict[str, Any], list[str]]:
    """One entry's evaluated fields → (publication data, notes). ``ValueError`` if unusable."""
    notes: list[str] = []
    extras: dict[str, str] = {}
    used: set[str] = set()

    def take(key: str) -> str:
        used.add(key)
        return fields.get(key, "").strip()

    title = _latex_to_text(take("title"))
    if not title:
        raise ValueError("no title")
    people = take("author")
    if not people and fields.get("editor"):  # an edited volume: its editors stand in
        people = take("editor")
        notes.append("no author: the editors are listed as authors")
    authors, et_al = _authors(people)
    if not authors:
        raise ValueError("no authors")
    year_text = take("year") or take("date")  # biblatex writes date = {2020-05-01}
    m = re.search(r"(?<!\d)\d{4}(?!\d)", year_text)
    if not m:
        raise ValueError(f"no year (year = {_short(year_text)!r})" if year_text else "no year")
    pub: dict[str, Any] = {"id": key, "title": title, "authors": authors}
    if et_al:
        pub["et_al"] = True

    venue_key = next(
        (k for k in _VENUE_FIELDS if fields.get(k, "").strip() and not _url(fields[k])
         and "\\url" not in fields[k]),
        None,
    )  # fmt: skip
    venue = _latex_to_text(take(venue_key)) if venue_key else ""
    if venue:
        pub["venue"] = venue
    if take("abbr"):
        pub["venue_short"] = _latex_to_text(fields["abbr"])
    pub["year"] = int(m.group())
    month = take("month").lower()[:3]
    if month in _MONTHS or (month.isdigit() and 1 <= int(month) <= 12):
        pub["month"] = _MONTHS.get(month) or int(month)
    elif month:
        extras["month"] = fields["month"]
    pub["type"] = _infer_type(entry_type, venue, fields, venue_key)
    used.add("pubtype")

    note = [_latex_to_text(take(k)) for k in ("note", "_note") if fields.get(k)]
    award = take("award_name") or take("award")
    if award:
        note.append(_latex_to_text(award))
    if fields.get("award_name") and fields.get("award"):
        extras["award"] = fields["award"]
    if note:
        pub["note"] = "; ".join(note)

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
    if take("doi"):
        links["doi"] = _unescape_link(fields["doi"].strip())
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

    marks = _read_annotations(fields[ANNOTATIONS], len(authors)) if ANNOTATIONS in fields else None
    if marks is not None:  # the export's own word on owner and roles: no guessing from names
        used.add(ANNOTATIONS)
        for i, roles in sorted(marks.items()):
            authors[i].update(dict.fromkeys(sorted(roles), True))
    else:
        if ANNOTATIONS in fields:
            notes.append(f"{ANNOTATIONS} not understood (e.g. '1=owner; 2=equal'); kept as written")
        notes.extend(_mark_owner(authors, owners))
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


def _repair(raw: str) -> str | None:
    """Close braces left open at the end of a field line (``title = {Unbalanced,``)."""
    lines = raw.splitlines()
    changed = False
    for i, line in enumerate(lines):
        if not re.match(r"^\s*[A-Za-z_][\w-]*\s*=\s*\{", line):
            continue
        depth = line.count("{") - line.count("}")
        if depth > 0 and line.rstrip().endswith(","):
            lines[i] = line.rstrip()[:-1] + "}" * depth + ","
            changed = True
    return "\n".join(lines) if changed else None


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
        if part:
            undefined.append(part)
        return part


def _inherit(key: str, entries: dict[str, dict[str, str]]) -> tuple[dict[str, str], str | None]:
    """An entry's fields completed from its crossref chain, nearest parent first (a parent's
    title becomes the booktitle), and a note when the chain is broken, loops or is too long."""
    fields = dict(entries[key])
    chain = [key]
    target = fields.get("crossref", "").strip()
    while target:
        parent = target.lower()
        if parent == key and len(chain) == 1:
            return fields, "crossref points to the entry itself; ignored"
        if parent in chain:
            loop = " → ".join(_short(k, 30) for k in [*chain, parent])
            return fields, f"crossref cycle ({loop}); followed up to the cycle"
        if parent not in entries:
            return fields, f"crossref {_short(target)!r} not found in this file"
        if len(chain) > MAX_CROSSREF:
            return fields, f"crossref chain longer than {MAX_CROSSREF}; stopped at {target!r}"
        chain.append(parent)
        for name, value in entries[parent].items():
            into = "booktitle" if name == "title" else name
            if into not in fields and name not in ("crossref", "author"):
                fields[into] = value
        target = entries[parent].get("crossref", "").strip()
    return fields, None


_Raw = tuple[Any, int, list[str]]  # (bibtexparser entry, line, notes)
_Problem = Callable[[int, str, str], Problem]  # (line, key, message) → a Problem of this file


def _entries(library: Any, report: BibReport, problem: _Problem) -> list[_Raw]:
    """The library's entries with their line; duplicates and broken blocks are reported."""
    from bibtexparser import model

    seen: dict[str, int] = {}
    out: list[_Raw] = []

    def duplicate(line: int, key: str) -> None:
        report.read += 1
        first = seen.get(key.lower(), "?")
        report.errors.append(problem(
            line, key, f"duplicate key {_short(key)!r} (first on line {first}); entry skipped"
        ))  # fmt: skip

    for block in library.blocks:
        line = getattr(block, "start_line", 0) + 1
        notes: list[str] = []
        if isinstance(block, model.Entry):
            entry = block
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            if isinstance(block.ignore_error_block, model.String):
                message = "@string defined again; the first definition is used"
                report.notes.append(problem(line, block.key, message))
            else:
                duplicate(line, block.key)
            continue
        elif isinstance(block, model.DuplicateFieldKeyBlock) and block.ignore_error_block:
            entry = block.ignore_error_block
            counts = Counter(f.key.lower() for f in entry.fields)
            twice = sorted(name for name, n in counts.items() if n > 1)
            notes.append(f"field(s) {', '.join(twice)} given twice; the first value is used")
        elif isinstance(block, model.ParsingFailedBlock):
            entry = _repaired(block, line, report, problem, notes)
            if entry is None:
                continue
        else:
            continue
        if entry.key.lower() in seen:  # BibTeX keys ignore case
            duplicate(line, entry.key)
            continue
        seen[entry.key.lower()] = line
        out.append((entry, line, notes))
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
    repaired = _repair(block.raw)
    again = _parse(repaired) if repaired else None
    if again is not None and len(again.entries) == 1 and not again.failed_blocks:
        notes.append("unbalanced braces repaired")
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


def read_bib(text: str, source: str, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Parse BibTeX text → [(publication data, line)], and a report of what happened.

    Never raises: every entry that cannot be used is an error in the report, with its line."""
    report = BibReport(source)
    owner_names = [Name.parse(o) for o in owners if o.strip()]
    library = _parse(text)

    def problem(line: int, key: str, message: str) -> Problem:
        return Problem(source, line, None, _short(key), message)

    macros = _Macros(budget=4 * len(text) + 1_000_000)
    for block in library.strings:
        why = macros.define(block.key, str(block.value))
        if why:
            line = getattr(block, "start_line", 0) + 1
            message = f"@string value {why}; entries using it are skipped"
            report.errors.append(problem(line, block.key, message))

    raw = _entries(library, report, problem)
    evaluated: dict[str, dict[str, str]] = {}
    unusable: dict[str, str] = {}
    for entry, _, notes in raw:
        fields = _evaluate(entry, macros, notes)
        if isinstance(fields, str):
            unusable[entry.key.lower()] = fields
            fields = {}
        evaluated[entry.key.lower()] = fields

    parents = {f.get("crossref", "").strip().lower() for f in evaluated.values()} - {""}
    out: list[tuple[dict, int]] = []
    for entry, line, notes in raw:
        report.read += 1
        key = entry.key.lower()
        if key in unusable:
            report.errors.append(problem(line, entry.key, f"{unusable[key]}; entry skipped"))
            continue
        if key in parents and entry.entry_type.lower() in ("proceedings", "book"):
            report.notes.append(problem(line, entry.key, "used as crossref parent only"))
            continue
        fields, note = _inherit(key, evaluated)
        if note:
            notes.append(note)
        try:
            pub, more = entry_to_publication(entry.entry_type, entry.key, fields, owner_names)
        except ValueError as exc:
            hint = next((f" ({n})" for n in notes if n.startswith("crossref")), "")
            report.errors.append(problem(line, entry.key, f"{exc}{hint}; entry skipped"))
            continue
        report.notes.extend(problem(line, entry.key, n) for n in [*notes, *more])
        out.append((pub, line))
    report.written = len(out)
    report.errors.sort(key=lambda p: p.line or 0)
    report.notes.sort(key=lambda p: p.line or 0)
    return out, report


def read_bib_file(path: Path, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Read a .bib file (UTF-8, or Latin-1 as a fallback for old files, with a note).

    Raises :class:`cvbuilder.files.FileProblem` for a path that is no readable regular file
    under the size limit; everything else is in the report."""
    from .files import read_input

    raw = read_input(path).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return read_bib(text, str(path), owners)
    entries, report = read_bib(raw.decode("latin-1"), str(path), owners)
    message = f"not UTF-8 (byte 0x{raw[bad]:02x}); read as Latin-1"
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
    plain = ", ".join(_latex(p, name=True) for p in (parts.last, parts.first) if p)
    lone_and = re.search(r"(?i)(?:^|\s)and(?:\s|$)", plain)  # other tools split there
    return plain if not lone_and and _read_name(plain) == name else "{" + _latex(name, True) + "}"


def _annotations(authors: list[Any]) -> str:
    """Owner and roles as biblatex data annotations: ``1=owner,equal; 3=corresponding``."""
    marks = [(i, [r for r in _ROLES if getattr(a, r)]) for i, a in enumerate(authors, start=1)]
    return "; ".join(f"{i}={','.join(roles)}" for i, roles in marks if roles)


def _fields(pub: Any, etype: str) -> list[tuple[str, str]]:
    """A publication's standard BibTeX fields: (name, value written inside braces)."""
    authors = [_bib_name(a.name) for a in pub.authors] + (["others"] if pub.et_al else [])
    fields = [
        ("title", "{" + _latex(pub.title) + "}"),  # inner braces keep its capitals
        ("author", " and ".join(authors)),
        (ANNOTATIONS, _annotations(pub.authors)),  # always: its absence would mean "guess"
    ]
    if pub.venue:
        fields.append((_VENUE_KEY[etype], _latex(pub.venue)))
    if pub.venue_short:
        fields.append(("abbr", _latex(pub.venue_short)))
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

    from .model import Publication

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
        base = pub.id or f"{_ascii(Name.parse(pub.authors[0].name).last)}{pub.year}{word}"
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
