"""JSON Resume in and out (https://jsonresume.org/schema, 1.x, and the older 0.x key names).

Import maps every standard section to the profile and reports, by JSON path, whatever had no
place. Export writes standard keys only where the standard has a place and keeps everything
else under ``x-cvbuilder`` keys (documented in the README), so export → import gives the same
profile back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .dates import parse_date

EXTRA = "x-cvbuilder"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"

# Older (0.x) key names still common in the wild → current names, per section.
OLD_KEYS: dict[str, dict[str, str]] = {
    "basics": {"website": "url", "picture": "image"},
    "work": {"company": "name", "website": "url"},
    "volunteer": {"website": "url"},
    "education": {"gpa": "score"},
    "awards": {"website": "url"},
    "publications": {"website": "url"},
    "projects": {"website": "url"},
}
NETWORKS = {
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "twitter": "https://twitter.com/{}",
    "x": "https://x.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "orcid": "https://orcid.org/{}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
}


@dataclass
class Report:
    unplaced: list[str] = field(default_factory=list)  # "work[0].description: …"

    def note(self, path: str, why: str) -> None:
        self.unplaced.append(f"{path}: {why}")


def _clean(value: Any) -> Any:
    """Drop empty strings, lists and mappings (JSON Resume files are full of them)."""
    if isinstance(value, dict):
        out = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [v for v in (_clean(x) for x in value) if v not in ("", None, [], {})]
    return value.strip() if isinstance(value, str) else value


class _Reader:
    """One JSON Resume document → profile data; what is taken is tracked to report the rest."""

    def __init__(self, doc: dict[str, Any], report: Report):
        self.doc, self.report = doc, report

    def section(self, name: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        items = self.doc.get(name) or []
        if not isinstance(items, list):
            self.report.note(name, "expected a list; left out")
            return []
        renames = OLD_KEYS.get(name, {})
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                self.report.note(f"{name}[{i}]", "expected an object; left out")
                continue
            item = {renames.get(k, k): v for k, v in item.items()}
            out.append((f"{name}[{i}]", item, item.pop(EXTRA, {}) or {}))
        return out

    def date(self, item: dict[str, Any], key: str, path: str) -> str | None:
        raw = item.pop(key, None)
        if raw is None:
            return None
        try:
            return str(parse_date(raw))
        except ValueError:
            m = re.match(r"^(\d{4}(-\d{2}(-\d{2})?)?)T", str(raw))  # a timestamp: keep the date
            if m:
                return m.group(1)
            self.report.note(f"{path}.{key}", f"{raw!r} is not a date; left out")
            return None

    def rest(self, path: str, item: dict[str, Any]) -> None:
        for key, value in item.items():
            self.report.note(f"{path}.{key}", f"no place in the profile for {value!r}; left out")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    return {**base, **extra}


def to_profile(doc: dict[str, Any]) -> tuple[dict[str, Any], Report]:
    """A JSON Resume document → profile data (plain, validated later) and a report."""
    report = Report()
    doc = _clean(doc)
    if not isinstance(doc, dict):
        report.note("$", "a JSON Resume document is an object")
        return {"person": {"name": "Unknown"}}, report
    r = _Reader(doc, report)
    profile: dict[str, Any] = {}
    top_extra = doc.pop(EXTRA, {}) or {}

    basics = {OLD_KEYS["basics"].get(k, k): v for k, v in (doc.pop("basics", {}) or {}).items()}
    basics_extra = basics.pop(EXTRA, {}) or {}
    person: dict[str, Any] = {"name": basics.pop("name", None) or "Unknown"}
    if person["name"] == "Unknown":
        report.note("basics.name", "missing; the profile says 'Unknown'")
    for src, dst in [("label", "position"), ("email", "email"), ("phone", "phone"),
                     ("url", "homepage")]:  # fmt: skip
        if src in basics:
            person[dst] = basics.pop(src)
    if "summary" in basics:
        profile["summary"] = basics.pop("summary")
    location = basics.pop("location", None)
    if isinstance(location, dict):
        parts = [location.pop(k) for k in ("city", "region", "countryCode") if k in location]
        if parts:
            person["location"] = ", ".join(parts)
        r.rest("basics.location", location)
    profiles = []
    for i, p in enumerate(basics.pop("profiles", []) or []):
        net, user, url = p.get("network"), p.get("username"), p.get("url")
        if not url and net and user and net.lower() in NETWORKS:
            url = NETWORKS[net.lower()].format(user)
        if not (net and url):
            report.note(f"basics.profiles[{i}]", "needs a network and a url; left out")
            continue
        profiles.append({"network": net, "url": url, **({"username": user} if user else {})})
    if profiles:
        person["profiles"] = profiles
    r.rest("basics", basics)
    profile["person"] = _merge(person, basics_extra)

    span = [("startDate", "start"), ("endDate", "end")]

    def entries(
        name: str,
        first: tuple[str, str, str],
        fields: list[tuple[str, str]] = (),
        dates: list[tuple[str, str]] = (),
    ) -> list[tuple[str, dict[str, Any]]]:
        """Map one section: ``first`` is (JSON key, profile key, default when missing)."""
        out = []
        for path, item, extra in r.section(name):
            src, dst, default = first
            entry: dict[str, Any] = {dst: item.pop(src, None) or default}
            for src, dst in dates:
                value = r.date(item, src, path)
                if value:
                    entry[dst] = value
            for src, dst in fields:
                if src in item:
                    entry[dst] = item.pop(src)
            r.rest(path, item)
            out.append((path, _merge(entry, extra)))
        return out

    def plain(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [entry for _, entry in entries(*args, **kwargs)]

    job = [("position", "role"), ("location", "location"), ("url", "url"),
           ("summary", "summary"), ("highlights", "highlights")]  # fmt: skip
    for key, section, org in [("experience", "work", "name"), ("volunteer", "volunteer",
                                                                "organization")]:  # fmt: skip
        profile[key] = plain(section, (org, "organization", "Unknown"), job, span)
        for entry in profile[key]:
            entry.setdefault("role", "Member")

    education = []
    for _, entry in entries("education", ("institution", "institution", "Unknown"),
                            [("studyType", "degree"), ("area", "field"), ("score", "score"),
                             ("courses", "courses"), ("url", "url"), ("location", "location")],
                            span):  # fmt: skip
        entry.setdefault("degree", entry.get("field") or "Studies")
        education.append(entry)
    profile["education"] = education

    awards = []
    for path, entry in entries("awards", ("title", "title", "Award"),
                               [("awarder", "issuer"), ("summary", "summary"), ("url", "url")],
                               [("date", "date")]):  # fmt: skip
        if "date" in entry:
            entry.setdefault("year", int(str(entry["date"])[:4]))
        if "year" not in entry:
            report.note(f"{path}.date", "missing; an award needs a year, so it is left out")
            continue
        awards.append(entry)
    profile["awards"] = awards

    certificate = [("issuer", "issuer"), ("url", "url")]
    profile["certificates"] = plain(
        "certificates", ("name", "name", "Certificate"), certificate, [("date", "date")]
    )

    from .bibtex import _infer_type

    owner = profile["person"]["name"]
    publications = []
    for path, entry in entries("publications", ("name", "title", "Untitled"),
                               [("publisher", "venue"), ("url", "url"), ("summary", "summary")],
                               [("releaseDate", "released")]):  # fmt: skip
        released = entry.pop("released", None)
        if released:
            entry.setdefault("year", int(released[:4]))
            if len(released) >= 7:
                entry.setdefault("month", int(released[5:7]))
        if "url" in entry:
            entry["links"] = {"paper": entry.pop("url"), **entry.get("links", {})}
        entry.setdefault("type", _infer_type("misc", entry.get("venue", ""), {}))
        if "authors" not in entry:
            entry["authors"] = [{"name": owner, "owner": True}]
            report.note(path, "JSON Resume has no authors: the profile's owner is listed")
        if "year" not in entry:
            report.note(f"{path}.releaseDate", "missing; a publication needs a year: left out")
            continue
        publications.append(entry)
    profile["publications"] = publications

    profile["skills"] = plain("skills", ("name", "category", "Skills"),
                              [("level", "level"), ("keywords", "items")])  # fmt: skip
    profile["languages"] = plain("languages", ("language", "language", "Unknown"),
                                 [("fluency", "fluency")])  # fmt: skip
    profile["references"] = plain("references", ("name", "name", "Reference"),
                                  [("reference", "reference")])  # fmt: skip
    profile["projects"] = plain("projects", ("name", "name", "Project"),
                                [("description", "description"), ("highlights", "highlights"),
                                 ("keywords", "keywords"), ("url", "url"), ("roles", "roles"),
                                 ("entity", "entity"), ("type", "kind")], span)  # fmt: skip

    interests = []
    for path, item, _extra in r.section("interests"):
        name, keywords = item.pop("name", None), item.pop("keywords", [])
        text = (
            f"{name}: {', '.join(keywords)}" if name and keywords else name or ", ".join(keywords)
        )
        if text:
            interests.append(text)
        r.rest(path, item)
    profile["interests"] = interests

    meta = doc.pop("meta", None)
    if isinstance(meta, dict) and meta.get("lastModified") and "updated" not in top_extra:
        m = re.match(r"^\d{4}-\d{2}-\d{2}", str(meta.pop("lastModified")))
        if m:
            profile["updated"] = m.group()
    if isinstance(meta, dict):
        r.rest("meta", meta)
    doc.pop("$schema", None)
    for key in [k for k in doc if k not in SECTIONS_OF_DOC]:
        report.note(key, "not a JSON Resume section; left out")
    profile.update(top_extra)
    restore(profile)
    from .model import Profile

    order = list(Profile.model_fields)
    ordered = sorted(profile.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {k: v for k, v in ordered if v not in ([], None)}, report


def usable(data: dict[str, Any], report: Report) -> dict[str, Any]:
    """Remove what the profile schema refuses (a malformed email, an unprintable character),
    saying so, until the rest validates: an imported profile builds as it is."""
    from pydantic import ValidationError

    from .model import Profile
    from .problems import format_path

    for _ in range(200):
        try:
            Profile.model_validate(data)
            return data
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function"))]
            # Drop the field when it is optional, else the whole list entry that holds it.
            target: Any = data
            for part in loc[:-1]:
                target = target[part]
            required = err["type"] == "missing" or loc[-1] in ("name", "title", "role")
            if isinstance(target, dict) and not required and loc[-1] in target:
                del target[loc[-1]]
                what = format_path(tuple(loc))
            else:
                index = max(i for i, p in enumerate(loc) if isinstance(p, int))
                container: Any = data
                for part in loc[:index]:
                    container = container[part]
                del container[loc[index]]
                what = format_path(tuple(loc[: index + 1]))
            report.note(what, f"{err['msg'].removeprefix('Value error, ')}; left out")
    raise ValueError("the imported profile could not be made valid")


SECTIONS_OF_DOC = {"work", "volunteer", "education", "awards", "certificates", "publications",
                   "skills", "languages", "interests", "references", "projects"}  # fmt: skip


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
        if item.get("end") == "present":  # JSON Resume: no endDate means ongoing
            item.pop("end")
            item["ongoing"] = True

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
        if "date" not in item:
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
        year, month = item.pop("year"), item.pop("month", None)
        item["releaseDate"] = f"{year}-{month:02d}" if month else str(year)
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


def restore(profile: dict[str, Any]) -> dict[str, Any]:
    """Undo the export's bookkeeping keys after :func:`to_profile` (ongoing, years)."""
    for key in ("experience", "volunteer", "education", "projects"):
        for item in profile.get(key, []):
            if item.pop("ongoing", False):
                item["end"] = "present"
    for item in profile.get("awards", []):
        if item.pop("x-date-from-year", False):
            item.pop("date", None)
    return profile
