"""BibTeX in and out: real researchers' ``.bib`` files, with their quirks, to publications.

Parsing is bibtexparser 2 (lenient, reports failed blocks with line numbers); LaTeX
in fields becomes Unicode through pylatexenc. Every entry either becomes a
publication (plain data in the profile's format) or is reported with its line and
the reason; fields with no place of their own are kept under ``bibtex`` so an
export gives them back.
"""

from __future__ import annotations

import datetime as dt
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


_L2T = None


def _latex_to_text(value: str) -> str:
    global _L2T
    if _L2T is None:
        from pylatexenc import latex2text

        # pylatexenc drops logos it does not know; "The {\TeX} Book" must keep its TeX.
        names = {"TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e"}
        context = latex2text.get_default_latex_context_db()
        context.add_context_category(
            "cvbuilder",
            prepend=True,
            macros=[latex2text.MacroTextSpec(k, v) for k, v in names.items()],
        )
        _L2T = latex2text.LatexNodes2Text(
            latex_context=context, math_mode="text", strict_latex_spaces=True
        )
    try:
        text = _L2T.latex_to_text(value)
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


def _url(value: str) -> str | None:
    """A web address, also when written as ``\\url{…}`` or ``\\href{…}{…}``."""
    value = value.strip()
    m = re.match(r"^\\(?:url|href)\s*\{([^{}]*)\}", value)
    if m:
        value = m.group(1).strip()
    return value if re.match(r"^https?://\S+$", value) else None


def _tag(word: str) -> str | None:
    tag = re.sub(r"\s+", "-", word.strip().lower())
    return tag if re.match(r"^[a-z0-9][a-z0-9_.+-]*$", tag) else None


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
    from bibtexparser.middlewares.names import split_multiple_persons_names

    authors: list[dict[str, Any]] = []
    et_al = False
    people = take("author")
    if not people and fields.get("editor"):  # an edited volume: its editors stand in
        people = take("editor")
        notes.append("no author: the editors are listed as authors")
    for raw in split_multiple_persons_names(people):
        author, others = _author(raw)
        et_al |= others
        if author and author["name"]:
            authors.append(author)
    if not authors:
        raise ValueError("no authors")
    year_text = take("year") or take("date")  # biblatex writes date = {2020-05-01}
    m = re.search(r"\d{4}", year_text)
    if not m:
        raise ValueError(f"no year (year = {year_text!r})" if year_text else "no year")
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
    if venue_key != "howpublished" and _url(fields.get("howpublished", "")):
        links.setdefault("paper", _url(take("howpublished")) or "")
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
    words = [w for w in re.split(r"[,;]", take("keywords")) if w.strip()]
    tags = [t for t in (_tag(w) for w in words) if t]
    if tags:
        pub["tags"] = list(dict.fromkeys(tags))
    if len(tags) < len(words):  # keywords that are no tag: keep them all, as written
        extras["keywords"] = fields["keywords"]

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
        return bibtexparser.parse_string(text, parse_stack=[])  # raw values: see evaluate()
    finally:
        logger.setLevel(level)


_MONTH_NAMES = [date.strftime("%B") for date in (dt.date(2000, m, 1) for m in range(1, 13))]


def _split_concat(value: str) -> list[str]:
    """Top-level ``#``-separated parts of a raw BibTeX value (braces and quotes respected)."""
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


def evaluate(value: str, strings: dict[str, str], undefined: list[str]) -> str:
    """A raw BibTeX value → its text: braces/quotes removed, @string macros and month names
    resolved, ``#`` concatenation joined. Unknown macros stay as written and are listed."""
    out = []
    for part in _split_concat(value):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        elif part.lower()[:3] in _MONTHS and len(part) == 3:
            out.append(_MONTH_NAMES[_MONTHS[part.lower()] - 1])
        else:
            undefined.append(part)
            out.append(part)
    return "".join(out)


def _crossref(fields: dict[str, str], entries: dict[str, dict[str, str]]) -> bool:
    """BibTeX crossref: missing fields come from the parent (its title as the booktitle)."""
    parent = entries.get(fields.get("crossref", "").strip().lower())
    if parent is None:
        return False
    for key, value in parent.items():
        target = "booktitle" if key == "title" else key
        if target not in fields and key not in ("crossref", "author"):
            fields[target] = value
    return True


def read_bib(text: str, source: str, owners: list[str]) -> tuple[list[tuple[dict, int]], BibReport]:
    """Parse BibTeX text → [(publication data, line)], and a report of what happened."""
    from bibtexparser import model

    report = BibReport(source)
    owner_names = [Name.parse(o) for o in owners if o.strip()]
    library = _parse(text)
    seen: dict[str, int] = {}

    def problem(line: int, key: str, message: str) -> Problem:
        return Problem(source, line, None, key, message)

    strings: dict[str, str] = {}
    for block in library.strings:
        strings[block.key.lower()] = evaluate(str(block.value), strings, [])

    raw: list[tuple[Any, int, list[str]]] = []  # (entry, line, notes)
    for block in library.blocks:
        line = getattr(block, "start_line", 0) + 1
        notes: list[str] = []
        if isinstance(block, model.Entry):
            entry = block
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            report.read += 1
            first = seen.get(block.key.lower(), "?")
            report.errors.append(problem(
                line, block.key,
                f"duplicate key {block.key!r} (first on line {first}); entry skipped",
            ))  # fmt: skip
            continue
        elif isinstance(block, model.DuplicateFieldKeyBlock) and block.ignore_error_block:
            entry = block.ignore_error_block
            names = [f.key.lower() for f in entry.fields]
            twice = sorted({n for n in names if names.count(n) > 1})
            notes.append(f"field(s) {', '.join(twice)} given twice; the first value is used")
        elif isinstance(block, model.ParsingFailedBlock):
            repaired = _repair(block.raw)
            again = _parse(repaired) if repaired else None
            if again is not None and len(again.entries) == 1 and not again.failed_blocks:
                entry = again.entries[0]
                notes.append("unbalanced braces repaired")
            else:
                report.read += 1
                key = re.match(r"\s*@\s*\w+\s*\{\s*([^,\s]*)", block.raw)
                report.errors.append(problem(
                    line, key.group(1) if key else "",
                    "entry could not be read (unbalanced braces or quotes?) and could not be "
                    "repaired unambiguously; entry skipped",
                ))  # fmt: skip
                continue
        else:
            continue
        seen.setdefault(entry.key.lower(), line)
        raw.append((entry, line, notes))

    evaluated: dict[str, dict[str, str]] = {}
    for entry, _, notes in raw:
        raw_fields: dict[str, str] = {}
        for f in entry.fields:
            raw_fields.setdefault(f.key.lower(), str(f.value))
        undefined: list[str] = []
        fields = {
            k: evaluate(v, strings, undefined)
            for k, v in _split_swallowed_fields(raw_fields).items()
        }
        if undefined:
            notes.append(f"undefined @string macro(s) kept as text: {', '.join(undefined)}")
        evaluated[entry.key.lower()] = fields

    parents = {f.get("crossref", "").strip().lower() for f in evaluated.values()} - {""}
    out: list[tuple[dict, int]] = []
    for entry, line, notes in raw:
        report.read += 1
        fields = evaluated[entry.key.lower()]
        if entry.key.lower() in parents and entry.entry_type.lower() in ("proceedings", "book"):
            report.notes.append(problem(line, entry.key, "used as crossref parent only"))
            continue
        if "crossref" in fields and not _crossref(fields, evaluated):
            notes.append(f"crossref {fields['crossref']!r} not found in this file")
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
