"""One entry's evaluated fields → a publication (plain data), with notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cvbuilder.formats.bibtex.aas import AAS_JOURNALS
from cvbuilder.formats.bibtex.authors import _people, _repair_people
from cvbuilder.formats.bibtex.common import _MONTHS, EXTRA, _short
from cvbuilder.formats.bibtex.latex import _latex_to_text
from cvbuilder.formats.bibtex.links import _doi_link, _unescape_link, _url
from cvbuilder.formats.bibtex.names import Name, _owner_and_roles, _owner_macros
from cvbuilder.formats.bibtex.pubtype import _infer_type

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


def _tag(word: str) -> str | None:
    tag = re.sub(r"\s+", "-", word.strip().lower())
    return tag if len(tag) <= 100 and re.match(r"^[a-z0-9][a-z0-9_.+-]*$", tag) else None


def _read_extra(text: str) -> dict[str, Any] | None:
    """The JSON object of an ``x-cvbuilder`` field, or ``None`` if it holds anything else."""
    from cvbuilder.formats.jsonresume.json import JSONProblem, parse_json

    try:
        value = parse_json(text)
    except JSONProblem:
        return None
    return value if isinstance(value, dict) else None


def _apply_extra(pub: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any] | None:
    """``pub`` with the ``x-cvbuilder`` values set (``null`` removes a key), or ``None`` when
    the result is no valid publication: a hand-edited field must not break callers."""
    from pydantic import ValidationError

    from cvbuilder.schema.model import Publication

    out = {k: v for k, v in pub.items() if extra.get(k, "") is not None}
    out.update({k: v for k, v in extra.items() if v is not None})
    try:
        Publication.model_validate(out)
    except ValidationError:
        return None
    return out


def _status(text: str) -> str | None:
    """What a year field says instead of a year (``in prep``, ``submitted``), if it is short
    words worth printing."""
    return text if re.fullmatch(r"[A-Za-z][A-Za-z .,\-]{0,39}", text) else None


def _entry_authors(
    fields: dict[str, str], take: Callable[[str], str], owners: list[Name], unknown: list[str]
) -> tuple[list[dict[str, Any]], bool, list[str]]:
    """(authors, et al., notes): the authors, else the editors, else the collaboration, else
    (a talk, a poster, a grant of a personal CV) the owner, when the owner's name is known."""
    people, notes = _repair_people(take("author"))
    authors, et_al, words = _people(people, unknown)
    for name, why in _STAND_IN_AUTHORS:
        if authors or et_al or not fields.get(name, "").strip():
            continue
        authors, et_al, words = _people(take(name), unknown)
        if authors:
            notes.append(f"no author: {why}")
    if authors or et_al:
        return authors, et_al, notes + _owner_macros(authors, words, owners)
    if owners:
        notes.append(f"no author: listed as the owner's own work ({owners[0].display})")
        return [{"name": owners[0].display, "owner": True}], False, notes
    return [], False, [*notes, "no author: listed without authors"]


_STAND_IN_AUTHORS = (
    ("editor", "the editors are listed as authors"),
    ("collaboration", "the collaboration is listed as the author"),
)


def entry_to_publication(
    entry_type: str,
    key: str,
    fields: dict[str, str],
    owners: list[Name],
    unknown: list[str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """One entry's evaluated fields → (publication data, notes); ``ValueError`` if unusable.
    Macros without a meaning here (and characters removed) are added to ``unknown``."""
    notes: list[str] = []
    extras: dict[str, str] = {}
    used: set[str] = set()
    unknown = [] if unknown is None else unknown

    def take(key: str) -> str:
        used.add(key)
        return fields.get(key, "").strip()

    def text(key: str) -> str:
        return _latex_to_text(take(key), unknown)

    title = text("title")
    if not title:
        raise ValueError("no title")
    authors, et_al, more = _entry_authors(fields, take, owners, unknown)
    notes += more
    pub: dict[str, Any] = {"id": key, "title": title, "authors": authors}
    if et_al:
        pub["et_al"] = True

    venue_key = next(
        (k for k in _VENUE_FIELDS if fields.get(k, "").strip() and not _url(fields[k])
         and "\\url" not in fields[k]),
        None,
    )  # fmt: skip
    venue = text(venue_key) if venue_key else ""
    if venue:
        pub["venue"] = venue
    journal = re.fullmatch(r"\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*", fields.get(venue_key or "", ""))
    if take("abbr"):
        pub["venue_short"] = _latex_to_text(fields["abbr"], unknown)
    elif journal and journal[1] in AAS_JOURNALS:  # \apj: The Astrophysical Journal (ApJ)
        pub["venue_short"] = AAS_JOURNALS[journal[1]][1]
    year_text = take("year") or take("date")  # biblatex writes date = {2020-05-01}
    m = re.search(r"(?<!\d)\d{4}(?!\d)", year_text)
    status = None if m else _status(_latex_to_text(year_text))
    if m:
        pub["year"] = int(m.group())
    elif status:
        notes.append(f"no year: {status!r} is printed instead")
    else:
        notes.append(f"no year (year = {_short(year_text)!r})" if year_text else "no year")
        if year_text:
            extras["year"] = fields.get("year") or fields["date"]
    month = take("month").lower()[:3]
    if month in _MONTHS or (month.isdigit() and 1 <= int(month) <= 12):
        pub["month"] = _MONTHS.get(month) or int(month)
    elif month:
        extras["month"] = fields["month"]
    pub["type"] = _infer_type(entry_type, venue, fields, venue_key)
    used.add("pubtype")

    note = [_latex_to_text(take(k), unknown) for k in ("note", "_note") if fields.get(k)]
    award = take("award_name") or take("award")
    if award:
        note.append(_latex_to_text(award, unknown))
    if fields.get("award_name") and fields.get("award"):
        extras["award"] = fields["award"]
    if status and status.lower() not in (n.lower() for n in note):
        note.append(status)
    if any(note):
        pub["note"] = "; ".join(n for n in note if n)

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
    if take("doi") and not _doi_link(fields["doi"], links, notes):
        extras["doi"] = fields["doi"]
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

    notes.extend(_owner_and_roles(fields, authors, owners, used))
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
