"""Profile → JSON Resume (standard keys, the rest under x-cvbuilder), and restoring it."""

from __future__ import annotations

from typing import Any

from cvbuilder.formats.jsonresume.keys import EXTRA
from cvbuilder.formats.jsonresume.report import _dicts

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


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


def _pick(data: dict[str, Any], mapping: list[tuple[str, str]]) -> tuple[dict, dict]:
    """Split a dumped item into standard keys and the rest (kept under x-cvbuilder)."""
    standard = {dst: data.pop(src) for src, dst in mapping if src in data}
    return standard, data


def from_profile(profile: Any, language: str | None = None) -> dict[str, Any]:
    """A profile → a JSON Resume document (valid against the official schema). ``language``:
    the language the profile's texts were read in (``meta.language``; default: the profile's)."""
    data = profile.model_dump(mode="json", exclude_defaults=True)
    data.pop("default_language", None)
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
    out["meta"] = {"language": language or profile.default_language}
    return out
