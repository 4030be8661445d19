"""JSON Resume → profile: every section mapped, with a report of what had no place."""

from __future__ import annotations

import re
from typing import Any

from cvbuilder.formats.jsonresume.export import restore
from cvbuilder.formats.jsonresume.keys import KINDS, LISTS
from cvbuilder.formats.jsonresume.reader import _Reader
from cvbuilder.formats.jsonresume.report import UNKNOWN, Report, _describe, _empty, _kind
from cvbuilder.formats.jsonresume.sections import _person, _publications
from cvbuilder.locales import is_tag


def to_profile(doc: Any) -> tuple[dict[str, Any], Report]:
    """Any JSON value (a JSON Resume document) → profile data and a report, by JSON path, of
    what had no place or was repaired. Never raises; :func:`usable` then removes what the
    schema refuses."""
    report = Report()
    if not isinstance(doc, dict):
        report.note("$", f"a JSON Resume document is an object, not {_kind(doc)}; left out")
        return {"person": {"name": UNKNOWN}}, report
    for note in getattr(doc, "notes", []):
        report.unplaced.append(note)
    doc = dict(doc)
    r = _Reader(doc, report)
    profile: dict[str, Any] = {}
    top_extra = r.extra(doc, "")

    basics = doc.pop("basics", None)
    if not isinstance(basics, dict):
        if not _empty(basics):
            report.note("basics", f"expected an object, not {_kind(basics)}; left out")
        basics = {}
    basics.pop("$schema", None)
    renamed: list[tuple[str, str]] = []
    basics = r.keys(basics, "basics", "basics", False, lambda s, d: renamed.append((s, d)))
    basics_extra = r.extra(basics, "basics")
    person = _person(r, basics)
    summary = r.as_text(basics.pop("summary", None), "basics.summary", "markup")
    if summary:
        profile["summary"] = summary
    for src, dst in renamed:
        report.note(f"basics.{src}", f"not standard; read as '{dst}'")
    r.rest("basics", basics)
    profile["person"] = {**person, **basics_extra}

    def entries(
        name: str,
        first: tuple[str, str, str],
        fields: list[tuple[str, str]] = (),  # type: ignore[assignment]
        dates: list[tuple[str, str]] = (),  # type: ignore[assignment]
        span: bool = False,
    ) -> list[tuple[str, dict[str, Any]]]:
        """Map one section: ``first`` is (JSON key, profile key, default when missing). Items
        of HTML lists in a paragraph join the entry's highlights when it has them."""
        out = []
        has_highlights = any(dst == "highlights" for _, dst in fields)
        for path, item, extra in r.section(name):
            src, dst, default = first
            entry: dict[str, Any] = {dst: r.text(item, src, path) or default}
            if span:
                entry.update(r.span(item, path))
            for src, dst in dates:
                value = r.date(item, src, path)
                if value:
                    entry[dst] = value
            spilled: list[str] = []
            for src, dst in fields:
                kind = KINDS.get(dst, "text")
                if dst in ("advisors", "co_advisors"):
                    value = r.names(item, src, path)
                elif dst in LISTS:
                    value = r.texts(item, src, path, "raw" if dst == "authors" else kind)
                elif kind == "markup" and has_highlights:
                    value, items = r.paragraph(item, src, path)
                    spilled += items
                else:
                    value = r.text(item, src, path, kind)
                if value:
                    entry[dst] = value
            if spilled:
                entry["highlights"] = [*spilled, *entry.get("highlights", [])]
            r.rest(path, item)
            out.append((path, {**entry, **extra}))
        return out

    def plain(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [entry for _, entry in entries(*args, **kwargs)]

    job = [("position", "role"), ("location", "location"), ("url", "url"),
           ("summary", "summary"), ("highlights", "highlights")]  # fmt: skip
    for key, section, org in [("experience", "work", "name"), ("volunteer", "volunteer",
                                                                "organization")]:  # fmt: skip
        profile[key] = plain(section, (org, "organization", UNKNOWN), job, span=True)
        for entry in profile[key]:
            entry.setdefault("role", "Member")

    education = []
    for _, entry in entries("education", ("institution", "institution", UNKNOWN),
                            [("studyType", "degree"), ("area", "field"), ("score", "score"),
                             ("courses", "courses"), ("url", "url"), ("location", "location"),
                             ("advisors", "advisors"), ("co_advisors", "co_advisors"),
                             ("thesis", "thesis"), ("highlights", "highlights")],
                            span=True):  # fmt: skip
        entry.setdefault("degree", entry.get("field") or "Studies")
        education.append(entry)
    profile["education"] = education

    awards = []
    for _path, entry in entries("awards", ("title", "title", "Award"),
                               [("awarder", "issuer"), ("summary", "summary"), ("url", "url")],
                               [("date", "date")]):  # fmt: skip
        year = re.match(r"\d{4}", entry["date"]) if isinstance(entry.get("date"), str) else None
        if year:
            entry.setdefault("year", int(year[0]))
        awards.append(entry)  # without a date, it prints without one: nothing is lost
    profile["awards"] = awards

    certificate = [("issuer", "issuer"), ("url", "url")]
    profile["certificates"] = plain(
        "certificates", ("name", "name", "Certificate"), certificate, [("date", "date")]
    )

    profile["publications"] = _publications(r, entries, profile["person"].get("name"), report)
    profile["skills"] = plain("skills", ("name", "category", "Skills"),
                              [("level", "level"), ("keywords", "items")])  # fmt: skip
    profile["languages"] = plain("languages", ("language", "language", UNKNOWN),
                                 [("fluency", "fluency")])  # fmt: skip
    profile["references"] = plain("references", ("name", "name", "Reference"),
                                  [("reference", "reference")])  # fmt: skip
    profile["projects"] = plain("projects", ("name", "name", "Project"),
                                [("description", "description"), ("highlights", "highlights"),
                                 ("keywords", "keywords"), ("url", "url"), ("roles", "roles"),
                                 ("entity", "entity"), ("type", "kind")], span=True)  # fmt: skip

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
        language = r.text(meta, "language", "meta")
        if language and is_tag(language) and "default_language" not in top_extra:
            profile["default_language"] = language  # texts are in this language
        elif language:
            report.note("meta.language", f"{language!r} is not a language tag; left out")
        r.rest("meta", meta)
    elif not _empty(meta):
        report.note("meta", f"no place in the profile for {_describe(meta)}; left out")
    doc.pop("$schema", None)
    for key in doc:
        if not _empty(doc[key]):
            report.note(key, "not a JSON Resume section; left out")
    if r.html:
        more = f" and {len(r.html) - 3} more" if len(r.html) > 3 else ""
        report.note(
            f"{', '.join(r.html[:3])}{more}",
            "HTML read as the profile's markup (**bold**, *italic*, [label](url))",
        )
    profile.update(top_extra)
    restore(profile)
    from cvbuilder.schema.model import Profile

    order = list(Profile.model_fields)
    ordered = sorted(profile.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {k: v for k, v in ordered if v not in ([], None)}, report
