"""BibTeX in and out: real researchers' ``.bib`` files, with their quirks, to publications.

Parsing is bibtexparser 2 (lenient, reports failed blocks with line numbers); LaTeX
in fields becomes Unicode through pylatexenc. Every entry either becomes a
publication (plain data in the profile's format) or is reported with its line and
the reason; fields with no place of their own are kept under ``bibtex`` so an
export gives them back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem

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
    r"|conference|proceedings|symposium|\bconf\b|neural information processing systems"
    r"|acm multimedia|\bacm ?mm\b",
    re.IGNORECASE,
)
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
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}

# Author markers as they appear in the wild, and the role each stands for.
_MARKERS = [
    (re.compile(r"\$\s*\^\s*\{?\s*\\ast\s*\}?\s*\$|\$\s*\^\s*\{?\s*\*\s*\}?\s*\$"), "equal"),
    (re.compile(r"\$\s*\^\s*\{?\s*\\dagger\s*\}?\s*\$|\\dagger\b|†"), "corresponding"),
    (re.compile(r"\$\s*\^\s*\{?\s*\\ddagger\s*\}?\s*\$|\\ddagger\b|‡"), "lead"),
    (re.compile(r"\\textsuperscript\s*\{\s*\*\s*\}|\*"), "equal"),
    (re.compile(r"\\textsuperscript\s*\{\s*\\dagger\s*\}|\\textdagger\b"), "corresponding"),
    (re.compile(r"\\textsuperscript\s*\{\s*\\ddagger\s*\}|\\textdaggerdbl\b"), "lead"),
    (re.compile("\U0001f4e7|\u2709"), "corresponding"),
    (re.compile("\U0001f4a1"), "lead"),
]

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


def _latex_to_text(value: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        text = LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text(value)
    except Exception:  # pylatexenc gives up on some malformed macros; keep the text readable
        text = re.sub(r"\\[A-Za-z]+\*?|[{}]", "", value)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


def _norm(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form, for comparing names and titles."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]", "", text.lower().replace("-", " ")).strip()


@dataclass(frozen=True)
class Name:
    first: str
    last: str

    @classmethod
    def parse(cls, text: str) -> Name:
        """``Tang, Zhenheng`` or ``Zhenheng Tang`` or ``Z. Tang``."""
        from bibtexparser.middlewares.names import parse_single_name_into_parts

        parts = parse_single_name_into_parts(text.strip(), strict=False)
        last = " ".join([*parts.von, *parts.last])
        first = " ".join(parts.first)
        return cls(first, last + (", " + " ".join(parts.jr) if parts.jr else ""))

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
    name = Name.parse(_latex_to_text(text).replace(" ,", ","))
    return {"name": name.display, **roles}, False


def _infer_type(entry_type: str, venue: str, fields: dict[str, str]) -> str:
    """The publication type, from the venue when the entry type cannot be trusted (al-folio
    types everything @article)."""
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
    if et in ("inproceedings", "conference", "proceedings") or _CONF_RX.search(text):
        return "conference"
    if et == "article" and venue:
        return "journal"
    if fields.get("arxiv") or fields.get("eprint") or (et in ("unpublished", "misc") and not venue):
        return "preprint"
    return "other"


def _url(value: str) -> str | None:
    value = value.strip()
    return value if re.match(r"^https?://\S+$", value) else None


def _tag(word: str) -> str | None:
    tag = re.sub(r"\s+", "-", word.strip().lower())
    return tag if re.match(r"^[a-z0-9][a-z0-9_.+-]*$", tag) else None


def entry_to_publication(entry: Any, owners: list[Name]) -> tuple[dict[str, Any], list[str]]:
    """One bibtexparser entry → (publication data, notes). Raises ``ValueError`` if unusable."""
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    fields = _split_swallowed_fields(fields)
    notes: list[str] = []
    extras: dict[str, str] = {}
    used: set[str] = set()

    def take(key: str) -> str:
        used.add(key)
        return fields.get(key, "").strip()

    title = _latex_to_text(take("title"))
    if not title:
        raise ValueError("no title")
    from bibtexparser.middlewares.names import split_multiple_persons_names

    authors: list[dict[str, Any]] = []
    et_al = False
    for raw in split_multiple_persons_names(take("author")):
        author, others = _author(raw)
        et_al |= others
        if author and author["name"]:
            authors.append(author)
    if not authors:
        raise ValueError("no authors")
    year_text = take("year")
    m = re.search(r"\d{4}", year_text)
    if not m:
        raise ValueError(f"no year (year = {year_text!r})" if year_text else "no year")
    pub: dict[str, Any] = {"id": entry.key, "title": title, "authors": authors}
    if et_al:
        pub["et_al"] = True

    venue_key = next(
        (k for k in _VENUE_FIELDS if fields.get(k, "").strip() and not _url(fields[k])), None
    )
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
    pub["type"] = _infer_type(entry.entry_type, venue, fields)
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
    arxiv = take("arxiv") or (
        take("eprint") if fields.get("archiveprefix", "").lower() == "arxiv" else ""
    )
    if arxiv:
        used.add("archiveprefix")
        links["arxiv"] = arxiv
    if take("doi"):
        links["doi"] = fields["doi"].strip()
    if links:
        pub["links"] = links

    selected = take("selected").lower()
    if selected in ("true", "yes", "1"):
        pub["selected"] = True
    elif selected and selected not in ("false", "no", "0"):
        extras["selected"] = fields["selected"]
    tags = [t for t in (_tag(w) for w in re.split(r"[,;]", take("keywords"))) if t]
    if tags:
        pub["tags"] = list(dict.fromkeys(tags))

    strength = [
        max((Name.parse(a["name"]).match_strength(o) for o in owners), default=0) for a in authors
    ]
    best = max(strength, default=0)
    matches = [i for i, s in enumerate(strength) if s and s == best]
    if len(matches) == 1:
        authors[matches[0]]["owner"] = True
    elif len(matches) > 1:
        names = ", ".join(f"{i + 1} ({authors[i]['name']})" for i in matches)
        notes.append(
            f"owner is ambiguous: authors {names} all match; mark the right one with "
            "'owner: true' in a publication with the same id"
        )
    for key, value in fields.items():
        if key not in used and key not in extras:
            extras[key] = value
    if extras:
        pub["bibtex"] = dict(sorted(extras.items()))
    return pub, notes


_SWALLOWED = re.compile(
    r"^\{(?P<v1>(?:[^{}]|\{[^{}]*\})*)\}\s*\n\s*(?P<k>[A-Za-z_][\w-]*)\s*=\s*"
    r"(?P<v2>.*)$",
    re.DOTALL,
)


def _split_swallowed_fields(fields: dict[str, str]) -> dict[str, str]:
    """Recover a missing comma: ``title = {A}\\n author = {B}`` was read as one value."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        m = _SWALLOWED.match(value)
        if m and m["k"].lower() not in fields:
            out[key] = m["v1"]
            out[m["k"].lower()] = (
                m["v2"].strip().rstrip(",").strip().strip('"').removeprefix("{").removesuffix("}")
            )
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
        return bibtexparser.parse_string(text)
    finally:
        logger.setLevel(level)


def read_bib(text: str, source: str, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Parse BibTeX text → [(publication data, line)], and a report of what happened."""
    from bibtexparser import model

    report = BibReport(source)
    owner_names = [Name.parse(o) for o in owners if o.strip()]
    library = _parse(text)
    out: list[tuple[dict, int]] = []
    seen: dict[str, int] = {}

    def problem(line: int, key: str, message: str) -> Problem:
        return Problem(source, line, None, key, message)

    for block in library.blocks:
        line = getattr(block, "start_line", 0) + 1
        entries: list[Any] = []
        if isinstance(block, model.Entry):
            entries = [block]
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            report.read += 1
            report.errors.append(
                problem(
                    line,
                    block.key,
                    f"duplicate key {block.key!r} (first "
                    f"on line {seen.get(block.key, '?')}); entry skipped",
                )
            )
            continue
        elif isinstance(block, model.ParsingFailedBlock):
            report.read += 1
            repaired = _repair(block.raw)
            again = _parse(repaired) if repaired else None
            if again is not None and len(again.entries) == 1 and not again.failed_blocks:
                entries = again.entries
                report.read -= 1
                report.notes.append(problem(line, entries[0].key, "unbalanced braces repaired"))
            else:
                key = re.match(r"\s*@\s*\w+\s*\{\s*([^,\s]*)", block.raw)
                report.errors.append(
                    problem(
                        line,
                        key.group(1) if key else "",
                        "entry could not be read (unbalanced braces or quotes?) and could not be "
                        "repaired unambiguously; entry skipped",
                    )
                )
                continue
        else:
            continue
        for entry in entries:
            report.read += 1
            seen.setdefault(entry.key, line)
            try:
                pub, notes = entry_to_publication(entry, owner_names)
            except ValueError as exc:
                report.errors.append(problem(line, entry.key, f"{exc}; entry skipped"))
                continue
            report.notes.extend(problem(line, entry.key, n) for n in notes)
            out.append((pub, line))
    report.written = len(out)
    return out, report


def read_bib_file(path: Path, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Read a .bib file (UTF-8, or Latin-1 as a fallback for old files)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return read_bib(text, str(path), owners)


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


def _latex(text: str) -> str:
    """Unicode text → BibTeX-safe LaTeX (pylatexenc), capitals protected by the outer braces."""
    from pylatexenc.latexencode import unicode_to_latex

    return unicode_to_latex(text, non_ascii_only=False, replacement_latex_protection="braces-all")


def _bib_author(author: Any) -> str:
    name = Name.parse(author.name)
    last = _latex(name.last)
    last += "*" if author.equal else ""
    last += r"$^{\dagger}$" if author.corresponding else ""
    last += r"$^{\ddagger}$" if author.lead else ""
    return f"{last}, {_latex(name.first)}" if name.first else last


def _key(pub: Any, used: set[str]) -> str:
    base = pub.id or re.sub(
        r"\W",
        "",
        f"{Name.parse(pub.authors[0].name).last}{pub.year}{(pub.title.split() or [''])[0]}".lower(),
    )
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}{chr(ord('a') + n - 2)}" if n < 28 else f"{base}{n}"
    used.add(key)
    return key


def export(publications: list[Any]) -> str:
    """Publications → BibTeX text that :func:`read_bib` reads back to the same data."""
    used: set[str] = set()
    chunks = []
    for pub in publications:
        etype = _ENTRY_TYPES.get(pub.type.value, "misc")
        fields: list[tuple[str, str]] = [("title", "{" + _latex(pub.title) + "}")]
        authors = [_bib_author(a) for a in pub.authors] + (["others"] if pub.et_al else [])
        fields.append(("author", " and ".join(authors)))
        if pub.venue:
            fields.append((_VENUE_KEY[etype], _latex(pub.venue)))
        if pub.venue_short:
            fields.append(("abbr", _latex(pub.venue_short)))
        fields.append(("year", str(pub.year)))
        if pub.month:
            fields.append(
                (
                    "month",
                    [
                        "jan",
                        "feb",
                        "mar",
                        "apr",
                        "may",
                        "jun",
                        "jul",
                        "aug",
                        "sep",
                        "oct",
                        "nov",
                        "dec",
                    ][pub.month - 1],
                )
            )
        fields.append(("pubtype", pub.type.value))
        if pub.note:
            fields.append(("note", _latex(pub.note)))
        links = pub.links
        for key, value in [
            ("url", links.paper),
            ("pdf", links.pdf),
            ("code", links.code),
            ("arxiv", links.arxiv),
            ("doi", links.doi),
            ("slides", links.slides),
            ("video", links.video),
            ("website", links.project),
        ]:
            if value:
                fields.append((key, value))
        if pub.selected:
            fields.append(("selected", "true"))
        if pub.tags:
            fields.append(("keywords", ", ".join(pub.tags)))
        taken = {k for k, _ in fields}
        fields.extend((k, v) for k, v in pub.bibtex.items() if k not in taken)
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        chunks.append(f"@{etype}{{{_key(pub, used)},\n{body}\n}}\n")
    return "\n".join(chunks)
