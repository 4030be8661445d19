"""JSON Resume's keys: the standard ones, the spellings and names people use instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cvbuilder.formats.jsonresume.report import _empty

EXTRA = "x-cvbuilder"  # where an export keeps what JSON Resume has no key for


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
