"""JSON Resume in and out (https://jsonresume.org/schema, 1.x, and the older 0.x key names).

Import maps every standard section to the profile and reports, by JSON path, whatever had no
place. It takes any JSON value without raising: a value of the wrong kind (a number for a
name, a string for a list) is reported and left out, the rest imported. Export writes
standard keys only where the standard has a place and keeps everything else under
``x-cvbuilder`` keys (documented in the README), so export → import gives the same profile
back.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import parse_date

EXTRA = "x-cvbuilder"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
MAX_DEPTH = 200
"""Deepest JSON nesting read: no résumé comes near, and ``json.loads`` recurses (100,000
nested brackets raise RecursionError), so depth is checked before it runs."""
UNKNOWN = "Unknown"  # the name of a person the document does not name printably

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
LISTS = {"highlights", "courses", "keywords", "items", "roles"}  # profile keys holding lists
SECTIONS_OF_DOC = {"work", "volunteer", "education", "awards", "certificates", "publications",
                   "skills", "languages", "interests", "references", "projects"}  # fmt: skip


# --- reading JSON ------------------------------------------------------------------------


class JSONProblem(ValueError):
    """Text that is not JSON this module reads; ``line`` and ``col`` (1-based) say where."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(f"{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


# Strings (skipped), brackets (counted), and the non-JSON constants json.loads accepts.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|NaN|-?Infinity', re.DOTALL)


def _where(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def _check(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and NaN/Infinity, in one pass without recursion."""
    depth = 0
    for m in _TOKENS.finditer(text):
        token = m[0]
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise JSONProblem(
                    *_where(text, m.start()), f"nested deeper than {MAX_DEPTH} levels"
                )
        elif token in "]}":
            depth -= 1
        else:
            raise JSONProblem(*_where(text, m.start()), f"not valid JSON: {token} is no JSON value")


def _int(digits: str) -> int | str:
    """A JSON integer; thousands of digits stay text (Python refuses to convert them)."""
    return int(digits) if len(digits) <= 1000 else digits


def parse_json(text: str) -> Any:
    """JSON text → its value; :class:`JSONProblem` for anything that is not JSON or is nested
    deeper than :data:`MAX_DEPTH`."""
    _check(text)
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise JSONProblem(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None


def load_json(path: Path) -> Any:
    """The value of a JSON file: UTF-8, a byte-order mark allowed.

    Raises :class:`cvbuilder.files.FileProblem`, one line naming the file: from
    :func:`cvbuilder.files.read_input` (no regular file, too big), or
    ``{path}:{line}:{col}: not valid JSON: {msg}`` (also for bytes that are not UTF-8, and NaN
    or Infinity), or ``{path}:{line}:{col}: nested deeper than 200 levels``."""
    from .files import FileProblem, read_input

    raw = read_input(path).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - raw.rfind(b"\n", 0, exc.start)
        byte = raw[exc.start]
        raise FileProblem(
            f"{path}:{line}:{col}: not valid JSON: byte 0x{byte:02x} is not UTF-8"
        ) from None
    try:
        return parse_json(text)
    except JSONProblem as exc:
        raise FileProblem(f"{path}:{exc}") from None


# --- import ------------------------------------------------------------------------------


@dataclass
class Report:
    unplaced: list[str] = field(default_factory=list)  # "work[0].description: …"

    def note(self, path: str, why: str) -> None:
        self.unplaced.append(f"{path}: {why}")


def _empty(value: Any) -> bool:
    """JSON Resume files are full of empty strings, lists and objects: they mean 'absent'."""
    return value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def _describe(value: Any) -> str:
    """A JSON value for a report line: short, never the whole of a huge or deep value."""
    if isinstance(value, str):
        return repr(value if len(value) <= 120 else value[:119] + "…")
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        keys = ", ".join(repr(k)[:30] for k in list(value)[:4])
        return f"an object ({keys}{', …' if len(value) > 4 else ''})"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return _number(value) or "a number of thousands of digits"
    return _kind(value)


def _number(value: float) -> str | None:
    """A JSON number as text (``4.0``, ``94115``); ``None`` if too long to print."""
    try:
        return str(value)
    except ValueError:  # an int of thousands of digits
        return None


def _clean(value: Any, depth: int = 0) -> Any:
    """Drop empty strings, lists and mappings, down to MAX_DEPTH levels."""
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, dict):
        out = {k: _clean(v, depth + 1) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in (_clean(x, depth + 1) for x in value) if not _empty(v)]
    return value.strip() if isinstance(value, str) else value


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


Items = Iterator[tuple[str, dict[str, Any], dict[str, Any]]]  # (JSON path, object, x-cvbuilder)


class _Reader:
    """One JSON Resume document → profile data: every value is taken through a method that
    checks its kind and reports, by JSON path, what does not fit or is left over."""

    def __init__(self, doc: dict[str, Any], report: Report):
        self.doc, self.report = doc, report

    def objects(self, value: Any, path: str, renames: dict[str, str] | None = None) -> Items:
        """A list of objects → (path, object with old keys renamed, its x-cvbuilder data),
        one at a time so the report follows the document's order."""
        if _empty(value):
            return
        if not isinstance(value, list):
            self.report.note(path, f"expected a list, not {_kind(value)}; left out")
            return
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if _empty(item):
                continue
            if not isinstance(item, dict):
                self.report.note(where, f"expected an object, not {_kind(item)}; left out")
                continue
            item = {(renames or {}).get(k, k): v for k, v in item.items()}
            yield where, item, self.extra(item, where)

    def section(self, name: str) -> Items:
        return self.objects(self.doc.get(name), name, OLD_KEYS.get(name, {}))

    def extra(self, item: dict[str, Any], path: str) -> dict[str, Any]:
        """The ``x-cvbuilder`` data an export left on ``item`` (removed from it)."""
        value = item.pop(EXTRA, None)
        if _empty(value):
            return {}
        if not isinstance(value, dict):
            where = f"{path}.{EXTRA}" if path else EXTRA
            self.report.note(where, f"expected an object, not {_kind(value)}; left out")
            return {}
        return _clean(value)

    def as_text(self, value: Any, path: str) -> str | None:
        """A value as text: numbers become text; other kinds are reported and left out."""
        if isinstance(value, str):
            return value.strip() or None
        if _empty(value):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = _number(value)
            if text is not None:
                return text
        self.report.note(path, f"expected text, not {_describe(value)}; left out")
        return None

    def text(self, item: dict[str, Any], key: str, path: str) -> str | None:
        return self.as_text(item.pop(key, None), f"{path}.{key}")

    def texts(self, item: dict[str, Any], key: str, path: str) -> list[str]:
        """A list of texts; a single text counts as a list of one."""
        value, where = item.pop(key, None), f"{path}.{key}"
        if not isinstance(value, list):
            text = self.as_text(value, where)
            return [text] if text else []
        texts = (self.as_text(v, f"{where}[{i}]") for i, v in enumerate(value))
        return [t for t in texts if t]

    def date(self, item: dict[str, Any], key: str, path: str) -> str | None:
        raw = item.pop(key, None)
        if _empty(raw):
            return None
        try:
            return str(parse_date(raw))
        except ValueError:
            pass
        m = re.match(r"^(\d{4}(-\d{2}(-\d{2})?)?)T", raw) if isinstance(raw, str) else None
        if m:  # a timestamp: keep the date
            return m.group(1)
        self.report.note(f"{path}.{key}", f"{_describe(raw)} is not a date; left out")
        return None

    def rest(self, path: str, item: dict[str, Any]) -> None:
        for key, value in item.items():
            if not _empty(value):
                self.report.note(
                    f"{path}.{key}", f"no place in the profile for {_describe(value)}; left out"
                )


def _person(r: _Reader, basics: dict[str, Any]) -> dict[str, Any]:
    """``basics`` → ``person``: the name (printable, else 'Unknown'), contacts, location and
    profiles; the summary stays in ``basics`` for the caller."""
    from .charset import check_text

    name = r.text(basics, "name", "basics")
    try:
        check_text(name or "")
    except ValueError as exc:
        r.report.note("basics.name", f"{_describe(name)}: {exc}; the profile says '{UNKNOWN}'")
        name = UNKNOWN
    if not name:
        r.report.note("basics.name", f"missing; the profile says '{UNKNOWN}'")
    person: dict[str, Any] = {"name": name or UNKNOWN}
    for src, dst in [("label", "position"), ("email", "email"), ("phone", "phone"),
                     ("url", "homepage")]:  # fmt: skip
        value = r.text(basics, src, "basics")
        if value:
            person[dst] = value
    location = basics.pop("location", None)
    if isinstance(location, dict):
        parts = [r.text(location, k, "basics.location") for k in ("city", "region", "countryCode")]
        if any(parts):
            person["location"] = ", ".join(p for p in parts if p)
        r.rest("basics.location", location)
    elif not _empty(location):
        place = r.as_text(location, "basics.location")  # 0.x files: a plain string
        if place:
            person["location"] = place
    profiles = []
    for path, p, extra in r.objects(basics.pop("profiles", None), "basics.profiles"):
        net, user, url = (r.text(p, k, path) for k in ("network", "username", "url"))
        if not url and net and user and net.lower() in NETWORKS:
            url = NETWORKS[net.lower()].format(user)
        if not (net and url):
            r.report.note(path, "needs a network and a url; left out")
            continue
        r.rest(path, p)
        profiles.append({"network": net, "url": url, **({"username": user} if user else {}),
                         **extra})  # fmt: skip
    if profiles:
        person["profiles"] = profiles
    return person


def to_profile(doc: Any) -> tuple[dict[str, Any], Report]:
    """Any JSON value (a JSON Resume document) → profile data and a report, by JSON path, of
    what had no place. Never raises; :func:`usable` then removes what the schema refuses."""
    report = Report()
    if not isinstance(doc, dict):
        report.note("$", f"a JSON Resume document is an object, not {_kind(doc)}; left out")
        return {"person": {"name": UNKNOWN}}, report
    doc = dict(doc)
    r = _Reader(doc, report)
    profile: dict[str, Any] = {}
    top_extra = r.extra(doc, "")

    basics = doc.pop("basics", None)
    if not isinstance(basics, dict):
        if not _empty(basics):
            report.note("basics", f"expected an object, not {_kind(basics)}; left out")
        basics = {}
    basics = {OLD_KEYS["basics"].get(k, k): v for k, v in basics.items()}
    basics_extra = r.extra(basics, "basics")
    person = _person(r, basics)
    summary = r.text(basics, "summary", "basics")
    if summary:
        profile["summary"] = summary
    r.rest("basics", basics)
    profile["person"] = {**person, **basics_extra}

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
            entry: dict[str, Any] = {dst: r.text(item, src, path) or default}
            for src, dst in dates:
                value = r.date(item, src, path)
                if value:
                    entry[dst] = value
            for src, dst in fields:
                value = r.texts(item, src, path) if dst in LISTS else r.text(item, src, path)
                if value:
                    entry[dst] = value
            r.rest(path, item)
            out.append((path, {**entry, **extra}))
        return out

    def plain(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [entry for _, entry in entries(*args, **kwargs)]

    job = [("position", "role"), ("location", "location"), ("url", "url"),
           ("summary", "summary"), ("highlights", "highlights")]  # fmt: skip
    for key, section, org in [("experience", "work", "name"), ("volunteer", "volunteer",
                                                                "organization")]:  # fmt: skip
        profile[key] = plain(section, (org, "organization", UNKNOWN), job, span)
        for entry in profile[key]:
            entry.setdefault("role", "Member")

    education = []
    for _, entry in entries("education", ("institution", "institution", UNKNOWN),
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
        year = re.match(r"\d{4}", entry["date"]) if isinstance(entry.get("date"), str) else None
        if year:
            entry.setdefault("year", int(year[0]))
        if "year" not in entry:
            report.note(f"{path}.date", "missing; an award needs a year, so it is left out")
            continue
        awards.append(entry)
    profile["awards"] = awards

    certificate = [("issuer", "issuer"), ("url", "url")]
    profile["certificates"] = plain(
        "certificates", ("name", "name", "Certificate"), certificate, [("date", "date")]
    )

    profile["publications"] = _publications(entries, profile["person"].get("name"), report)
    profile["skills"] = plain("skills", ("name", "category", "Skills"),
                              [("level", "level"), ("keywords", "items")])  # fmt: skip
    profile["languages"] = plain("languages", ("language", "language", UNKNOWN),
                                 [("fluency", "fluency")])  # fmt: skip
    profile["references"] = plain("references", ("name", "name", "Reference"),
                                  [("reference", "reference")])  # fmt: skip
    profile["projects"] = plain("projects", ("name", "name", "Project"),
                                [("description", "description"), ("highlights", "highlights"),
                                 ("keywords", "keywords"), ("url", "url"), ("roles", "roles"),
                                 ("entity", "entity"), ("type", "kind")], span)  # fmt: skip

    interests = []
    for path, item, _extra in r.section("interests"):
        name, keywords = r.text(item, "name", path), r.texts(item, "keywords", path)
        text = (
            f"{name}: {', '.join(keywords)}" if name and keywords else name or ", ".join(keywords)
        )
        if text:
            interests.append(text)
        r.rest(path, item)
    profile["interests"] = interests

    meta = doc.pop("meta", None)
    if isinstance(meta, dict):
        modified = r.text(meta, "lastModified", "meta")
        m = re.match(r"^\d{4}-\d{2}-\d{2}", modified or "")
        if m and "updated" not in top_extra:
            profile["updated"] = m.group()
        r.rest("meta", meta)
    elif not _empty(meta):
        report.note("meta", f"no place in the profile for {_describe(meta)}; left out")
    doc.pop("$schema", None)
    for key in [k for k in doc if k not in SECTIONS_OF_DOC]:
        report.note(key, "not a JSON Resume section; left out")
    profile.update(top_extra)
    restore(profile)
    from .model import Profile

    order = list(Profile.model_fields)
    ordered = sorted(profile.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {k: v for k, v in ordered if v not in ([], None)}, report


def _publications(
    entries: Callable[..., list[tuple[str, dict[str, Any]]]], owner: Any, report: Report
) -> list[dict[str, Any]]:
    """``publications`` → publications; JSON Resume has no authors, so the owner is listed."""
    from .bibtex import _infer_type

    publications = []
    for path, entry in entries("publications", ("name", "title", "Untitled"),
                               [("publisher", "venue"), ("url", "url"), ("summary", "summary")],
                               [("releaseDate", "released")]):  # fmt: skip
        released = entry.pop("released", None)
        m = re.match(r"^(\d{4})(?:-(\d{2}))?", released) if isinstance(released, str) else None
        if m:
            entry.setdefault("year", int(m[1]))
            if m[2]:
                entry.setdefault("month", int(m[2]))
        if "url" in entry:
            links = entry.get("links")
            entry["links"] = {
                "paper": entry.pop("url"),
                **(links if isinstance(links, dict) else {}),
            }
        venue = entry.get("venue")
        entry.setdefault("type", _infer_type("misc", venue if isinstance(venue, str) else "", {}))
        if "authors" not in entry:
            entry["authors"] = [
                {"name": owner if isinstance(owner, str) else UNKNOWN, "owner": True}
            ]
            report.note(path, "JSON Resume has no authors: the profile's owner is listed")
        if "year" not in entry:
            report.note(f"{path}.releaseDate", "missing; a publication needs a year: left out")
            continue
        publications.append(entry)
    return publications


def usable(data: dict[str, Any], report: Report) -> dict[str, Any]:
    """Remove what the profile schema refuses (a malformed email, an unprintable character),
    saying so, until the rest validates: an imported profile builds as it is.

    A refused optional value goes; a refused required one takes its list entry with it (an
    author without a name, a job without an organization); a person without a usable name is
    called 'Unknown'. Never raises."""
    from pydantic import ValidationError

    from .model import Profile

    for _ in range(12):  # each round removes what the last one left invalid: a name, then …
        try:
            Profile.model_validate(data)
            return data
        except ValidationError as exc:
            errors = exc.errors()
        if not _remove(data, errors, report):
            break
    report.note("$", f"could not be made valid; only the name '{UNKNOWN}' is kept")
    return {"person": {"name": UNKNOWN}}


_Loc = tuple[Any, ...]


def _existing(data: Any, loc: tuple[Any, ...]) -> _Loc:
    """The longest part of an error location that exists in ``data`` (pydantic adds steps
    of its own, such as union members)."""
    path: list[Any] = []
    here = data
    for part in loc:
        inside = isinstance(here, dict) and isinstance(part, str) and part in here
        if inside or (isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)):
            here = here[part]
            path.append(part)
    return tuple(path)


def _remove(data: dict[str, Any], errors: list[dict[str, Any]], report: Report) -> bool:
    """Remove what each error points at (or name the person 'Unknown'); whether anything
    changed."""
    from .problems import format_path

    targets: dict[_Loc, str] = {}
    for err in errors:
        path = _existing(data, tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":  # a required value: its list entry goes instead
            field_name = format_path(tuple(err["loc"][len(path) :])) or "a value"
            message = f"needs {field_name}"
            items = [i for i, p in enumerate(path) if isinstance(p, int)]
            path = path[: items[-1] + 1] if items else path[:1]
        targets.setdefault(path, message)
    paths = [p for p in targets if not any(p[:n] in targets for n in range(1, len(p)))]
    for path in sorted(paths, key=_order, reverse=True):  # later list entries first
        if path in _NAMELESS:
            person = data.get("person")
            data["person"] = {**(person if isinstance(person, dict) else {}), "name": UNKNOWN}
        else:
            container = data
            for part in path[:-1]:
                container = container[part]
            del container[path[-1]]
    for path in paths:  # in the order of the errors: the profile's order
        if path in _NAMELESS:
            report.note("person.name", f"{targets[path]}; the profile says '{UNKNOWN}'")
        else:
            report.note(format_path(path), f"{targets[path]}; left out")
    return bool(paths)


_NAMELESS = {(), ("person",), ("person", "name")}  # fixed by naming the person 'Unknown'


def _order(path: _Loc) -> tuple[tuple[int, Any], ...]:
    """Sort key for paths mixing keys and indices: later list entries are removed first."""
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)


def restore(profile: dict[str, Any]) -> dict[str, Any]:
    """Undo the export's bookkeeping keys after :func:`to_profile` (ongoing, years)."""
    for key in ("experience", "volunteer", "education", "projects"):
        for item in _dicts(profile.get(key)):
            if item.pop("ongoing", False):
                item["end"] = "present"
    for item in _dicts(profile.get("awards")):
        if item.pop("x-date-from-year", False):
            item.pop("date", None)
    return profile


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
